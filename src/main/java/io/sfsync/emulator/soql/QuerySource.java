package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.SObjectDef;
import java.util.List;

/**
 * What the SOQL compiler reads from the org besides the queried object: parent rows (Owner.Name) and the live rows
 * of other objects (semi-joins, parent-to-child subqueries).
 */
public interface QuerySource {

    /** No data: queries compile (for validation) but parents, semi-joins and subqueries find nothing. */
    QuerySource NONE = new QuerySource() {
        @Override
        public SelectColumn.ParentRow parentRow(String id) {
            return null;
        }

        @Override
        public List<Object[]> liveRows(SObjectDef object, CompiledQuery.RowPredicate where) {
            return List.of();
        }
    };

    /** The live row with this id in whichever object its key prefix names, or null. */
    SelectColumn.ParentRow parentRow(String id);

    /** Copies of the live (not deleted) rows of {@code object} that match {@code where} (null: all). */
    List<Object[]> liveRows(SObjectDef object, CompiledQuery.RowPredicate where);

    /** Whether the API user may read the field (FIELDS() selects only those, as Salesforce's field-level security). */
    default boolean fieldVisible(SObjectDef object, FieldDef field) {
        return true;
    }
}
