package io.sfsync.deadletter;

import java.time.OffsetDateTime;

/**
 * A record that could not be synced, with what is needed to understand and replay it: {@code attempts} replays were
 * tried, the newest at {@code lastAttemptAt}, failing with {@code lastError} (D2).
 */
public record DeadLetter(long id, OffsetDateTime createdAt, String cycleId, Long stepId, String object, String operation,
                         String recordId, String errorCode, String errorMessage, String payload, String status,
                         OffsetDateTime resolvedAt, int attempts, OffsetDateTime lastAttemptAt, String lastError) {

    public static final String NEW = "New";
    public static final String REPLAYED = "Replayed";
    public static final String DISCARDED = "Discarded";

    /** The same dead letter without its payload: what a list shows. */
    public DeadLetter withoutPayload() {
        return new DeadLetter(id, createdAt, cycleId, stepId, object, operation, recordId, errorCode, errorMessage, null,
                status, resolvedAt, attempts, lastAttemptAt, lastError);
    }

    /** "dead letter 7 (Lead 00Q...)": how the command line and the API name it. */
    public String label() {
        return label(id, object, recordId);
    }

    static String label(long id, String object, String recordId) {
        return "dead letter " + id + " (" + object + " " + (recordId == null ? "without record id" : recordId) + ")";
    }
}
