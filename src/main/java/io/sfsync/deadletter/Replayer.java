package io.sfsync.deadletter;

/**
 * Replays the dead letters of one operation (D2): reads the record's current data again (for a pull: from Salesforce;
 * for a push: the local row) and syncs it as the operation's step would. {@link DeadLetterReplay} chooses the replayer
 * by the dead letter's {@code operation}; an operation without one cannot be replayed yet.
 */
public interface Replayer {

    /** The operation whose dead letters this replays, as stored in {@code dead_letter.operation}. */
    String operation();

    /**
     * Replays one New dead letter. On success the record is written and the dead letter marked Replayed on one
     * transaction ({@link DeadLetterStore#replayed}); the answer says what was written ("1 row updated").
     *
     * @throws ReplayFailedException when the record still cannot be synced, saying why; any other exception is a
     *                               failure too (Salesforce unavailable, the database)
     */
    String replay(DeadLetter letter) throws Exception;

    /** Why a replay did not sync its record, in words for the operator. */
    final class ReplayFailedException extends Exception {

        public ReplayFailedException(String message) {
            super(message);
        }
    }
}
