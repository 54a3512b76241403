package io.sfsync.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A local column value as the value a push sends to Salesforce for its field: the mapping's {@code push-values}
 * normalisation first (S10, e.g. {@code CA} → {@code California}), then the JDBC value as a JSON value (text,
 * number, boolean, {@code yyyy-MM-dd} for a date, ISO-8601 UTC for a timestamp). A value of a type Salesforce
 * cannot take is refused with the reason ({@link Unmappable}); it is never sent as it is.
 */
public final class PushValues {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private PushValues() {
    }

    /** A column value with no Salesforce form. */
    public static class Unmappable extends Exception {
        public Unmappable(String message) {
            super(message);
        }
    }

    /**
     * A value a strict two-way value map ({@code values}) does not list: not sent as it is, and not an error either;
     * the row is skipped with the reason (its change is not pushed).
     */
    public static final class NotSynced extends Unmappable {
        public NotSynced(String message) {
            super(message);
        }
    }

    /** The value to send for {@code field}; null stays null (clears the field). */
    public static Object toSalesforce(FieldMapping field, Object value) throws Unmappable {
        return toSalesforce(field, value, "the mapping file");
    }

    /** As {@link #toSalesforce(FieldMapping, Object)}; {@code file} names the mapping file in a reason. */
    public static Object toSalesforce(FieldMapping field, Object value, String file) throws Unmappable {
        if (value == null) {
            return null;
        }
        String unsynced = field.unsynced(value, false, file);
        if (unsynced != null) {
            throw new NotSynced(unsynced);
        }
        if (field.strict()) {
            return field.pushValues().get(value.toString());
        }
        if (value instanceof String s) {
            String normalised = field.pushValues() == null ? null : field.pushValues().get(s);
            return normalised != null ? normalised : s;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal d) {
            BigDecimal plain = d.stripTrailingZeros();
            return plain.scale() <= 0 ? plain.toBigInteger() : plain;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Double
                || value instanceof Float) {
            return value;
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
        }
        if (value instanceof java.sql.Timestamp t) {
            return DATE_TIME.format(t.toInstant().atOffset(ZoneOffset.UTC));
        }
        if (value instanceof LocalDateTime t) {
            return DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
        }
        throw new Unmappable("column " + field.column() + " holds a " + value.getClass().getSimpleName()
                + " value, which has no Salesforce form for field " + field.sf());
    }
}
