package io.sfsync.push;

import io.sfsync.deadletter.DeadLetter;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.CollectionResults;
import io.sfsync.status.StepLog;
import io.sfsync.store.ChangeLog;
import io.sfsync.store.ColumnValues;
import io.sfsync.store.LocalDeletes;
import io.sfsync.store.PushedLinks;
import io.sfsync.store.SyncKeys;
import io.sfsync.store.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push New (requirement S2): the bean behind {@code routes/push/push-new.camel.yaml}. Local rows of an object that have
 * no Salesforce id yet are created in Salesforce (a new person row of type Lead becomes a Lead), with every pushed
 * field that has a value, 200 records a call; the new ids are written back to the rows on the same transaction that
 * closes their change-log entries.
 * <p>
 * Creates are idempotent when the mapping names an {@code external-id} field: each record carries its row's sfsync key
 * ({@link SyncKeys}) and is upserted by it, so a create sent again after a lost answer or a crash finds the record
 * instead of making a second one. Without one, each create is recorded before the call ({@code sync_push_create}); a
 * row still recorded when the next step starts (the process stopped between the call and its bookkeeping) may exist in
 * Salesforce, so it is not created again: it goes to the dead-letter store as {@code CREATE_OUTCOME_UNKNOWN}.
 * A row with an open (New) Push New dead letter is left alone until the dead letter is replayed or discarded. With the
 * mapping's rules ({@link NewRowRules}: {@code push-only-when} (S11), strict value maps, {@code
 * push-created-after-enabling}, two-way links), only rows that meet them are created; the changes of the others are
 * closed as Superseded with the reason when the step starts, each row counted as skipped. Two-way links are filled
 * first ({@link PushedLinks}: a task's WhoId from its person).
 * <p>
 * Above {@code sfsync.push.bulk-threshold} rows, and only with an external id, a Bulk API 2.0 {@code upsert} job by
 * that field sends them ({@link PushBulk}); its results are matched back to the rows by their sfsync keys.
 */
public final class PushNew extends Pusher {

    public static final String OPERATION = "Push New";
    public static final String CREATE_OUTCOME_UNKNOWN = "CREATE_OUTCOME_UNKNOWN";
    /**
     * A column {@code without_<id-column>} of a table several objects share holds the row's type when that id is NULL
     * (HSQLDB's person, db/migration/hsqldb/V20_3): "= object" on it is "id IS NULL AND type = object", through an
     * index of just those rows. HSQLDB answers "id IS NULL" through the NULL entries of the id's unique index, which
     * hold every row of the other types as well.
     */
    static final String WITHOUT_ID_PREFIX = "without_";
    private static final Logger LOG = LoggerFactory.getLogger(PushNew.class);

    private final SyncKeys syncKeys;

    public PushNew(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, String apiVersion,
                   int maxRetries, long initialDelayMs, long maxDelayMs, int bulkThreshold, SyncKeys syncKeys) {
        super(dataSource, stepLog, mappings, apiVersion, maxRetries, initialDelayMs, maxDelayMs, bulkThreshold);
        this.syncKeys = syncKeys;
    }

    @Override
    String operation() {
        return OPERATION;
    }

    @Override
    boolean created() {
        return true;
    }

    @Override
    void started(PushStep step) throws SQLException {
        Connection c = step.connection;
        ObjectMapping m = step.mapping;
        if (m.externalId() != null) {
            step.databaseKey = syncKeys.databaseKey(c);
        }
        // Creates an earlier step sent without learning their outcome.
        List<Long> unknown = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.row_id FROM sync_push_create p JOIN " + m.table()
                + " t ON t.id = p.row_id WHERE p.table_name = ? AND p.object_name = ? AND t." + m.idColumn() + " IS NULL")) {
            ps.setString(1, m.table().toLowerCase(Locale.ROOT));
            ps.setString(2, m.object());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unknown.add(rs.getLong(1));
                }
            }
        }
        for (long rowId : unknown) {
            PushStep.Candidate r = new PushStep.Candidate(rowId, Long.MAX_VALUE, null, Map.of());
            deadLetter(step, r, CREATE_OUTCOME_UNKNOWN, "the create of this row was sent and its answer never recorded (the "
                    + "process stopped, or the answer was lost): the record may exist in Salesforce, and a pull then "
                    + "brings it in as a second row. Look for it in Salesforce: if it is there, delete this row (or the "
                    + "pulled one and write its id into " + m.table() + "." + m.idColumn() + "); if not, discard this "
                    + "dead letter and the next cycle creates it. An external-id in the mapping makes creates safe to "
                    + "repeat (docs/mappings.md).");
            step.uncommittedFailed++;
        }
        PushedLinks.fill(c, m, mappings.values());
        step.newRowRules = NewRowRules.of(c, m, step.table);
        skipRowsNotAdmitted(step);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_push_create WHERE table_name = ? AND object_name = ?")) {
            ps.setString(1, m.table().toLowerCase(Locale.ROOT));
            ps.setString(2, m.object());
            ps.executeUpdate();
        }
        c.commit();
        if (!unknown.isEmpty()) {
            LOG.warn("{} {}: {} create(s) of an earlier run have no known outcome; sent to the dead-letter store as {}",
                    m.object(), OPERATION, unknown.size(), CREATE_OUTCOME_UNKNOWN);
        }
    }

    @Override
    List<PushStep.Candidate> readCandidates(PushStep step, int max) throws SQLException {
        ObjectMapping m = step.mapping;
        Connection c = step.connection;
        List<FieldMapping> pushed = pushedFields(m);
        StringBuilder sql = new StringBuilder("SELECT t.id");
        for (FieldMapping f : pushed) {
            sql.append(", t.").append(f.column());
        }
        sql.append(newRows(step, true)).append(" AND t.id > ? ORDER BY t.id LIMIT ?");
        List<PushStep.Candidate> out = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = bindNewRows(ps, step, 1);
            ps.setLong(i++, step.afterRowId);
            ps.setInt(i, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    row.put("id", rs.getLong(1));
                    int col = 2;
                    for (FieldMapping f : pushed) {
                        row.put(f.column().toLowerCase(Locale.ROOT), rs.getObject(col++));
                    }
                    rows.add(row);
                }
            }
        }
        if (rows.size() < max) {
            step.noMoreRows = true;
        }
        if (rows.isEmpty()) {
            return out;
        }
        step.afterRowId = (Long) rows.get(rows.size() - 1).get("id");
        Map<Long, Long> lastChange = lastChanges(c, m.table(), rows);
        for (Map<String, Object> row : rows) {
            long rowId = (Long) row.get("id");
            List<FieldMapping> withValues = new ArrayList<>();
            for (FieldMapping f : pushed) {
                if (row.get(f.column().toLowerCase(Locale.ROOT)) != null) {
                    withValues.add(f);
                }
            }
            String[] why = new String[2];
            Map<String, Object> fields = salesforceFields(m, withValues, row, why);
            PushStep.Candidate candidate = new PushStep.Candidate(rowId, lastChange.getOrDefault(rowId, 0L), null,
                    fields == null ? Map.of() : fields);
            if (fields == null) {
                notSent(step, candidate, why);
                continue;
            }
            if (m.externalId() != null) {
                Map<String, Object> keyed = new LinkedHashMap<>(fields);
                keyed.put(m.externalId(), SyncKeys.rowKey(step.databaseKey, m.table(), rowId));
                candidate = new PushStep.Candidate(rowId, candidate.lastChangeId, null, keyed);
            }
            out.add(candidate);
        }
        return out;
    }

    /**
     * New rows that the mapping's rules keep back ({@link NewRowRules}: push-only-when, a value no strict value map
     * lists, created before the object's sync was enabled, linked to a parent not in Salesforce) and that have open
     * changes: their changes are closed as Superseded with the reason, and each is counted as skipped, so that they do
     * not pile up. The rows stay as they are; one that comes to meet the rules is created by a later step.
     */
    private static void skipRowsNotAdmitted(PushStep step) throws SQLException {
        ObjectMapping m = step.mapping;
        NewRowRules rules = step.newRowRules;
        if (rules.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(rules.columns());
        StringBuilder select = new StringBuilder("SELECT t.id");
        columns.forEach(col -> select.append(", t.").append(col));
        String openChanges = " FROM sync_change c WHERE c.table_name = ? AND c.status = ? AND c.row_id = t.id";
        String sql = select + ", (SELECT MAX(c.id)" + openChanges + ")" + newRows(step, false)
                + " AND EXISTS (SELECT 1" + openChanges + ")";
        String table = m.table().toLowerCase(Locale.ROOT);
        List<Object[]> skipped = new ArrayList<>();
        try (PreparedStatement ps = step.connection.prepareStatement(sql)) {
            ps.setString(1, table);
            ps.setString(2, ChangeLog.OPEN);
            int i = bindNewRows(ps, step, 3);
            ps.setString(i++, table);
            ps.setString(i, ChangeLog.OPEN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int k = 0; k < columns.size(); k++) {
                        row.put(columns.get(k), rs.getObject(k + 2));
                    }
                    skipped.add(new Object[] {rs.getLong(1), rules.reason(row), rs.getLong(columns.size() + 2)});
                }
            }
        }
        for (Object[] row : skipped) {
            String reason = (String) row[1];
            ChangeLog.close(step.connection, m.table(), (Long) row[0], (Long) row[2], ChangeLog.SUPERSEDED,
                    step.getStepId(), reason + " (row " + m.table() + "." + row[0] + ")");
            step.skip(reason);
        }
    }

    /**
     * FROM and WHERE of the rows Push New sends: no Salesforce id, of this object, not deleted in Salesforce, without
     * an open Push New dead letter, and meeting the mapping's rules ({@code admitted}: push-only-when, strict value maps,
     * push-created-after-enabling, two-way links; see {@link NewRowRules}) or not (the rows they keep back). Its
     * parameters are bound by {@link #bindNewRows}.
     */
    private static String newRows(PushStep step, boolean admitted) {
        ObjectMapping m = step.mapping;
        StringBuilder sql = new StringBuilder(" FROM ").append(m.table()).append(" t WHERE ")
                .append(withoutId(m, step.table));
        if (step.tableHas(LocalDeletes.TOMBSTONE_COLUMN)) {
            sql.append(" AND t.").append(LocalDeletes.TOMBSTONE_COLUMN).append(" IS NULL");
        }
        sql.append(step.newRowRules.sql(admitted));
        if (step.onlyRows != null) {
            // a priority sync or a replay: these rows, also when their create has an open dead letter
            sql.append(" AND t.id IN (").append(String.join(", ", java.util.Collections.nCopies(step.onlyRows.size(), "?")))
                    .append(')');
        } else {
            // a row whose create Salesforce refused waits for its dead letter to be replayed or discarded
            sql.append(" AND NOT EXISTS (SELECT 1 FROM dead_letter d WHERE d.object_name = ? AND d.operation = ? AND "
                    + "d.status = ? AND d.record_id = CAST(? AS VARCHAR(140)) || CAST(t.id AS VARCHAR(20)))");
        }
        return sql.toString();
    }

    /**
     * The condition on {@code t} of the rows of this object without a Salesforce id; with a type column, the object is
     * its one parameter.
     */
    static String withoutId(ObjectMapping m, TableSchema table) {
        if (m.typeColumn() == null) {
            return "t." + m.idColumn() + " IS NULL";
        }
        if (table.has(WITHOUT_ID_PREFIX + m.idColumn())) {
            return "t." + WITHOUT_ID_PREFIX + m.idColumn() + " = ?";
        }
        return "t." + m.idColumn() + " IS NULL AND t." + m.typeColumn() + " = ?";
    }

    /** Binds the parameters of {@link #newRows} from index {@code first}; returns the index of the next one. */
    private static int bindNewRows(PreparedStatement ps, PushStep step, int first) throws SQLException {
        ObjectMapping m = step.mapping;
        int i = first;
        if (m.typeColumn() != null) {
            ps.setString(i++, m.object());
        }
        i = step.newRowRules.bind(ps, i);
        if (step.onlyRows != null) {
            for (long rowId : step.onlyRows) {
                ps.setLong(i++, rowId);
            }
            return i;
        }
        ps.setString(i++, m.object());
        ps.setString(i++, OPERATION);
        ps.setString(i++, DeadLetter.NEW);
        ps.setString(i++, m.table().toLowerCase(Locale.ROOT) + ".");
        return i;
    }

    /**
     * The rows {@link #readCandidates} would select. Without an external id the step never uses Bulk API 2.0 (-1): an
     * ingest job's results carry only the uploaded columns, in no promised order, so nothing in them ties a created
     * record to its row.
     */
    @Override
    long countToSend(PushStep step) throws SQLException {
        if (step.mapping.externalId() == null) {
            return -1;
        }
        try (PreparedStatement ps = step.connection.prepareStatement("SELECT COUNT(*)" + newRows(step, true))) {
            bindNewRows(ps, step, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    OperationEnum bulkOperation(PushStep step) {
        return OperationEnum.UPSERT;
    }

    @Override
    String bulkKeyColumn(PushStep step) {
        return step.mapping.externalId();
    }

    /** Every pushed field: a row's cell of a field without a value stays empty. */
    @Override
    List<String> bulkFields(PushStep step) {
        List<String> out = new ArrayList<>();
        for (FieldMapping f : pushedFields(step.mapping)) {
            out.add(f.sf());
        }
        return out;
    }

    @Override
    String bulkKey(PushStep step, PushStep.Candidate record) {
        Object key = record.fields.get(step.mapping.externalId());
        return key == null ? null : key.toString();
    }

    /** The newest open change-log entry of each row: the push closes its entries up to it. */
    private static Map<Long, Long> lastChanges(Connection c, String table, List<Map<String, Object>> rows) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT row_id, MAX(id) FROM sync_change WHERE table_name = ? AND status = ? "
                + "AND row_id IN (");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(") GROUP BY row_id");
        Map<Long, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, table.toLowerCase(Locale.ROOT));
            ps.setString(2, ChangeLog.OPEN);
            for (int i = 0; i < rows.size(); i++) {
                ps.setLong(i + 3, (Long) rows.get(i).get("id"));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    /** Without an external id, each create is recorded (and committed) before it is sent. */
    @Override
    void beforeSend(PushStep step, List<PushStep.Candidate> records) throws SQLException {
        if (step.mapping.externalId() != null) {
            return;
        }
        try (PreparedStatement ps = step.connection.prepareStatement(
                "INSERT INTO sync_push_create (table_name, row_id, object_name, step_id) VALUES (?, ?, ?, ?)")) {
            for (PushStep.Candidate r : records) {
                if (r.attempts > 0) {
                    continue; // sent before: recorded then
                }
                ps.setString(1, step.mapping.table().toLowerCase(Locale.ROOT));
                ps.setLong(2, r.rowId);
                ps.setString(3, step.mapping.object());
                ps.setLong(4, step.getStepId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        step.connection.commit();
    }

    /** The same creates again after a lost answer: safe with an external id, refused without one. */
    @Override
    void resending(PushStep step) {
        if (step.mapping.externalId() == null) {
            throw new IllegalStateException("the answer to the create of " + step.batch.records().size() + " "
                    + step.mapping.object() + " record(s) was lost; they are not sent again, so that none is created "
                    + "twice: the next Push New sends them to the dead-letter store as " + CREATE_OUTCOME_UNKNOWN
                    + " (an external-id in the mapping makes creates safe to repeat)");
        }
    }

    @Override
    String path(PushStep step) {
        ObjectMapping m = step.mapping;
        return m.externalId() == null ? collectionsPath() : collectionsPath() + "/" + m.object() + "/" + m.externalId();
    }

    @Override
    String method(PushStep step) {
        return step.mapping.externalId() == null ? "POST" : "PATCH";
    }

    /** Writes the new Salesforce id back to the row. */
    @Override
    void succeeded(PushStep step, PushStep.Candidate record, CollectionResults.Result result) throws SQLException {
        step.books().writeId(record.rowId, result.id());
        if (step.mapping.externalId() == null) {
            step.books().forgetCreate(record.rowId);
        }
    }

    @Override
    void deadLetter(PushStep step, PushStep.Candidate r, String code, String message) throws SQLException {
        super.deadLetter(step, r, code, message);
        forget(step, r);
    }

    private static void forget(PushStep step, PushStep.Candidate record) throws SQLException {
        if (step.mapping.externalId() != null) {
            return;
        }
        try (PreparedStatement ps = step.connection.prepareStatement(
                "DELETE FROM sync_push_create WHERE table_name = ? AND row_id = ?")) {
            ps.setString(1, step.mapping.table().toLowerCase(Locale.ROOT));
            ps.setLong(2, record.rowId);
            ps.executeUpdate();
        }
    }

    @Override
    String recordId(PushStep step, PushStep.Candidate record) {
        return step.mapping.table().toLowerCase(Locale.ROOT) + "." + record.rowId;
    }
}
