package io.sfsync.bench;

import io.sfsync.pull.PullUpdates;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The first pull on both databases, each path, in one run: {@code bench.leads} Leads (default 50,000) from one
 * emulator process, pulled by the real application into a fresh HSQLDB file database and into a fresh schema of the
 * PostgreSQL server at 127.0.0.1:5432, once through REST pages ({@code sfsync.pull.bulk-threshold=0}) and once through
 * a Bulk API 2.0 query job ({@code sfsync.pull.bulk-threshold=1}); each against plain JDBC batches of the same rows
 * into the same migrated table of the same database ({@link RawJdbcInsert}). Not a test: run with
 * {@code mvn -B -Pbench-pull-databases test}; it prints the figures and writes its section of docs/benchmarks.md.
 */
public class PullDatabasesBenchmark {

    static final int LEADS = Integer.getInteger("bench.leads", 50_000);
    static final String SECTION = "## Pull pipeline on HSQLDB and PostgreSQL (first pull, REST pages and Bulk API 2.0)";

    enum Db { HSQLDB, POSTGRESQL }

    record Row(Db db, String path, double pullSeconds, double rawSeconds) {
        double rate() {
            return LEADS / pullSeconds;
        }

        double rawRate() {
            return LEADS / rawSeconds;
        }
    }

    @Test
    void run() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long wallStart = System.nanoTime();
        Path work = Path.of("target", "bench-pull-databases").toAbsolutePath();
        deleteTree(work);
        List<Row> rows = new ArrayList<>();
        try (EmulatorProcess emulator = EmulatorProcess.start(LEADS, work.resolve("emulator.log"))) {
            int n = 0;
            for (Db db : databases()) {
                double raw = withDatabase(db, work.resolve("raw-" + db), base -> RawJdbcInsert.run(base, LEADS).seconds());
                System.out.printf(Locale.ROOT, "%s plain JDBC: %,.0f rows/s (%.1f s)%n", db, LEADS / raw, raw);
                for (String threshold : List.of("0", "1")) {
                    Path dir = work.resolve("sync-" + (n++));
                    double seconds = withDatabase(db, dir, base -> {
                        Properties p = emulator.syncConfig(dir.resolve("data"));
                        p.setProperty("sfsync.pull.bulk-threshold", threshold);
                        for (String key : List.of("sfsync.db.url", "sfsync.db.username", "sfsync.data-dir")) {
                            if (base.getProperty(key) != null) {
                                p.setProperty(key, base.getProperty(key));
                            }
                        }
                        try (TestApp app = TestApp.start(p)) {
                            long t0 = System.nanoTime();
                            String cycle = app.cycle();
                            double s = (System.nanoTime() - t0) / 1e9;
                            StepRow step = app.app().stepLog().cycle(cycle).stream()
                                    .filter(x -> x.object().equals("Lead") && x.operation().equals(PullUpdates.OPERATION))
                                    .findFirst().orElseThrow();
                            if (step.created() != LEADS || app.count("SELECT COUNT(*) FROM person") != LEADS) {
                                throw new IllegalStateException(db + ": the first pull wrote " + step.created() + " rows");
                            }
                            return s;
                        }
                    });
                    Row r = new Row(db, threshold.equals("0") ? "REST pages" : "Bulk API 2.0", seconds, raw);
                    System.out.printf(Locale.ROOT, "%s %s: %,.0f records/s (%.1f s)%n", db, r.path(), r.rate(), seconds);
                    rows.add(r);
                }
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| database | first pull of %,d Leads | end to end | plain JDBC, same rows and table | end to end / plain JDBC | target |%n"
                        + "|---|---|---|---|---|---|%n", LEADS));
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %,.0f records/s (%.1f s) | %,.0f rows/s (%.1f s) | %.0f %% | >= 50 %% |%n",
                    r.db() == Db.HSQLDB ? "HSQLDB 2.7 (file)" : "PostgreSQL 15 (127.0.0.1)", r.path(), r.rate(),
                    r.pullSeconds(), r.rawRate(), r.rawSeconds(), 100 * r.rate() / r.rawRate()));
        }
        String section = SECTION + "\n\n" + "Measured " + LocalDate.now() + " on this project's machine: "
                + Runtime.getRuntime().availableProcessors() + " cores (nproc), Java " + System.getProperty("java.version")
                + ", " + ManagementFactory.getOperatingSystemMXBean().getName()
                + String.format(Locale.ROOT, "; 1-minute load average %.1f at the start and %.1f at the end (the machine is"
                        + " shared with other builds, so rates vary from run to run; compare the ratios). Whole run: %.1f"
                        + " minutes.%n%n", loadBefore, loadAfter, (System.nanoTime() - wallStart) / 60e9)
                + "Reproduce: `mvn -B -Pbench-pull-databases test` (runs `io.sfsync.bench.PullDatabasesBenchmark`; size"
                + " with `-Dbench.leads=N`, default 50,000). One emulator in its own JVM (`sfsync emulator --seed-leads N"
                + " --seed-contacts 0`, `-Xmx2g`), reached over HTTP through camel-salesforce; the sync runs in the"
                + " surefire JVM with `-Xmx512m`: the real application (`sfsync.objects=Lead`, `sfsync.salesforce.mode=org`,"
                + " `mappings/lead.yaml`, change capture installed) on a fresh HSQLDB file database, then on a fresh"
                + " schema of PostgreSQL at 127.0.0.1:5432; for each, one cycle through REST pages"
                + " (`sfsync.pull.bulk-threshold=0`, pages of 2,000) and one through a Bulk API 2.0 query job"
                + " (`sfsync.pull.bulk-threshold=1`), each on a fresh database. Plain JDBC: the same rows and columns by"
                + " JDBC batches of 1,000, a commit per 2,000, into `person` of a fresh database of the same kind made by"
                + " the product's migrations and connection settings (no change-capture triggers).\n\n" + table + '\n';
        System.out.println(section);
        String out = System.getProperty("sfsync.bench.out");
        if (out != null && databases().size() == Db.values().length) { // a partial run (bench.databases) is not documented
            BenchmarksDoc.writeSection(Path.of(out), SECTION, section);
        }
        deleteTree(work);
    }

    /** {@code -Dbench.databases=POSTGRESQL} (comma-separated) measures only those; default both. */
    static List<Db> databases() {
        String only = System.getProperty("bench.databases", "");
        return only.isBlank() ? List.of(Db.values())
                : Stream.of(only.split(",")).map(s -> Db.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
    }

    interface Body {
        double run(Properties base) throws Exception;
    }

    /** Runs {@code body} with the configuration of a fresh database of that kind; a PostgreSQL schema is dropped after. */
    static double withDatabase(Db db, Path dir, Body body) throws Exception {
        Properties base = TestApp.config(dir);
        if (db == Db.HSQLDB) {
            return body.run(base);
        }
        String schema = "sfsync_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
        try {
            base.setProperty("sfsync.db.url", PostgresSchema.SERVER + "?currentSchema=" + schema);
            base.setProperty("sfsync.db.username", PostgresSchema.USER);
            return body.run(base);
        } finally {
            sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.SERVER, PostgresSchema.USER, "");
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
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
