package io.sfsync.cycle;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One step of the sync-status log while it runs (Sync Schema, Pull Updates, Pull Deletes, Pull Conversions, ...):
 * the one lifecycle every step has. Its bean opens it ({@code start}: a row In Progress in the status log, and the
 * step's transaction), the route hands it what Salesforce answers ({@link #applyPage}), and it ends either with
 * {@link #complete} or with {@link #fail}.
 * <p>
 * The routes carry it as the exchange property {@code step} and decide on its named predicates
 * ({@code ${exchangeProperty.step.hasNextPage}}), never on its inner state. The paging route
 * ({@code routes/pull/query-pages.camel.yaml}) reads {@link #getSoql} and then {@link #getNextPage} while
 * {@link #isHasNextPage}; the one step error policy ({@code routes/errors/step-errors.camel.yaml}) calls
 * {@link #fail} for any kind of step.
 */
public abstract class SyncStep {

    private final String cycleId;
    private final String object;
    private final String operation;
    private final long stepId;
    private boolean firstPageRead;
    /** Completed or failed (set by {@link Steps}): a later failure must not close it again. */
    volatile boolean finished;

    protected SyncStep(String cycleId, String object, String operation, long stepId) {
        this.cycleId = cycleId;
        this.object = object;
        this.operation = operation;
        this.stepId = stepId;
    }

    public String cycleId() {
        return cycleId;
    }

    /** The Salesforce object, e.g. Lead. */
    public String getObject() {
        return object;
    }

    /** The step's name in the status log, e.g. Pull Updates. */
    public String getOperation() {
        return operation;
    }

    /** The step's row in the status log (sync_step.id). */
    public long getStepId() {
        return stepId;
    }

    /**
     * True when the step committed records it could not write to the dead-letter store: the object's route then hands
     * the step to the dead-letter route ({@code routes/deadletter/dead-letters.camel.yaml}).
     */
    public boolean isHasDeadLetters() {
        return false;
    }

    /** The SOQL of the first page, for a step that pages through a query; null otherwise. */
    public String getSoql() {
        return null;
    }

    /**
     * The step's first call to Salesforce, named as the cycle's composite read names it ({@link FirstReads#query},
     * {@link FirstReads#deleted}, {@link FirstReads#describe}), or null when it makes none the cycle reads ahead.
     */
    public String getFirstRead() {
        return null;
    }

    /** The step's first answer came from the cycle's composite read, asked at {@code askedAt} (before the step began). */
    public void answeredAt(Instant askedAt) {
        // most steps do not care when their answer was asked for
    }

    /** True once the first page is applied: a paging route repeated after a transient failure reads on from there. */
    public boolean isFirstPageRead() {
        return firstPageRead;
    }

    /** Salesforce's relative URL of the next page (nextRecordsUrl), or null when the step reads no more pages. */
    public String getNextPage() {
        return null;
    }

    /** True while the step has another page to read. */
    public boolean isHasNextPage() {
        return getNextPage() != null;
    }

    /**
     * Applies one page of the step's query (the answer of query or queryMore) on the step's transaction;
     * {@code limitInfo} is the page's {@code Sforce-Limit-Info} header, or null.
     */
    public final void applyPage(InputStream body, String limitInfo) throws IOException, SQLException {
        firstPageRead = true;
        readPage(body, limitInfo);
    }

    /** What {@link #applyPage} does for this kind of step. */
    protected void readPage(InputStream body, String limitInfo) throws IOException, SQLException {
        throw new UnsupportedOperationException(operation + " does not read query pages");
    }

    /** Commits the step and closes its row in the status log (Completed, or Incomplete when it stopped early). */
    public abstract void complete() throws IOException, SQLException;

    /**
     * Closes a step that failed as a whole: its transaction is rolled back (Rolled back), or, where the step commits
     * as it goes (a first pull), what it committed is kept (Failed). The cycle goes on with the next step.
     */
    public abstract void fail(Exception cause) throws SQLException;
}
