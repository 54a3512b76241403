package io.sfsync.mapping;

import java.util.Map;

/**
 * One mapped field: Salesforce field {@code sf} ↔ local column {@code column}.
 *
 * @param pushValues value normalisation applied before a push (S10), local value → Salesforce value
 * @param pullValues its counterpart on a pull, Salesforce value → local value ({@code pull-values}, or the inverse of
 *                   {@code pushValues} with {@code pull-values: inverse}); empty when the field has none
 * @param line       the line of the mapping file that declares it, for error messages
 */
public record FieldMapping(String sf, String column, Direction direction, Map<String, String> pushValues,
                           Map<String, String> pullValues, int line) {
}
