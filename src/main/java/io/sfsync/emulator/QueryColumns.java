package io.sfsync.emulator;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /query?q=...&columns=true}: the query's column metadata instead of its records, as the
 * Salesforce CLI asks for it to lay out {@code sf data query} results. Parent relationship fields are grouped under
 * one column per relationship, with the fields as {@code joinColumns}.
 */
final class QueryColumns {

    private QueryColumns() {
    }

    static byte[] of(CompiledQuery q) {
        Map<String, List<SelectColumn>> joins = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        boolean idSelected = false;
        for (SelectColumn c : q.columns()) {
            if (c.isRelationship()) {
                List<SelectColumn> group = joins.get(c.relationshipName());
                if (group == null) {
                    group = new ArrayList<>();
                    joins.put(c.relationshipName(), group);
                    order.add(c.relationshipName());
                }
                group.add(c);
            } else {
                order.add(c);
                idSelected |= c.field().type == FieldType.ID;
            }
        }
        boolean id = idSelected;
        return Http.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("columnMetadata");
            if (!q.count()) {
                for (Object o : order) {
                    if (o instanceof SelectColumn c) {
                        field(g, c.field(), c.field().name, null);
                    } else {
                        String relationship = (String) o;
                        List<SelectColumn> group = joins.get(relationship);
                        relationship(g, relationship, group);
                    }
                }
            }
            g.writeEndArray();
            g.writeStringField("entityName", q.object().name);
            g.writeBooleanField("groupBy", false);
            g.writeBooleanField("idSelected", id);
            g.writeStringField("keyPrefix", q.object().keyPrefix);
            g.writeEndObject();
        });
    }

    private static void relationship(JsonGenerator g, String name, List<SelectColumn> fields) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("aggregate", false);
        g.writeNullField("apexType");
        g.writeBooleanField("booleanType", false);
        g.writeStringField("columnName", name);
        g.writeBooleanField("custom", fields.get(0).reference().custom);
        g.writeStringField("displayName", name);
        g.writeNullField("foreignKeyName");
        g.writeBooleanField("insertable", false);
        g.writeArrayFieldStart("joinColumns");
        for (SelectColumn c : fields) {
            field(g, c.field(), c.field().name, name + "." + c.field().name);
        }
        g.writeEndArray();
        g.writeBooleanField("numberType", false);
        g.writeBooleanField("textType", false);
        g.writeBooleanField("updatable", false);
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, FieldDef f, String columnName, String displayName) throws IOException {
        String apexType = apexType(f.type);
        g.writeStartObject();
        g.writeBooleanField("aggregate", false);
        g.writeStringField("apexType", apexType);
        g.writeBooleanField("booleanType", f.type == FieldType.BOOLEAN);
        g.writeStringField("columnName", columnName);
        g.writeBooleanField("custom", f.custom);
        g.writeStringField("displayName", displayName == null ? columnName : displayName);
        g.writeNullField("foreignKeyName");
        g.writeBooleanField("insertable", f.createable);
        g.writeArrayFieldStart("joinColumns");
        g.writeEndArray();
        g.writeBooleanField("numberType", f.type.isNumber());
        g.writeBooleanField("textType", apexType.equals("String"));
        g.writeBooleanField("updatable", f.updateable);
        g.writeEndObject();
    }

    private static String apexType(FieldType t) {
        return switch (t) {
            case ID, REFERENCE -> "Id";
            case BOOLEAN -> "Boolean";
            case CURRENCY, DOUBLE, PERCENT -> "Double";
            case INT -> "Integer";
            case DATE -> "Date";
            case DATETIME -> "Datetime";
            default -> "String";
        };
    }
}
