package io.sfsync.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Salesforce API calls sfsync sent (issue #16's budget report), counted as they are sent: per step (written with
 * the step's row, {@code sync_step.api_calls}) and per cycle (its row in {@code sync_cycle}). Every REST and Bulk API
 * request counts, answered or not, retries included; logins do not (they are not API calls).
 */
public final class ApiCalls {

    private final Map<Long, LongAdder> byStep = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byCycle = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> outsideStepsByCycle = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    /** One call sent by the step {@code stepId} (null: no step) of the cycle {@code cycleId} (null: no cycle). */
    public void sent(Long stepId, String cycleId) {
        total.increment();
        if (stepId != null) {
            byStep.computeIfAbsent(stepId, k -> new LongAdder()).increment();
        }
        if (cycleId != null) {
            byCycle.computeIfAbsent(cycleId, k -> new LongAdder()).increment();
            if (stepId == null) {
                outsideStepsByCycle.computeIfAbsent(cycleId, k -> new LongAdder()).increment();
            }
        }
    }

    /** The calls the step sent; forgets them (the step is finished). */
    public int takeStep(long stepId) {
        LongAdder n = byStep.remove(stepId);
        return n == null ? 0 : n.intValue();
    }

    /** The calls the cycle sent in all, and those outside its steps (its composite reads); forgets them. */
    public CycleCalls takeCycle(String cycleId) {
        LongAdder all = byCycle.remove(cycleId);
        LongAdder outside = outsideStepsByCycle.remove(cycleId);
        return new CycleCalls(all == null ? 0 : all.intValue(), outside == null ? 0 : outside.intValue());
    }

    /** Every call counted since start. */
    public long total() {
        return total.sum();
    }

    /** A cycle's calls: all of them, and those sent outside its steps (the reads ahead). */
    public record CycleCalls(int all, int outsideSteps) {
    }
}
