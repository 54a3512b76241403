package io.sfsync.push;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.ChangeLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a push step writes for the records of a batch Salesforce answered (issue #11: set-based bookkeeping): the new
 * ids written back to their rows, the create markers of rows without an external id dropped, and the change-log
 * entries closed. Each goes on a JDBC batch, and {@link #run} sends them all just before the step commits the batch's
 * counts, so a batch of 200 records (or a Bulk result page) costs three round trips to the database instead of up to
 * 600. Everything added is on the step's transaction: it commits or rolls back with the batch.
 */
final class Bookkeeping implements AutoCloseable {

    private final Connection connection;
    private final ObjectMapping mapping;
    private ChangeLog.Closes closes;
    private PreparedStatement ids;
    private PreparedStatement forgets;
    private int pendingIds;
    private int pendingForgets;

    Bookkeeping(Connection connection, ObjectMapping mapping) {
        this.connection = connection;
        this.mapping = mapping;
    }

    /** Closes the row's entries up to the last one the push read (see {@link ChangeLog#close}). */
    void close(PushStep.Candidate record, String status, long stepId, String message) throws SQLException {
        if (closes == null) {
            closes = ChangeLog.closes(connection);
        }
        closes.add(mapping.table(), record.rowId, record.lastChangeId, status, stepId, message);
    }

    /** Writes the Salesforce id Push New got back to the row, as a sync write (change capture skips it). */
    void writeId(long rowId, String salesforceId) throws SQLException {
        if (ids == null) {
            // names from the validated mapping file; values bound
            ids = connection.prepareStatement("UPDATE " + mapping.table() + " SET " + mapping.idColumn()
                    + " = ?, sf_pull_rev = COALESCE(sf_pull_rev, 0) + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ?");
        }
        ids.setString(1, salesforceId);
        ids.setLong(2, rowId);
        ids.addBatch();
        pendingIds++;
    }

    /** Drops the marker Push New wrote before it sent a create without an external id: its outcome is known now. */
    void forgetCreate(long rowId) throws SQLException {
        if (forgets == null) {
            forgets = connection.prepareStatement("DELETE FROM sync_push_create WHERE table_name = ? AND row_id = ?");
        }
        forgets.setString(1, mapping.table().toLowerCase(Locale.ROOT));
        forgets.setLong(2, rowId);
        forgets.addBatch();
        pendingForgets++;
    }

    /** Sends what was added since the last run, on the step's transaction (the caller commits). */
    void run() throws SQLException {
        if (pendingIds > 0) {
            pendingIds = 0;
            ids.executeBatch();
        }
        if (pendingForgets > 0) {
            pendingForgets = 0;
            forgets.executeBatch();
        }
        if (closes != null) {
            closes.run();
        }
    }

    @Override
    public void close() throws SQLException {
        try (ChangeLog.Closes c = closes; PreparedStatement i = ids; PreparedStatement f = forgets) {
            pendingIds = 0;
            pendingForgets = 0;
        }
    }
}
