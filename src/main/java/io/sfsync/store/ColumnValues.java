package io.sfsync.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * Converts Salesforce values (as parsed from JSON) to column values and back into a form
 * that compares equal when the data is the same, whatever the column type.
 */
public final class ColumnValues {

    /** Salesforce datetimes: {@code 2026-11-23T05:26:51.000+0000}, also accepts {@code Z} and {@code +00:00}. */
    private static final DateTimeFormatter SF_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private ColumnValues() {
    }

    /** The Java value to bind for a column of the given JDBC type. */
    public static Object toColumn(Object sfValue, int sqlType) {
        if (sfValue == null) {
            return null;
        }
        String text = String.valueOf(sfValue);
        return switch (sqlType) {
            case Types.BOOLEAN, Types.BIT -> sfValue instanceof Boolean b ? b : Boolean.valueOf(text);
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> new BigDecimal(text).intValueExact();
            case Types.BIGINT -> new BigDecimal(text).longValueExact();
            case Types.DECIMAL, Types.NUMERIC, Types.DOUBLE, Types.FLOAT, Types.REAL -> new BigDecimal(text);
            case Types.DATE -> LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP -> OffsetDateTime.parse(text, SF_DATETIME);
            default -> text;
        };
    }

    public static void bind(PreparedStatement ps, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            ps.setNull(index, sqlType);
        } else {
            ps.setObject(index, value);
        }
    }

    /** Reads a column in the same Java type {@link #toColumn} produces. */
    public static Object read(ResultSet rs, int index, int sqlType) throws SQLException {
        Object v = switch (sqlType) {
            case Types.DATE -> rs.getObject(index, LocalDate.class);
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP -> rs.getObject(index, OffsetDateTime.class);
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                 Types.DOUBLE, Types.FLOAT, Types.REAL -> rs.getBigDecimal(index);
            case Types.BOOLEAN, Types.BIT -> rs.getObject(index) == null ? null : rs.getBoolean(index);
            default -> rs.getString(index);
        };
        return rs.wasNull() ? null : v;
    }
}
