package io.sfsync.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.admin.BadParameterException;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.pull.SyncSchema;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.salesforce.Soql;
import io.sfsync.status.StepCounts;
import io.sfsync.store.ChangeLog;
import io.sfsync.store.RecordWriter;
import io.sfsync.store.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Priority sync (requirement S8): the bean behind {@code routes/push/sync-now.camel.yaml}. One local row (by id), or
 * every row with one email address, is pushed at once, outside the cycle's rhythm (Push New when it has no Salesforce
 * id yet, else Push Updates of its open changes), then pulled back from Salesforce, so the row shows what Salesforce
 * now holds (formula fields, owner, ...). It holds the object's lock meanwhile, so it never runs at the same time as the
 * cycle's steps for that object.
 */
public final class PrioritySync {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Map<String, ObjectMapping> mappings;
    private final SyncSchema schema;

    public PrioritySync(DataSource dataSource, Map<String, ObjectMapping> mappings, SyncSchema schema) {
        this.dataSource = dataSource;
        this.mappings = mappings;
        this.schema = schema;
    }

    /** One row to sync now, and what happened to it. */
    public static final class Target {
        private final String object;
        private final String table;
        private final long rowId;
        String salesforceId;
        final Map<String, Integer> pushed = new LinkedHashMap<>();
        String pulledBack;
        String error;
        /** A row deleted locally, whose delete a replay sends again. */
        boolean deleted;
        /** A dead-letter replay: the dead letter whose record this priority sync pushes again; null otherwise. */
        DeadLetter replayOf;
        /** The replay's push succeeded: the dead letter was closed on the transaction of its bookkeeping. */
        boolean replayed;
        /** Why Salesforce (or the local value check) refused the replayed record again. */
        String replayError;

        Target(String object, String table, long rowId) {
            this.object = object;
            this.table = table;
            this.rowId = rowId;
        }

        public String getObject() {
            return object;
        }

        public long getRowId() {
            return rowId;
        }

        /** The row was deleted locally: only its delete is pushed (the replay of a Push Deletes dead letter). */
        public boolean isDeleted() {
            return deleted;
        }

        /** The dead letter a replay pushes again, when the push step is the one that failed it. */
        DeadLetter replayFor(String operation) {
            return replayOf != null && replayOf.operation().equals(operation) ? replayOf : null;
        }
    }

    /** The priority sync's own id in the status log, in place of a cycle id; its steps read the tables afresh. */
    public String newCycleId() {
        TableSchema.newCycle();
        return UUID.randomUUID().toString();
    }

    /**
     * The rows to sync: {@code table} and either {@code id} (the row's id) or {@code email} (every row with that
     * address, in the column the table's mappings map to Salesforce's Email).
     */
    public List<Target> targets(String table, String id, String email) throws SQLException {
        if (table == null || table.isBlank()) {
            throw new BadParameterException("table is required: the local table of the row, e.g. table=person");
        }
        if ((id == null || id.isBlank()) == (email == null || email.isBlank())) {
            throw new BadParameterException("give either id (the row's id) or email, not both and not neither");
        }
        List<ObjectMapping> onTable = new ArrayList<>();
        for (ObjectMapping m : mappings.values()) {
            if (m.table().equalsIgnoreCase(table) && !Pusher.pushedFields(m).isEmpty()) {
                onTable.add(m);
            }
        }
        if (onTable.isEmpty()) {
            throw new BadParameterException("no mapping pushes table '" + table + "'");
        }
        ObjectMapping first = onTable.get(0);
        String where;
        Object value;
        if (id != null && !id.isBlank()) {
            try {
                value = Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                throw new BadParameterException("id must be a whole number (the row's id), got '" + id + "'");
            }
            where = "id = ?";
        } else {
            String emailColumn = null;
            for (FieldMapping f : first.fields()) {
                if (f.sf().equalsIgnoreCase("Email")) {
                    emailColumn = f.column();
                }
            }
            if (emailColumn == null) {
                throw new BadParameterException("table '" + table + "' maps no Email field; sync it by id");
            }
            where = "LOWER(" + emailColumn + ") = ?";
            value = email.trim().toLowerCase(Locale.ROOT);
        }
        List<Target> out = new ArrayList<>();
        String typeColumn = first.typeColumn();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id" + (typeColumn == null ? "" : ", " + typeColumn)
                     + " FROM " + first.table() + " WHERE " + where + " ORDER BY id")) {
            ps.setObject(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = typeColumn == null ? null : rs.getString(2);
                    ObjectMapping m = onTable.stream()
                            .filter(x -> typeColumn == null || x.object().equalsIgnoreCase(type)).findFirst().orElse(null);
                    if (m != null) {
                        out.add(new Target(m.object(), m.table(), rs.getLong(1)));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadParameterException("no row of table '" + table + "' with " + (id != null && !id.isBlank()
                    ? "id " + id : "email " + email) + " that a mapping pushes");
        }
        return out;
    }

    /**
     * The target of a Push Deletes dead letter's replay: a row deleted locally, of an object whose mapping pushes
     * deletes.
     */
    public Target deletedRow(String object, String table, long rowId) {
        ObjectMapping m = mappings.get(object);
        if (m == null || !m.pushDeletes() || !m.table().equalsIgnoreCase(table)) {
            throw new BadParameterException(object + " does not push the deletes of table " + table
                    + " (not synced, or push-deletes is not true in its mapping)");
        }
        Target t = new Target(object, m.table(), rowId);
        t.deleted = true;
        return t;
    }

    /** Adds what a push step did for the target. */
    public void pushed(Target target, PushStep step) {
        StepCounts n = step.counts;
        if (n.created() > 0) {
            target.pushed.merge("created", n.created(), Integer::sum);
        }
        if (n.updated() > 0) {
            target.pushed.merge("updated", n.updated(), Integer::sum);
        }
        if (n.deleted() > 0) {
            target.pushed.merge("deleted", n.deleted(), Integer::sum);
        }
        if (n.failed() > 0) {
            target.pushed.merge("failed", n.failed(), Integer::sum);
        }
        if (n.skipped() > 0) {
            target.pushed.merge("skipped", n.skipped(), Integer::sum);
        }
    }

    /**
     * The query that reads the record back, or null when the row has no Salesforce id (its create failed) or
     * Salesforce refused its push: then the row keeps its local values, for the dead letter's replay once they are
     * fixed.
     */
    public String soql(Target target) throws SQLException {
        ObjectMapping m = mappings.get(target.object);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + m.idColumn() + " FROM " + m.table() + " WHERE id = ?")) {
            ps.setLong(1, target.rowId);
            try (ResultSet rs = ps.executeQuery()) {
                target.salesforceId = rs.next() ? rs.getString(1) : null;
            }
        }
        if (target.salesforceId != null && target.pushed.containsKey("failed")) {
            target.pulledBack = "not read back: the push failed, the row keeps its local values";
            return null;
        }
        return target.salesforceId == null ? null : "SELECT " + String.join(", ", m.pullSelectFields()) + " FROM "
                + m.object() + " WHERE Id = " + Soql.quote(target.salesforceId);
    }

    /** Writes the record Salesforce holds now into the row (on one transaction, local changes weighed as in a pull). */
    public void pullBack(Target target, InputStream body) throws IOException, SQLException {
        List<Map<String, Object>> records = QueryPage.parse(body).records();
        if (records.isEmpty()) {
            target.pulledBack = "not found in Salesforce";
            return;
        }
        ObjectMapping m = mappings.get(target.object).withoutFields(schema.unreadableFields(mappings.get(target.object)));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RecordWriter writer = new RecordWriter(m, TableSchema.read(c, m.table()), schema.formulaColumns(m));
                RecordWriter.PageCounts pc = writer.write(c, records, false,
                        ChangeLog.openUpdates(c, m.table(), m.idColumn(), List.of(target.salesforceId)));
                c.commit();
                target.pulledBack = pc.updated() > 0 ? "updated"
                        : !pc.unsynced().isEmpty() ? "skipped: " + pc.unsynced().keySet().iterator().next()
                        : pc.failed().isEmpty() ? "unchanged"
                        : "failed: " + pc.failed().get(0).message();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A failure of the priority sync of one row: said in the answer (and by the failed step in the status log). */
    public void failed(Target target, Exception cause) {
        target.error = ErrorText.describe(cause);
    }

    /** The answer: for each row, its object, Salesforce id, what was pushed, what the pull back did, or the error. */
    public String report(List<Target> targets) throws JsonProcessingException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Target t : targets) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("table", t.table);
            r.put("id", t.rowId);
            r.put("object", t.object);
            r.put("salesforceId", t.salesforceId);
            r.put("pushed", t.pushed);
            r.put("pulledBack", t.pulledBack);
            if (t.error != null) {
                r.put("error", t.error);
            }
            out.add(r);
        }
        return JSON.writeValueAsString(out);
    }
}
