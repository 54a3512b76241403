package io.sfsync.deadletter;

import io.sfsync.mapping.MappingTransformer;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.pull.PullUpdates;
import io.sfsync.pull.SyncSchema;
import io.sfsync.salesforce.PullQuery;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.store.RecordWriter;
import io.sfsync.store.TableSchema;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Replays a Pull Updates dead letter: the watermark has moved past the record, so it is read again from Salesforce by
 * its Id (through routes/deadletter/dead-letter-replay.camel.yaml) and written with the mapping and the
 * {@link RecordWriter} of Pull Updates, on one transaction with the dead letter's change to Replayed. The record is
 * read as it is now, so a record that changed since it failed is written in its newest state.
 */
public final class PullUpdatesReplayer implements Replayer {

    /** A SOQL query through camel-salesforce: its raw JSON result. */
    @FunctionalInterface
    public interface SalesforceQuery {
        InputStream query(String soql) throws Exception;
    }

    private final DataSource dataSource;
    private final Map<String, ObjectMapping> mappings;
    private final SyncSchema schema;
    private final SalesforceQuery salesforce;

    public PullUpdatesReplayer(DataSource dataSource, Map<String, ObjectMapping> mappings, SyncSchema schema,
                               SalesforceQuery salesforce) {
        this.dataSource = dataSource;
        this.mappings = mappings;
        this.schema = schema;
        this.salesforce = salesforce;
    }

    @Override
    public String operation() {
        return PullUpdates.OPERATION;
    }

    @Override
    public String replay(DeadLetter letter) throws Exception {
        ObjectMapping configured = mappings.get(letter.object());
        if (configured == null) {
            throw new ReplayFailedException(letter.object() + " is not synced (it is not in sfsync.objects); add it "
                    + "back to replay, or discard the dead letter");
        }
        if (letter.recordId() == null) {
            throw new ReplayFailedException("the dead letter has no Salesforce record id to read again");
        }
        // As Pull Updates: fields the sync user can no longer read are left out.
        ObjectMapping mapping = configured.withoutFields(schema.unreadableFields(configured));
        String soql = PullQuery.byId(letter.object(), mapping.pullSelectFields(), mapping.soqlWhere(), letter.recordId());
        QueryPage page;
        try (InputStream body = salesforce.query(soql)) {
            page = QueryPage.parse(body);
        }
        if (page.records().isEmpty()) {
            throw new ReplayFailedException("Salesforce has no " + letter.object() + " " + letter.recordId()
                    + (mapping.soqlWhere() == null || mapping.soqlWhere().isBlank() ? "" : " matching the where of "
                    + mapping.displayFile()) + " (deleted, or not visible to the sync user); discard the dead letter "
                    + "if the record is gone");
        }
        Map<String, Object> record = page.records().get(0);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RecordWriter writer = new RecordWriter(mapping, TableSchema.read(c, mapping.table()),
                        schema.formulaColumns(mapping));
                RecordWriter.PageCounts written = writer.write(c, page.records());
                if (!written.failed().isEmpty()) {
                    RecordWriter.Failure f = written.failed().get(0);
                    c.rollback();
                    throw new ReplayFailedException(f.errorCode() + ": " + f.message());
                }
                if (!DeadLetterStore.replayed(c, letter.id())) {
                    c.rollback();
                    throw new ReplayFailedException("it is no longer New: another replay or a discard came first");
                }
                c.commit();
                return written.created() > 0 ? "1 row inserted into " + mapping.table()
                        : written.updated() > 0 ? "1 row updated in " + mapping.table()
                        : MappingTransformer.filteredOut(mapping, record)
                        ? "nothing written: the skip-when filter of " + mapping.displayFile() + " leaves the record out"
                        : !written.unsynced().isEmpty()
                        ? "nothing written: " + written.unsynced().keySet().iterator().next()
                        : "nothing written: the row in " + mapping.table() + " already holds these values";
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
