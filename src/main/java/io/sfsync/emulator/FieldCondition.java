package io.sfsync.emulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a validation rule requires of a field's value; a record whose value does not satisfy it is rejected with
 * FIELD_CUSTOM_VALIDATION_EXCEPTION (see {@link EmulatorOrg#addValidationRule}).
 */
public final class FieldCondition {

    private final String kind;
    private final Object operand;
    private final Pattern pattern;

    private FieldCondition(String kind, Object operand, Pattern pattern) {
        this.kind = kind;
        this.operand = operand;
        this.pattern = pattern;
    }

    /** The value must be present (not null, not blank). */
    public static FieldCondition notBlank() {
        return new FieldCondition("notBlank", null, null);
    }

    /** The value must differ from {@code value} (text compares case-sensitively, numbers numerically). */
    public static FieldCondition notEqualTo(Object value) {
        return new FieldCondition("notEqualTo", value, null);
    }

    /** A present value must match the regular expression as a whole (blank values pass, like REGEX in a rule). */
    public static FieldCondition matches(String regex) {
        return new FieldCondition("matches", regex, Pattern.compile(regex));
    }

    /** Parses the admin API form: kind notBlank | notEqualTo | matches plus its value. */
    public static FieldCondition of(String kind, Object value) {
        return switch (kind == null ? "" : kind) {
            case "notBlank" -> notBlank();
            case "notEqualTo" -> notEqualTo(value);
            case "matches" -> {
                if (value == null) {
                    throw new IllegalArgumentException("condition 'matches' needs a \"value\" (regular expression)");
                }
                yield matches(value.toString());
            }
            default -> throw new IllegalArgumentException("unknown condition '" + kind
                    + "' (use notBlank, notEqualTo or matches)");
        };
    }

    public String kind() {
        return kind;
    }

    /** The operand (value or regex), or null. */
    public Object value() {
        return operand;
    }

    /** Whether a stored/public field value satisfies the condition. */
    public boolean test(Object v) {
        boolean blank = v == null || (v instanceof String s && s.isBlank());
        return switch (kind) {
            case "notBlank" -> !blank;
            case "notEqualTo" -> !same(v, operand);
            default -> blank || pattern.matcher(v.toString()).matches();
        };
    }

    private static boolean same(Object v, Object operand) {
        if (v instanceof Number a && operand instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (v == null || operand == null) {
            return v == operand;
        }
        return Objects.equals(v.toString(), operand.toString());
    }

    @Override
    public String toString() {
        return operand == null ? kind : kind + " " + operand;
    }
}
