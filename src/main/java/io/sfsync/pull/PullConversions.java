package io.sfsync.pull;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.PullQuery;
import io.sfsync.salesforce.QueryPage;
import io.sfsync.salesforce.Watermark;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.ColumnValues;
import io.sfsync.store.LeadConversions;
import io.sfsync.store.OperationWatermarkStore;
import io.sfsync.store.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull Conversions (requirement S2): the bean behind {@code routes/pull/pull-conversions.camel.yaml}.
 * A Lead converted in Salesforce becomes its Contact locally: one person row, the Lead's, keeping
 * its local id (see {@link LeadConversions} for the merge rule), counted as updated.
 * <p>
 * Converted Leads are found with their own watermark (SystemModstamp, Id) in the order Salesforce
 * returns them; the step is one transaction, rolled back as a whole on failure (L2). It runs for
 * Lead when Lead and Contact are both mapped, to one table; for other objects it does nothing.
 * Because the Lead's row gets the Contact id, Contact's Pull Updates (which matches rows by that
 * id) updates it instead of inserting a second person, whichever of the two runs first.
 */
public final class PullConversions {

    public static final String OPERATION = "Pull Conversions";
    static final String LEAD = "Lead";
    static final String CONTACT = "Contact";
    private static final List<String> FIELDS = List.of("Id", "ConvertedContactId", "ConvertedAccountId",
            "ConvertedOpportunityId", "ConvertedDate", "SystemModstamp");
    private static final String CONVERTED = "IsConverted = true AND ConvertedContactId != null";
    private static final Logger LOG = LoggerFactory.getLogger(PullConversions.class);

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;
    private final BooleanSupplier stopping;

    /** @param stopping true once the service is stopping: the step ends at its next page, rolled back */
    public PullConversions(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings,
                           BooleanSupplier stopping) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
        this.stopping = stopping;
    }

    /** True for Lead when Lead and Contact are both synced into one table. */
    public boolean appliesTo(String object) {
        ObjectMapping lead = mappings.get(LEAD);
        ObjectMapping contact = mappings.get(CONTACT);
        return LEAD.equals(object) && lead != null && contact != null && lead.table().equalsIgnoreCase(contact.table());
    }

    /** The query of the object's next Pull Conversions, as {@link #start} builds it (for the cycle's composite read); null when it does not apply. */
    public String nextQuery(String object) throws SQLException {
        if (!appliesTo(object)) {
            return null;
        }
        try (Connection c = dataSource.getConnection()) {
            return PullQuery.build(object, FIELDS, CONVERTED, OperationWatermarkStore.read(c, object, OPERATION));
        }
    }

    /** Opens the step (In Progress) and its transaction, and prepares the query from the step's watermark. */
    public ConversionsRun start(String cycleId, String object) throws SQLException {
        if (!appliesTo(object)) {
            throw new IllegalArgumentException(OPERATION + " needs Lead and Contact mapped to one table; not " + object);
        }
        ObjectMapping lead = mappings.get(LEAD);
        long stepId = stepLog.start(cycleId, object, OPERATION);
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            Watermark since = OperationWatermarkStore.read(c, object, OPERATION);
            LeadConversions conversions = new LeadConversions(lead, mappings.get(CONTACT), TableSchema.ofCycle(c, lead.table()));
            String soql = PullQuery.build(object, FIELDS, CONVERTED, since);
            return new ConversionsRun(this, cycleId, lead, conversions, stepId, since, soql, c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            stepLog.finish(stepId, StepStatus.FAILED, new StepCounts(), ErrorText.describe(e));
            throw e;
        }
    }

    /**
     * Applies one page of converted Leads on the step's transaction and advances the step's watermark. When the
     * service is stopping and pages remain, the step ends here and is rolled back, as on any other failure.
     */
    void applyPage(ConversionsRun run, InputStream body) throws IOException, SQLException {
        QueryPage page = QueryPage.parse(body);
        Connection c = run.connection;
        for (Map<String, Object> rec : page.records()) {
            String date = (String) rec.get("ConvertedDate");
            LeadConversions.Outcome outcome = run.conversions.apply(c, (String) rec.get("Id"),
                    (String) rec.get("ConvertedContactId"), (String) rec.get("ConvertedAccountId"),
                    (String) rec.get("ConvertedOpportunityId"), date == null ? null : LocalDate.parse(date));
            switch (outcome) {
                case CONVERTED, LINKED -> run.counts.add(0, 1, 0, 0, 0);
                case MERGED -> {
                    run.counts.add(0, 1, 0, 0, 0);
                    run.merged++;
                }
                default -> run.counts.add(0, 0, 0, 0, 1);
            }
        }
        if (!page.records().isEmpty()) {
            Map<String, Object> last = page.records().get(page.records().size() - 1);
            OffsetDateTime ts = (OffsetDateTime) ColumnValues.toColumn(last.get("SystemModstamp"), Types.TIMESTAMP_WITH_TIMEZONE);
            Watermark w = new Watermark(ts, (String) last.get("Id"));
            if (w.isAfter(run.watermark)) {
                OperationWatermarkStore.save(c, run.mapping.object(), OPERATION, w);
                run.watermark = w;
            }
        }
        stepLog.progress(c, run.getStepId(), run.counts);
        run.nextRecordsUrl = page.done() ? null : page.nextRecordsUrl();
        if (run.nextRecordsUrl != null && stopping.getAsBoolean()) {
            throw new IllegalStateException("stopped by shutdown before every converted Lead was read");
        }
    }

    /** Commits the step and closes it as Completed. */
    void complete(ConversionsRun run) throws SQLException {
        try (Connection c = run.connection) {
            c.commit();
        }
        String message = run.merged == 0 ? null
                : run.merged + " converted Lead(s) merged with the Contact row pulled before the conversion was seen";
        stepLog.finish(run.getStepId(), StepStatus.COMPLETED, run.counts, message);
        LOG.info("{} {}: Completed: {} converted, {} skipped{}", run.mapping.object(), OPERATION, run.counts.updated(),
                run.counts.skipped(), message == null ? "" : " (" + message + ")");
    }

    /** Closes a step that failed as a whole: its writes and watermark are rolled back (Rolled back). */
    void fail(ConversionsRun run, Exception cause) throws SQLException {
        String message = ErrorText.describe(cause);
        try (Connection c = run.connection) {
            c.rollback();
        }
        stepLog.finish(run.getStepId(), StepStatus.ROLLED_BACK, new StepCounts(), message + " (rolled back: "
                + run.counts.updated() + " conversion(s) undone; the watermark stays, the next cycle reads them again)");
        LOG.error("{} {}: Rolled back: {}", run.mapping.object(), OPERATION, message);
    }
}
