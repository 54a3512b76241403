package io.sfsync.push;

import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.mapping.PushOnlyWhen;
import io.sfsync.status.StepLog;
import io.sfsync.store.ChangeLog;
import io.sfsync.store.LocalDeletes;
import io.sfsync.store.PushedLinks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;

/**
 * Push Updates (requirement S2): the bean behind {@code routes/push/push-updates.camel.yaml}. Local changes to the
 * pushed columns of rows that have a Salesforce id reach Salesforce: only the fields whose columns changed (from the
 * change log), with their current values, {@code push-values} applied, 200 records a call. A row belongs to the object
 * its type column names (a converted Lead's person row is the Contact's); rows without a Salesforce id are Push New's.
 * A row the mapping's {@code push-only-when} keeps back (S11) is not sent: its changes are closed as Superseded with the
 * reason, and it is counted as skipped.
 * Above {@code sfsync.push.bulk-threshold} rows, a Bulk API 2.0 {@code update} job sends them ({@link PushBulk}): a
 * row's cell of a field it did not change stays empty, which Bulk API 2.0 reads as "leave as it is".
 */
public final class PushUpdates extends Pusher {

    public static final String OPERATION = "Push Updates";

    public PushUpdates(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, String apiVersion,
                       int maxRetries, long initialDelayMs, long maxDelayMs, int bulkThreshold) {
        super(dataSource, stepLog, mappings, apiVersion, maxRetries, initialDelayMs, maxDelayMs, bulkThreshold);
    }

    @Override
    String operation() {
        return OPERATION;
    }

    @Override
    boolean created() {
        return false;
    }

    /** A replay pushes the row's failed changes again: their entries are opened on the step's transaction. */
    @Override
    void started(PushStep step) throws SQLException {
        if (PushedLinks.fill(step.connection, step.mapping, mappings.values()) > 0) {
            step.connection.commit(); // logged as local changes: read by this step
        }
        if (step.replay != null) {
            ChangeLog.reopenFailed(step.connection, step.mapping.table(), step.replay.getRowId(), false);
        }
    }

    @Override
    List<PushStep.Candidate> readCandidates(PushStep step, int max) throws SQLException {
        ObjectMapping m = step.mapping;
        Connection c = step.connection;
        List<ChangeLog.PendingRow> pending = ChangeLog.pendingRows(c, m.table(), step.afterRowId, max);
        if (pending.isEmpty()) {
            step.noMoreRows = true;
            return List.of();
        }
        step.afterRowId = pending.get(pending.size() - 1).rowId();
        List<FieldMapping> pushed = pushedFields(m);
        Set<String> columns = new LinkedHashSet<>();
        columns.add(m.idColumn());
        if (m.typeColumn() != null) {
            columns.add(m.typeColumn());
        }
        boolean tombstones = step.tableHas(LocalDeletes.TOMBSTONE_COLUMN);
        if (tombstones) {
            columns.add(LocalDeletes.TOMBSTONE_COLUMN);
        }
        pushed.forEach(f -> columns.add(f.column()));
        PushOnlyWhen only = m.pushOnlyWhen();
        if (only != null) {
            columns.add(only.column());
        }
        List<Long> ids = new ArrayList<>();
        pending.forEach(p -> ids.add(p.rowId()));
        Map<Long, Map<String, Object>> rows = loadRows(c, m.table(), columns, ids);
        List<PushStep.Candidate> out = new ArrayList<>();
        for (ChangeLog.PendingRow p : pending) {
            if (step.onlyRows != null && !step.onlyRows.contains(p.rowId())) {
                continue;
            }
            Map<String, Object> row = rows.get(p.rowId());
            if (row == null) {
                ChangeLog.close(c, m.table(), p.rowId(), p.lastChangeId(), ChangeLog.SUPERSEDED, step.getStepId(),
                        "the row no longer exists");
                continue;
            }
            if (!belongsTo(m, row)) {
                continue; // another object's row (Lead and Contact share person)
            }
            String sfId = (String) row.get(m.idColumn().toLowerCase(Locale.ROOT));
            if (sfId == null) {
                continue; // not in Salesforce yet: Push New creates it
            }
            if (tombstones && row.get(LocalDeletes.TOMBSTONE_COLUMN) != null) {
                ChangeLog.close(c, m.table(), p.rowId(), p.lastChangeId(), ChangeLog.SUPERSEDED, step.getStepId(),
                        "the record was deleted in Salesforce");
                step.skip("a change to a record deleted in Salesforce");
                continue;
            }
            if (only != null && !only.admits(row.get(only.column()))) {
                String reason = only.reason(row.get(only.column()), m);
                ChangeLog.close(c, m.table(), p.rowId(), p.lastChangeId(), ChangeLog.SUPERSEDED, step.getStepId(), reason);
                step.skip(reason);
                continue;
            }
            List<FieldMapping> changed = new ArrayList<>();
            for (FieldMapping f : pushed) {
                if (p.columns().contains(f.column().toLowerCase(Locale.ROOT))) {
                    changed.add(f);
                }
            }
            if (changed.isEmpty()) {
                ChangeLog.close(c, m.table(), p.rowId(), p.lastChangeId(), ChangeLog.SUPERSEDED, step.getStepId(),
                        "no column pushed for " + m.object() + " changed");
                continue;
            }
            String[] why = new String[2];
            Map<String, Object> fields = salesforceFields(m, changed, row, why);
            PushStep.Candidate candidate = new PushStep.Candidate(p.rowId(), p.lastChangeId(), sfId, fields);
            if (fields == null) {
                notSent(step, candidate, why);
                continue;
            }
            out.add(candidate);
        }
        return out;
    }

    /** Distinct rows with open inserts or updates that are this object's and have a Salesforce id. */
    @Override
    long countToSend(PushStep step) throws SQLException {
        ObjectMapping m = step.mapping;
        String sql = "SELECT COUNT(DISTINCT c.row_id) FROM sync_change c JOIN " + m.table() + " t ON t.id = c.row_id "
                + "WHERE c.table_name = ? AND c.status = ? AND c.change_type IN ('I', 'U') AND t." + m.idColumn()
                + " IS NOT NULL" + (m.typeColumn() == null ? "" : " AND UPPER(t." + m.typeColumn() + ") = UPPER(?)");
        try (PreparedStatement ps = step.connection.prepareStatement(sql)) {
            ps.setString(1, m.table().toLowerCase(Locale.ROOT));
            ps.setString(2, ChangeLog.OPEN);
            if (m.typeColumn() != null) {
                ps.setString(3, m.object());
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    OperationEnum bulkOperation(PushStep step) {
        return OperationEnum.UPDATE;
    }

    @Override
    String bulkKeyColumn(PushStep step) {
        return "Id";
    }

    /** The pushed fields whose columns changed in any open entry of the table: the union of what the rows send. */
    @Override
    List<String> bulkFields(PushStep step) throws SQLException {
        ObjectMapping m = step.mapping;
        Set<String> changed = new HashSet<>();
        try (PreparedStatement ps = step.connection.prepareStatement("SELECT DISTINCT changed_columns FROM sync_change "
                + "WHERE table_name = ? AND status = ? AND change_type IN ('I', 'U')")) {
            ps.setString(1, m.table().toLowerCase(Locale.ROOT));
            ps.setString(2, ChangeLog.OPEN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (String col : rs.getString(1).split(",")) {
                        changed.add(col.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (FieldMapping f : pushedFields(m)) {
            if (changed.contains(f.column().toLowerCase(Locale.ROOT))) {
                out.add(f.sf());
            }
        }
        return out;
    }

    @Override
    String bulkKey(PushStep step, PushStep.Candidate record) {
        return record.sfId;
    }

    /** True when the row is this object's: its type column (when the table has one) names the object. */
    static boolean belongsTo(ObjectMapping m, Map<String, Object> row) {
        if (m.typeColumn() == null) {
            return true;
        }
        Object type = row.get(m.typeColumn().toLowerCase(Locale.ROOT));
        return type != null && m.object().equalsIgnoreCase(type.toString());
    }

    @Override
    String method(PushStep step) {
        return "PATCH";
    }
}
