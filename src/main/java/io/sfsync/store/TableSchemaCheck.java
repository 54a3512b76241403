package io.sfsync.store;

import io.sfsync.config.Suggest;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.MappingException;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.mapping.PushOnlyWhen;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Checks mappings against the local database: tables and columns must exist. */
public final class TableSchemaCheck {

    private TableSchemaCheck() {
    }

    public static List<String> problems(Connection c, ObjectMapping m) throws SQLException {
        List<String> out = new ArrayList<>();
        TableSchema schema = TableSchema.read(c, m.table());
        if (!schema.exists()) {
            out.add(MappingException.at(m.file(), m.lineOf("table"), "table '" + m.table()
                    + "' does not exist in the local database"));
            return out;
        }
        column(out, m, schema, m.idColumn(), m.lineOf("id-column"), "id-column");
        if (m.typeColumn() != null) {
            column(out, m, schema, m.typeColumn(), m.lineOf("type-column"), "type-column");
        }
        if (!schema.has("updated_at")) {
            out.add(MappingException.at(m.file(), m.lineOf("table"), "table '" + m.table()
                    + "' has no updated_at column; every synced table needs one"));
        }
        for (FieldMapping f : m.fields()) {
            column(out, m, schema, f.column(), f.line(), "field '" + f.sf() + "': column");
        }
        if (!schema.has("id") && m.fields().stream().anyMatch(f -> f.direction().pushes())) {
            out.add(MappingException.at(m.file(), m.lineOf("table"), "table '" + m.table()
                    + "' has no id column; a table with push fields needs an id BIGINT primary key (change capture"
                    + " logs rows by it)"));
        } else if (!schema.has("id") && m.pushDeletes()) {
            out.add(MappingException.at(m.file(), m.lineOf("push-deletes"), "table '" + m.table()
                    + "' has no id column; push-deletes needs an id BIGINT primary key (change capture logs deleted rows"
                    + " by it)"));
        }
        PushOnlyWhen only = m.pushOnlyWhen();
        if (only != null && column(out, m, schema, only.column(), only.line(), "push-only-when: column")) {
            for (String v : only.values()) {
                try {
                    ColumnValues.toColumn(v, schema.typeOf(only.column()));
                } catch (RuntimeException e) {
                    out.add(MappingException.at(m.file(), only.line(), "push-only-when: '" + v + "' cannot be a value of "
                            + "column '" + only.column() + "' (" + schema.kindOf(only.column()) + ")"));
                }
            }
        }
        if (m.createdAfterEnabling() != null) {
            column(out, m, schema, m.createdAfterEnabling(), m.lineOf("push-created-after-enabling"),
                    "push-created-after-enabling: column");
        }
        for (LinkMapping l : m.links()) {
            column(out, m, schema, l.column(), l.line(), "link: column");
            for (String from : l.from()) {
                column(out, m, schema, from, l.line(), "link: from column");
            }
        }
        return out;
    }

    /** False (and a problem) when the column does not exist. */
    private static boolean column(List<String> out, ObjectMapping m, TableSchema schema, String column, int line,
                                  String what) {
        if (!schema.has(column)) {
            String near = Suggest.nearest(column, schema.columns());
            out.add(MappingException.at(m.file(), line, what + " '" + column + "' does not exist in table '"
                    + m.table() + "'" + (near != null ? " (did you mean '" + near + "'?)" : "")));
            return false;
        }
        return true;
    }
}
