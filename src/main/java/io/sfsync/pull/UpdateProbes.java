package io.sfsync.pull;

import io.sfsync.status.StepLog;
import io.sfsync.status.StepRow;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each object's next getUpdated probe starts ({@code sfsync.cycle.update-probes}, issue #16). A probe asks
 * Salesforce's replication API which records changed in a window ({@code GET /sobjects/{T}/updated/?start=&end=}, not
 * a query, so it does not count against the 5 queries a composite request may hold); when none did, the object's
 * change query is not sent and its Pull Updates reads an empty page.
 * <p>
 * A probe starts where the last one that counted ended ({@code latestDateCovered}). An object with no such start yet
 * sends its change query as before, after a seed probe in the same composite requests (it runs first, so the query
 * sees every change up to the seed's {@code latestDateCovered}). A probe counts only once the Pull Updates of its cycle completed: that step's query (or the empty page the probe
 * stood for) was read after the probe, so it saw every change up to the probe's end. A step that failed, rolled back or
 * did not run leaves the start where it was, so the next probe covers its window again. Held in memory: after a
 * restart each object starts with a seed probe again.
 */
public final class UpdateProbes {

    /** Where a probe covered up to, and whether the object had a watermark then. */
    private record Start(Instant at, boolean watermark) {
    }

    private record Pending(String cycleId, Start start) {
    }

    private final StepLog stepLog;
    private final Map<String, Start> starts = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public UpdateProbes(StepLog stepLog) {
        this.stepLog = stepLog;
    }

    /**
     * As {@link #confirm}; when the status log cannot be read, the probes start where they did (they cover more, which
     * costs at most a change query).
     */
    void confirmQuietly() {
        try {
            confirm();
        } catch (SQLException e) {
            pending.clear();
        }
    }

    /** Moves the starts of the probes whose Pull Updates completed in their cycle; forgets the others. */
    void confirm() throws SQLException {
        Map<String, List<StepRow>> byCycle = new HashMap<>();
        for (Map.Entry<String, Pending> e : Map.copyOf(pending).entrySet()) {
            List<StepRow> steps = byCycle.get(e.getValue().cycleId());
            if (steps == null) {
                steps = stepLog.cycle(e.getValue().cycleId());
                byCycle.put(e.getValue().cycleId(), steps);
            }
            String object = e.getKey();
            boolean completed = steps.stream().anyMatch(s -> s.object().equals(object)
                    && s.operation().equals(PullUpdates.OPERATION) && s.status().equals("Completed"));
            if (completed) {
                starts.merge(object, e.getValue().start(), (a, b) -> a.at().isAfter(b.at()) ? a : b);
            }
            pending.remove(object);
        }
    }

    /**
     * The start of the object's probe now, in whole minutes (Salesforce ignores seconds), or null when there is none:
     * no probe counted yet, the object lost its watermark since (its next pull reads everything again), or the start is
     * in the current minute (a probe would cover nothing). Then the change query is sent as it is, after a seed probe.
     */
    String start(String object, boolean watermark, Instant now) {
        Start start = starts.get(object);
        if (start == null) {
            return null;
        }
        if (start.watermark() && !watermark) {
            starts.remove(object);
            return null;
        }
        Instant from = start.at().truncatedTo(ChronoUnit.MINUTES);
        return from.isBefore(now.truncatedTo(ChronoUnit.MINUTES)) ? iso(from) : null;
    }

    /** The window of a seed probe: the minute before {@code now}, only for its {@code latestDateCovered}. */
    static String seedStart(Instant now) {
        return iso(now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES));
    }

    static String iso(Instant at) {
        return PullDeletes.isoUtc(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** The cycle's probe of {@code object} covered changes up to {@code latestDateCovered}. */
    void covered(String cycleId, String object, Instant latestDateCovered, boolean watermark) {
        pending.put(object, new Pending(cycleId, new Start(latestDateCovered, watermark)));
    }
}
