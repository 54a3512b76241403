package io.sfsync.mapping;

import java.util.Map;

/**
 * One mapped field: Salesforce field {@code sf} ↔ local column {@code column}.
 *
 * @param pushValues value normalisation applied before a push (S10), local value → Salesforce value
 * @param pullValues its counterpart on a pull, Salesforce value → local value ({@code pull-values}, or the inverse of
 *                   {@code pushValues} with {@code pull-values: inverse}); empty when the field has none
 * @param strict     the maps came from {@code values} (a strict two-way value map): a value neither map lists is not
 *                   synced as it is; its record (pull) or row (push) is skipped with the reason
 * @param line       the line of the mapping file that declares it, for error messages
 */
public record FieldMapping(String sf, String column, Direction direction, Map<String, String> pushValues,
                           Map<String, String> pullValues, boolean strict, int line) {

    public FieldMapping(String sf, String column, Direction direction, Map<String, String> pushValues,
                        Map<String, String> pullValues, int line) {
        this(sf, column, direction, pushValues, pullValues, false, line);
    }

    /**
     * True when the value is synced as the maps say: the field is not strict, the value is null, or the map lists it.
     * {@code pull}: {@code value} is Salesforce's, looked up in the pull map; else it is the row's, in the push map.
     */
    public boolean syncs(Object value, boolean pull) {
        return !strict || value == null || (pull ? pullValues : pushValues).containsKey(value.toString());
    }

    /**
     * Why a non-null value of this strict field is not synced, or null when it is (or the field is not strict).
     * {@code pull}: {@code value} is Salesforce's, looked up in the pull map; else it is the row's, in the push map.
     */
    public String unsynced(Object value, boolean pull, String file) {
        if (syncs(value, pull)) {
            return null;
        }
        String text = value.toString();
        return pull ? sf + " '" + text + "' has no local value in " + file + " values"
                : column + " '" + text + "' has no Salesforce value for " + sf + " in " + file + " values";
    }
}
