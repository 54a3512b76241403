package io.sfsync.status;

import java.time.OffsetDateTime;

/** One row of the sync-status log. */
public record StepRow(long id, String cycleId, String object, String operation, String status,
                      OffsetDateTime startedAt, OffsetDateTime finishedAt,
                      int created, int updated, int deleted, int failed, int skipped, String message) {
}
