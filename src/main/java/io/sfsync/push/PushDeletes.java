package io.sfsync.push;

import io.sfsync.mapping.ObjectMapping;
import io.sfsync.pull.SyncSchema;
import io.sfsync.salesforce.CollectionResults;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.store.ChangeLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push Deletes: the bean behind {@code routes/push/push-deletes.camel.yaml}. Rows another SQL client deleted (the
 * {@code D} entries the delete trigger logs, with the row's Salesforce ids and type) are deleted in Salesforce, for
 * objects whose mapping says {@code push-deletes: true} (off by default: a local delete otherwise stays local). A row
 * is deleted as the object its type column names, with that object's id: a converted Lead's row (now a Contact, with
 * both ids) deletes the Contact, not the Lead.
 * <p>
 * The ids go 200 a call to sObject Collections ({@code DELETE /composite/sobjects?ids=...&allOrNone=false}), through
 * the batch loop every push step shares: a record Salesforce deleted closes its entry {@code Pushed} and counts as
 * deleted; one it could not lock is sent again (as in Push Updates); one Salesforce no longer has
 * ({@code ENTITY_IS_DELETED}: in its recycle bin already; {@code INVALID_CROSS_REFERENCE_KEY}: no such record, e.g.
 * emptied from the recycle bin) is what the delete wanted, so it is counted as skipped, not failed; any other refusal
 * (no access to the record, a rule) makes the record a dead letter with Salesforce's code and message. Bulk API 2.0 is
 * not used: deletes go through Collections whatever their number.
 * <p>
 * The sync user must be allowed to delete the object: the start-up check of the mappings refuses
 * {@code push-deletes: true} on an object whose describe says {@code deletable: false}, and should the permission go
 * while sfsync runs, the step fails with a message that says so and leaves the deletes open until it is back.
 * <p>
 * Deletes no Push Deletes step will send (push-deletes off, rows never created in Salesforce, rows of an object not in
 * {@code sfsync.objects}) are closed {@code Superseded} by {@link #closeUnsent} each cycle, so the log does not
 * fill up with them, and turning push-deletes on later does not send deletes made while it was off.
 */
public final class PushDeletes extends Pusher {

    public static final String OPERATION = "Push Deletes";
    private static final Logger LOG = LoggerFactory.getLogger(PushDeletes.class);
    /** Salesforce's refusals that mean the record is not there to delete: the reason said in the step's message. */
    private static final Map<String, String> GONE = Map.of(
            "ENTITY_IS_DELETED", "already deleted in Salesforce",
            "INVALID_CROSS_REFERENCE_KEY", "no longer in Salesforce (removed from its recycle bin, or never there)");
    private static final int TIDY_PAGE = 500;

    private final SyncSchema syncSchema;

    public PushDeletes(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, String apiVersion,
                       int maxRetries, long initialDelayMs, long maxDelayMs, SyncSchema syncSchema) {
        super(dataSource, stepLog, mappings, apiVersion, maxRetries, initialDelayMs, maxDelayMs, 0);
        this.syncSchema = syncSchema;
    }

    @Override
    String operation() {
        return OPERATION;
    }

    @Override
    boolean created() {
        return false;
    }

    /** True for an object whose mapping says {@code push-deletes: true}. */
    @Override
    public boolean appliesTo(String object) {
        ObjectMapping m = mappings.get(object);
        return m != null && m.pushDeletes();
    }

    /** The permission to delete may have gone since start-up: then the deletes wait, open, and the step says why. */
    @Override
    void started(PushStep step) throws SQLException {
        ObjectMapping m = step.mapping;
        if (step.replay != null) {
            // a replay sends the row's delete again
            ChangeLog.reopenFailed(step.connection, m.table(), step.replay.getRowId(), true);
        }
        if (!syncSchema.deletable(m.object())) {
            throw new IllegalStateException("the sync user may not delete " + m.object() + " records (Salesforce's describe "
                    + "of " + m.object() + " says deletable: false), but " + m.displayFile() + " line "
                    + m.lineOf("push-deletes") + " sets push-deletes: true; the local deletes stay open until the sync user "
                    + "has the Delete permission on " + m.object() + " (or push-deletes is set to false)");
        }
    }

    /** The next open deletes of the table that are this object's; {@code step.afterRowId} is the last entry read. */
    @Override
    List<PushStep.Candidate> readCandidates(PushStep step, int max) throws SQLException {
        ObjectMapping m = step.mapping;
        Connection c = step.connection;
        List<ChangeLog.Delete> page = ChangeLog.openDeletes(c, m.table(), step.afterRowId, max);
        if (page.isEmpty()) {
            step.noMoreRows = true;
            return List.of();
        }
        step.afterRowId = page.get(page.size() - 1).changeId();
        List<PushStep.Candidate> out = new ArrayList<>();
        for (ChangeLog.Delete d : page) {
            if (step.onlyRows != null && !step.onlyRows.contains(d.rowId())) {
                continue; // a replay: that row's delete only
            }
            if (!concerns(m, d)) {
                continue; // another object's row (Lead and Contact share person)
            }
            String sfId = d.value(m.idColumn());
            if (sfId == null) {
                continue; // never created in Salesforce as this object: closeUnsent closes it
            }
            out.add(new PushStep.Candidate(d.rowId(), d.changeId(), sfId, Map.of()));
        }
        return out;
    }

    /** One delete per record in a call: a second entry for the same id (a row deleted twice) is closed. */
    @Override
    void beforeSend(PushStep step, List<PushStep.Candidate> records) throws SQLException {
        Set<String> ids = new HashSet<>();
        for (Iterator<PushStep.Candidate> it = records.iterator(); it.hasNext(); ) {
            PushStep.Candidate r = it.next();
            if (!ids.add(r.sfId)) {
                ChangeLog.close(step.connection, step.mapping.table(), r.rowId, r.lastChangeId, ChangeLog.SUPERSEDED,
                        step.getStepId(), "the same record's delete is sent with another entry");
                it.remove();
            }
        }
    }

    /** {@code DELETE /composite/sobjects?ids=a,b,c&allOrNone=false}: the ids go in the query, there is no body. */
    @Override
    PushStep.Batch batch(PushStep step, List<PushStep.Candidate> records) {
        List<String> ids = new ArrayList<>(records.size());
        records.forEach(r -> ids.add(r.sfId));
        return new PushStep.Batch(records, null, path(step), method(step), String.join(",", ids));
    }

    @Override
    String method(PushStep step) {
        return "DELETE";
    }


    @Override
    String nothingLeftToDo(CollectionResults.Result result) {
        return GONE.get(result.errorCode());
    }

    @Override
    StepCounts plus(StepCounts counts, int ok, int failed, int skipped) {
        return counts.plus(0, 0, ok, failed, skipped);
    }

    @Override
    String done(StepCounts n) {
        return n.deleted() + " deleted";
    }

    /** Deletes always go through sObject Collections (the step is opened without a bulk threshold). */
    @Override
    long countToSend(PushStep step) {
        return -1;
    }

    // Never called: a step with countToSend -1 never uses Bulk API 2.0.
    @Override
    OperationEnum bulkOperation(PushStep step) {
        throw new IllegalStateException(OPERATION + " does not use Bulk API 2.0");
    }

    @Override
    String bulkKeyColumn(PushStep step) {
        throw new IllegalStateException(OPERATION + " does not use Bulk API 2.0");
    }

    @Override
    List<String> bulkFields(PushStep step) {
        throw new IllegalStateException(OPERATION + " does not use Bulk API 2.0");
    }

    @Override
    String bulkKey(PushStep step, PushStep.Candidate record) {
        throw new IllegalStateException(OPERATION + " does not use Bulk API 2.0");
    }

    /**
     * Closes as {@code Superseded} the open deletes of the object's table that no Push Deletes step sends, each with
     * the reason: push-deletes is off for the object the row was, the row was never created in Salesforce, or the row
     * was of an object sfsync does not sync. Runs for every object of a cycle, before its Push Deletes; returns how
     * many it closed.
     */
    public int closeUnsent(String object) throws SQLException {
        ObjectMapping mapping = mappings.get(object);
        if (mapping == null) {
            return 0;
        }
        List<ObjectMapping> sameTable = new ArrayList<>();
        for (ObjectMapping m : mappings.values()) {
            if (m.table().equalsIgnoreCase(mapping.table())) {
                sameTable.add(m);
            }
        }
        int closed = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long after = Long.MIN_VALUE;
                List<ChangeLog.Delete> page;
                do {
                    page = ChangeLog.openDeletes(c, mapping.table(), after, TIDY_PAGE);
                    for (ChangeLog.Delete d : page) {
                        after = d.changeId();
                        String why = unsent(sameTable, d);
                        if (why != null) {
                            ChangeLog.closeEntry(c, d.changeId(), ChangeLog.SUPERSEDED, null, why);
                            closed++;
                        }
                    }
                } while (page.size() == TIDY_PAGE);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (closed > 0) {
            LOG.info("{}: {} local delete(s) of table {} not sent to Salesforce (closed as Superseded in sync_change)",
                    object, closed, mapping.table());
        }
        return closed;
    }

    /** Why no Push Deletes step sends this delete; null when one does (that of the object the row was). */
    static String unsent(List<ObjectMapping> sameTable, ChangeLog.Delete d) {
        List<ObjectMapping> concerned = new ArrayList<>();
        List<String> off = new ArrayList<>();
        Set<String> typeColumns = new HashSet<>();
        sameTable.forEach(m -> {
            if (m.typeColumn() != null) {
                typeColumns.add(m.typeColumn().toLowerCase(Locale.ROOT));
            }
        });
        // any id, also one of an object no longer in sfsync.objects
        boolean anyId = d.values().keySet().stream().anyMatch(column -> !typeColumns.contains(column));
        for (ObjectMapping m : sameTable) {
            boolean hasId = d.value(m.idColumn()) != null;
            if (concerns(m, d)) {
                concerned.add(m);
                if (hasId && m.pushDeletes()) {
                    return null;
                }
                if (hasId) {
                    off.add(m.object() + " (" + m.displayFile() + ")");
                }
            }
        }
        if (!off.isEmpty()) {
            return "push-deletes is off for " + String.join(", ", off);
        }
        if (!anyId) {
            return "the row was deleted before it was created in Salesforce";
        }
        if (concerned.isEmpty()) {
            String typeColumn = sameTable.get(0).typeColumn();
            String type = d.value(typeColumn);
            return type == null ? "the deleted row had no " + typeColumn + ": which object to delete is not known"
                    : "no object of sfsync.objects is stored in " + sameTable.get(0).table() + " as '" + type + "'";
        }
        List<String> objects = new ArrayList<>();
        concerned.forEach(m -> objects.add(m.object()));
        return "the row was deleted before it was created in Salesforce as " + String.join(" or ", objects);
    }

    /** True when the deleted row was this object's: its type column (when the table has one) named the object. */
    static boolean concerns(ObjectMapping m, ChangeLog.Delete d) {
        if (m.typeColumn() == null) {
            return true;
        }
        String type = d.value(m.typeColumn());
        return type != null && m.object().equalsIgnoreCase(type);
    }
}
