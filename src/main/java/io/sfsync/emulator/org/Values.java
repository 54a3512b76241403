package io.sfsync.emulator.org;

import io.sfsync.emulator.SalesforceApiException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * Value representations. Stored (in-memory) forms: text/id/picklist = String, boolean = Boolean, int = Integer,
 * currency/double/percent = Double, date = LocalDate, datetime = Long (epoch millis).
 * The public map API exposes datetimes as {@link Instant} and dates as {@link LocalDate}.
 */
public final class Values {

    /** Salesforce REST datetime format, always UTC: 2026-11-23T05:26:51.000+0000. */
    static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Lenient ISO-8601 with mandatory offset: Z, +01:00, -0800; optional fraction. */
    private static final DateTimeFormatter DATETIME_IN = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Values() {
    }

    public static String formatDateTime(long epochMillis) {
        byte[] b = new byte[28];
        if (writeDateTime(epochMillis, b, 0) < 0) {
            return SF_DATETIME.format(Instant.ofEpochMilli(epochMillis));
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code uuuu-MM-dd'T'HH:mm:ss.SSS+0000} (28 ASCII bytes) at {@code at} and returns the index after it, or
     * -1 (nothing written) for a year outside 0..9999. Hand-rolled: it runs for every datetime of every query page.
     */
    public static int writeDateTime(long epochMillis, byte[] c, int at) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int year = day.getYear();
        if (year < 0 || year > 9999) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        digits(c, at, year, 4);
        c[at + 4] = '-';
        digits(c, at + 5, day.getMonthValue(), 2);
        c[at + 7] = '-';
        digits(c, at + 8, day.getDayOfMonth(), 2);
        c[at + 10] = 'T';
        digits(c, at + 11, secondOfDay / 3600, 2);
        c[at + 13] = ':';
        digits(c, at + 14, secondOfDay / 60 % 60, 2);
        c[at + 16] = ':';
        digits(c, at + 17, secondOfDay % 60, 2);
        c[at + 19] = '.';
        digits(c, at + 20, millis, 3);
        c[at + 23] = '+';
        c[at + 24] = '0';
        c[at + 25] = '0';
        c[at + 26] = '0';
        c[at + 27] = '0';
        return at + 28;
    }

    private static void digits(byte[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** SOQL datetime literal (offset required) to epoch millis. */
    public static Long parseDateTimeLiteral(String text) {
        TemporalAccessor t = DATETIME_IN.parse(text.replace('t', 'T').replace('z', 'Z'));
        if (!t.isSupported(ChronoField.OFFSET_SECONDS)) {
            throw new DateTimeParseException("missing offset", text, text.length());
        }
        return OffsetDateTime.from(t).toInstant().toEpochMilli();
    }

    public static LocalDate parseDateLiteral(String text) {
        return LocalDate.parse(text);
    }

    /** Converts stored form to the public Java form. */
    public static Object toPublic(FieldDef f, Object stored) {
        if (stored != null && f.type == FieldType.DATETIME) {
            return Instant.ofEpochMilli((Long) stored);
        }
        return stored;
    }

    /**
     * Converts an incoming value (JSON-decoded or Java) to the stored form; throws JSON_PARSER_ERROR-style
     * errors when the value cannot represent the field type.
     */
    public static Object toStored(FieldDef f, Object v) {
        if (v == null) {
            return null;
        }
        try {
            switch (f.type) {
                case ID, REFERENCE, STRING, PICKLIST, TEXTAREA, PHONE, EMAIL, URL:
                    if (v instanceof String s) {
                        return s.isEmpty() ? null : s; // Salesforce stores "" as null
                    }
                    if (v instanceof Number || v instanceof Boolean) {
                        return v.toString();
                    }
                    break;
                case BOOLEAN:
                    if (v instanceof Boolean b) {
                        return b;
                    }
                    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                        return Boolean.valueOf(s);
                    }
                    break;
                case INT:
                    if (v instanceof Number n) {
                        BigDecimal bd = new BigDecimal(n.toString());
                        return bd.intValueExact();
                    }
                    if (v instanceof String s && !s.isBlank()) {
                        return new BigDecimal(s.trim()).intValueExact();
                    }
                    break;
                case CURRENCY, DOUBLE, PERCENT:
                    if (v instanceof Number n) {
                        return n.doubleValue();
                    }
                    if (v instanceof String s && !s.isBlank()) {
                        return Double.parseDouble(s.trim());
                    }
                    break;
                case DATE:
                    if (v instanceof LocalDate d) {
                        return d;
                    }
                    if (v instanceof String s) {
                        if (s.isEmpty()) {
                            return null;
                        }
                        return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
                    }
                    break;
                case DATETIME:
                    if (v instanceof Instant i) {
                        return i.toEpochMilli();
                    }
                    if (v instanceof OffsetDateTime o) {
                        return o.toInstant().toEpochMilli();
                    }
                    if (v instanceof ZonedDateTime z) {
                        return z.toInstant().toEpochMilli();
                    }
                    if (v instanceof Date d) {
                        return d.getTime();
                    }
                    if (v instanceof Long l) {
                        return l;
                    }
                    if (v instanceof String s) {
                        if (s.isEmpty()) {
                            return null;
                        }
                        if (s.length() == 10) {
                            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                        }
                        return parseDateTimeLiteral(s);
                    }
                    break;
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the parser error
        }
        String token = v instanceof String ? "VALUE_STRING" : v instanceof Boolean ? "VALUE_" + v.toString().toUpperCase(Locale.ROOT)
                : v instanceof Number ? "VALUE_NUMBER" : "START_OBJECT";
        throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of "
                + javaTypeName(f.type) + " from " + token + " value " + v
                + " or request may be missing a required field", List.of(f.name));
    }

    private static String javaTypeName(FieldType t) {
        return switch (t) {
            case BOOLEAN -> "boolean";
            case INT -> "int";
            case CURRENCY, DOUBLE, PERCENT -> "double";
            case DATE -> "date";
            case DATETIME -> "datetime";
            default -> "string";
        };
    }
}
