package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders query rows with their columns: plain fields as values, parent relationship fields grouped into one nested
 * record per relationship ({@code "Owner":{"attributes":{"type":"User","url":...},"Name":"..."}}, or {@code null}
 * when the reference is empty), placed where the relationship first appears in the SELECT list, as Salesforce does.
 */
public final class QueryRows {

    private QueryRows() {
    }

    /** In-process form: relationship fields as nested maps (without attributes). */
    public static Map<String, Object> toMap(List<SelectColumn> columns, Object[] row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (SelectColumn c : columns) {
            if (c.isSubquery()) {
                m.put(c.relationshipName(), children(c.children(), (String) row[c.field().index]));
                continue;
            }
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

    /** A subquery's value: {totalSize, done, records} of the child rows, or null when there are none. */
    private static Map<String, Object> children(SelectColumn.Children children, String parentId) {
        List<Object[]> rows = children.rows().apply(parentId);
        if (rows.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> records = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            records.add(toMap(children.columns(), r));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("totalSize", rows.size());
        result.put("done", true);
        result.put("records", records);
        return result;
    }
}
