package io.sfsync.emulator;

/**
 * A validation rule on one field: every create and update of {@code object} whose resulting {@code field} value does
 * not satisfy {@code condition} fails with FIELD_CUSTOM_VALIDATION_EXCEPTION, {@code errorMessage} and
 * {@code fields: [field]}.
 */
public record ValidationRule(String object, String field, String errorMessage, FieldCondition condition) {
}
