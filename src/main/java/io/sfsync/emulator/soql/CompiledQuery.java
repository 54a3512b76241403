package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.SObjectDef;
import java.util.Comparator;
import java.util.List;

/**
 * A SOQL query bound to the schema: what to select, the row filter, the order and the limits. For a query with
 * aggregates or GROUP BY, {@code aggregation} turns the matching rows into AggregateResult rows (and {@code order},
 * {@code limit} and {@code offset} are left to it).
 */
public record CompiledQuery(SObjectDef object, boolean count, List<FieldDef> select, RowPredicate where,
                     Comparator<Object[]> order, int limit, int offset,
                     List<SelectColumn> columns, long modstampFrom, QueryAggregation aggregation) {

    public boolean hasSubqueries() {
        for (SelectColumn c : columns) {
            if (c.isSubquery()) {
                return true;
            }
        }
        return false;
    }

    /** Filter over a stored row (Object[] indexed by {@link FieldDef#index}). */
    @FunctionalInterface
    public interface RowPredicate {
        boolean test(Object[] row);
    }
}
