package io.sfsync.store;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.dialect.SqlDialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the local row of a converted Lead into its Contact, on the caller's transaction. The
 * Lead and Contact mappings share one table (each with its id column, and a type column); rows
 * are identified by the table's {@code id} primary key.
 * <p>
 * Merge rule: the Lead's row is kept (its local id, and so its history, stays). When the Contact
 * was already pulled as a row of its own, that row's Contact values are copied onto the Lead's
 * row, anything referencing it (foreign keys to the table's {@code id}) is re-pointed, and it is
 * deleted. When only the Contact's row exists (the Lead was never pulled), it gets the Lead id.
 * Table and column names come from validated mapping files; values are always bound.
 */
public final class LeadConversions {

    public static final String CONVERTED_ACCOUNT_COLUMN = "sfdc_converted_account_id";
    public static final String CONVERTED_OPPORTUNITY_COLUMN = "sfdc_converted_opportunity_id";
    public static final String CONVERTED_AT_COLUMN = "converted_at";

    /** What a conversion did locally. */
    public enum Outcome {
        /** The Lead's row became the Contact. */
        CONVERTED,
        /** The Lead's row became the Contact and absorbed the Contact's own row. */
        MERGED,
        /** Only the Contact's row existed; it now carries the Lead id. */
        LINKED,
        /** Already done in an earlier cycle. */
        ALREADY_CONVERTED,
        /** Neither the Lead nor the Contact has a local row: the Contact arrives with its own pull. */
        NOT_LOCAL
    }

    private final ObjectMapping lead;
    private final ObjectMapping contact;
    private final String table;
    private final String convertedSet;
    private final boolean[] convertedColumns;
    private final List<String> contactColumns;
    /** The table has the no-echo marker of change capture, which every write here sets. */
    private final boolean marker;

    public LeadConversions(ObjectMapping lead, ObjectMapping contact, TableSchema schema) {
        if (!lead.table().equalsIgnoreCase(contact.table())) {
            throw new IllegalArgumentException(lead.object() + " and " + contact.object() + " map to different tables ("
                    + lead.table() + ", " + contact.table() + "); conversions need one shared table");
        }
        this.lead = lead;
        this.contact = contact;
        this.table = lead.table();
        this.convertedColumns = new boolean[] {schema.has(CONVERTED_ACCOUNT_COLUMN),
                schema.has(CONVERTED_OPPORTUNITY_COLUMN), schema.has(CONVERTED_AT_COLUMN)};
        StringBuilder set = new StringBuilder();
        String[] names = {CONVERTED_ACCOUNT_COLUMN, CONVERTED_OPPORTUNITY_COLUMN, CONVERTED_AT_COLUMN};
        for (int i = 0; i < names.length; i++) {
            if (convertedColumns[i]) {
                set.append(", ").append(names[i]).append(" = ?");
            }
        }
        if (schema.has(ChangeCapture.PULL_REV)) {
            set.append(", ").append(ChangeCapture.PULL_REV).append(" = ").append(ChangeCapture.BUMP);
        }
        this.marker = schema.has(ChangeCapture.PULL_REV);
        this.convertedSet = set.toString();
        Set<String> cols = new LinkedHashSet<>();
        contact.pulledFields().forEach(f -> cols.add(f.column()));
        cols.remove(contact.idColumn());
        if (contact.typeColumn() != null) {
            cols.remove(contact.typeColumn());
        }
        this.contactColumns = new ArrayList<>(cols);
    }

    public Outcome apply(Connection c, String leadId, String contactId, String accountId, String opportunityId,
                         LocalDate convertedDate) throws SQLException {
        Long leadRow = rowOf(c, lead.idColumn(), leadId);
        Long contactRow = rowOf(c, contact.idColumn(), contactId);
        if (leadRow == null && contactRow == null) {
            return Outcome.NOT_LOCAL;
        }
        if (leadRow != null && leadRow.equals(contactRow)) {
            return Outcome.ALREADY_CONVERTED;
        }
        if (leadRow == null) {
            update(c, contactRow, lead.idColumn(), leadId, accountId, opportunityId, convertedDate);
            return Outcome.LINKED;
        }
        Outcome outcome = Outcome.CONVERTED;
        if (contactRow != null) {
            copyContactValues(c, contactRow, leadRow);
            repointReferences(c, contactRow, leadRow);
            if (marker) {
                // sfsync's own delete: marked first, so that change capture does not log it as a local delete
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + ChangeCapture.PULL_REV + " = "
                        + ChangeCapture.DELETING + " WHERE id = ?")) {
                    ps.setLong(1, contactRow);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, contactRow);
                ps.executeUpdate();
            }
            outcome = Outcome.MERGED;
        }
        update(c, leadRow, contact.idColumn(), contactId, accountId, opportunityId, convertedDate);
        return outcome;
    }

    private Long rowOf(Connection c, String idColumn, String sfId) throws SQLException {
        if (sfId == null) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE " + idColumn + " = ?")) {
            ps.setString(1, sfId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Sets the other object's id, the Contact type and the conversion columns on one row. */
    private void update(Connection c, long row, String idColumn, String sfId, String accountId, String opportunityId,
                        LocalDate convertedDate) throws SQLException {
        String type = contact.typeColumn() != null ? ", " + contact.typeColumn() + " = ?" : "";
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + idColumn + " = ?" + type
                + convertedSet + ", updated_at = CURRENT_TIMESTAMP WHERE id = ?")) {
            int i = 1;
            ps.setString(i++, sfId);
            if (contact.typeColumn() != null) {
                ps.setString(i++, contact.object());
            }
            if (convertedColumns[0]) {
                ps.setString(i++, accountId);
            }
            if (convertedColumns[1]) {
                ps.setString(i++, opportunityId);
            }
            if (convertedColumns[2]) {
                ps.setObject(i++, convertedDate);
            }
            ps.setLong(i, row);
            ps.executeUpdate();
        }
    }

    /** The Contact's pull already wrote the freshest Contact values on its own row; the kept row takes them over. */
    private void copyContactValues(Connection c, long from, long to) throws SQLException {
        if (contactColumns.isEmpty()) {
            return;
        }
        String cols = String.join(", ", contactColumns);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET (" + cols + ") = (SELECT " + cols
                + " FROM " + table + " WHERE id = ?)" + (marker ? ", " + ChangeCapture.PULL_REV + " = " + ChangeCapture.BUMP : "")
                + " WHERE id = ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.executeUpdate();
        }
    }

    /** Every foreign key that references the table's id moves from the duplicate row to the kept one. */
    private void repointReferences(Connection c, long from, long to) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String[]> refs = new ArrayList<>();
        try (ResultSet rs = md.getExportedKeys(null, null, SqlDialect.of(c).metadataName(table))) {
            while (rs.next()) {
                if ("id".equalsIgnoreCase(rs.getString("PKCOLUMN_NAME"))) {
                    refs.add(new String[] {rs.getString("FKTABLE_NAME"), rs.getString("FKCOLUMN_NAME")});
                }
            }
        }
        for (String[] ref : refs) {
            String mark = TableSchema.ofCycle(c, ref[0]).has(ChangeCapture.PULL_REV)
                    ? ", " + ChangeCapture.PULL_REV + " = " + ChangeCapture.BUMP : "";
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + ref[0] + " SET " + ref[1] + " = ?" + mark + " WHERE " + ref[1] + " = ?")) {
                ps.setLong(1, to);
                ps.setLong(2, from);
                ps.executeUpdate();
            }
        }
    }
}
