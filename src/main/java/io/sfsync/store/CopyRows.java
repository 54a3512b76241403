package io.sfsync.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                append(text, row[i]);
            }
            text.append('\n');
        }
        try {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copySql, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("COPY into the database failed: " + e.getMessage(), "08006", e);
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
            s = d.toPlainString();
        } else if (value instanceof OffsetDateTime t) {
            s = t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        } else if (value instanceof LocalDate d) {
            s = d.toString();
        } else {
            s = value.toString();
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }
}
