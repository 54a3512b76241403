package io.sfsync.mapping;

import java.util.Map;

/**
 * One mapped field: Salesforce field {@code sf} ↔ local column {@code column}.
 *
 * @param pushValues value normalisation applied before a push (S10), local value → Salesforce value
 * @param line       the line of the mapping file that declares it, for error messages
 */
public record FieldMapping(String sf, String column, Direction direction, Map<String, String> pushValues, int line) {
}
