package io.sfsync.emulator.soql;

import io.sfsync.emulator.http.Http;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /query?q=...&columns=true}: the query's column metadata instead of its records, as the
 * Salesforce CLI asks for it to lay out {@code sf data query} results. Parent relationship fields are grouped under
 * one column per relationship, with the fields as {@code joinColumns}; a subquery is an {@code aggregate} column with
 * its fields as {@code joinColumns}; an aggregate function is an {@code aggregate} column displayed as written
 * ({@code COUNT(Id)}) and named by its alias or {@code expr0}, {@code expr1}, ...
 */
public final class QueryColumns {

    private QueryColumns() {
    }

    public static byte[] of(CompiledQuery q) {
        boolean idSelected = false;
        for (SelectColumn c : q.columns()) {
            idSelected |= !c.isRelationship() && !c.isSubquery() && c.field().type == FieldType.ID;
        }
        boolean id = idSelected;
        QueryAggregation agg = q.aggregation();
        return Http.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("columnMetadata");
            if (agg != null) {
                List<SelectColumn> out = agg.columns();
                for (int i = 0; i < out.size(); i++) {
                    String label = agg.aggregateLabel(i);
                    FieldDef f = out.get(i).field();
                    if (label == null) {
                        field(g, f, f.name, null);
                    } else {
                        aggregate(g, f, label);
                    }
                }
            } else if (!q.count()) {
                columns(g, q.columns(), "");
            }
            g.writeEndArray();
            g.writeStringField("entityName", q.object().name);
            g.writeBooleanField("groupBy", agg != null && agg.groupCount() > 0);
            g.writeBooleanField("idSelected", id);
            g.writeStringField("keyPrefix", q.object().keyPrefix);
            g.writeEndObject();
        });
    }

    /**
     * Plain fields in order; parent relationship fields grouped under their relationship (at its first field); a
     * parent-to-child subquery as an {@code aggregate} column named after the child relationship with its own columns
     * as {@code joinColumns}, the shape the Salesforce CLI lays out as a subquery.
     */
    private static void columns(JsonGenerator g, List<SelectColumn> columns, String prefix) throws IOException {
        Map<String, List<SelectColumn>> joins = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (SelectColumn c : columns) {
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
            }
        }
        for (Object o : order) {
            if (o instanceof SelectColumn c && c.isSubquery()) {
                subquery(g, c, prefix);
            } else if (o instanceof SelectColumn c) {
                field(g, c.field(), c.field().name, prefix.isEmpty() ? null : prefix + c.field().name);
            } else {
                String relationship = (String) o;
                relationship(g, relationship, joins.get(relationship), prefix);
            }
        }
    }

    private static void subquery(JsonGenerator g, SelectColumn c, String prefix) throws IOException {
        String name = c.relationshipName();
        g.writeStartObject();
        g.writeBooleanField("aggregate", true);
        g.writeNullField("apexType");
        g.writeBooleanField("booleanType", false);
        g.writeStringField("columnName", name);
        g.writeBooleanField("custom", c.children().object().custom);
        g.writeStringField("displayName", prefix + name);
        g.writeNullField("foreignKeyName");
        g.writeBooleanField("insertable", false);
        g.writeArrayFieldStart("joinColumns");
        columns(g, c.children().columns(), prefix + name + ".");
        g.writeEndArray();
        g.writeBooleanField("numberType", false);
        g.writeBooleanField("textType", false);
        g.writeBooleanField("updatable", false);
        g.writeEndObject();
    }

    private static void aggregate(JsonGenerator g, FieldDef f, String label) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("aggregate", true);
        g.writeStringField("apexType", apexType(f.type));
        g.writeBooleanField("booleanType", false);
        g.writeStringField("columnName", f.name);
        g.writeBooleanField("custom", false);
        g.writeStringField("displayName", label);
        g.writeNullField("foreignKeyName");
        g.writeBooleanField("insertable", false);
        g.writeArrayFieldStart("joinColumns");
        g.writeEndArray();
        g.writeBooleanField("numberType", f.type.isNumber());
        g.writeBooleanField("textType", apexType(f.type).equals("String"));
        g.writeBooleanField("updatable", false);
        g.writeEndObject();
    }

    private static void relationship(JsonGenerator g, String name, List<SelectColumn> fields, String prefix)
            throws IOException {
        g.writeStartObject();
        g.writeBooleanField("aggregate", false);
        g.writeNullField("apexType");
        g.writeBooleanField("booleanType", false);
        g.writeStringField("columnName", name);
        g.writeBooleanField("custom", fields.get(0).reference().custom);
        g.writeStringField("displayName", prefix + name);
        g.writeNullField("foreignKeyName");
        g.writeBooleanField("insertable", false);
        g.writeArrayFieldStart("joinColumns");
        for (SelectColumn c : fields) {
            field(g, c.field(), c.field().name, prefix + name + "." + c.field().name);
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
