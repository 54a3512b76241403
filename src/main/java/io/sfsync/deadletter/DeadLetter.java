package io.sfsync.deadletter;

import java.time.OffsetDateTime;

/** A record that could not be synced, with what is needed to understand and replay it. */
public record DeadLetter(long id, OffsetDateTime createdAt, String cycleId, Long stepId, String object, String operation,
                         String recordId, String errorCode, String errorMessage, String payload, String status,
                         OffsetDateTime resolvedAt) {

    public static final String NEW = "New";
    public static final String REPLAYED = "Replayed";
    public static final String DISCARDED = "Discarded";
}
