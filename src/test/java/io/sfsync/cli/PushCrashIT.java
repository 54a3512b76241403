package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfsync.bench.EmulatorProcess;
import io.sfsync.testing.JarRun;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.testing.PostgresSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Idempotent creates under kill -9 (issue #10, item 3): {@code java -jar target/sfsync.jar run} against a stand-alone
 * emulator creates a local row's Lead, and is killed after Salesforce committed the create and before the answer
 * reached it (the emulator holds the answer), so the row never got its Salesforce id. With the Lead mapping's
 * external id (Sfsync_Id__c), the next run finds the record by the row's sfsync key instead of creating it again.
 * On HSQLDB (file) and on PostgreSQL.
 */
class PushCrashIT {

    enum Db { HSQLDB, POSTGRESQL }

    @TempDir
    static Path shared;
    private static EmulatorProcess org;

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_crash_");

    @TempDir
    Path dir;

    private int runs;

    @BeforeAll
    static void startOrg() throws Exception {
        org = EmulatorProcess.start(5, shared.resolve("emulator.log"));
    }

    @AfterAll
    static void stopOrg() throws Exception {
        if (org != null) {
            org.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_process_killed_between_the_create_and_its_bookkeeping_leaves_no_duplicate(Db db) throws Exception {
        String name = "Crash" + db;
        Properties config = config(db);
        JarRun first = run(config, "run", "--once");
        assertThat(first.process().waitFor(5, TimeUnit.MINUTES)).as(first.log()).isTrue();
        assertThat(first.process().exitValue()).as(first.log()).isZero();
        execute(config, "INSERT INTO person (person_type, last_name, company) VALUES ('Lead', ?, 'Kill Nine')", name);
        long rowId = count(config, "SELECT id FROM person WHERE last_name = ?", name);

        // Salesforce commits the create, then its answer is held (and finally lost): the process is killed meanwhile.
        org.fault("path=/composite/sobjects&dropAfter=true&latencyMs=120000&count=1");
        JarRun killed = run(config, "run");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(killed.process().isAlive()).as(killed.log()).isTrue();
            assertThat(leads(name)).hasSize(1);
        });
        killed.process().destroyForcibly();
        assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(count(config, "SELECT COUNT(*) FROM person WHERE last_name = ? AND sfdc_lead_id IS NULL", name))
                .as("the killed process never learnt the new id").isEqualTo(1);

        JarRun next = run(config, "run", "--once");
        assertThat(next.process().waitFor(5, TimeUnit.MINUTES)).as(next.log()).isTrue();
        assertThat(next.process().exitValue()).as(next.log()).isZero();

        List<JsonNode> leads = leads(name);
        assertThat(leads).as("one Lead in Salesforce, not two").hasSize(1);
        assertThat(count(config, "SELECT COUNT(*) FROM person WHERE last_name = ?", name)).as("one row").isEqualTo(1);
        assertThat(text(config, "SELECT sfdc_lead_id FROM person WHERE id = ?", rowId))
                .isEqualTo(leads.get(0).get("Id").asText());
        assertThat(count(config, "SELECT COUNT(*) FROM dead_letter")).isZero();
        assertThat(next.log()).contains("Lead Push New: Completed: 0 created");
    }

    private static List<JsonNode> leads(String lastName) throws Exception {
        return org.query("SELECT Id, Sfsync_Id__c FROM Lead WHERE LastName = '" + lastName + "'");
    }

    /** Lead only, the service's first cycle at start and no other. */
    private Properties config(Db db) {
        Properties p = org.syncConfig(dir.resolve("data"));
        if (db == Db.POSTGRESQL) {
            p.setProperty("sfsync.db.url", PostgresSchema.SERVER + "?currentSchema=" + postgres.name());
            p.setProperty("sfsync.db.username", PostgresSchema.USER);
        }
        p.setProperty("sfsync.routes-dir", Path.of("routes").toAbsolutePath().toString());
        p.setProperty("sfsync.mappings-dir", Path.of("mappings").toAbsolutePath().toString());
        p.setProperty("sfsync.cycle.scheduled", "true");
        p.setProperty("sfsync.cycle.cron", "0 0 3 1 1 ?");
        return p;
    }

    private JarRun run(Properties config, String... args) throws IOException {
        return JarRun.start(dir, ++runs, config, args);
    }

    private static void execute(Properties config, String sql, Object... params) throws SQLException {
        try (Connection c = db(config); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long count(Properties config, String sql, Object... params) throws SQLException {
        return Long.parseLong(text(config, sql, params));
    }

    private static String text(Properties config, String sql, Object... params) throws SQLException {
        try (Connection c = db(config); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static Connection db(Properties config) throws SQLException {
        SfsyncSettings settings = new SfsyncSettings(config);
        return settings.dbUrl().startsWith("jdbc:postgresql:")
                ? DriverManager.getConnection(settings.dbUrl(), PostgresSchema.USER, "")
                : DriverManager.getConnection(settings.dbUrl(), "SA", "");
    }
}
