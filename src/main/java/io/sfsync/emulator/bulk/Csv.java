package io.sfsync.emulator.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 4180 CSV as Bulk API 2.0 uses it: a configurable column delimiter ({@code COMMA}, {@code TAB}, {@code PIPE},
 * {@code SEMICOLON}, {@code CARET}, {@code BACKQUOTE}) and line ending ({@code LF}, {@code CRLF}). Fields may be
 * quoted with {@code "}; a quote inside a quoted field is doubled; quoted fields may span lines. The writer quotes
 * every field, like Salesforce's result files.
 */
final class Csv {

    private Csv() {
    }

    /** The character for a {@code columnDelimiter} value; IllegalArgumentException for an unknown name. */
    static char delimiter(String name) {
        return switch (name == null ? "COMMA" : name.toUpperCase(Locale.ROOT)) {
            case "COMMA" -> ',';
            case "TAB" -> '\t';
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "CARET" -> '^';
            case "BACKQUOTE" -> '`';
            default -> throw new IllegalArgumentException("columnDelimiter " + name);
        };
    }

    /** The characters for a {@code lineEnding} value. */
    static String lineEnding(String name) {
        return switch (name == null ? "LF" : name.toUpperCase(Locale.ROOT)) {
            case "LF" -> "\n";
            case "CRLF" -> "\r\n";
            default -> throw new IllegalArgumentException("lineEnding " + name);
        };
    }

    /** Parses all rows; blank lines are skipped. Throws IllegalArgumentException for an unterminated quote. */
    static List<List<String>> parse(String text, char delimiter) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
                continue;
            }
            if (c == '"' && field.length() == 0) {
                quoted = true;
                fieldStarted = true;
            } else if (c == delimiter) {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field in row " + (rows.size() + 1));
        }
        if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** Appends one row, every field quoted; null is written as an empty quoted field. */
    static void appendRow(StringBuilder out, List<String> fields, char delimiter, String lineEnding) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            appendField(out, fields.get(i));
        }
        out.append(lineEnding);
    }

    static void appendField(StringBuilder out, String value) {
        out.append('"');
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    out.append('"');
                }
                out.append(c);
            }
        }
        out.append('"');
    }
}
