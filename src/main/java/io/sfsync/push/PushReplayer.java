package io.sfsync.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.admin.BadParameterException;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.deadletter.Replayer;
import java.util.List;

/**
 * Replays a Push New, Push Updates or Push Deletes dead letter (D2): the local row is read again as it is now and
 * pushed through a priority sync of that row (routes/push/sync-now.camel.yaml: the object's lock, the push steps in
 * the status log, the record pulled back). Push Updates first opens again the row's changes its failure closed, so the
 * fields that failed are sent with their current values; Push Deletes opens the row's delete again and sends it. The dead letter closes (Replayed) on the transaction that writes the
 * record's bookkeeping; when Salesforce refuses the record again, it stays New with one more attempt and the new
 * error, and no second dead letter is added.
 */
public final class PushReplayer implements Replayer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the priority sync of these targets (routes/push/sync-now); each target holds what happened to it. */
    @FunctionalInterface
    public interface SyncNow {
        void run(List<PrioritySync.Target> targets) throws Exception;
    }

    private final String operation;
    private final PrioritySync prioritySync;
    private final DeadLetterStore store;
    private final SyncNow syncNow;

    /**
     * @param operation {@link PushNew#OPERATION}, {@link PushUpdates#OPERATION} or {@link PushDeletes#OPERATION}
     */
    public PushReplayer(String operation, PrioritySync prioritySync, DeadLetterStore store,
                        SyncNow syncNow) {
        this.operation = operation;
        this.prioritySync = prioritySync;
        this.store = store;
        this.syncNow = syncNow;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    public String replay(DeadLetter letter) throws Exception {
        String[] row = localRow(letter);
        List<PrioritySync.Target> targets;
        try {
            targets = PushDeletes.OPERATION.equals(operation)
                    ? List.of(prioritySync.deletedRow(letter.object(), row[0], Long.parseLong(row[1])))
                    : prioritySync.targets(row[0], row[1], null);
        } catch (BadParameterException | NumberFormatException e) {
            throw new ReplayFailedException("row " + row[0] + "." + row[1] + " cannot be pushed any more (" + e.getMessage()
                    + "); discard the dead letter if the row is gone");
        }
        PrioritySync.Target target = targets.get(0);
        target.replayOf = letter;
        syncNow.run(targets);
        if (target.error != null) {
            throw new ReplayFailedException(target.error);
        }
        if (target.replayError != null) {
            throw new ReplayFailedException("Salesforce refused it again: " + target.replayError);
        }
        String pulled = target.pulledBack == null ? "" : "; pulled back: " + target.pulledBack;
        if (target.replayed && target.isDeleted()) {
            return (target.pushed.containsKey("deleted") ? "deleted " : "already gone from Salesforce: ")
                    + letter.object() + " " + letter.recordId() + " of deleted row " + row[0] + "." + row[1];
        }
        if (target.replayed) {
            return (target.pushed.containsKey("created") ? "created " : "updated ") + target.getObject() + " "
                    + target.salesforceId + " from row " + row[0] + "." + row[1] + pulled;
        }
        if (target.salesforceId != null && !target.pushed.containsKey("failed")) {
            // nothing was left to send: the row is in Salesforce and none of its failed changes is pushed any more
            if (!store.resolve(letter.id(), DeadLetter.REPLAYED)) {
                throw new ReplayFailedException("it is no longer New: another replay or a discard came first");
            }
            return "nothing left to push: row " + row[0] + "." + row[1] + " is " + target.getObject() + " "
                    + target.salesforceId + " with no failed change left" + pulled;
        }
        throw new ReplayFailedException("row " + row[0] + "." + row[1] + " was not sent (see the " + operation
                + " step of this replay in the status log)");
    }

    /** The local row of a push dead letter: its payload's {@code sfsyncRow}, "table.id". */
    static String[] localRow(DeadLetter letter) throws ReplayFailedException {
        String where = null;
        try {
            JsonNode node = letter.payload() == null ? null : JSON.readTree(letter.payload()).get("sfsyncRow");
            where = node == null ? null : node.asText();
        } catch (java.io.IOException e) {
            // an unreadable payload is said below
        }
        int dot = where == null ? -1 : where.lastIndexOf('.');
        if (dot <= 0) {
            throw new ReplayFailedException("its payload does not name the local row (sfsyncRow): it cannot be pushed "
                    + "again; discard it");
        }
        return new String[] {where.substring(0, dot), where.substring(dot + 1)};
    }
}
