package io.sfsync.bench;

import io.sfsync.pull.PullUpdates;
import io.sfsync.push.PushUpdates;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The push end to end: {@code bench.changes} (100,000) local changes to Lead rows (Title on every row, City too on
 * every second one), marked in the change log as the database's triggers do, pushed in one cycle of the real
 * application (org mode, the emulator in its own JVM) through (a) sObject Collections ({@code sfsync.push.bulk-threshold=0})
 * and (b) a Bulk API 2.0 ingest job, on HSQLDB and on PostgreSQL, next to the first pull of the same records. Not a
 * test: run with {@code mvn -B -Pbench-push test}; it prints the figures and writes the "Push" section of
 * docs/benchmarks.md.
 */
public class PushBenchmark {

    static final int CHANGES = Integer.getInteger("bench.changes", 100_000);
    /** The product default of sfsync.push.bulk-threshold; below it for a smaller run, so that the job is used. */
    static final int BULK_THRESHOLD = Math.min(10_000, CHANGES - 1);
    static final String SECTION = "## Push (sObject Collections and Bulk API 2.0 ingest)";

    @Test
    void run() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long wallStart = System.nanoTime();
        Path work = Path.of("target", "bench-push").toAbsolutePath();
        deleteTree(work);
        List<Scenario> scenarios = new ArrayList<>();
        for (String db : List.of("HSQLDB", "PostgreSQL")) {
            scenarios.add(Scenario.run(db, work.resolve(db.toLowerCase(Locale.ROOT))));
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double minutes = (System.nanoTime() - wallStart) / 60e9;
        String figures = figures(scenarios);
        System.out.println(figures);
        String section = SECTION + "\n\n"
                + "Measured " + LocalDate.now() + " on this project's machine: "
                + Runtime.getRuntime().availableProcessors() + " cores (nproc), Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + ManagementFactory.getOperatingSystemMXBean().getName()
                + String.format(Locale.ROOT, "; 1-minute load average %.1f at the start and %.1f at the end. The machine"
                        + " is shared with other builds, and the emulator and the sync share its cores, so rates vary"
                        + " from run to run: compare the ratios, measured side by side in one run. Whole run: %.1f"
                        + " minutes.%n%n", loadBefore, loadAfter, minutes)
                + "Reproduce: `mvn -B -Pbench-push test` (runs `io.sfsync.bench.PushBenchmark`; size with"
                + " `-Dbench.changes=N`, default 100,000" + (CHANGES == 100_000 ? "" : "; this run: `-Dbench.changes="
                + CHANGES + "`") + "). The sync runs in the surefire JVM with `-Xmx512m`: the real application"
                + " (`SfsyncApplication`, `sfsync.objects=Lead`, `sfsync.salesforce.mode=org`, routes from `routes/`,"
                + " `mappings/lead.yaml`) on a fresh HSQLDB file database under `target/bench-push/`, then on a fresh"
                + " schema of the PostgreSQL server at 127.0.0.1:5432. For each database an emulator runs in its own JVM"
                + " (`sfsync emulator --seed-leads N --seed-contacts 0`, `-Xmx2g`), reached only over HTTP through"
                + " camel-salesforce. The first cycle pulls the N Leads (the product default"
                + " `sfsync.pull.bulk-threshold=50000`: a Bulk API 2.0 query job above it). Then every row's Title (and"
                + " every second row's City) is changed by one SQL UPDATE and the change log gets one entry per row, as"
                + " the database's triggers write it; one cycle pushes them through sObject Collections"
                + " (`sfsync.push.bulk-threshold=0`, 200 records a call); an unmeasured cycle reads the pushed records"
                + " back; the application restarts on the same database with the default"
                + " `sfsync.push.bulk-threshold=10000`, the rows change again and one cycle pushes them through a Bulk"
                + " API 2.0 ingest job. A push cycle is measured end to end (its Pull Updates finds nothing new); the"
                + " SQL that makes the changes is not. API calls are the emulator's own count (`GET /_emulator/stats`)"
                + " before and after the cycle.\n\n"
                + figures + '\n';
        String out = System.getProperty("sfsync.bench.out");
        if (out != null) {
            BenchmarksDoc.writeSection(Path.of(out), SECTION, section);
            System.out.println("written to " + out);
        }
        deleteTree(work);
    }

    /** One measured cycle: seconds and API calls by endpoint. */
    record Cycle(String id, double seconds, Map<String, Long> calls, long total) {

        double perSecond() {
            return CHANGES / seconds;
        }
    }

    /** One database, one emulator: the first pull, a push through Collections, a push through Bulk API 2.0. */
    record Scenario(String db, Cycle pull, Cycle collections, Cycle bulk) {

        static Scenario run(String db, Path dir) throws Exception {
            PostgresSchema schema = db.equals("PostgreSQL") ? new PostgresSchema("sfsync_benchpush_") : null;
            try (EmulatorProcess emulator = EmulatorProcess.start(CHANGES, dir.resolve("emulator.log"))) {
                if (schema != null) {
                    schema.beforeEach(null);
                }
                Cycle pull;
                Cycle collections;
                try (TestApp app = TestApp.start(config(emulator, dir, schema, "0"))) {
                    pull = measure(app, emulator);
                    StepRow pulled = step(app, pull.id(), PullUpdates.OPERATION);
                    if (pulled.created() != CHANGES) {
                        throw new IllegalStateException("the first pull wrote " + pulled.created() + " rows: " + pulled);
                    }
                    System.out.printf(Locale.ROOT, "%s: first pull of %,d Leads: %.1f s = %,.0f records/s%n", db,
                            CHANGES, pull.seconds(), pull.perSecond());
                    collections = push(app, emulator, db, "Collections");
                    app.cycle(); // reads back the records the push changed, so that the next push cycle's pull finds none
                }
                Cycle bulk;
                try (TestApp app = TestApp.start(config(emulator, dir, schema, String.valueOf(BULK_THRESHOLD)))) {
                    bulk = push(app, emulator, db, "Bulk");
                }
                return new Scenario(db, pull, collections, bulk);
            } finally {
                if (schema != null) {
                    schema.afterEach(null);
                }
            }
        }

        private static Properties config(EmulatorProcess emulator, Path dir, PostgresSchema schema, String threshold) {
            Properties p = emulator.syncConfig(dir.resolve("data"));
            p.setProperty("sfsync.pull.bulk-threshold", "50000");
            p.setProperty("sfsync.push.bulk-threshold", threshold);
            if (schema != null) {
                p.setProperty("sfsync.db.url", PostgresSchema.SERVER + "?currentSchema=" + schema.name());
                p.setProperty("sfsync.db.username", PostgresSchema.USER);
            }
            return p;
        }

        private static Cycle push(TestApp app, EmulatorProcess emulator, String db, String how) throws Exception {
            // one plain SQL UPDATE, as another client would write: the triggers log the changes
            app.execute("UPDATE person SET title = ? || CAST(id AS VARCHAR(20)), city = CASE WHEN MOD(id, 2) = 0 "
                    + "THEN ? ELSE city END", how + " ", how + " City");
            Cycle cycle = measure(app, emulator);
            StepRow pushed = step(app, cycle.id(), PushUpdates.OPERATION);
            if (pushed.updated() != CHANGES || pushed.failed() != 0) {
                throw new IllegalStateException("the push through " + how + " updated " + pushed.updated() + ": " + pushed);
            }
            if (app.count("SELECT COUNT(*) FROM sync_change WHERE status = 'Open'") != 0) {
                throw new IllegalStateException("changes left open after the push through " + how);
            }
            System.out.printf(Locale.ROOT, "%s: push of %,d changes through %s: %.1f s = %,.0f records/s, %,d calls %s%n",
                    db, CHANGES, how, cycle.seconds(), cycle.perSecond(), cycle.total(), cycle.calls());
            return cycle;
        }

        private static Cycle measure(TestApp app, EmulatorProcess emulator) throws Exception {
            EmulatorProcess.Stats before = emulator.stats();
            long t0 = System.nanoTime();
            String id = app.cycle();
            double seconds = (System.nanoTime() - t0) / 1e9;
            EmulatorProcess.Stats after = emulator.stats();
            return new Cycle(id, seconds, after.since(before), after.apiCallsUsed() - before.apiCallsUsed());
        }

        private static StepRow step(TestApp app, String cycleId, String operation) throws Exception {
            return app.app().stepLog().cycle(cycleId).stream()
                    .filter(s -> s.object().equals("Lead") && s.operation().equals(operation))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + operation + " in cycle " + cycleId));
        }
    }

    static String figures(List<Scenario> scenarios) {
        StringBuilder out = new StringBuilder();
        out.append("| measurement (").append(String.format(Locale.ROOT, "%,d", CHANGES)).append(" Leads, one cycle end to end) | ");
        out.append(scenarios.stream().map(Scenario::db).collect(Collectors.joining(" | "))).append(" |\n|---|");
        out.append("---|".repeat(scenarios.size())).append('\n');
        row(out, scenarios, "push through sObject Collections (`sfsync.push.bulk-threshold=0`)",
                s -> rate(s.collections()));
        row(out, scenarios, "push through one Bulk API 2.0 ingest job (`sfsync.push.bulk-threshold=" + BULK_THRESHOLD + "`)",
                s -> rate(s.bulk()));
        row(out, scenarios, "first pull of the same Leads (" + (CHANGES > 50_000 ? "Bulk API 2.0 query job" : "REST pages")
                + ")", s -> rate(s.pull()));
        row(out, scenarios, "**Bulk ingest / Collections**, records per second",
                s -> String.format(Locale.ROOT, "**%.2fx**", s.bulk().perSecond() / s.collections().perSecond()));
        row(out, scenarios, "push through Collections / first pull, records per second",
                s -> String.format(Locale.ROOT, "%.2fx", s.collections().perSecond() / s.pull().perSecond()));
        row(out, scenarios, "push through Bulk ingest / first pull, records per second",
                s -> String.format(Locale.ROOT, "%.2fx", s.bulk().perSecond() / s.pull().perSecond()));
        row(out, scenarios, "API calls of the push cycle through Collections", s -> calls(s.collections()));
        row(out, scenarios, "API calls of the push cycle through Bulk ingest", s -> calls(s.bulk()));
        row(out, scenarios, "API calls of the first pull's cycle", s -> calls(s.pull()));
        row(out, scenarios, "**API calls, Collections / Bulk ingest**",
                s -> String.format(Locale.ROOT, "**%.0fx**", (double) s.collections().total() / s.bulk().total()));
        return out.toString();
    }

    private interface Cell {
        String of(Scenario s);
    }

    private static void row(StringBuilder out, List<Scenario> scenarios, String name, Cell cell) {
        out.append("| ").append(name).append(" | ");
        out.append(scenarios.stream().map(cell::of).collect(Collectors.joining(" | "))).append(" |\n");
    }

    private static String rate(Cycle c) {
        return String.format(Locale.ROOT, "%,.0f records/s (%.1f s)", c.perSecond(), c.seconds());
    }

    private static String calls(Cycle c) {
        return String.format(Locale.ROOT, "%,d (", c.total()) + c.calls().entrySet().stream()
                .map(e -> "`" + e.getKey() + "` " + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
