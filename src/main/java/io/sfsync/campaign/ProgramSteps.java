package io.sfsync.campaign;

import io.sfsync.cycle.SyncStep;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The bean ({@code programSteps}) behind {@code routes/push/sync-with-program.camel.yaml} and
 * {@code routes/pull/entry-link-to-program.camel.yaml}: opens the steps "Sync With Program" (object Campaign or
 * CampaignMember, before their push steps) and "Entry Link to Program" (object CampaignMember, after its pull steps),
 * runs {@link ProgramSync} on the step's transaction, and completes them with their counts (new, updated, deleted,
 * skipped) and the reasons for what was skipped. A step that fails is rolled back as a whole: nothing of it is half
 * applied, and the next cycle does it again. {@code sfsync.campaigns.enabled=false} switches both off (C8).
 */
public final class ProgramSteps {

    public static final String SYNC_WITH_PROGRAM = "Sync With Program";
    public static final String ENTRY_LINK = "Entry Link to Program";

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final BooleanSupplier enabled;
    private final List<String> objects;

    /**
     * @param enabled {@code sfsync.campaigns.enabled}
     * @param objects {@code sfsync.objects}: the steps run only when Campaign, CampaignMemberStatus and CampaignMember
     *                are synced
     */
    public ProgramSteps(DataSource dataSource, StepLog stepLog, BooleanSupplier enabled, List<String> objects) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.enabled = enabled;
        this.objects = List.copyOf(objects);
    }

    /** Campaign sync is switched on and its three objects are synced. */
    public boolean isEnabled() {
        return enabled.getAsBoolean() && objects.containsAll(List.of("Campaign", "CampaignMemberStatus", "CampaignMember"));
    }

    /** Sync With Program runs for Campaign (type and cost) and CampaignMember (members). */
    public boolean syncsWithProgram(String object) {
        return isEnabled() && ("Campaign".equals(object) || "CampaignMember".equals(object));
    }

    /** Entry Link to Program runs for CampaignMember, after its pull steps. */
    public boolean linksEntries(String object) {
        return isEnabled() && "CampaignMember".equals(object);
    }

    public Step startSyncWithProgram(String cycleId, String object) throws SQLException {
        return open(cycleId, object, SYNC_WITH_PROGRAM);
    }

    public Step startEntryLink(String cycleId, String object) throws SQLException {
        return open(cycleId, object, ENTRY_LINK);
    }

    /** Does the step's work on its transaction (committed by {@code steps.complete}). */
    public void run(Step step) throws SQLException {
        Connection c = step.connection;
        if (step.getOperation().equals(ENTRY_LINK)) {
            step.counts = ProgramSync.linkEntries(c);
        } else if (step.getObject().equals("Campaign")) {
            step.counts = ProgramSync.syncCampaigns(c);
        } else {
            step.counts = ProgramSync.syncMembers(c);
        }
    }

    private Step open(String cycleId, String object, String operation) throws SQLException {
        long stepId = stepLog.start(cycleId, object, operation);
        try {
            Connection c = dataSource.getConnection();
            c.setAutoCommit(false);
            return new Step(cycleId, object, operation, stepId, c);
        } catch (SQLException | RuntimeException e) {
            stepLog.finish(stepId, StepStatus.FAILED, new StepCounts(), ErrorText.describe(e));
            throw e;
        }
    }

    /** One Sync With Program or Entry Link to Program step while it runs. */
    public final class Step extends SyncStep {
        private final Connection connection;
        ProgramSync.Counts counts = new ProgramSync.Counts();

        Step(String cycleId, String object, String operation, long stepId, Connection connection) {
            super(cycleId, object, operation, stepId);
            this.connection = connection;
        }

        @Override
        public void complete() throws SQLException {
            try {
                connection.commit();
            } finally {
                connection.close();
            }
            StepCounts sc = new StepCounts();
            sc.add(counts.created, counts.updated, counts.deleted, 0, counts.skipped);
            stepLog.finish(getStepId(), StepStatus.COMPLETED, sc, counts.notes.isEmpty() ? null
                    : String.join("; ", counts.notes));
        }

        @Override
        public void fail(Exception cause) throws SQLException {
            try {
                connection.rollback();
            } finally {
                connection.close();
            }
            stepLog.finish(getStepId(), StepStatus.ROLLED_BACK, new StepCounts(), ErrorText.describe(cause));
        }
    }
}
