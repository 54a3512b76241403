package io.sfsync.cli;

import static io.sfsync.testing.DeadLetterFixture.TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.store.Database;
import io.sfsync.testing.Cli;
import io.sfsync.testing.DeadLetterFixture;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sfsync dead-letters} as a user runs it: against the running service (its admin HTTP API), and against the
 * database when no service runs, where a replay connects to the configured org, but not in demo mode.
 */
class DeadLettersCommandTest {

    @TempDir
    Path data;

    @Test
    void against_the_running_service_it_lists_shows_replays_and_discards() throws Exception {
        Properties config = TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings")));
        String file = configFile(config);
        try (TestApp t = TestApp.start(config)) {
            String first = (String) t.org().create("Lead", Map.of("LastName", "One", "Company", TOO_LONG)).get("Id");
            String second = (String) t.org().create("Lead", Map.of("LastName", "Two", "Company", TOO_LONG)).get("Id");
            t.cycle();
            long firstId = idOf(t, first);
            long secondId = idOf(t, second);

            Cli.Result list = cli("dead-letters", "list", "--config", file);
            assertThat(list.exit()).isZero();
            assertThat(list.out().lines().findFirst().orElseThrow().split("\\s{2,}")).containsExactly(
                    "ID", "CREATED", "OBJECT", "OPERATION", "RECORD ID", "ERROR CODE", "STATUS", "ATTEMPTS", "MESSAGE");
            assertThat(list.out().lines().filter(l -> l.contains(first))).singleElement().satisfies(l -> assertThat(l.strip())
                    .startsWith(firstId + "  ").contains("  Lead  ").contains("  Pull Updates  ")
                    .contains("  LOCAL_VALUE_REJECTED  New  ").contains("0  Lead " + first + " cannot be written"));
            assertThat(list.out().lines()).hasSize(3);
            assertThat(cli("dead-letters", "list", "--object", "Lead", "--operation", "Pull Updates", "--since", "2020-01-01",
                    "--limit", "1", "--config", file).out().lines()).hasSize(2);
            assertThat(cli("dead-letters", "list", "--since", "2999-01-01T00:00:00Z", "--config", file).out())
                    .isEqualTo("No dead letters with status New match these filters.\n");
            assertThat(cli("dead-letters", "list", "--object", "Contact", "--config", file).out())
                    .isEqualTo("No dead letters with status New match these filters.\n");

            Cli.Result show = cli("dead-letters", "show", String.valueOf(firstId), "--config", file);
            assertThat(show.exit()).isZero();
            assertThat(show.out()).contains("id:             " + firstId + "\n")
                    .contains("record id:      " + first + "\n")
                    .contains("error code:     LOCAL_VALUE_REJECTED\n")
                    .contains("status:         New\n")
                    .contains("attempts:       0\n")
                    .contains("payload:\n{\n")
                    .contains("  \"Company\" : \"" + TOO_LONG + "\"");

            Cli.Result failed = cli("dead-letters", "replay", String.valueOf(firstId), "--config", file);
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.out()).startsWith("dead letter " + firstId + " (Lead " + first
                    + "): failed, LOCAL_VALUE_REJECTED: Lead " + first + " cannot be written to table person")
                    .endsWith("; it stays New (1 attempt)\n");

            DeadLetterFixture.widenState(t.app().dataSource());
            Cli.Result replayed = cli("dead-letters", "replay", String.valueOf(firstId), "--config", file);
            assertThat(replayed.exit()).isZero();
            assertThat(replayed.out()).isEqualTo("dead letter " + firstId + " (Lead " + first
                    + "): replayed, 1 row inserted into person\n");
            assertThat(t.rows("SELECT state FROM person WHERE sfdc_lead_id = ?", first)).containsExactly(Map.of("state", TOO_LONG));

            Cli.Result discarded = cli("dead-letters", "discard", String.valueOf(secondId), "--config", file);
            assertThat(discarded.exit()).isZero();
            assertThat(discarded.out()).isEqualTo("dead letter " + secondId + " (Lead " + second + "): discarded\n");
            Cli.Result twice = cli("dead-letters", "discard", String.valueOf(secondId), "--config", file);
            assertThat(twice.exit()).isEqualTo(1);
            assertThat(twice.err()).isEqualTo("sfsync: dead letter " + secondId + " (Lead " + second
                    + ") is Discarded, not New; only a New dead letter can be discarded\n");
            assertThat(cli("dead-letters", "list", "--config", file).out()).isEqualTo("No dead letters with status New.\n");
            assertThat(cli("dead-letters", "list", "--status", "all", "--config", file).out().lines()
                    .filter(l -> l.contains("Replayed") || l.contains("Discarded"))).hasSize(2);
            for (String command : new String[] {"show", "discard", "replay"}) {
                Cli.Result unknown = cli("dead-letters", command, "424242", "--config", file);
                assertThat(unknown.exit()).as(command).isEqualTo(1);
                assertThat(unknown.err()).as(command).isEqualTo("sfsync: there is no dead letter 424242\n");
            }
        }
    }

    @Test
    void without_a_service_it_uses_the_database_and_refuses_a_replay_in_demo_mode() throws Exception {
        Properties config = TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings")));
        String file = configFile(config);
        String recordId;
        long id;
        try (TestApp t = TestApp.start(config)) {
            recordId = (String) t.org().create("Lead", Map.of("LastName", "One", "Company", TOO_LONG)).get("Id");
            t.cycle();
            id = idOf(t, recordId);
        }

        Cli.Result list = cli("dead-letters", "list", "--since", "2020-01-01T00:00", "--config", file);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(recordId).contains("LOCAL_VALUE_REJECTED");
        Cli.Result show = cli("dead-letters", "show", String.valueOf(id), "--config", file);
        assertThat(show.out()).contains("record id:      " + recordId + "\n");

        Cli.Result replay = cli("dead-letters", "replay", String.valueOf(id), "--config", file);
        assertThat(replay.exit()).isEqualTo(1);
        assertThat(replay.out()).isEmpty();
        assertThat(replay.err()).startsWith("sfsync: the service is not running, and without a Salesforce login sfsync is "
                + "in demo mode: the bundled emulator a new process starts holds other demo records than the one the "
                + "dead letters came from, so they are not replayed against it.");

        Cli.Result discard = cli("dead-letters", "discard", String.valueOf(id), "--config", file);
        assertThat(discard.exit()).isZero();
        assertThat(cli("dead-letters", "list", "--status", "discarded", "--config", file).out()).contains(recordId);
    }

    @Test
    void without_a_service_a_replay_connects_to_the_configured_org() throws Exception {
        try (EmulatorServer org = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0))) {
            Properties config = TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings")));
            config.setProperty("sfsync.salesforce.mode", "org");
            config.setProperty("sfsync.salesforce.login-url", org.baseUrl());
            config.setProperty("sfsync.salesforce.client-id", EmulatorConfig.DEFAULT_CLIENT_ID);
            config.setProperty("sfsync.salesforce.client-secret", EmulatorConfig.DEFAULT_CLIENT_SECRET);
            config.setProperty("sfsync.salesforce.username", EmulatorConfig.DEFAULT_USERNAME);
            config.setProperty("sfsync.salesforce.password", EmulatorConfig.DEFAULT_PASSWORD);
            String file = configFile(config);
            String a = (String) org.org().create("Lead", Map.of("LastName", "A", "Company", TOO_LONG)).get("Id");
            String b = (String) org.org().create("Lead", Map.of("LastName", "B", "Company", TOO_LONG)).get("Id");
            try (TestApp t = TestApp.start(config)) {
                t.cycle();
            }
            try (Database db = Database.open(new SfsyncSettings(config))) {
                DeadLetterFixture.widenState(db.dataSource());
            }

            Cli.Result replay = cli("dead-letters", "replay", "--all-matching", "--object", "Lead", "--config", file);

            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.out().lines()).hasSize(3).contains("2 of 2 replayed.");
            assertThat(replay.out()).contains("(Lead " + a + "): replayed, 1 row inserted into person")
                    .contains("(Lead " + b + "): replayed, 1 row inserted into person");
            assertThat(cli("dead-letters", "list", "--config", file).out()).isEqualTo("No dead letters with status New.\n");
            try (Database db = Database.open(new SfsyncSettings(config));
                 var c = db.dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM person WHERE state = '" + TOO_LONG + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            assertThat(cli("dead-letters", "replay", "--all-matching", "--config", file).out())
                    .isEqualTo("No New dead letter matches.\n");
        }
    }

    @Test
    void a_bad_option_is_named_and_nothing_is_read() throws Exception {
        String file = configFile(TestApp.config(data.resolve("db")));

        assertUsageError(cli("dead-letters", "list", "--since", "last week", "--config", file),
                "--since must be an ISO date (2026-11-30) or date-time (2026-11-30T08:00, 2026-11-30T08:00:00Z), got 'last week'");
        assertUsageError(cli("dead-letters", "list", "--status", "Done", "--config", file),
                "--status must be one of New, Replayed, Discarded or all, got 'Done'");
        assertUsageError(cli("dead-letters", "list", "--limit", "0", "--config", file),
                "--limit must be a whole number between 1 and 10000, got 0");
        assertUsageError(cli("dead-letters", "replay", "--config", file), "give either a dead letter's ID or --all-matching");
        assertUsageError(cli("dead-letters", "replay", "7", "--all-matching", "--config", file),
                "give either a dead letter's ID or --all-matching");
        assertUsageError(cli("dead-letters", "replay", "7", "--object", "Lead", "--config", file),
                "--object, --operation, --since and --limit go with --all-matching, not with an ID");
        assertThat(Files.exists(data.resolve("db").resolve("db"))).as("no database was created").isFalse();

        Cli.Result noDatabase = cli("--config", file, "dead-letters", "list");
        assertThat(noDatabase.exit()).isZero();
        assertThat(noDatabase.out()).isEqualTo("No sync has run yet: there is no database under " + data.resolve("db")
                + " (sfsync.data-dir).\n");
    }

    private static void assertUsageError(Cli.Result r, String message) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(message + "\n");
    }

    private static long idOf(TestApp t, String recordId) throws Exception {
        return Long.parseLong(String.valueOf(t.rows("SELECT id FROM dead_letter WHERE record_id = ?", recordId)
                .get(0).get("id")));
    }

    private String configFile(Properties config) throws Exception {
        return Cli.configFile(data, config).toString();
    }

    private static Cli.Result cli(String... args) {
        return Cli.run(args);
    }
}
