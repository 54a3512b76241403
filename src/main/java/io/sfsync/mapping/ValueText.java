package io.sfsync.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Compares a value as a database wrote it as text (the change log keeps the value a column had before a local change,
 * cast to text by the trigger: {@code 12.50}, {@code TRUE} or {@code true}, {@code 2026-11-30}, {@code 2026-11-30
 * 15:00:00.000+0:00} or {@code 2026-11-30 15:00:00+00}) with a typed column value (as JDBC reads it or as a pulled
 * value is converted for its column). Numbers compare by value, booleans and timestamps by meaning, text exactly.
 */
public final class ValueText {

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd[ ]['T']HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .optionalStart().appendOffset("+H:MM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    /** How many characters of a value the change log keeps (io.sfsync.store.dialect.CaptureTable.OLD_VALUE_MAX). */
    static final int CUT = 4000;

    private ValueText() {
    }

    /** True when {@code text} (null for SQL NULL) and {@code value} are the same value. */
    public static boolean same(String text, Object value) {
        if (text == null || value == null) {
            return text == null && value == null;
        }
        try {
            if (value instanceof BigDecimal || value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Double || value instanceof Float || value instanceof java.math.BigInteger) {
                return new BigDecimal(text.trim()).compareTo(new BigDecimal(value.toString())) == 0;
            }
            if (value instanceof Boolean b) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                return (t.equals("true") || t.equals("t")) == b && (t.equals("true") || t.equals("t") || t.equals("false")
                        || t.equals("f"));
            }
            if (value instanceof LocalDate d) {
                return LocalDate.parse(text.trim().substring(0, 10)).equals(d);
            }
            if (value instanceof java.sql.Date d) {
                return LocalDate.parse(text.trim().substring(0, 10)).equals(d.toLocalDate());
            }
            if (value instanceof OffsetDateTime t) {
                return instant(text).equals(t.toInstant());
            }
            if (value instanceof java.sql.Timestamp t) {
                return instant(text).equals(t.toInstant());
            }
            if (value instanceof LocalDateTime t) {
                return instant(text).equals(t.toInstant(ZoneOffset.UTC));
            }
        } catch (RuntimeException e) {
            return false;
        }
        String v = value.toString();
        // the change log keeps at most CUT characters of a value: a longer one is compared by that prefix
        return text.equals(v) || (text.length() == CUT && v.length() > CUT && v.startsWith(text));
    }

    private static java.time.Instant instant(String text) {
        var parsed = TIMESTAMP.parse(text.trim());
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
        return local.toInstant(offset);
    }
}
