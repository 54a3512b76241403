package io.sfsync.cycle;

import io.sfsync.status.StepRow;
import io.sfsync.status.StepStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Whether the sync works, from what this process saw since it started: the connection to
 * Salesforce and the outcome of its last cycles. The rule (docs/operations.md, "Health and metrics"):
 * <ul>
 *   <li>DOWN while Salesforce is unavailable (the service waits for it and retries);</li>
 *   <li>STARTING until the first cycle since start has finished (healthy: a first load may take long),
 *       DOWN when it has run for more than two periods;</li>
 *   <li>DOWN when every step of the last cycle failed, or the last two cycles each had a
 *       Failed or Rolled back step;</li>
 *   <li>DOWN when, with a schedule, no cycle finished within two periods of {@code sfsync.cycle.cron};</li>
 *   <li>UP otherwise.</li>
 * </ul>
 */
public final class CycleHealth {

    public enum State { UP, STARTING, DOWN }

    public record Verdict(State state, String reason) {
    }

    /** A finished cycle: when, how many steps, and the failed ones as "Lead Pull Updates: message". */
    record Outcome(Instant finishedAt, int steps, List<String> failures) {
        boolean failed() {
            return !failures.isEmpty();
        }

        boolean allFailed() {
            return steps > 0 && failures.size() == steps;
        }
    }

    private final Duration period;
    private final Clock clock;
    private final Deque<Outcome> recent = new ArrayDeque<>();
    private String unavailable;
    private Instant unavailableSince;
    private int attempts;
    private Instant nextAttempt;
    private Instant cycleStarted;

    /** {@code period} is the time between scheduled cycles, or null when cycles are not scheduled. */
    public CycleHealth(Duration period, Clock clock) {
        this.period = period;
        this.clock = clock;
    }

    /** An attempt to connect to Salesforce failed; the next one is at {@code nextAttempt}. */
    public synchronized void unavailable(String reason, Instant nextAttempt) {
        if (unavailable == null) {
            unavailableSince = clock.instant();
        }
        unavailable = reason;
        attempts++;
        this.nextAttempt = nextAttempt;
    }

    public synchronized void connected() {
        unavailable = null;
        attempts = 0;
    }

    public synchronized void cycleStarted() {
        cycleStarted = clock.instant();
    }

    public synchronized void cycleFinished(List<StepRow> steps) {
        List<String> failures = steps.stream()
                .filter(s -> s.status().equals(StepStatus.FAILED.label()) || s.status().equals(StepStatus.ROLLED_BACK.label()))
                .map(s -> s.object() + " " + s.operation() + " " + s.status() + (s.message() == null ? "" : ": " + s.message()))
                .toList();
        recent.addFirst(new Outcome(clock.instant(), steps.size(), failures));
        while (recent.size() > 2) {
            recent.removeLast();
        }
    }

    /** Why the service waits for Salesforce (does not answer, refuses the login), or null when it does not. */
    public synchronized String waitingForSalesforce() {
        if (unavailable == null) {
            return null;
        }
        return "waiting for Salesforce since " + time(unavailableSince) + ", " + attempts + " failed attempt(s), next in "
                + Math.max(0, Duration.between(clock.instant(), nextAttempt).toSeconds()) + " s: " + unavailable;
    }

    public synchronized Verdict verdict() {
        Instant now = clock.instant();
        String waiting = waitingForSalesforce();
        if (waiting != null) {
            return new Verdict(State.DOWN, waiting);
        }
        Outcome last = recent.peekFirst();
        if (last == null && cycleStarted != null && period != null && cycleStarted.plus(period.multipliedBy(2)).isBefore(now)) {
            return new Verdict(State.DOWN, "the first cycle since start has run since " + time(cycleStarted)
                    + ", more than two periods of sfsync.cycle.cron (" + period.toSeconds() + " s each), and has not finished");
        }
        if (last == null) {
            return new Verdict(State.STARTING, cycleStarted == null
                    ? "connecting to Salesforce; no cycle has run since start"
                    : "the first cycle since start is running (started " + time(cycleStarted) + ")");
        }
        if (last.allFailed()) {
            return new Verdict(State.DOWN, "every step of the last cycle failed (" + time(last.finishedAt()) + "): "
                    + summary(last));
        }
        if (recent.size() == 2 && recent.stream().allMatch(Outcome::failed)) {
            return new Verdict(State.DOWN, "the last 2 cycles had failed steps: " + summary(last));
        }
        if (period != null && last.finishedAt().plus(period.multipliedBy(2)).isBefore(now)) {
            return new Verdict(State.DOWN, "no cycle finished since " + time(last.finishedAt())
                    + ", more than two periods of sfsync.cycle.cron (" + period.toSeconds() + " s each)");
        }
        return new Verdict(State.UP, "last cycle finished " + time(last.finishedAt())
                + (last.failed() ? " with failed steps: " + summary(last) : ""));
    }

    private static String summary(Outcome o) {
        return o.failures().get(0) + (o.failures().size() > 1 ? " (and " + (o.failures().size() - 1) + " more)" : "");
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
