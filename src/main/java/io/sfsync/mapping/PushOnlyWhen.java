package io.sfsync.mapping;

import java.util.List;

/**
 * Which rows a push sends (S11, e.g. the activity types to push): only rows whose {@code column} holds one of
 * {@code values}. The others are not sent; their local changes are closed with {@link #reason}. Values compare as
 * {@link ValueText} compares a text with a column value (text exactly, numbers by value).
 *
 * @param line the line of {@code push-only-when} in the mapping file
 */
public record PushOnlyWhen(String column, List<String> values, int line) {

    /** True when a row whose column holds {@code value} (as JDBC reads it; null for SQL NULL) is pushed. */
    public boolean admits(Object value) {
        for (String v : values) {
            if (ValueText.same(v, value)) {
                return true;
            }
        }
        return false;
    }

    /** Why a row holding {@code value} is not pushed, for the step's message and its change-log entries. */
    public String reason(Object value, ObjectMapping mapping) {
        return column + (value == null ? " is empty, which is" : " '" + value + "' is") + " not in push-only-when of "
                + mapping.displayFile();
    }
}
