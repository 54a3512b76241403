package io.sfsync.salesforce;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one place where values become SOQL text. Identifiers come from validated mapping
 * files; every value goes through {@link #quote(String)} or {@link #datetime(OffsetDateTime)}.
 */
public final class Soql {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private Soql() {
    }

    /** A SOQL string literal, with the escapes Salesforce documents for quoted strings. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** A SOQL datetime literal in UTC with milliseconds (SystemModstamp has millisecond precision). */
    public static String datetime(OffsetDateTime t) {
        return DATETIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
