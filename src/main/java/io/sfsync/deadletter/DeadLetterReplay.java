package io.sfsync.deadletter;

import io.sfsync.admin.ConflictException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.salesforce.ErrorText;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an administrator does with dead letters (D2): show, replay and discard them. A replay goes to the
 * {@link Replayer} of the dead letter's operation; a success closes the dead letter (Replayed), a failure leaves it
 * New with one more attempt and the error. Used by the admin HTTP API (routes/admin/dead-letter-*-api) and, when the
 * service does not run, by {@code sfsync dead-letters}.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final DeadLetterStore store;
    private final Map<String, Replayer> replayers = new LinkedHashMap<>();

    public DeadLetterReplay(DeadLetterStore store, List<Replayer> replayers) {
        this.store = store;
        for (Replayer r : replayers) {
            this.replayers.put(r.operation(), r);
        }
    }

    public DeadLetterStore store() {
        return store;
    }

    /** @throws NotFoundException when there is no dead letter {@code id} */
    public DeadLetter get(long id) throws SQLException {
        return store.get(id).orElseThrow(() -> new NotFoundException("there is no dead letter " + id));
    }

    /**
     * Marks a New dead letter Discarded: its record is given up.
     *
     * @throws NotFoundException when there is no dead letter {@code id}
     * @throws ConflictException when it is not New
     */
    public DeadLetter discard(long id) throws SQLException {
        DeadLetter letter = get(id);
        if (!store.resolve(id, DeadLetter.DISCARDED)) {
            throw new ConflictException(letter.label() + " is " + get(id).status() + ", not New; only a New dead letter "
                    + "can be discarded");
        }
        LOG.info("{} {}: discarded", letter.label(), letter.operation());
        return get(id);
    }

    /**
     * Replays one dead letter and says what happened.
     *
     * @throws NotFoundException when there is no dead letter {@code id}
     */
    public ReplayOutcome replay(long id) throws SQLException {
        DeadLetter letter = get(id);
        if (!DeadLetter.NEW.equals(letter.status())) {
            return outcome(letter, ReplayOutcome.Result.NOT_NEW, "it is " + letter.status() + ", not New",
                    letter.attempts());
        }
        Replayer replayer = replayers.get(letter.operation());
        if (replayer == null) {
            return outcome(letter, ReplayOutcome.Result.NOT_SUPPORTED, "replay is not supported yet for operation "
                    + letter.operation(), letter.attempts());
        }
        try {
            String written = replayer.replay(letter);
            LOG.info("{} {}: replayed, {}", letter.label(), letter.operation(), written);
            return outcome(letter, ReplayOutcome.Result.REPLAYED, written, letter.attempts() + 1);
        } catch (Replayer.ReplayFailedException e) {
            return failed(letter, e.getMessage());
        } catch (Exception e) {
            return failed(letter, ErrorText.describe(e));
        }
    }

    /** Replays every New dead letter the filter matches (its status is ignored), oldest first. */
    public List<ReplayOutcome> replayAll(DeadLetterFilter filter) throws SQLException {
        List<DeadLetter> matching = new ArrayList<>(store.list(new DeadLetterFilter(filter.object(), filter.operation(),
                DeadLetter.NEW, filter.since(), filter.limit())));
        Collections.reverse(matching);
        List<ReplayOutcome> out = new ArrayList<>();
        for (DeadLetter letter : matching) {
            out.add(replay(letter.id()));
        }
        return out;
    }

    private ReplayOutcome failed(DeadLetter letter, String error) throws SQLException {
        store.attemptFailed(letter.id(), error);
        LOG.warn("{} {}: replay failed: {}", letter.label(), letter.operation(), error);
        return outcome(letter, ReplayOutcome.Result.FAILED, error, get(letter.id()).attempts());
    }

    private static ReplayOutcome outcome(DeadLetter l, ReplayOutcome.Result result, String detail, int attempts) {
        return new ReplayOutcome(l.id(), l.object(), l.recordId(), l.operation(), result, detail, attempts);
    }
}
