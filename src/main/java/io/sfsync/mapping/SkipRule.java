package io.sfsync.mapping;

import java.util.Map;
import java.util.Objects;

/**
 * The custom sync filter (requirement S5): a record whose {@code field} equals {@code value}
 * is not synced. Values compare as text, so {@code equals: true} matches a JSON boolean true.
 */
public record SkipRule(String field, String value, int line) {

    public boolean matches(Map<String, Object> sfRecord) {
        Object actual = sfRecord.get(field);
        return actual != null && Objects.equals(String.valueOf(actual), value);
    }
}
