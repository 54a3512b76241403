package io.sfsync.cli;

import static io.sfsync.testing.DeadLetterFixture.TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.config.ConfigLoader;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterJson;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.store.Database;
import io.sfsync.testing.DeadLetterFixture;
import io.sfsync.testing.JarProcess;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar sfsync.jar dead-letters ...} next to a running service (through its admin HTTP API), then, the
 * service stopped and the column widened, a replay of its own against the org: the stranded record is written.
 */
class DeadLettersCommandIT {

    @TempDir
    Path dir;

    @Test
    void lists_and_replays_through_the_service_then_replays_against_the_org_once_the_service_is_stopped() throws Exception {
        try (EmulatorServer org = EmulatorServer.start(EmulatorConfig.defaults().withSeed(0, 0))) {
            String recordId = (String) org.org().create("Lead", Map.of("LastName", "TooLong", "Company", TOO_LONG)).get("Id");
            int apiPort = TestApp.freePort();
            Path config = JarProcess.configFile(dir,
                    "sfsync.objects=Lead",
                    "sfsync.mappings-dir=" + DeadLetterFixture.mappings(dir.resolve("mappings")),
                    "sfsync.salesforce.mode=org",
                    "sfsync.salesforce.login-url=" + org.baseUrl(),
                    "sfsync.salesforce.username=" + EmulatorConfig.DEFAULT_USERNAME,
                    "sfsync.salesforce.password=" + EmulatorConfig.DEFAULT_PASSWORD,
                    "sfsync.salesforce.client-id=" + EmulatorConfig.DEFAULT_CLIENT_ID,
                    "sfsync.salesforce.client-secret=" + EmulatorConfig.DEFAULT_CLIENT_SECRET,
                    "camel.server.port=" + apiPort);
            long id;
            try (JarProcess service = JarProcess.start(dir, "run", "--config", config.toString())) {
                HttpClient http = HttpClient.newHttpClient();
                List<DeadLetter> letters = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().until(() -> {
                            assertThat(service.isAlive()).as(service.errText()).isTrue();
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + apiPort + "/api/dead-letters")).build(), HttpResponse.BodyHandlers.ofString());
                            return DeadLetterJson.parseList(r.body());
                        }, l -> !l.isEmpty());
                id = letters.get(0).id();

                String list = run(0, "dead-letters", "list", "--config", config.toString());
                assertThat(list).contains(recordId).contains("LOCAL_VALUE_REJECTED");
                String failed = run(1, "dead-letters", "replay", String.valueOf(id), "--config", config.toString());
                assertThat(failed).startsWith("dead letter " + id + " (Lead " + recordId + "): failed, LOCAL_VALUE_REJECTED: ")
                        .endsWith("; it stays New (1 attempt)\n");
                service.stop(); // a JVM ended by SIGTERM exits 143; the database is closed and free again
            }
            try (Database db = Database.open(new SfsyncSettings(ConfigLoader.load(config)))) {
                DeadLetterFixture.widenState(db.dataSource());
            }

            String replayed = run(0, "dead-letters", "replay", String.valueOf(id), "--config", config.toString());

            assertThat(replayed).isEqualTo("dead letter " + id + " (Lead " + recordId + "): replayed, 1 row inserted into person\n");
            assertThat(run(0, "dead-letters", "show", String.valueOf(id), "--config", config.toString()))
                    .contains("status:         Replayed\n").contains("attempts:       2\n");
        }
    }

    private String run(int exit, String... args) throws Exception {
        try (JarProcess p = JarProcess.start(dir, args)) {
            assertThat(p.exitCode()).as(p.errText()).isEqualTo(exit);
            return p.outText();
        }
    }
}
