package io.sfsync.store.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * An upsert as one vendor writes it: its SQL and, for each value of {@link Upsert#columns()}, the parameter
 * positions it is bound to (HSQLDB's MERGE uses each value twice, so that every parameter takes its column's type).
 */
public record UpsertStatement(String sql, int[][] positions) {

    /** Runs the upsert with {@code values} in the order of {@link Upsert#columns()}; returns the update count. */
    public int execute(Connection c, Object... values) throws SQLException {
        if (values.length != positions.length) {
            throw new IllegalArgumentException(positions.length + " values expected, " + values.length + " given: " + sql);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                for (int position : positions[i]) {
                    ps.setObject(position, values[i]);
                }
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpsertStatement u && sql.equals(u.sql) && Arrays.deepEquals(positions, u.positions);
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + Arrays.deepHashCode(positions);
    }

    @Override
    public String toString() {
        return sql + " " + Arrays.deepToString(positions);
    }
}
