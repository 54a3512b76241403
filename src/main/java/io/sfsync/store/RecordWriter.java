package io.sfsync.store;

import io.sfsync.mapping.ValueText;
import io.sfsync.salesforce.FieldReader;
import java.time.OffsetDateTime;
import io.sfsync.mapping.ChangeDetection;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.MappingTransformer;
import io.sfsync.mapping.ObjectMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.sfsync.store.dialect.SqlDialect;

/**
 * Writes one page of pulled Salesforce records into the mapped local table, on the caller's
 * connection and transaction. New records are inserted, changed ones updated, and records
 * whose mapped fields are unchanged (S4) or that the sync filter excludes (S5) are skipped.
 * A tombstoned row (deleted in Salesforce, see {@link LocalDeletes}) whose record is pulled
 * again, because it was undeleted, is updated and its tombstone cleared.
 * Table and column names come from validated mapping files; values are always bound.
 */
public final class RecordWriter {

    private static final int LOOKUP_CHUNK = 500;
    /** Fewer new rows than this are inserted by a JDBC batch: COPY pays for a first pull's pages, not for a few rows. */
    static final int COPY_MIN_ROWS = 100;

    private final ObjectMapping mapping;
    /** The pulled fields, in the order of {@link #columns} (their columns). */
    private final List<FieldMapping> pulled;
    private final List<String> columns;
    /** JDBC type of each column, resolved once: looked up for every value of every record otherwise. */
    private final Map<String, Integer> types;
    /** The JDBC types of {@link #columns}, in their order. */
    private final int[] pulledTypes;
    /** What {@link #streamNew} reads of a record: its Id, then the pulled fields in the order of {@link #pulled}. */
    private final List<String> streamedFields;
    private final ChangeDetection changes;
    private final String insertSql;
    /** COPY of the insert's columns where the database has it and every column's text form is exact; else null. */
    private final String copySql;
    private final boolean marks;
    private final String updateSql;
    /** The table keeps deleted records as tombstones: a record pulled again (undeleted in Salesforce) is revived. */
    private final boolean revives;

    /**
     * @param formulaColumns columns of formula fields: written with the record, but their
     *                       changes alone do not make a record changed (S6)
     */
    public RecordWriter(ObjectMapping mapping, TableSchema schema, Set<String> formulaColumns) {
        this.mapping = mapping;
        this.pulled = mapping.pulledFields();
        this.columns = pulled.stream().map(FieldMapping::column).toList();
        Map<String, Integer> typeByColumn = new HashMap<>();
        for (String c : columns) {
            typeByColumn.put(c, schema.typeOf(c));
        }
        this.types = typeByColumn;
        this.pulledTypes = columns.stream().mapToInt(typeByColumn::get).toArray();
        List<String> streamed = new ArrayList<>();
        streamed.add("Id");
        pulled.forEach(f -> streamed.add(f.sf()));
        this.streamedFields = List.copyOf(streamed);
        List<String> insertCols = new ArrayList<>();
        insertCols.add(mapping.idColumn());
        if (mapping.typeColumn() != null) {
            insertCols.add(mapping.typeColumn());
        }
        insertCols.addAll(columns);
        // the no-echo marker (ChangeCapture): change capture skips rows sfsync writes
        this.marks = schema.has(ChangeCapture.PULL_REV);
        this.insertSql = "INSERT INTO " + mapping.table() + " (" + String.join(", ", insertCols)
                + (marks ? ", " + ChangeCapture.PULL_REV : "") + ") VALUES ("
                + String.join(", ", Collections.nCopies(insertCols.size(), "?")) + (marks ? ", " + ChangeCapture.INSERTED : "")
                + ")";
        List<String> copyCols = new ArrayList<>(insertCols);
        if (marks) {
            copyCols.add(ChangeCapture.PULL_REV);
        }
        this.copySql = CopyRows.copies(columns.stream().map(typeByColumn::get).toList())
                ? CopyRows.sql(mapping.table(), copyCols) : null;
        StringBuilder set = new StringBuilder();
        for (String c : columns) {
            set.append(c).append(" = ?, ");
        }
        if (marks) {
            set.append(ChangeCapture.PULL_REV).append(" = ").append(ChangeCapture.BUMP).append(", ");
        }
        this.revives = schema.has(LocalDeletes.TOMBSTONE_COLUMN);
        if (revives && mapping.typeColumn() == null) {
            set.append(LocalDeletes.TOMBSTONE_COLUMN).append(" = NULL, ");
        } else if (revives) {
            // in a shared table only a tombstone of this object's type is cleared (a converted Lead's row is a
            // Contact's: the Contact's deletion stays)
            set.append(LocalDeletes.TOMBSTONE_COLUMN).append(" = CASE WHEN ").append(mapping.typeColumn())
                    .append(" = ? THEN NULL ELSE ").append(LocalDeletes.TOMBSTONE_COLUMN).append(" END, ");
        }
        this.updateSql = "UPDATE " + mapping.table() + " SET " + set + "updated_at = CURRENT_TIMESTAMP WHERE "
                + mapping.idColumn() + " = ?";
        this.changes = new ChangeDetection(columns, formulaColumns, mapping.object(), mapping.typeColumn(),
                revives ? LocalDeletes.TOMBSTONE_COLUMN : null);
    }

    /**
     * What one page did; {@code failed} records were not written and go to the dead-letter store; {@code conflicts}
     * are the fields changed on both sides, decided by the mapping's conflict policy; {@code unsynced}: the skipped
     * records whose value a strict value map ({@code values}) does not list, their ids by reason (also in
     * {@code skipped}).
     */
    public record PageCounts(int created, int updated, int skipped, List<Failure> failed, List<Conflict> conflicts,
                             Map<String, List<String>> unsynced) {
    }

    /**
     * A field changed locally (not pushed yet) and in Salesforce since the last sync. {@code localWins}: the local
     * value stays and will be pushed; otherwise Salesforce's value is written and the local change is dropped.
     */
    public record Conflict(String sfId, long rowId, String column, Object localValue, Object salesforceValue,
                           OffsetDateTime localChangedAt, OffsetDateTime salesforceChangedAt, boolean localWins) {
    }

    /** A record that could not be written locally, with the reason. */
    public record Failure(String id, Map<String, Object> record, String errorCode, String message) {
    }

    public PageCounts write(Connection c, List<Map<String, Object>> sfRecords) throws SQLException {
        return write(c, sfRecords, false, Map.of());
    }

    public PageCounts write(Connection c, List<Map<String, Object>> sfRecords, boolean allNew) throws SQLException {
        return write(c, sfRecords, allNew, Map.of());
    }

    /**
     * True when the table holds no record of this mapping's object (no row with its id column set): a first
     * pull into it that reads every record once (a Bulk API query job) can insert without looking rows up.
     */
    public boolean holdsNone(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + mapping.table() + " WHERE "
                + mapping.idColumn() + " IS NOT NULL LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return !rs.next();
        }
    }

    /**
     * Writes one page. {@code allNew}: the caller knows none of these records is in the table (see
     * {@link #holdsNone}), so they are inserted without the look-up that tells new records from changed ones.
     * {@code localChanges}: the open local changes of the page's rows, by Salesforce id ({@link ChangeLog#openUpdates}):
     * a column whose Salesforce value is still the one the local change started from keeps its local value (only the
     * local side changed it); one that changed on both sides is a conflict, decided by the mapping's policy.
     */
    public PageCounts write(Connection c, List<Map<String, Object>> sfRecords, boolean allNew,
                            Map<String, ChangeLog.RowChanges> localChanges) throws SQLException {
        if (allNew && copies(c, sfRecords.size())) {
            PageCounts streamed = streamNew(c, sfRecords);
            if (streamed != null) {
                return streamed;
            }
        }
        int capacity = sfRecords.size() * 4 / 3 + 1;
        Map<String, Map<String, Object>> incoming = new LinkedHashMap<>(capacity);
        Map<String, Map<String, Object>> records = new HashMap<>(capacity);
        List<Failure> failed = new ArrayList<>();
        Map<String, List<String>> unsynced = new LinkedHashMap<>();
        int skipped = 0;
        for (Map<String, Object> rec : sfRecords) {
            if (!admitted(rec, unsynced)) {
                skipped++;
                continue;
            }
            String id = (String) rec.get("Id");
            records.put(id, rec);
            try {
                incoming.put(id, toColumns(id, MappingTransformer.pulledColumns(mapping, rec)));
            } catch (IllegalArgumentException e) {
                failed.add(new Failure(id, rec, "INVALID_VALUE", e.getMessage()));
            }
        }
        Map<String, Map<String, Object>> existing = allNew ? Map.of() : lookup(c, new ArrayList<>(incoming.keySet()));
        List<String> toInsert = new ArrayList<>();
        List<String> toUpdate = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : incoming.entrySet()) {
            Map<String, Object> stored = existing.get(e.getKey());
            ChangeLog.RowChanges local = localChanges.get(e.getKey());
            if (stored != null && local != null) {
                keepLocalChanges(e.getKey(), local, stored, e.getValue(), records.get(e.getKey()), conflicts);
            }
            if (stored == null) {
                toInsert.add(e.getKey());
            } else if (changes.changed(stored, e.getValue())) {
                toUpdate.add(e.getKey());
            } else {
                skipped++;
            }
        }
        List<Failure> insertFailures = copied(c, toInsert, incoming) ? List.of()
                : execute(c, insertSql, toInsert, incoming, records, this::bindInsert);
        List<Failure> updateFailures = execute(c, updateSql, toUpdate, incoming, records, this::bindUpdate);
        failed.addAll(insertFailures);
        failed.addAll(updateFailures);
        return new PageCounts(toInsert.size() - insertFailures.size(), toUpdate.size() - updateFailures.size(), skipped,
                failed, conflicts, unsynced);
    }

    /**
     * False when the record is not synced: the mapping's filter excludes it, or a strict value map does not list one of
     * its values (then its id is added to {@code unsynced} under the reason).
     */
    private boolean admitted(Map<String, Object> rec, Map<String, List<String>> unsynced) {
        if (MappingTransformer.filteredOut(mapping, rec)) {
            return false;
        }
        String why = MappingTransformer.unsynced(mapping, rec);
        if (why != null) {
            unsynced.computeIfAbsent(why, k -> new ArrayList<>()).add((String) rec.get("Id"));
            return false;
        }
        return true;
    }

    /**
     * A page of records none of which is in the table ({@code allNew}), inserted by one COPY that the records stream
     * into as they are converted: no look-up, no map of column values per record, and the server inserts the rows sent
     * while the rest are converted. A record whose value the column cannot hold fails alone, as on the general path.
     * Returns null when the COPY failed (a duplicate, a value the server refuses): it is undone, and the general path
     * writes the page, telling the failing records apart.
     */
    private PageCounts streamNew(Connection c, List<Map<String, Object>> sfRecords) throws SQLException {
        NewRows rows;
        try {
            rows = new NewRows(c);
        } catch (SQLException copyRefused) {
            return null;
        }
        try {
            PageCounts counts = rows.add(sfRecords);
            rows.end();
            return counts;
        } catch (SQLException copyFailure) {
            rows.undo();
            return null;
        } catch (RuntimeException unexpected) {
            rows.undo(); // the connection is usable again for the step's rollback
            throw unexpected;
        }
    }

    /**
     * Starts a COPY of new records that several pages stream into, one after the other ({@link NewRows#add}), for a
     * first pull into a table without the object's records (see {@link #holdsNone}); null where the database has no
     * COPY. The server inserts the pages' rows as one stream: between two pages it no longer waits for the end of a COPY,
     * the caller's commit and the next COPY (a Bulk first pull of 1,000,000 Leads had 200 such pauses).
     */
    public NewRows startNewRows(Connection c) throws SQLException {
        return copies(c, COPY_MIN_ROWS) ? new NewRows(c) : null;
    }

    /**
     * New records streamed into one COPY, undone together to the savepoint taken at its start when the server refuses
     * one of them ({@link #undo}). Nothing else may run on the connection until it is ended or undone.
     */
    public final class NewRows {
        private final Connection connection;
        private final Savepoint start;
        private final CopyRows.Stream copy;
        private final Object[] row = new Object[copyWidth()];
        private long records;

        private NewRows(Connection c) throws SQLException {
            this.connection = c;
            this.start = c.setSavepoint();
            try {
                this.copy = CopyRows.stream(c, copySql);
            } catch (SQLException refused) {
                c.rollback(start);
                throw refused;
            }
        }

        /**
         * Streams a page's records into the COPY. A record whose value cannot be converted for its column is not sent and
         * is counted as failed; one the mapping's filter or a strict value map excludes is skipped. SQLException: the
         * server refused a row; {@link #undo} is the only thing left to do.
         */
        public PageCounts add(List<Map<String, Object>> sfRecords) throws SQLException {
            List<Failure> failed = new ArrayList<>();
            Map<String, List<String>> unsynced = new LinkedHashMap<>();
            int skipped = 0;
            int created = 0;
            FieldReader read = FieldReader.of(streamedFields, sfRecords);
            for (Map<String, Object> rec : sfRecords) {
                if (!admitted(rec, unsynced)) {
                    skipped++;
                    continue;
                }
                String id = (String) read.get(rec, 0);
                int i = 0;
                row[i++] = id;
                if (mapping.typeColumn() != null) {
                    row[i++] = mapping.object();
                }
                try {
                    for (int k = 0; k < pulledTypes.length; k++) {
                        FieldMapping f = pulled.get(k);
                        Object value = MappingTransformer.pulledValue(f, read.get(rec, k + 1));
                        row[i++] = toColumn(id, f.column(), pulledTypes[k], value);
                    }
                } catch (IllegalArgumentException e) {
                    failed.add(new Failure(id, rec, "INVALID_VALUE", e.getMessage()));
                    continue;
                }
                if (marks) {
                    row[i] = ChangeCapture.INSERTED;
                }
                copy.row(row);
                created++;
            }
            records += sfRecords.size();
            return new PageCounts(created, 0, skipped, failed, List.of(), unsynced);
        }

        /** The records of the pages added so far. */
        public long records() {
            return records;
        }

        /** Ends the COPY: its rows are in the caller's transaction. SQLException: the server refused one; then {@link #undo}. */
        public void end() throws SQLException {
            copy.end();
            connection.releaseSavepoint(start);
        }

        /** Cancels the COPY if it is still open and undoes every row it sent. */
        public void undo() throws SQLException {
            copy.close();
            connection.rollback(start);
        }
    }

    /**
     * For each column with an open local change: when Salesforce still has the value the local change started from,
     * only the local side changed it, and the local value stays (the push sends it). Otherwise both sides changed it:
     * a conflict, which the mapping's policy decides; when the local value wins it stays, else Salesforce's is written.
     */
    private void keepLocalChanges(String sfId, ChangeLog.RowChanges local, Map<String, Object> stored,
                                  Map<String, Object> pulled, Map<String, Object> record, List<Conflict> conflicts) {
        for (Map.Entry<String, ChangeLog.ColumnChange> e : local.columns().entrySet()) {
            String column = e.getKey();
            if (!pulled.containsKey(column)) {
                continue; // not a pulled column of this object
            }
            ChangeLog.ColumnChange change = e.getValue();
            Object sfValue = pulled.get(column);
            Object localValue = stored.get(column);
            if (change.baseKnown() && ValueText.same(change.base(), sfValue)) {
                pulled.put(column, localValue); // only the local side changed it
                continue;
            }
            if (Objects.equals(localValue, sfValue) || ValueText.same(text(localValue), sfValue)) {
                continue; // both sides arrived at the same value: nothing to decide
            }
            OffsetDateTime sfChangedAt = modstamp(record);
            boolean localWins = switch (mapping.conflict()) {
                case LOCAL_WINS -> true;
                case SALESFORCE_WINS -> false;
                case NEWEST_WINS -> change.changedAt() != null && sfChangedAt != null
                        && change.changedAt().isAfter(sfChangedAt);
            };
            if (localWins) {
                pulled.put(column, localValue);
            }
            conflicts.add(new Conflict(sfId, local.rowId(), column, localValue, sfValue, change.changedAt(), sfChangedAt,
                    localWins));
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static OffsetDateTime modstamp(Map<String, Object> record) {
        Object stamp = record.get("SystemModstamp");
        try {
            return stamp == null ? null : (OffsetDateTime) ColumnValues.toColumn(stamp, Types.TIMESTAMP_WITH_TIMEZONE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Converts the pulled values (a map of its own, {@link MappingTransformer#pulledColumns}) in place to the column types. */
    private Map<String, Object> toColumns(String id, Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            e.setValue(toColumn(id, e.getKey(), e.getValue()));
        }
        return values;
    }

    /** A pulled value converted for its column; IllegalArgumentException naming the record and column if it cannot be. */
    private Object toColumn(String id, String column, Object value) {
        return toColumn(id, column, types.get(column), value);
    }

    private Object toColumn(String id, String column, int type, Object value) {
        try {
            return ColumnValues.toColumn(value, type);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(mapping.object() + " " + id + ": value of column " + column
                    + " cannot be stored (" + ex.getMessage() + ")", ex);
        }
    }

    private Map<String, Map<String, Object>> lookup(Connection c, List<String> ids) throws SQLException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        boolean array = SqlDialect.of(c).idArrays();
        int chunkSize = array ? ids.size() : LOOKUP_CHUNK;
        for (int from = 0; from < ids.size(); from += chunkSize) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + chunkSize));
            String sql = "SELECT " + mapping.idColumn() + (columns.isEmpty() ? "" : ", " + String.join(", ", columns))
                    + (revives ? ", " + LocalDeletes.TOMBSTONE_COLUMN : "")
                    + (revives && mapping.typeColumn() != null ? ", " + mapping.typeColumn() : "")
                    + " FROM " + mapping.table() + " WHERE " + mapping.idColumn()
                    + (array ? " = ANY(?)" : " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (array) {
                    ps.setArray(1, c.createArrayOf("varchar", chunk.toArray()));
                } else {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> row = new HashMap<>();
                        for (int i = 0; i < columns.size(); i++) {
                            row.put(columns.get(i), ColumnValues.read(rs, i + 2, types.get(columns.get(i))));
                        }
                        if (revives) {
                            row.put(LocalDeletes.TOMBSTONE_COLUMN, rs.getObject(columns.size() + 2));
                            if (mapping.typeColumn() != null) {
                                row.put(mapping.typeColumn(), rs.getString(columns.size() + 3));
                            }
                        }
                        out.put(rs.getString(1), row);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Inserts the rows by one COPY where that pays ({@link SqlDialect#copyIn}, {@value #COPY_MIN_ROWS} rows or more);
     * false when it did not, or when the COPY failed: then it is undone and the caller's JDBC batch, which tells the
     * failing records apart, writes the rows.
     */
    private boolean copied(Connection c, List<String> ids, Map<String, Map<String, Object>> values) throws SQLException {
        if (!copies(c, ids.size())) {
            return false;
        }
        List<Object[]> rows = new ArrayList<>(ids.size());
        for (String id : ids) {
            Object[] row = new Object[copyWidth()];
            int i = 0;
            row[i++] = id;
            if (mapping.typeColumn() != null) {
                row[i++] = mapping.object();
            }
            Map<String, Object> v = values.get(id);
            for (String col : columns) {
                row[i++] = v.get(col);
            }
            if (marks) {
                row[i] = ChangeCapture.INSERTED;
            }
            rows.add(row);
        }
        Savepoint copy = c.setSavepoint();
        try {
            CopyRows.copy(c, copySql, rows);
            c.releaseSavepoint(copy);
            return true;
        } catch (SQLException copyFailure) {
            c.rollback(copy);
            return false;
        }
    }

    /** True when {@code rows} new rows are inserted by COPY: the database has it, and there are enough of them. */
    private boolean copies(Connection c, int rows) throws SQLException {
        return copySql != null && rows >= COPY_MIN_ROWS && SqlDialect.of(c).copyIn();
    }

    /** Values per row of {@link #copySql}: the id, the type column if any, the pulled columns, the no-echo marker if any. */
    private int copyWidth() {
        return 1 + (mapping.typeColumn() != null ? 1 : 0) + columns.size() + (marks ? 1 : 0);
    }

    private interface Binder {
        void bind(PreparedStatement ps, String id, Map<String, Object> values) throws SQLException;
    }

    /**
     * Writes the rows as one JDBC batch. When the batch fails, it is undone to a savepoint and
     * retried row by row, so one bad record fails alone and the rest of the page is written.
     */
    private List<Failure> execute(Connection c, String sql, List<String> ids, Map<String, Map<String, Object>> values,
                                  Map<String, Map<String, Object>> records, Binder binder) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Savepoint batch = c.setSavepoint();
            try {
                for (String id : ids) {
                    binder.bind(ps, id, values.get(id));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.releaseSavepoint(batch);
                return List.of();
            } catch (SQLException batchFailure) {
                c.rollback(batch);
                ps.clearBatch();
            }
            List<Failure> failures = new ArrayList<>();
            for (String id : ids) {
                Savepoint row = c.setSavepoint();
                try {
                    binder.bind(ps, id, values.get(id));
                    ps.executeUpdate();
                    c.releaseSavepoint(row);
                } catch (SQLException e) {
                    c.rollback(row);
                    failures.add(new Failure(id, records.get(id), localErrorCode(e),
                            mapping.object() + " " + id + " cannot be written to table " + mapping.table() + ": "
                                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")"));
                }
            }
            return failures;
        }
    }

    /** Constraint violations (SQLState class 23) and data errors (class 22) are told apart for the operator. */
    private static String localErrorCode(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("23")) {
            return "LOCAL_CONSTRAINT_VIOLATION";
        }
        if (state.startsWith("22")) {
            return "LOCAL_VALUE_REJECTED";
        }
        return "LOCAL_WRITE_FAILED";
    }

    private void bindInsert(PreparedStatement ps, String id, Map<String, Object> values) throws SQLException {
        int i = 1;
        ps.setString(i++, id);
        if (mapping.typeColumn() != null) {
            ps.setString(i++, mapping.object());
        }
        for (String col : columns) {
            ColumnValues.bind(ps, i++, values.get(col), types.get(col));
        }
    }

    private void bindUpdate(PreparedStatement ps, String id, Map<String, Object> values) throws SQLException {
        int i = 1;
        for (String col : columns) {
            ColumnValues.bind(ps, i++, values.get(col), types.get(col));
        }
        if (revives && mapping.typeColumn() != null) {
            ps.setString(i++, mapping.object());
        }
        ps.setString(i, id);
    }
}
