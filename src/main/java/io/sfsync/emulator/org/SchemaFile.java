package io.sfsync.emulator.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bundled schema plus an optional user schema file in the same JSON format. The user file can add custom
 * objects (names ending in {@code __c}, with their own 3-character key prefix) and custom fields on any object.
 * Standard fields a custom object always has (Id, Name, OwnerId, IsDeleted, audit fields, SystemModstamp) are added
 * when the file does not declare them. Every problem is reported as an {@link IllegalArgumentException} whose message
 * starts with {@code schema file <path>:} and says what is wrong where.
 */
public final class SchemaFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_PREFIX = Pattern.compile("[0-9A-Za-z]{3}");
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private SchemaFile() {
    }

    /** Bundled schema, extended by {@code extra} when not null. */
    public static Schema load(Path extra) {
        if (extra == null) {
            return Schema.load();
        }
        ObjectNode root = bundled();
        String where = "schema file " + extra + ": ";
        JsonNode user;
        try {
            user = JSON.readTree(Files.readAllBytes(extra));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read it (" + e + ")", e);
        }
        try {
            merge(root, user);
            return Schema.parse(root);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static ObjectNode bundled() {
        try (InputStream in = Schema.class.getResourceAsStream(Schema.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + Schema.RESOURCE);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode root, JsonNode user) {
        if (user == null || !user.isObject() || !user.path("objects").isArray()) {
            throw new IllegalArgumentException("expected a JSON object with an \"objects\" array, like the bundled schema.json");
        }
        ArrayNode objects = (ArrayNode) root.get("objects");
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        Set<String> prefixes = new HashSet<>();
        for (JsonNode o : objects) {
            byName.put(o.path("name").asText().toLowerCase(Locale.ROOT), (ObjectNode) o);
            prefixes.add(o.path("keyPrefix").asText());
        }
        Set<String> allNames = new HashSet<>(byName.keySet());
        for (JsonNode o : user.get("objects")) {
            allNames.add(o.path("name").asText().toLowerCase(Locale.ROOT));
        }
        int i = 0;
        for (JsonNode o : user.get("objects")) {
            String name = o.path("name").asText("");
            String at = "objects[" + i++ + "]" + (name.isEmpty() ? "" : " '" + name + "'") + ": ";
            if (!o.isObject() || name.isBlank()) {
                throw new IllegalArgumentException(at + "every object needs a \"name\"");
            }
            if (!o.path("fields").isArray()) {
                throw new IllegalArgumentException(at + "needs a \"fields\" array");
            }
            ObjectNode existing = byName.get(name.toLowerCase(Locale.ROOT));
            if (existing != null) {
                if (o.has("keyPrefix") && !o.get("keyPrefix").asText().equals(existing.path("keyPrefix").asText())) {
                    throw new IllegalArgumentException(at + "is a standard object; its keyPrefix cannot be changed");
                }
                Set<String> have = new HashSet<>();
                existing.get("fields").forEach(f -> have.add(f.path("name").asText().toLowerCase(Locale.ROOT)));
                for (JsonNode f : o.get("fields")) {
                    String fname = checkField(at, f, allNames, true);
                    if (!have.add(fname.toLowerCase(Locale.ROOT))) {
                        throw new IllegalArgumentException(at + "field '" + fname + "' already exists on " + name);
                    }
                    ((ArrayNode) existing.get("fields")).add(f);
                }
                continue;
            }
            if (!name.endsWith("__c") || !API_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(at + "a new object must be a custom object: its name must end in"
                        + " '__c' and contain only letters, digits and underscores (or name one of the objects"
                        + " " + byName.keySet() + " to add fields to it)");
            }
            String prefix = o.path("keyPrefix").asText("");
            if (!KEY_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException(at + "needs a \"keyPrefix\" of 3 letters or digits (e.g. \"a0X\"),"
                        + " got '" + prefix + "'");
            }
            if (!prefixes.add(prefix)) {
                throw new IllegalArgumentException(at + "keyPrefix '" + prefix + "' is already used by another object");
            }
            ObjectNode copy = ((ObjectNode) o).deepCopy();
            ArrayNode fields = JSON.createArrayNode();
            Set<String> have = new HashSet<>();
            for (JsonNode f : o.get("fields")) {
                String fname = checkField(at, f, allNames, false);
                if (!have.add(fname.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(at + "field '" + fname + "' is declared twice");
                }
            }
            String label = o.path("label").asText(name.substring(0, name.length() - 3).replace('_', ' '));
            copy.put("label", label);
            addStandard(fields, have, "{\"name\": \"Id\", \"type\": \"id\", \"label\": \"Record ID\"}");
            addStandard(fields, have, "{\"name\": \"IsDeleted\", \"type\": \"boolean\", \"label\": \"Deleted\", \"system\": true}");
            addStandard(fields, have, "{\"name\": \"Name\", \"type\": \"string\", \"length\": 80, \"label\": \"" + label
                    + " Name\", \"required\": true, \"nameField\": true}");
            o.get("fields").forEach(fields::add);
            addStandard(fields, have, "{\"name\": \"OwnerId\", \"type\": \"reference\", \"label\": \"Owner ID\", \"referenceTo\": [\"User\"], \"relationshipName\": \"Owner\", \"required\": true, \"defaultedOnCreate\": true}");
            addStandard(fields, have, "{\"name\": \"CreatedDate\", \"type\": \"datetime\", \"label\": \"Created Date\", \"system\": true}");
            addStandard(fields, have, "{\"name\": \"CreatedById\", \"type\": \"reference\", \"label\": \"Created By ID\", \"referenceTo\": [\"User\"], \"relationshipName\": \"CreatedBy\", \"system\": true}");
            addStandard(fields, have, "{\"name\": \"LastModifiedDate\", \"type\": \"datetime\", \"label\": \"Last Modified Date\", \"system\": true}");
            addStandard(fields, have, "{\"name\": \"LastModifiedById\", \"type\": \"reference\", \"label\": \"Last Modified By ID\", \"referenceTo\": [\"User\"], \"relationshipName\": \"LastModifiedBy\", \"system\": true}");
            addStandard(fields, have, "{\"name\": \"SystemModstamp\", \"type\": \"datetime\", \"label\": \"System Modstamp\", \"system\": true}");
            copy.set("fields", fields);
            objects.add(copy);
            byName.put(name.toLowerCase(Locale.ROOT), copy);
        }
    }

    private static void addStandard(ArrayNode fields, Set<String> have, String json) {
        try {
            JsonNode f = JSON.readTree(json);
            if (have.add(f.get("name").asText().toLowerCase(Locale.ROOT))) {
                fields.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks one field declaration and returns its name. */
    private static String checkField(String at, JsonNode f, Set<String> objectNames, boolean mustBeCustom) {
        String name = f.path("name").asText("");
        if (name.isBlank()) {
            throw new IllegalArgumentException(at + "every field needs a \"name\"");
        }
        String fat = at + "field '" + name + "': ";
        if (!API_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(fat + "a field name contains only letters, digits and underscores");
        }
        if (mustBeCustom && !name.endsWith("__c")) {
            throw new IllegalArgumentException(fat + "fields added to a standard object must be custom fields"
                    + " (name ending in '__c')");
        }
        FieldType type;
        try {
            type = FieldType.of(f.path("type").asText("string"));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (FieldType t : FieldType.values()) {
                known.append(known.length() == 0 ? "" : ", ").append(t.apiName);
            }
            throw new IllegalArgumentException(fat + "unknown type '" + f.path("type").asText() + "' (one of " + known + ")");
        }
        if (type == FieldType.PICKLIST && (!f.path("picklist").isArray() || f.path("picklist").isEmpty())) {
            throw new IllegalArgumentException(fat + "a picklist needs a non-empty \"picklist\" array of values");
        }
        if (type == FieldType.REFERENCE) {
            if (!f.path("referenceTo").isArray() || f.path("referenceTo").isEmpty()) {
                throw new IllegalArgumentException(fat + "a reference needs a \"referenceTo\" array of object names");
            }
            for (JsonNode r : f.get("referenceTo")) {
                if (!objectNames.contains(r.asText().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(fat + "referenceTo names unknown object '" + r.asText() + "'");
                }
            }
        }
        if (f.has("formula")) {
            try {
                Formula.parse(f.get("formula"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(fat + e.getMessage());
            }
        }
        if (f.has("length") && (!f.get("length").canConvertToInt() || f.get("length").asInt() <= 0)) {
            throw new IllegalArgumentException(fat + "\"length\" must be a positive integer");
        }
        return name;
    }
}
