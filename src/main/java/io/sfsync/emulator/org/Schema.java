package io.sfsync.emulator.org;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** All sObject types of the emulated org, loaded from {@code /emulator/schema.json} on the classpath. */
public final class Schema {

    static final String RESOURCE = "/emulator/schema.json";

    /** System audit fields: the server always sets them, so describe reports them {@code nillable: false}. */
    private static final java.util.Set<String> AUDIT = java.util.Set.of("CreatedDate", "CreatedById",
            "LastModifiedDate", "LastModifiedById", "SystemModstamp");

    private final Map<String, SObjectDef> byLowerName = new LinkedHashMap<>();
    private final Map<String, SObjectDef> byPrefix = new LinkedHashMap<>();

    private Schema(List<SObjectDef> objects) {
        for (SObjectDef o : objects) {
            byLowerName.put(o.name.toLowerCase(Locale.ROOT), o);
            if (byPrefix.put(o.keyPrefix, o) != null) {
                throw new IllegalStateException("duplicate key prefix " + o.keyPrefix);
            }
        }
    }

    public static Schema load() {
        try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static Schema parse(JsonNode root) {
        List<SObjectDef> objects = new ArrayList<>();
        for (JsonNode o : root.path("objects")) {
            String name = o.path("name").asText();
            List<FieldDef> fields = new ArrayList<>();
            for (JsonNode f : o.path("fields")) {
                fields.add(parseField(fields.size(), f));
            }
            objects.add(new SObjectDef(name, o.path("label").asText(name), o.path("labelPlural").asText(name + "s"),
                    o.path("keyPrefix").asText(), o.path("createable").asBoolean(true),
                    o.path("updateable").asBoolean(true), o.path("deletable").asBoolean(true),
                    o.path("queryable").asBoolean(true), fields));
        }
        return new Schema(objects);
    }

    private static FieldDef parseField(int index, JsonNode f) {
        String name = f.path("name").asText();
        FieldType type = FieldType.of(f.path("type").asText("string"));
        boolean system = f.path("system").asBoolean(false) || type == FieldType.ID;
        Formula formula = f.has("formula") ? Formula.parse(f.get("formula")) : null;
        List<String> calc = formula != null ? formula.inputs() : strings(f.path("calculatedFrom"));
        boolean readOnly = system || !calc.isEmpty();
        boolean required = f.path("required").asBoolean(false);
        Object defaultValue = null;
        if (f.has("defaultValue")) {
            JsonNode d = f.get("defaultValue");
            defaultValue = d.isBoolean() ? (Object) d.asBoolean() : d.isNumber() ? (Object) d.numberValue() : d.asText();
        } else if (type == FieldType.BOOLEAN) {
            defaultValue = Boolean.FALSE;
        }
        boolean nillable = f.has("nillable") ? f.get("nillable").asBoolean()
                : !(required || type == FieldType.BOOLEAN || type == FieldType.ID || (system && AUDIT.contains(name)));
        boolean defaultedOnCreate = f.has("defaultedOnCreate") ? f.get("defaultedOnCreate").asBoolean()
                : (defaultValue != null || system);
        int length = f.path("length").asInt(switch (type) {
            case ID, REFERENCE -> 18;
            case PICKLIST -> 255;
            case PHONE -> 40;
            case STRING, TEXTAREA, URL -> 255;
            case EMAIL -> 80;
            default -> 0;
        });
        FieldDef def = new FieldDef(index, name, f.path("label").asText(name), type, length,
                f.path("precision").asInt(type == FieldType.CURRENCY || type == FieldType.DOUBLE ? 18 : 0),
                f.path("scale").asInt(type == FieldType.CURRENCY ? 2 : 0),
                f.path("digits").asInt(type == FieldType.INT ? 9 : 0),
                nillable,
                f.has("createable") ? f.get("createable").asBoolean() : !readOnly,
                f.has("updateable") ? f.get("updateable").asBoolean() : !readOnly,
                defaultedOnCreate, system, f.path("nameField").asBoolean(false),
                f.path("idLookup").asBoolean(type == FieldType.ID), f.path("externalId").asBoolean(false),
                f.path("unique").asBoolean(false), f.path("restrictedPicklist").asBoolean(false), defaultValue,
                strings(f.path("picklist")), strings(f.path("referenceTo")),
                f.hasNonNull("relationshipName") ? f.get("relationshipName").asText() : null, calc);
        def.formula = formula;
        def.childRelationshipName = f.hasNonNull("childRelationshipName") ? f.get("childRelationshipName").asText() : null;
        return def;
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return Collections.unmodifiableList(out);
    }

    /** Object by case-insensitive name, or null. */
    public SObjectDef object(String name) {
        return byLowerName.get(name.toLowerCase(Locale.ROOT));
    }

    public SObjectDef objectByKeyPrefix(String prefix) {
        return byPrefix.get(prefix);
    }

    /** A parent-to-child relationship: on {@code parent}, the {@code child} rows whose {@code field} points to it. */
    public record ChildRelationship(String name, SObjectDef child, FieldDef field) {
    }

    /** The child relationships of an object, in schema order (Account: ChildAccounts, Contacts, Opportunities...). */
    public List<ChildRelationship> childRelationships(SObjectDef parent) {
        List<ChildRelationship> out = new ArrayList<>();
        for (SObjectDef o : byLowerName.values()) {
            for (FieldDef f : o.fields) {
                if (f.childRelationshipName != null && f.referenceTo.contains(parent.name)) {
                    out.add(new ChildRelationship(f.childRelationshipName, o, f));
                }
            }
        }
        return out;
    }

    /** The child relationship of {@code parent} with this (case-insensitive) name, or null. */
    public ChildRelationship childRelationship(SObjectDef parent, String name) {
        for (ChildRelationship r : childRelationships(parent)) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }

    public Collection<SObjectDef> objects() {
        return Collections.unmodifiableCollection(byLowerName.values());
    }
}
