package io.sfsync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.cycle.CycleHealth;
import io.sfsync.status.StepRow;
import io.sfsync.testing.Cli;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sfsync's Camel health checks behind /api/health and 'sfsync health', on HSQLDB and PostgreSQL. */
class HealthChecksTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_health_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void health_lists_the_database_salesforce_and_cycle_checks_and_is_down_while_the_database_is_gone(Db db)
            throws Exception {
        try (TcpProxy proxy = new TcpProxy(5432)) {
            String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "3",
                    "sfsync.salesforce.emulator.seed-contacts", "0"};
            Properties config = TestApp.config(data, kv);
            if (db == Db.POSTGRESQL) {
                config = postgres.appConfig(data, kv);
                config.setProperty("sfsync.db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema="
                        + postgres.name());
            }
            // with users: /api/health stays open all the same
            try (TestApp t = TestApp.start(TestApp.withAdmin(config, "ops", "pw"))) {
                t.cycle();
                JsonNode up = health(t, 200);
                assertThat(up.get("status").asText()).isEqualTo("UP");
                assertThat(check(up, "sfsync-database")).isEqualTo("UP: the database answers");
                assertThat(check(up, "sfsync-salesforce")).isEqualTo("UP: logged in to Salesforce");
                assertThat(check(up, "sfsync-cycles")).startsWith("UP: last cycle finished");

                goAway(db, t, proxy);
                JsonNode down = health(t, 503);
                assertThat(down.get("status").asText()).isEqualTo("DOWN");
                assertThat(down.get("reason").asText()).startsWith("the database does not answer");
                assertThat(check(down, "sfsync-database")).startsWith("DOWN: the database does not answer");

                Properties cli = TestApp.config(data.resolve("cli"), "camel.server.port",
                        t.baseUrl().substring(t.baseUrl().lastIndexOf(':') + 1));
                Cli.Result r = Cli.run("health", "--config", Cli.configFile(data, cli).toString());
                assertThat(r.exit()).isEqualTo(1);
                assertThat(r.out()).contains("the database does not answer");

                if (db == Db.POSTGRESQL) {
                    proxy.open();
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                            assertThat(health(t, 200).get("status").asText()).isEqualTo("UP"));
                }
            }
        }
    }

    private static void goAway(Db db, TestApp t, TcpProxy proxy) throws Exception {
        if (db == Db.POSTGRESQL) {
            proxy.close();
        } else {
            ((AutoCloseable) t.app().dataSource()).close(); // an embedded database is gone when its pool is
        }
    }

    @Test
    void the_cycles_check_is_down_when_no_cycle_finished_within_two_periods_and_salesforce_down_while_waiting() {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-04T12:00:00Z"));
        CycleHealth health = new CycleHealth(Duration.ofMinutes(5), clock);
        CyclesCheck cycles = new CyclesCheck(health);
        SalesforceSessionCheck salesforce = new SalesforceSessionCheck(health, new SalesforceComponent());

        assertThat(cycles.call().getState()).isEqualTo(HealthCheck.State.UNKNOWN); // STARTING
        health.connected();
        health.cycleStarted();
        health.cycleFinished(List.of(new StepRow(1, "c", "Lead", "Pull Updates", "Completed",
                OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC), 1, 0, 0, 0, 0, null)));
        assertThat(cycles.call().getState()).isEqualTo(HealthCheck.State.UP);
        clock.advance(Duration.ofMinutes(11));
        HealthCheck.Result old = cycles.call();
        assertThat(old.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(old.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("no cycle finished since")
                .contains("more than two periods of sfsync.cycle.cron"));

        health.unavailable("Salesforce does not answer at http://x (Connection refused)", clock.instant().plusSeconds(5));
        HealthCheck.Result waiting = salesforce.call();
        assertThat(waiting.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(waiting.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("waiting for Salesforce"));
    }

    private static JsonNode health(TestApp t, int status) throws Exception {
        HttpResponse<String> r = TestApp.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(t.baseUrl() + "/api/health")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** "STATUS: message" of the named check. */
    private static String check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("status").asText() + ": " + c.path("message").asText();
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A TCP forwarder to a local port that can be closed (the database is gone) and opened again on its port. */
    private static final class TcpProxy implements AutoCloseable {
        private final int target;
        private final int port = TestApp.freePort();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;

        TcpProxy(int target) throws IOException {
            this.target = target;
            open();
        }

        int port() {
            return port;
        }

        void open() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            Thread accept = new Thread(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket client = s.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        sockets.add(client);
                        sockets.add(upstream);
                        pipe(client, upstream);
                        pipe(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "tcp-proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        private static void pipe(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // one side closed: the other follows
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "tcp-proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
            sockets.clear();
        }
    }
}
