package io.sfsync.emulator;

import java.util.Comparator;
import java.util.List;

/** A SOQL query bound to the schema: what to select, the row filter, the order and the limits. */
record CompiledQuery(SObjectDef object, boolean count, List<FieldDef> select, RowPredicate where,
                     Comparator<Object[]> order, int limit, int offset,
                     List<SelectColumn> columns, long modstampFrom) {

    /** Filter over a stored row (Object[] indexed by {@link FieldDef#index}). */
    @FunctionalInterface
    interface RowPredicate {
        boolean test(Object[] row);
    }
}
