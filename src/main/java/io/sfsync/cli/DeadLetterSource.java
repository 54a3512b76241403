package io.sfsync.cli;

import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.deadletter.ReplayOutcome;
import java.util.List;

/**
 * Where {@code sfsync dead-letters} finds the dead letters: the running service's admin HTTP API when it answers
 * (the embedded database is then in use), else the database itself. Unknown ids are a
 * {@link io.sfsync.admin.NotFoundException}, a dead letter that is not New where it must be a
 * {@link io.sfsync.admin.ConflictException}.
 */
interface DeadLetterSource extends AutoCloseable {

    List<DeadLetter> list(DeadLetterFilter filter) throws Exception;

    DeadLetter get(long id) throws Exception;

    DeadLetter discard(long id) throws Exception;

    ReplayOutcome replay(long id) throws Exception;

    /** Replays every New dead letter the filter matches, oldest first. */
    List<ReplayOutcome> replayAll(DeadLetterFilter filter) throws Exception;

    /** Where the answers come from, for the user: "the running service at ..." or "the database ...". */
    String describe();

    @Override
    void close();
}
