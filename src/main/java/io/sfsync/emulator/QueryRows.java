package io.sfsync.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders query rows with their columns: plain fields as values, parent relationship fields grouped into one nested
 * record per relationship ({@code "Owner":{"attributes":{"type":"User","url":...},"Name":"..."}}, or {@code null}
 * when the reference is empty), placed where the relationship first appears in the SELECT list, as Salesforce does.
 */
final class QueryRows {

    private QueryRows() {
    }

    /** In-process form: relationship fields as nested maps (without attributes). */
    static Map<String, Object> toMap(List<SelectColumn> columns, Object[] row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (SelectColumn c : columns) {
            if (!c.isRelationship()) {
                m.put(c.field().name, Values.toPublic(c.field(), c.value().get(row)));
                continue;
            }
            SelectColumn.ParentRow parent = c.parentRow().apply(row);
            if (parent == null) {
                m.put(c.relationshipName(), null);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> nested = (Map<String, Object>) m.computeIfAbsent(c.relationshipName(),
                    k -> new LinkedHashMap<String, Object>());
            nested.put(c.field().name, Values.toPublic(c.field(), c.value().get(row)));
        }
        return m;
    }
}
