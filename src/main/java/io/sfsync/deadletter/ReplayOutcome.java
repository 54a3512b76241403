package io.sfsync.deadletter;

/** What a replay of one dead letter did, as {@code sfsync dead-letters replay} prints it and the admin API answers. */
public record ReplayOutcome(long id, String object, String recordId, String operation, Result result, String detail,
                            int attempts) {

    public enum Result {
        /** The record was synced; the dead letter is Replayed. */
        REPLAYED,
        /** The record still cannot be synced; the dead letter stays New with one more attempt and the error. */
        FAILED,
        /** No replayer for the dead letter's operation yet; nothing was tried. */
        NOT_SUPPORTED,
        /** The dead letter is Replayed or Discarded already; nothing was tried. */
        NOT_NEW
    }

    public boolean succeeded() {
        return result == Result.REPLAYED;
    }

    /** "dead letter 7 (Lead 00Q...): replayed, 1 row updated". */
    public String text() {
        return DeadLetter.label(id, object, recordId) + ": " + switch (result) {
            case REPLAYED -> "replayed, " + detail;
            case FAILED -> "failed, " + detail + "; it stays New (" + attempts + (attempts == 1 ? " attempt)" : " attempts)");
            case NOT_SUPPORTED, NOT_NEW -> "not replayed: " + detail;
        };
    }
}
