package io.sfsync.status;

import java.time.OffsetDateTime;

/**
 * One row of the sync-status log; {@code expected} is how many records the step expects to handle when it knows (a
 * pull's query total, the rows a push step will send), else null: the progress of a running step is
 * {@link #done()} / expected. {@code instance} is the sfsync instance that ran it (null before issue #18's V16).
 * {@code apiCalls} is how many Salesforce API calls the step sent (null while it runs, and for steps another process
 * closed or recorded before V20); the calls a cycle read ahead for its steps are counted in its {@code sync_cycle} row.
 */
public record StepRow(long id, String cycleId, String object, String operation, String status,
                      OffsetDateTime startedAt, OffsetDateTime finishedAt,
                      int created, int updated, int deleted, int failed, int skipped, String message, Long expected,
                      String instance, Integer apiCalls) {

    /** A step whose expected count is not known. */
    public StepRow(long id, String cycleId, String object, String operation, String status, OffsetDateTime startedAt,
                   OffsetDateTime finishedAt, int created, int updated, int deleted, int failed, int skipped,
                   String message) {
        this(id, cycleId, object, operation, status, startedAt, finishedAt, created, updated, deleted, failed, skipped,
                message, null, null, null);
    }

    /** A step of no recorded instance. */
    public StepRow(long id, String cycleId, String object, String operation, String status, OffsetDateTime startedAt,
                   OffsetDateTime finishedAt, int created, int updated, int deleted, int failed, int skipped,
                   String message, Long expected) {
        this(id, cycleId, object, operation, status, startedAt, finishedAt, created, updated, deleted, failed, skipped,
                message, expected, null, null);
    }

    /** The records the step handled so far: created, updated, deleted, failed and skipped. */
    public long done() {
        return (long) created + updated + deleted + failed + skipped;
    }
}
