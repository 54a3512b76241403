package io.sfsync.bench;

import io.sfsync.pull.PullUpdates;
import io.sfsync.status.StepRow;
import io.sfsync.testing.TestApp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The real application in this JVM on a fresh database: one first pull of every Lead an emulator holds, measured end
 * to end, then incremental rounds, each a cycle after {@value #CHANGED} Leads got a new Title through the REST API.
 * The benchmarks of the pull share it.
 */
record PullRun(int leads, double pullSeconds, HeapPeak.Result heap, long startupCalls, Map<String, Long> pullCalls,
               long pullCallsTotal, double[] incrementalSeconds) {

    static final int CHANGED = 100;
    /**
     * Rounds of an incremental cycle, the best counted. Eight, not three: the 1,000,000-row rounds are the JVM's first
     * runs of the pull's update path (right after a Bulk first pull, which only inserts), and with three their best
     * still carried that warm-up (0.093 to 0.107 s against 0.056 to 0.070 s for the 10,000-row rounds after them,
     * 2026-12-02); from the sixth round on they took 0.064 to 0.080 s (docs/benchmarks.md).
     */
    static final int ROUNDS = 8;

    double recordsPerSecond() {
        return leads / pullSeconds;
    }

    double bestIncremental() {
        return Arrays.stream(incrementalSeconds).min().orElseThrow(() -> new IllegalStateException("no incremental rounds"));
    }

    /** The rounds' seconds, "0.312, 0.101, 0.066". */
    String roundsText() {
        return Arrays.stream(incrementalSeconds).mapToObj(d -> String.format(Locale.ROOT, "%.3f", d))
                .collect(Collectors.joining(", "));
    }

    /**
     * Starts the application with {@code config} (a fresh database: the first cycle must create every row), runs the
     * first pull of {@code leads} Leads, then {@code rounds} incremental rounds. {@code label} goes into the changed
     * Titles, so that rounds against the same emulator in another database change the Leads again.
     */
    static PullRun measure(EmulatorProcess emulator, Properties config, int leads, int rounds, String label)
            throws Exception {
        EmulatorProcess.Stats beforeStart = emulator.stats();
        try (TestApp app = TestApp.start(config)) {
            EmulatorProcess.Stats beforePull = emulator.stats();

            HeapPeak heap = HeapPeak.reset();
            long t0 = System.nanoTime();
            String cycle = app.cycle();
            double pullSeconds = (System.nanoTime() - t0) / 1e9;
            HeapPeak.Result peak = heap.read();
            EmulatorProcess.Stats afterPull = emulator.stats();

            StepRow step = pullStep(app, cycle);
            if (step.created() != leads || app.count("SELECT COUNT(*) FROM person") != leads) {
                throw new IllegalStateException(label + "the first pull wrote " + step.created() + " of " + leads
                        + " rows: " + step);
            }
            System.out.printf(Locale.ROOT, "%sfirst pull of %,d Leads: %.1f s = %,.0f records/s, peak heap %d MB%n",
                    label, leads, pullSeconds, leads / pullSeconds, peak.heapSum() >> 20);

            double[] seconds = new double[rounds];
            List<String> ids = rounds == 0 ? List.of() : emulator.leadIds(rounds * CHANGED);
            for (int round = 0; round < rounds; round++) {
                for (String id : ids.subList(round * CHANGED, (round + 1) * CHANGED)) {
                    emulator.changeTitle(id, "Benchmark " + label + "round " + (round + 1));
                }
                long c0 = System.nanoTime();
                String incremental = app.cycle();
                seconds[round] = (System.nanoTime() - c0) / 1e9;
                StepRow s = pullStep(app, incremental);
                if (s.updated() != CHANGED || s.created() != 0) {
                    throw new IllegalStateException(label + "the incremental cycle did not update " + CHANGED
                            + " rows: " + s);
                }
                System.out.printf(Locale.ROOT, "%sincremental cycle, %d changed of %,d: %.3f s%n", label, CHANGED,
                        leads, seconds[round]);
            }
            return new PullRun(leads, pullSeconds, peak, beforePull.apiCallsUsed() - beforeStart.apiCallsUsed(),
                    afterPull.since(beforePull), afterPull.apiCallsUsed() - beforePull.apiCallsUsed(), seconds);
        }
    }

    private static StepRow pullStep(TestApp app, String cycleId) throws Exception {
        return app.app().stepLog().cycle(cycleId).stream()
                .filter(s -> s.object().equals("Lead") && s.operation().equals(PullUpdates.OPERATION))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Pull Updates step in cycle " + cycleId));
    }
}
