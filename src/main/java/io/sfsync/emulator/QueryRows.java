package io.sfsync.emulator;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * A writer for the rows of one page: field names encoded once, and a straight loop when the
     * SELECT has no relationship field (the sync's case, and the hot path of every page).
     */
    static RowWriter writer(List<SelectColumn> columns, String version) {
        boolean plain = columns.stream().noneMatch(SelectColumn::isRelationship);
        com.fasterxml.jackson.core.SerializableString[] names = new com.fasterxml.jackson.core.SerializableString[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = new com.fasterxml.jackson.core.io.SerializedString(columns.get(i).field().name);
        }
        return (g, row) -> {
            if (!plain) {
                write(g, columns, row, version);
                return;
            }
            for (int i = 0; i < names.length; i++) {
                SelectColumn c = columns.get(i);
                g.writeFieldName(names[i]);
                Http.writeValue(g, c.field(), c.value().get(row));
            }
        };
    }

    /** Writes the fields of one row. */
    interface RowWriter {
        void write(JsonGenerator g, Object[] row) throws IOException;
    }

    /** Writes the fields of one record (after its attributes) in Salesforce's REST JSON form. */
    static void write(JsonGenerator g, List<SelectColumn> columns, Object[] row, String version) throws IOException {
        Set<String> written = new LinkedHashSet<>();
        for (SelectColumn c : columns) {
            if (!c.isRelationship()) {
                g.writeFieldName(c.field().name);
                Http.writeValue(g, c.field(), c.value().get(row));
                continue;
            }
            if (!written.add(c.relationshipName())) {
                continue;
            }
            g.writeFieldName(c.relationshipName());
            SelectColumn.ParentRow parent = c.parentRow().apply(row);
            if (parent == null) {
                g.writeNull();
                continue;
            }
            String parentId = (String) row[c.reference().index];
            String type = parent.object().name;
            g.writeStartObject();
            g.writeObjectFieldStart("attributes");
            g.writeStringField("type", type);
            g.writeStringField("url", "/services/data/v" + version + "/sobjects/" + type + "/" + parentId);
            g.writeEndObject();
            List<SelectColumn> same = new ArrayList<>();
            for (SelectColumn o : columns) {
                if (o.isRelationship() && o.relationshipName().equals(c.relationshipName())) {
                    same.add(o);
                }
            }
            for (SelectColumn o : same) {
                g.writeFieldName(o.field().name);
                Http.writeValue(g, o.field(), o.value().get(row));
            }
            g.writeEndObject();
        }
    }
}
