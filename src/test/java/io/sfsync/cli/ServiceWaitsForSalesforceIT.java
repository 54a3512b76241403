package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.status.StepJson;
import io.sfsync.status.StepRow;
import io.sfsync.testing.JarProcess;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service (`run`, not `run --once`) started while Salesforce does not answer: it keeps running,
 * records each failed attempt, reports DOWN with the reason, and syncs once Salesforce is there;
 * health then follows the cycles.
 */
class ServiceWaitsForSalesforceIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void waits_for_salesforce_then_syncs_and_health_follows_the_cycles() throws Exception {
        int salesforcePort = TestApp.freePort();
        int apiPort = TestApp.freePort();
        Path config = JarProcess.configFile(dir,
                "sfsync.cycle.cron=0/10 * * * * ?",
                "sfsync.salesforce.mode=org",
                "sfsync.salesforce.login-url=http://127.0.0.1:" + salesforcePort,
                "sfsync.salesforce.username=" + EmulatorConfig.DEFAULT_USERNAME,
                "sfsync.salesforce.password=" + EmulatorConfig.DEFAULT_PASSWORD,
                "sfsync.salesforce.client-id=" + EmulatorConfig.DEFAULT_CLIENT_ID,
                "sfsync.salesforce.client-secret=" + EmulatorConfig.DEFAULT_CLIENT_SECRET,
                "camel.server.port=" + apiPort);
        String api = "http://127.0.0.1:" + apiPort;

        try (JarProcess service = JarProcess.start(dir, "run", "--config", config.toString())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                assertThat(service.isAlive()).as(service.errText()).isTrue();
                List<StepRow> connects = StepJson.parse(get(api + "/api/sync-steps?limit=200").body()).stream()
                        .filter(s -> s.operation().equals("Connect")).toList();
                assertThat(connects).hasSizeGreaterThanOrEqualTo(2).allSatisfy(s -> {
                    assertThat(s.object()).isEqualTo("-");
                    assertThat(s.status()).isEqualTo("Failed");
                    assertThat(s.message()).contains("Salesforce does not answer at http://127.0.0.1:" + salesforcePort
                            + " (Connection refused)");
                });
            });
            HttpResponse<String> waiting = get(api + "/api/health");
            assertThat(waiting.statusCode()).isEqualTo(503);
            assertThat(waiting.body()).startsWith("{\"status\":\"DOWN\"").contains("waiting for Salesforce")
                    .contains("Connection refused");
            assertThat(healthCommand(apiPort)).isEqualTo(1);

            try (EmulatorServer salesforce = EmulatorServer.start(EmulatorConfig.defaults().withPort(salesforcePort))) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(service.isAlive()).as(service.errText()).isTrue();
                    HttpResponse<String> health = get(api + "/api/health");
                    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
                    assertThat(health.body()).startsWith("{\"status\":\"UP\"").contains("last cycle finished");
                });
                assertThat(StepJson.parse(get(api + "/api/sync-steps?limit=200").body()))
                        .anySatisfy(s -> {
                            assertThat(s.object()).isEqualTo("Lead");
                            assertThat(s.operation()).isEqualTo("Pull Updates");
                            assertThat(s.status()).isEqualTo("Completed");
                            assertThat(s.created()).isEqualTo(300);
                        });
                assertThat(healthCommand(apiPort)).isZero();

                // The org's API budget runs out: every step that calls Salesforce fails (Sync Schema needs no call
                // within its check interval), the cycles after it too, and health says why.
                salesforce.org().setApiBudget(1_000L, 1_000L);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    HttpResponse<String> health = get(api + "/api/health");
                    assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
                    assertThat(health.body()).startsWith("{\"status\":\"DOWN\"")
                            .contains("the last 2 cycles had failed steps").contains("REQUEST_LIMIT_EXCEEDED");
                });
                service.stop(); // a JVM ended by SIGTERM exits 143
                // While it waited, the start-up cycle and a scheduled one queued up: they ran one after the other.
                List<String> cycleLines = service.errText().lines().filter(l -> l.contains("SyncCycle - Sync cycle"))
                        .map(l -> l.contains(" started: ") ? "started" : "finished").toList();
                assertThat(cycleLines).hasSizeGreaterThanOrEqualTo(4);
                for (int i = 0; i + 1 < cycleLines.size(); i += 2) {
                    assertThat(cycleLines.subList(i, i + 2)).as("cycle %d of %s", i / 2, cycleLines)
                            .containsExactly("started", "finished");
                }
            }
            assertThat(service.errText()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void a_mapping_mistake_found_against_salesforce_still_stops_the_service_with_exit_2() throws Exception {
        Path mappings = dir.resolve("mappings");
        Files.createDirectories(mappings);
        for (String f : List.of("lead.yaml", "contact.yaml")) {
            Files.copy(Path.of("mappings", f), mappings.resolve(f));
        }
        Files.writeString(mappings.resolve("contact.yaml"),
                Files.readString(mappings.resolve("contact.yaml")).replace("sf: Department", "sf: Departmnt"));
        Path config = JarProcess.configFile(dir, "sfsync.mappings-dir=" + mappings);

        try (JarProcess service = JarProcess.start(dir, "run", "--config", config.toString())) {
            assertThat(service.exitCode()).isEqualTo(2);
            assertThat(service.errText()).contains("sfsync: ").contains("contact.yaml line")
                    .contains("field 'Departmnt' does not exist on Contact (did you mean 'Department'?)")
                    .doesNotContain("\tat ");
        }
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The container's HEALTHCHECK command against this service. */
    private int healthCommand(int apiPort) throws Exception {
        Path config = Files.createTempFile(dir, "health", ".properties");
        Files.writeString(config, "camel.server.port=" + apiPort + "\n");
        try (JarProcess health = JarProcess.start(dir, "health", "--config", config.toString())) {
            return health.exitCode();
        }
    }
}
