package io.sfsync.bench;

import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pull pipeline end to end: the real application ({@code sfsync.objects=Lead}, org mode) pulling from the
 * Salesforce emulator running in a separate JVM into HSQLDB file mode, under -Xmx512m. Measures (1) the initial pull
 * of {@code bench.leads} Leads (records/s, peak heap), (2) the same rows by plain JDBC batches (the physical limit),
 * (3) an incremental cycle with 100 changed Leads on the large table and on a 10,000-row one, (4) the API calls the
 * initial pull spends. Not a test: run with {@code mvn -B -Pbench-pull test}; it prints the figures and writes the
 * "Pull pipeline" section of docs/benchmarks.md.
 */
public class PullBenchmark {

    static final int LEADS = Integer.getInteger("bench.leads", 1_000_000);
    static final int SMALL_LEADS = 10_000;
    static final int PAGE = 2_000;
    /** sfsync.pull.bulk-page-size's default. */
    static final int BULK_PAGE = 5_000;
    /** sfsync.pull.bulk-threshold for the run: the product default reads a large first pull through Bulk API 2.0; 0 = REST pages. */
    static final String BULK_THRESHOLD = System.getProperty("bench.bulk-threshold", "50000");
    static final boolean BULK = !BULK_THRESHOLD.equals("0");
    static final String SECTION = "## Pull pipeline" + (BULK ? " (first pull through Bulk API 2.0)" : " (first pull through REST pages)");

    @Test
    void run() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        double loadBefore = loadAverage();
        long wallStart = System.nanoTime();
        Path work = Path.of("target", "bench-pull").toAbsolutePath();
        deleteTree(work);
        int mappedFields = checkColumnsMatchTheMapping();

        RawJdbcInsert.Result raw = RawJdbcInsert.run(work.resolve("raw"), LEADS);
        System.out.printf(Locale.ROOT, "plain JDBC: %,d rows in %.1f s = %,.0f rows/s%n", raw.rows(), raw.seconds(),
                raw.rowsPerSecond());
        deleteTree(work.resolve("raw"));

        Scenario large = Scenario.run(LEADS, work.resolve("large"));
        Scenario small = Scenario.run(SMALL_LEADS, work.resolve("small"));
        double loadAfter = loadAverage();
        double minutes = (System.nanoTime() - wallStart) / 60e9;

        String figures = figures(large, small, raw, mappedFields);
        System.out.println(figures);
        String section = SECTION + "\n\n"
                + "Measured " + LocalDate.now() + " on this project's machine: "
                + Runtime.getRuntime().availableProcessors() + " cores (nproc), Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + ManagementFactory.getOperatingSystemMXBean().getName()
                + String.format(Locale.ROOT, "; 1-minute load average %.1f at the start and %.1f at the end. The machine"
                        + " is shared with other builds, and the emulator and the sync share its cores, so rates vary"
                        + " from run to run. Whole run: %.1f minutes.%n%n", loadBefore, loadAfter, minutes)
                + "Reproduce: `mvn -B -Pbench-pull test` (runs `io.sfsync.bench.PullBenchmark`; size with"
                + " `-Dbench.leads=N`, default 1,000,000" + (LEADS == 1_000_000 ? "" : "; this run: `-Dbench.leads="
                + LEADS + "`") + "; `-Dbench.bulk-threshold=0` for REST pages, else the product default,"
                + " sfsync.pull.bulk-threshold=50000, reads the first pull through a Bulk API 2.0 query job). The sync runs in the surefire JVM with `-Xmx512m` ("
                + garbageCollectors() + "): the real application (`SfsyncApplication`, `sfsync.objects=Lead`,"
                + " `sfsync.salesforce.mode=org`, routes from `routes/`, `mappings/lead.yaml`) on a fresh HSQLDB file"
                + " database under `target/bench-pull/`. The emulator runs in its own JVM (`sfsync emulator --seed-leads N"
                + " --seed-contacts 0`, `-Xmx2g`) and is reached only over HTTP, through camel-salesforce. Peak heap:"
                + " `MemoryPoolMXBean.resetPeakUsage()` on every heap pool before the cycle, then the sum of their"
                + " `getPeakUsage().getUsed()` after it (an upper bound: pools peak at different moments); the old"
                + " generation's peak alone is what survived collections. Changes for the incremental cycles are"
                + " made through the REST API (`PATCH /sobjects/Lead/{id}`, a new Title) on Leads picked by SOQL"
                + " ordered by Email, so they are spread over the table. The API calls are the emulator's own count"
                + " (`GET /_emulator/stats`) before and after. The emulator's defaults are kept: a daily API limit"
                + String.format(Locale.ROOT, " of 100,000 calls (each emulator's whole run used %,d and %,d, the"
                        + " benchmark's own SOQL and PATCH calls included) and a 2-hour session timeout.%n%n",
                        large.callsUsed(), small.callsUsed())
                + figures + '\n';
        String out = System.getProperty("sfsync.bench.out");
        if (out != null) {
            BenchmarksDoc.writeSection(Path.of(out), SECTION, section);
            System.out.println("written to " + out);
        }
        deleteTree(work);
    }

    /** One emulator process, one fresh sync database: the initial pull, then incremental rounds. */
    record Scenario(double emulatorStartSeconds, PullRun pull, long callsUsed) {

        int leads() {
            return pull.leads();
        }

        static Scenario run(int leads, Path dir) throws Exception {
            try (EmulatorProcess emulator = EmulatorProcess.start(leads, dir.resolve("emulator.log"))) {
                System.out.printf(Locale.ROOT, "emulator with %,d Leads answered after %.1f s%n", leads,
                        emulator.startSeconds());
                PullRun pull = PullRun.measure(emulator, emulator.syncConfig(dir.resolve("data")), leads,
                        PullRun.ROUNDS, "");
                return new Scenario(emulator.startSeconds(), pull, emulator.stats().apiCallsUsed());
            }
        }
    }

    static String figures(Scenario large, Scenario small, RawJdbcInsert.Result raw, int mappedFields) {
        PullRun big = large.pull();
        PullRun little = small.pull();
        double ratio = big.recordsPerSecond() / raw.rowsPerSecond();
        double incrementalRatio = big.bestIncremental() / little.bestIncremental();
        double per10k = big.pullCallsTotal() * 10_000.0 / large.leads();
        int page = BULK ? BULK_PAGE : PAGE;
        long pages = (large.leads() + page - 1) / page;
        // The minimum for one cycle: one call per page (the first query page comes in the cycle's composite read, and
        // the describe is the start-up check's); through Bulk API also the composite read (COUNT()), the job's
        // creation and one look at it.
        double minimumPer10k = (pages + (BULK ? 3 : 0)) * 10_000.0 / large.leads();
        return String.format(Locale.ROOT, """
                | measurement | result | target |
                |---|---|---|
                | initial pull, %,d Leads x %d mapped fields, emulator (own JVM) -> camel-salesforce -> HSQLDB file, one cycle end to end | %,.0f records/s (%.1f s) | |
                | plain JDBC, the same %,d rows and columns into `person` of a fresh HSQLDB file database made by the product's own migrations (batches of %,d, a commit per %,d) | %,.0f rows/s (%.1f s) | |
                | end to end / plain JDBC | %.0f %% | >= 50 %% |
                | peak heap of the sync JVM during the initial pull (-Xmx512m): sum of the heap pools' peaks | %,d MB (old generation peak %,d MB; %,d MB after the pull and a System.gc()) | the pull finishes under -Xmx512m (the sum of the pools' peaks is an upper bound and can exceed it) |
                | incremental cycle, %d changed Leads, on %,d rows (best of %d: %s s) | %.3f s | |
                | incremental cycle, %d changed Leads, on %,d rows (best of %d: %s s) | %.3f s | |
                | incremental cycle on %,d rows / on %,d rows | %.2fx | <= 1.5x |
                | API calls of the initial pull's cycle, %,d Leads (%s; the start-up mapping check made %d more, once per process) | %,d = %.2f per 10,000 records | minimum %.2f per 10,000 (pages of %,d: %,d %s%s) |
                | emulator start with %,d / %,d Leads (seeding included; not part of the figures above) | %.1f s / %.1f s | |
                """,
                large.leads(), mappedFields, big.recordsPerSecond(), big.pullSeconds(),
                raw.rows(), RawJdbcInsert.BATCH, RawJdbcInsert.COMMIT_EVERY, raw.rowsPerSecond(), raw.seconds(),
                ratio * 100,
                big.heap().heapSum() >> 20, big.heap().oldGen() >> 20, big.heap().afterGc() >> 20,
                PullRun.CHANGED, large.leads(), PullRun.ROUNDS, big.roundsText(), big.bestIncremental(),
                PullRun.CHANGED, small.leads(), PullRun.ROUNDS, little.roundsText(), little.bestIncremental(),
                large.leads(), small.leads(), incrementalRatio,
                large.leads(), calls(big.pullCalls()), big.startupCalls(), big.pullCallsTotal(), per10k,
                minimumPer10k, page, pages, BULK ? "results pages" : "query pages",
                BULK ? " + the cycle's composite read (COUNT()), job creation, one job status"
                        : ", the first in the cycle's composite read",
                large.leads(), small.leads(), large.emulatorStartSeconds(), small.emulatorStartSeconds());
    }

    private static String calls(Map<String, Long> calls) {
        return calls.entrySet().stream().map(e -> "`" + e.getKey() + "` " + String.format(Locale.ROOT, "%,d", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The raw insert must write the columns a Lead pull writes; returns the number of mapped fields. */
    static int checkColumnsMatchTheMapping() {
        ObjectMapping lead = MappingLoader.loadDirectory(Path.of("mappings")).get("Lead");
        List<String> columns = lead.pulledFields().stream().map(FieldMapping::column).toList();
        if (!columns.equals(RawJdbcInsert.MAPPED_COLUMNS)) {
            throw new IllegalStateException("mappings/lead.yaml pulls " + columns + "; RawJdbcInsert writes "
                    + RawJdbcInsert.MAPPED_COLUMNS + ": keep them the same");
        }
        return columns.size();
    }

    private static String garbageCollectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
