package io.sfsync.emulator.soql;

import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.Values;
import java.util.ArrayList;
import java.util.List;

/** Tokenizer for the SOQL subset. Tracks 1-based row/column of every token for Salesforce-style error pointers. */
final class SoqlLexer {

    enum Kind { IDENT, STRING, INTEGER, DECIMAL, DATE, DATETIME, COMMA, LPAREN, RPAREN, DOT, COLON, OP, EOF }

    record Token(Kind kind, String text, Object value, int offset, int row, int column) {
        boolean isKeyword(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }

        boolean is(Kind k) {
            return kind == k;
        }

        /** How Salesforce quotes the token in "unexpected token" messages. */
        String display() {
            return kind == Kind.EOF ? "<EOF>" : text;
        }
    }

    private final String src;
    private int pos;
    private int row = 1;
    private int lineStart;

    private SoqlLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String soql) {
        return new SoqlLexer(soql).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", null, pos, row, pos - lineStart + 1));
                return out;
            }
            out.add(next());
        }
    }

    private void skipWhitespace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                row++;
                pos++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
    }

    private Token next() {
        int start = pos;
        int col = pos - lineStart + 1;
        char c = src.charAt(pos);
        switch (c) {
            case ',':
                pos++;
                return new Token(Kind.COMMA, ",", null, start, row, col);
            case '(':
                pos++;
                return new Token(Kind.LPAREN, "(", null, start, row, col);
            case ')':
                pos++;
                return new Token(Kind.RPAREN, ")", null, start, row, col);
            case '.':
                pos++;
                return new Token(Kind.DOT, ".", null, start, row, col);
            case ':':
                pos++;
                return new Token(Kind.COLON, ":", null, start, row, col);
            case '=':
                pos++;
                return new Token(Kind.OP, "=", null, start, row, col);
            case '!':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Kind.OP, "!=", null, start, row, col);
                }
                throw error(col, "unexpected token: '!'");
            case '<':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Kind.OP, "<=", null, start, row, col);
                }
                if (peek(1) == '>') {
                    pos += 2;
                    return new Token(Kind.OP, "<>", null, start, row, col);
                }
                pos++;
                return new Token(Kind.OP, "<", null, start, row, col);
            case '>':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Kind.OP, ">=", null, start, row, col);
                }
                pos++;
                return new Token(Kind.OP, ">", null, start, row, col);
            case '\'':
                return string(start, col);
            default:
                break;
        }
        if (isDigit(c) || ((c == '-' || c == '+') && isDigit(peek(1)))) {
            return numberOrDate(start, col);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return new Token(Kind.IDENT, src.substring(start, pos), null, start, row, col);
        }
        throw error(col, "unexpected token: '" + c + "'");
    }

    private Token string(int start, int col) {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(col, "unexpected token: '" + src.substring(start) + "'");
            }
            char c = src.charAt(pos++);
            if (c == '\'') {
                break;
            }
            if (c == '\\') {
                if (pos >= src.length()) {
                    throw error(col, "unexpected token: '" + src.substring(start) + "'");
                }
                char e = src.charAt(pos++);
                switch (e) {
                    case '\'' -> sb.append('\'');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case 'n', 'N' -> sb.append('\n');
                    case 'r', 'R' -> sb.append('\r');
                    case 't', 'T' -> sb.append('\t');
                    case 'b', 'B' -> sb.append('\b');
                    case 'f', 'F' -> sb.append('\f');
                    // LIKE wildcards stay escaped; the LIKE matcher interprets "\%" and "\_"
                    case '%' -> sb.append("\\%");
                    case '_' -> sb.append("\\_");
                    case 'u', 'U' -> {
                        if (pos + 4 > src.length()) {
                            throw error(col, "Invalid string literal '" + src.substring(start) + "'. Illegal unicode escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error(col, "Invalid string literal '" + src.substring(start, Math.min(src.length(), pos + 4))
                                    + "'. Illegal unicode escape");
                        }
                        pos += 4;
                    }
                    default -> throw error(col, "Invalid string literal '" + src.substring(start, pos)
                            + "'. Illegal character sequence '\\" + e + "' in string literal.");
                }
            } else {
                if (c == '\n') {
                    row++;
                    lineStart = pos;
                }
                sb.append(c);
            }
        }
        return new Token(Kind.STRING, src.substring(start, pos), sb.toString(), start, row, col);
    }

    private Token numberOrDate(int start, int col) {
        // date / datetime literal: YYYY-MM-DD[Thh:mm:ss[.fff](Z|+hh:mm|-hhmm)]
        if (isDigit(src.charAt(pos)) && looksLikeDate()) {
            int end = pos + 10;
            Kind kind = Kind.DATE;
            if (end < src.length() && (src.charAt(end) == 'T' || src.charAt(end) == 't')) {
                kind = Kind.DATETIME;
                end++;
                while (end < src.length() && isDateTimeChar(src.charAt(end))) {
                    end++;
                }
            }
            String text = src.substring(start, end);
            pos = end;
            try {
                Object value = kind == Kind.DATE ? Values.parseDateLiteral(text) : Values.parseDateTimeLiteral(text);
                return new Token(kind, text, value, start, row, col);
            } catch (RuntimeException e) {
                throw error(col, "unexpected token: '" + text + "'");
            }
        }
        pos++; // sign or first digit
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        Kind kind = Kind.INTEGER;
        if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) {
            kind = Kind.DECIMAL;
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            // e.g. 12abc
            int end = pos;
            while (end < src.length() && Character.isLetterOrDigit(src.charAt(end))) {
                end++;
            }
            throw error(col, "unexpected token: '" + src.substring(start, end) + "'");
        }
        String text = src.substring(start, pos);
        Object value = new java.math.BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        return new Token(kind, text, value, start, row, col);
    }

    private boolean looksLikeDate() {
        if (pos + 10 > src.length()) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            char c = src.charAt(pos + i);
            boolean ok = (i == 4 || i == 7) ? c == '-' : isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDateTimeChar(char c) {
        return isDigit(c) || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z' || c == 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < src.length() ? src.charAt(p) : '\0';
    }

    private SalesforceApiException error(int col, String message) {
        return SoqlErrors.malformed(src, row, col, message);
    }
}
