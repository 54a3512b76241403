package io.sfsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a Salesforce sObject describe the sync uses: each field's name, type and permissions, and whether the
 * sync user may delete the object's records ({@code deletable}: the object's Delete permission; Push Deletes needs it).
 */
public record ObjectDescribe(String name, boolean deletable, Map<String, FieldInfo> fields) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One field of the describe; {@code calculated} marks formula fields, {@code longestPicklistValue} is the length of
     * the longest active picklist value (0 when the field lists none).
     */
    public record FieldInfo(String name, String label, String type, int length, boolean calculated, boolean createable,
                            boolean updateable, boolean nillable, List<String> referenceTo, int longestPicklistValue) {
    }

    public static ObjectDescribe parse(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        for (JsonNode f : root.path("fields")) {
            List<String> refs = new ArrayList<>();
            f.path("referenceTo").forEach(r -> refs.add(r.asText()));
            int longest = 0;
            for (JsonNode v : f.path("picklistValues")) {
                if (v.path("active").asBoolean(true)) {
                    longest = Math.max(longest, v.path("value").asText("").length());
                }
            }
            FieldInfo info = new FieldInfo(f.path("name").asText(), f.path("label").asText(null), f.path("type").asText(),
                    f.path("length").asInt(0), f.path("calculated").asBoolean(false), f.path("createable").asBoolean(false),
                    f.path("updateable").asBoolean(false), f.path("nillable").asBoolean(true), List.copyOf(refs), longest);
            fields.put(info.name().toLowerCase(Locale.ROOT), info);
        }
        return new ObjectDescribe(root.path("name").asText(), root.path("deletable").asBoolean(true), fields);
    }

    /** The field by API name, ignoring case as Salesforce does; null when absent. */
    public FieldInfo field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<String> fieldNames() {
        return fields.values().stream().map(FieldInfo::name).toList();
    }
}
