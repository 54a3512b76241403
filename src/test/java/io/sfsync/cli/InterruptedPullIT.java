package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.bench.EmulatorProcess;
import io.sfsync.testing.JarRun;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.status.StepRow;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync process stopped in the middle of a long pull, as Docker and crashes stop it: {@code java -jar
 * target/sfsync.jar run} against a stand-alone emulator (its records outlive the sync process, as an org's do), a
 * HSQLDB file in a temporary data directory, read after the process has gone.
 */
class InterruptedPullIT {

    private static final int LEADS = 200_000;
    /** Docker's default grace period between SIGTERM and SIGKILL. */
    private static final Duration DOCKER_GRACE = Duration.ofSeconds(10);
    private static final Pattern PROGRESS = Pattern.compile("Lead Pull Updates: (\\d+) / \\d+ records");

    @TempDir
    static Path shared;
    private static EmulatorProcess org;

    @TempDir
    Path dir;

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_interrupted_");

    private int runs;

    @BeforeAll
    static void startOrg() throws Exception {
        org = EmulatorProcess.start(LEADS, shared.resolve("emulator.log"));
    }

    @AfterAll
    static void stopOrg() throws Exception {
        if (org != null) {
            org.close();
        }
    }

    @Test
    void a_first_pull_killed_with_sigkill_is_closed_at_the_next_start_which_resumes_it() throws Exception {
        Properties config = config(org, "sfsync.pull.bulk-threshold", "0");
        JarRun killed = run(config, "run");
        awaitProgress(killed, 10_000);
        killed.process().destroyForcibly();
        assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        // docs/operations.md: a long pull logs its progress, the rate and the time left
        assertThat(killed.log()).containsPattern("Lead Pull Updates: \\d+ / " + LEADS
                + " records \\(\\d+ per second, about \\d+ s left\\)");

        // what the killed process left: its step In Progress, with the counts of the pages it committed
        StepRow left = single(steps(config));
        assertThat(left.status()).isEqualTo("In Progress");
        assertThat(left.finishedAt()).isNull();
        assertThat(left.created()).isEqualTo(count(config, "SELECT COUNT(*) FROM person")).isPositive();

        JarRun next = run(config, "run", "--once");
        assertThat(next.process().waitFor(5, TimeUnit.MINUTES)).as(next.log()).isTrue();
        assertThat(next.process().exitValue()).as(next.log()).isZero();

        List<StepRow> steps = steps(config);
        assertThat(steps).noneMatch(s -> s.status().equals("In Progress"));
        StepRow closed = steps.stream().filter(s -> s.id() == left.id()).findFirst().orElseThrow();
        assertThat(closed.status()).isEqualTo("Failed");
        assertThat(closed.created()).isEqualTo(left.created());
        assertThat(closed.message()).startsWith("sfsync stopped while this step ran (killed or crashed); closed at the"
                + " next start on ");
        StepRow resumed = pullUpdates(steps, 0);
        assertThat(resumed.status()).isEqualTo("Completed");
        assertThat(resumed.created()).isEqualTo(LEADS - left.created());
        assertHoldsExactlyTheOrgsLeads(config, LEADS);
    }

    @Test
    void sigterm_stops_a_rest_first_pull_within_seconds_as_incomplete_and_the_next_run_completes_it() throws Exception {
        sigtermStopsAFirstPullThatTheNextRunCompletes(config(org, "sfsync.pull.bulk-threshold", "0"), "run");
    }

    @Test
    void sigterm_stops_run_once_at_a_page_boundary_as_incomplete_too() throws Exception {
        sigtermStopsAFirstPullThatTheNextRunCompletes(config(org, "sfsync.pull.bulk-threshold", "0"), "run", "--once");
    }

    @Test
    void sigterm_stops_a_bulk_first_pull_within_seconds_as_incomplete_and_the_next_run_completes_it() throws Exception {
        sigtermStopsAFirstPullThatTheNextRunCompletes(config(org, "sfsync.pull.bulk-threshold", "50000",
                "sfsync.pull.bulk-page-size", "5000"), "run");
    }

    /**
     * On PostgreSQL a Bulk first pull streams its pages into one COPY per 50,000 records: SIGTERM ends the COPY and
     * commits it at the next page boundary, and the next run reads on from there.
     */
    @Test
    void sigterm_stops_a_bulk_first_pull_into_postgresql_after_its_open_copy_and_the_next_run_completes_it()
            throws Exception {
        sigtermStopsAFirstPullThatTheNextRunCompletes(config(org, "sfsync.pull.bulk-threshold", "50000",
                "sfsync.pull.bulk-page-size", "5000", "sfsync.db.url", PostgresSchema.SERVER + "?currentSchema="
                        + postgres.name(), "sfsync.db.username", PostgresSchema.USER), "run");
    }

    private void sigtermStopsAFirstPullThatTheNextRunCompletes(Properties config, String... command) throws Exception {
        JarRun stopped = run(config, command);
        awaitProgress(stopped, 10_000);
        sigtermAndAwaitExit(stopped);

        StepRow incomplete = single(steps(config));
        long kept = count(config, "SELECT COUNT(*) FROM person");
        assertThat(incomplete.status()).isEqualTo("Incomplete");
        assertThat(incomplete.message()).isEqualTo("stopped by shutdown after " + kept + " records; the next run resumes");
        assertThat(incomplete.created()).isEqualTo(kept).isPositive().isLessThan(LEADS);

        JarRun next = run(config, "run", "--once");
        assertThat(next.process().waitFor(5, TimeUnit.MINUTES)).as(next.log()).isTrue();
        assertThat(next.process().exitValue()).as(next.log()).isZero();
        StepRow completed = pullUpdates(steps(config), 0);
        assertThat(completed.status()).isEqualTo("Completed");
        assertThat(completed.created()).isEqualTo(LEADS - kept);
        assertHoldsExactlyTheOrgsLeads(config, LEADS);
    }

    @Test
    void sigterm_rolls_an_incremental_pull_back_and_keeps_its_watermark() throws Exception {
        Path orgLog = dir.resolve("small-emulator.log");
        try (EmulatorProcess small = EmulatorProcess.start(10, orgLog)) {
            Properties config = config(small, "sfsync.pull.bulk-threshold", "0");
            JarRun first = run(config, "run", "--once");
            assertThat(first.process().waitFor(5, TimeUnit.MINUTES)).as(first.log()).isTrue();
            assertThat(first.process().exitValue()).as(first.log()).isZero();
            String watermark = watermark(config);
            small.seed("Lead", LEADS); // changed after the watermark: one long incremental pull

            JarRun stopped = run(config, "run");
            awaitProgress(stopped, 10_000);
            sigtermAndAwaitExit(stopped);

            StepRow rolledBack = pullUpdates(steps(config), 0);
            assertThat(rolledBack.status()).isEqualTo("Rolled back");
            assertThat(rolledBack.message()).startsWith("stopped by shutdown after ");
            assertThat(rolledBack.created() + rolledBack.updated()).isZero();
            assertThat(watermark(config)).isEqualTo(watermark);
            assertThat(count(config, "SELECT COUNT(*) FROM person")).isEqualTo(10);

            JarRun next = run(config, "run", "--once");
            assertThat(next.process().waitFor(5, TimeUnit.MINUTES)).as(next.log()).isTrue();
            assertThat(next.process().exitValue()).as(next.log()).isZero();
            assertThat(pullUpdates(steps(config), 0).created()).isEqualTo(LEADS);
            assertHoldsExactlyTheOrgsLeads(config, LEADS + 10);
        }
    }

    /** SIGTERM, as {@code docker stop} sends it; the process must be gone within Docker's grace period. */
    private static void sigtermAndAwaitExit(JarRun stopped) throws Exception {
        long signalled = System.nanoTime();
        stopped.process().destroy();
        assertThat(stopped.process().waitFor(DOCKER_GRACE.toSeconds(), TimeUnit.SECONDS))
                .as("exits within %s of SIGTERM: %s", DOCKER_GRACE, stopped.log()).isTrue();
        // read by docs/reliability.md's runs: how long the stop took (the assertion above is the bound)
        System.out.printf("RELIABILITY sigterm-to-exit %d ms%n", (System.nanoTime() - signalled) / 1_000_000);
    }

    /** The sync's configuration for {@code emulator}: Lead only, the service's first cycle at start, no other. */
    private Properties config(EmulatorProcess emulator, String... keyValues) {
        Properties p = emulator.syncConfig(dir.resolve("data"));
        p.setProperty("sfsync.routes-dir", Path.of("routes").toAbsolutePath().toString());
        p.setProperty("sfsync.mappings-dir", Path.of("mappings").toAbsolutePath().toString());
        p.setProperty("sfsync.cycle.scheduled", "true");
        p.setProperty("sfsync.cycle.cron", "0 0 3 1 1 ?");
        p.setProperty("sfsync.pull.bulk-poll-interval-ms", "200");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private JarRun run(Properties config, String... args) throws IOException {
        return JarRun.start(dir, ++runs, config, args);
    }

    /** Waits until the running pull has written at least {@code records} (pages commit about every 2,000). */
    private static void awaitProgress(JarRun run, int records) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(run.process().isAlive()).as(run.log()).isTrue();
            Matcher m = PROGRESS.matcher(run.log());
            long done = 0;
            while (m.find()) {
                done = Long.parseLong(m.group(1));
            }
            assertThat(done).isGreaterThanOrEqualTo(records);
        });
    }

    private static StepRow single(List<StepRow> steps) {
        List<StepRow> pulls = steps.stream().filter(s -> s.operation().equals("Pull Updates")).toList();
        assertThat(pulls).hasSize(1);
        return pulls.get(0);
    }

    /** The {@code n}-th newest Pull Updates step. */
    private static StepRow pullUpdates(List<StepRow> steps, int n) {
        return steps.stream().filter(s -> s.operation().equals("Pull Updates")).skip(n).findFirst().orElseThrow();
    }

    private static void assertHoldsExactlyTheOrgsLeads(Properties config, int leads) throws SQLException {
        assertThat(count(config, "SELECT COUNT(*) FROM person")).isEqualTo(leads);
        assertThat(count(config, "SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(leads);
    }

    /** The status log, newest first, read from the database the stopped process left. */
    private static List<StepRow> steps(Properties config) throws SQLException {
        List<StepRow> out = new ArrayList<>();
        try (Connection c = db(config); PreparedStatement ps = c.prepareStatement("SELECT id, cycle_id, object_name,"
                + " operation, status, started_at, finished_at, count_new, count_updated, count_deleted, count_failed,"
                + " count_skipped, message FROM sync_step ORDER BY id DESC"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StepRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getInt(8),
                        rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getString(13)));
            }
        }
        return out;
    }

    private static String watermark(Properties config) throws SQLException {
        try (Connection c = db(config); PreparedStatement ps = c.prepareStatement(
                "SELECT system_modstamp, last_id FROM sync_watermark WHERE object_name = 'Lead'");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("Lead has a watermark").isTrue();
            return rs.getString(1) + " / " + rs.getString(2);
        }
    }

    private static long count(Properties config, String sql) throws SQLException {
        try (Connection c = db(config); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The database the stopped process left. HSQLDB's lock file holds a heartbeat the process wrote every 10 s: after a
     * SIGKILL, HSQLDB refuses the files until that heartbeat is older than about 10 s, and its own wait (about 9 s) can
     * end just short of that when the kill came right after a heartbeat (seen once on a slow machine). So this waits on.
     */
    private static Connection db(Properties config) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return DriverManager.getConnection(new SfsyncSettings(config).dbUrl(),
                        config.getProperty("sfsync.db.username", "SA"), "");
            } catch (SQLException e) {
                if (!String.valueOf(e.getMessage()).contains("lock acquisition failure") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }
}
