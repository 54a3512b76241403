package io.sfsync.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL {@code COPY table (columns) FROM STDIN} (text format) of rows already converted for their columns
 * ({@link ColumnValues#toColumn}): the server parses one stream instead of a statement with a bound parameter per value,
 * and the insert triggers (change capture) fire once for the whole COPY. Columns of types whose text form is not
 * unambiguous (timestamps without time zone, binary) are not copied: {@link #copies} says so and the caller binds.
 */
public final class CopyRows {

    private static final Set<Integer> TYPES = Set.of(Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR,
            Types.NCHAR, Types.CLOB, Types.BOOLEAN, Types.BIT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT,
            Types.DECIMAL, Types.NUMERIC, Types.DOUBLE, Types.FLOAT, Types.REAL, Types.DATE, Types.TIMESTAMP_WITH_TIMEZONE);

    private CopyRows() {
    }

    /** True when every column type has a text form COPY reads back as the value {@link ColumnValues#bind} would store. */
    public static boolean copies(List<Integer> sqlTypes) {
        return sqlTypes.stream().allMatch(TYPES::contains);
    }

    /** {@code COPY table (c1, c2, ...) FROM STDIN}; names come from validated mappings. */
    public static String sql(String table, List<String> columns) {
        return "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
    }

    /** Copies the rows (each a value per column of {@code copySql}, in order); returns the rows the server took. */
    public static long copy(Connection c, String copySql, List<Object[]> rows) throws SQLException {
        try (Stream copy = stream(c, copySql)) {
            for (Object[] row : rows) {
                copy.row(row);
            }
            return copy.end();
        }
    }

    /** Starts a COPY whose rows are added one by one ({@link Stream#row}); {@link Stream#end} ends it. */
    public static Stream stream(Connection c, String copySql) throws SQLException {
        return new Stream(c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
    }

    /**
     * A COPY in progress. Its text goes to the server in pieces of about {@value #PIECE} characters while the next rows
     * are formed, so the server parses and inserts one piece while the caller converts the records of the next: a
     * first pull's writing thread otherwise formed a whole page, then waited for the server to take all of it
     * (JFR: 14 s of a 1,000,000-Lead pull waiting on the socket, on top of 9 s forming rows). Closing a COPY that was
     * not ended cancels it; the caller undoes the rows sent (a savepoint).
     */
    public static final class Stream implements AutoCloseable {
        static final int PIECE = 1 << 16;
        private final CopyIn copy;
        private final StringBuilder text = new StringBuilder(PIECE + 4096);

        private Stream(CopyIn copy) {
            this.copy = copy;
        }

        /** Adds one row: a value per column of the COPY, in order. */
        public void row(Object[] values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                append(text, values[i]);
            }
            text.append('\n');
            if (text.length() >= PIECE) {
                send();
            }
        }

        /** Sends what is left and ends the COPY; returns the rows the server took. */
        public long end() throws SQLException {
            send();
            return copy.endCopy();
        }

        private void send() throws SQLException {
            if (text.length() > 0) {
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                text.setLength(0);
                copy.writeToCopy(bytes, 0, bytes.length);
            }
        }

        @Override
        public void close() throws SQLException {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** One value in COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
    static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        String s;
        if (value instanceof BigDecimal d) {
            // toString() is the plain form unless it has an exponent, and is cheaper than toPlainString()
            s = d.toString();
            if (s.indexOf('E') >= 0) {
                s = d.toPlainString();
            }
        } else if (value instanceof OffsetDateTime t) {
            s = t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        } else if (value instanceof LocalDate d) {
            s = d.toString();
        } else {
            s = value.toString();
        }
        int plain = 0; // the characters up to here need no escape: appended in one piece
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' && ch >= ' ') {
                continue;
            }
            String escape = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                out.append(s, plain, i).append(escape);
                plain = i + 1;
            }
        }
        out.append(s, plain, s.length());
    }
}
