package io.sfsync.store;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code old_values} of a change-log entry: a JSON object the trigger writes, column → the value it had before
 * the change as text (JSON null for SQL NULL), e.g. {@code {"city":"Bergen","annual_revenue":"12.50"}}.
 */
public final class OldValues {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private OldValues() {
    }

    /** Column (lower case) → old value as text; empty for null or unreadable text. */
    public static Map<String, String> parse(String json) {
        Map<String, String> out = new HashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            JsonNode node = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().isNull() ? null : e.getValue().asText());
            }
        } catch (Exception e) {
            return new HashMap<>();
        }
        return out;
    }
}
