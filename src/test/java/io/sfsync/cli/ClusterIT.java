package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.bench.EmulatorProcess;
import io.sfsync.testing.JarRun;
import io.sfsync.testing.PostgresSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several sfsync instances on one PostgreSQL database (issue #18): {@code java -jar target/sfsync.jar run} two and
 * three times with {@code sfsync.cluster.enabled=true} against one stand-alone emulator. Each cycle runs on one
 * instance and never beside another; an instance killed with SIGKILL in the middle of a first pull or of a push is
 * taken over by another within a cycle period, its steps are closed, and both systems end with exactly the expected
 * records.
 */
class ClusterIT {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_cluster_");

    @TempDir
    Path dir;

    private EmulatorProcess org;
    private final Map<String, JarRun> instances = new LinkedHashMap<>();
    private int runs;

    @AfterEach
    void stop() throws Exception {
        for (JarRun run : instances.values()) {
            run.process().destroyForcibly();
            run.process().waitFor(30, TimeUnit.SECONDS);
        }
        if (org != null) {
            org.close();
        }
    }

    @Test
    void three_instances_run_each_cycle_once_and_never_two_at_a_time() throws Exception {
        org = EmulatorProcess.start(50, dir.resolve("emulator.log"));
        for (String name : List.of("alpha", "beta", "gamma")) {
            start(name, "0/3 * * * * ?");
        }
        await().ignoreExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(finishedCycles()).as(logs()).hasSizeGreaterThanOrEqualTo(5));
        for (JarRun run : instances.values()) {
            run.process().destroy();
            assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        List<Cycle> cycles = finishedCycles();
        for (Cycle cycle : cycles) {
            assertThat(cycle.instances).as("every step of cycle %s ran on one instance", cycle.id).hasSize(1);
            assertThat(cycle.steps).as("each step of cycle %s once", cycle.id).doesNotHaveDuplicates()
                    .contains("Lead Sync Schema", "Lead Pull Updates", "Lead Push New", "Lead Push Updates");
        }
        for (int i = 1; i < cycles.size(); i++) {
            assertThat(cycles.get(i).started).as("cycle %s starts after cycle %s ended", cycles.get(i).id,
                    cycles.get(i - 1).id).isAfterOrEqualTo(cycles.get(i - 1).finished);
        }
        assertThat(count("SELECT COUNT(*) FROM sync_step WHERE status <> 'Completed'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM person")).isEqualTo(50);
        assertThat(count("SELECT COUNT(DISTINCT name) FROM sync_instance")).isEqualTo(3);
    }

    @Test
    void an_instance_killed_in_a_first_pull_is_taken_over_and_nothing_is_lost_or_doubled() throws Exception {
        org = EmulatorProcess.start(30_000, dir.resolve("emulator.log"));
        org.fault("path=/query&count=200&latencyMs=600");
        start("alpha", "0/5 * * * * ?");
        start("beta", "0/5 * * * * ?");
        String victim = await().ignoreExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> runningWithCommittedRows("Pull Updates"), name -> name != null);
        instances.get(victim).process().destroyForcibly();
        String survivor = instances.keySet().stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();

        await().ignoreExceptions().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(count("SELECT COUNT(*) FROM sync_step WHERE operation = 'Pull Updates' AND status = 'Completed'"
                        + " AND instance_name = ?", survivor)).as(logs()).isPositive());
        assertThat(count("SELECT COUNT(*) FROM person")).isEqualTo(30_000);
        assertThat(count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(30_000);
        assertThat(text("SELECT status || ': ' || message FROM sync_step WHERE operation = 'Pull Updates'"
                + " AND instance_name = ? ORDER BY id LIMIT 1", victim))
                .startsWith("Failed: sfsync stopped while this step ran (killed or crashed); closed by instance '"
                        + survivor + "'");
        assertThat(count("SELECT COUNT(*) FROM sync_step WHERE status = 'In Progress' AND instance_name = ?", victim))
                .isZero();
    }

    @Test
    void an_instance_killed_in_a_push_is_taken_over_and_salesforce_gets_each_record_once() throws Exception {
        org = EmulatorProcess.start(5, dir.resolve("emulator.log"));
        start("alpha", "0/4 * * * * ?");
        start("beta", "0/4 * * * * ?");
        await().ignoreExceptions().atMost(Duration.ofMinutes(2)).until(() -> count("SELECT COUNT(*) FROM person") == 5);
        int rows = 3_000;
        execute("INSERT INTO person (person_type, last_name, company) SELECT 'Lead', 'Cluster' || n, 'Two Instances'"
                + " FROM generate_series(1, ?) AS n", rows);
        org.fault("path=/composite/sobjects&count=100&latencyMs=700");
        String victim = await().ignoreExceptions().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> leadsInSalesforce() > 0 ? runningStep("Push New") : null, name -> name != null);
        instances.get(victim).process().destroyForcibly();

        await().ignoreExceptions().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(count("SELECT COUNT(*) FROM person WHERE last_name LIKE 'Cluster%' AND sfdc_lead_id IS NULL"))
                        .as(logs()).isZero());
        assertThat(leadsInSalesforce()).as("each row created once in Salesforce").isEqualTo(rows);
        assertThat(org.query("SELECT COUNT_DISTINCT(Sfsync_Id__c) n FROM Lead WHERE LastName LIKE 'Cluster%'").get(0)
                .get("n").asLong()).isEqualTo(rows);
        assertThat(count("SELECT COUNT(*) FROM person WHERE last_name LIKE 'Cluster%'")).isEqualTo(rows);
        assertThat(count("SELECT COUNT(*) FROM dead_letter")).isZero();
        assertThat(count("SELECT COUNT(*) FROM sync_step WHERE status = 'In Progress' AND instance_name = ?", victim))
                .isZero();
    }

    @Test
    void a_second_process_on_one_embedded_database_is_refused_and_names_the_one_that_holds_it() throws Exception {
        org = EmulatorProcess.start(5, dir.resolve("emulator.log"));
        Properties p = org.syncConfig(dir.resolve("data"));
        p.setProperty("sfsync.routes-dir", Path.of("routes").toAbsolutePath().toString());
        p.setProperty("sfsync.mappings-dir", Path.of("mappings").toAbsolutePath().toString());
        p.setProperty("sfsync.cycle.scheduled", "true");
        p.setProperty("sfsync.cluster.instance-name", "first");
        JarRun first = JarRun.start(dir, ++runs, p, "run");
        instances.put("first", first);
        await().ignoreExceptions().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(first.log()).contains("Sync cycle")
                .contains("finished"));

        p.setProperty("sfsync.cluster.instance-name", "second");
        JarRun second = JarRun.start(dir, ++runs, p, "run");
        assertThat(second.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(second.process().exitValue()).as(second.log()).isEqualTo(2);
        assertThat(second.log()).contains("the embedded database in " + dir.resolve("data").resolve("db")
                        + " is in use by sfsync instance 'first' (pid " + first.process().pid())
                .contains("sfsync.cluster.enabled=true");
        assertThat(first.process().isAlive()).as("the first process runs on").isTrue();

        p.setProperty("sfsync.cluster.enabled", "true");
        JarRun clustered = JarRun.start(dir.resolve("data-2"), 1, withDataDir(p, dir.resolve("data-2")), "run");
        assertThat(clustered.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(clustered.process().exitValue()).isEqualTo(2);
        assertThat(clustered.log()).contains("sfsync.cluster.enabled=true needs PostgreSQL (sfsync.db.url)");
    }

    private static Properties withDataDir(Properties p, Path dataDir) throws Exception {
        java.nio.file.Files.createDirectories(dataDir);
        Properties copy = new Properties();
        copy.putAll(p);
        copy.setProperty("sfsync.data-dir", dataDir.toString());
        return copy;
    }

    private long leadsInSalesforce() throws Exception {
        return org.query("SELECT COUNT(Id) n FROM Lead WHERE LastName LIKE 'Cluster%'").get(0).get("n").asLong();
    }

    private void start(String name, String cron) throws Exception {
        Properties p = org.syncConfig(dir.resolve("data-" + name));
        p.setProperty("sfsync.db.url", PostgresSchema.SERVER + "?currentSchema=" + postgres.name());
        p.setProperty("sfsync.db.username", PostgresSchema.USER);
        p.setProperty("sfsync.routes-dir", Path.of("routes").toAbsolutePath().toString());
        p.setProperty("sfsync.mappings-dir", Path.of("mappings").toAbsolutePath().toString());
        p.setProperty("sfsync.pull.bulk-threshold", "1000000");
        p.setProperty("sfsync.cycle.scheduled", "true");
        p.setProperty("sfsync.cycle.cron", cron);
        p.setProperty("sfsync.cluster.enabled", "true");
        p.setProperty("sfsync.cluster.instance-name", name);
        instances.put(name, JarRun.start(dir, ++runs, p, "run"));
    }

    /** The instance running the step, once it has committed rows (a first pull commits page by page). */
    private String runningWithCommittedRows(String operation) throws SQLException {
        return nullableText("SELECT instance_name FROM sync_step WHERE operation = ? AND status = 'In Progress'"
                + " AND count_new > 0", operation);
    }

    private String runningStep(String operation) throws SQLException {
        return nullableText("SELECT instance_name FROM sync_step WHERE operation = ? AND status = 'In Progress'",
                operation);
    }

    private record Cycle(String id, List<String> steps, List<String> instances, OffsetDateTime started,
                         OffsetDateTime finished) {
    }

    /** The cycles that reached their last step (Lead's Push Updates) and whose steps all ended, oldest first. */
    private List<Cycle> finishedCycles() throws SQLException {
        Map<String, Cycle> cycles = new LinkedHashMap<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT cycle_id, object_name, operation,"
                + " instance_name, started_at, finished_at FROM sync_step WHERE cycle_id IN (SELECT cycle_id FROM"
                + " sync_step GROUP BY cycle_id HAVING COUNT(*) = COUNT(finished_at)"
                + " AND SUM(CASE WHEN operation = 'Push Updates' THEN 1 ELSE 0 END) > 0) ORDER BY started_at, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime started = rs.getObject(5, OffsetDateTime.class);
                OffsetDateTime finished = rs.getObject(6, OffsetDateTime.class);
                Cycle cycle = cycles.computeIfAbsent(rs.getString(1),
                        id -> new Cycle(id, new ArrayList<>(), new ArrayList<>(), started, finished));
                cycle.steps.add(rs.getString(2) + " " + rs.getString(3));
                if (!cycle.instances.contains(rs.getString(4))) {
                    cycle.instances.add(rs.getString(4));
                }
                Cycle widened = new Cycle(cycle.id, cycle.steps, cycle.instances, cycle.started,
                        finished.isAfter(cycle.finished) ? finished : cycle.finished);
                cycles.put(cycle.id, widened);
            }
        }
        return new ArrayList<>(cycles.values());
    }

    private String logs() throws Exception {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, JarRun> e : instances.entrySet()) {
            List<String> lines = e.getValue().log().lines()
                    .filter(l -> l.contains("SyncCycle") || l.contains("Quartz") || l.contains("ERROR")
                            || l.contains("WARN") || l.contains("Completed") || l.contains("instance")).toList();
            all.append("\n--- ").append(e.getKey()).append(" ---\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return all.toString();
    }

    private Connection db() throws SQLException {
        return DriverManager.getConnection(PostgresSchema.SERVER + "?currentSchema=" + postgres.name(),
                PostgresSchema.USER, "");
    }

    private void execute(String sql, Object... params) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.executeUpdate();
        }
    }

    private long count(String sql, Object... params) throws SQLException {
        return Long.parseLong(text(sql, params));
    }

    private String text(String sql, Object... params) throws SQLException {
        String value = nullableText(sql, params);
        assertThat(value).as(sql).isNotNull();
        return value;
    }

    private String nullableText(String sql, Object... params) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
