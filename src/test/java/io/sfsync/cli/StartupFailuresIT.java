package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.testing.JarProcess;
import io.sfsync.testing.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when start-up fails: one or two lines on stderr that name the cause, the
 * key, file or route, and what to do, the documented exit code, and no stack trace.
 */
class StartupFailuresIT {

    @TempDir
    Path dir;

    @Test
    void a_wrong_password_names_the_user_the_url_and_the_keys_and_exits_2() throws Exception {
        try (EmulatorServer salesforce = EmulatorServer.start(EmulatorConfig.defaults().withPort(0))) {
            Result r = runOnce(
                    "sfsync.salesforce.mode=org",
                    "sfsync.salesforce.login-url=" + salesforce.baseUrl(),
                    "sfsync.salesforce.username=" + EmulatorConfig.DEFAULT_USERNAME,
                    "sfsync.salesforce.password=not-the-password",
                    "sfsync.salesforce.client-id=" + EmulatorConfig.DEFAULT_CLIENT_ID,
                    "sfsync.salesforce.client-secret=" + EmulatorConfig.DEFAULT_CLIENT_SECRET);

            assertThat(r.exit).isEqualTo(2);
            assertThat(r.message()).contains("Salesforce refused the login for user '" + EmulatorConfig.DEFAULT_USERNAME
                    + "' at " + salesforce.baseUrl() + ": invalid_grant").contains("check sfsync.salesforce.username and "
                    + "sfsync.salesforce.password (the password followed by the security token)");
            assertNoStackTrace(r);
        }
    }

    @Test
    void a_login_url_nobody_answers_names_the_url_and_the_key_and_exits_1() throws Exception {
        String url = "http://127.0.0.1:" + TestApp.freePort();
        Result r = runOnce("sfsync.salesforce.mode=org", "sfsync.salesforce.login-url=" + url,
                "sfsync.salesforce.username=u", "sfsync.salesforce.password=p");

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.message()).contains("Salesforce does not answer at " + url + " (Connection refused)")
                .contains("check sfsync.salesforce.login-url");
        assertNoStackTrace(r);
    }

    @Test
    void an_exhausted_api_budget_is_named_at_start_and_in_the_steps_of_the_status_log() throws Exception {
        Result atStart = runOnce("sfsync.salesforce.emulator.daily-api-limit=1");
        assertThat(atStart.exit).isEqualTo(1);
        assertThat(atStart.message()).contains("Salesforce's API request limit is used up (REQUEST_LIMIT_EXCEEDED")
                .doesNotContain("Exchange[");
        assertNoStackTrace(atStart);

        // Two describes pass the start-up check of Lead and Contact; the cycle's steps then meet the limit.
        Result inSteps = runOnce("sfsync.salesforce.emulator.daily-api-limit=2");
        assertThat(inSteps.exit).isEqualTo(1);
        assertThat(inSteps.out.lines().filter(l -> l.contains("Failed")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("Salesforce's API request limit is used up").doesNotContain("Exchange["));
    }

    @Test
    void a_bad_cron_names_the_key_the_value_and_an_example_and_exits_2() throws Exception {
        Result r = runOnce("sfsync.cycle.cron=0/5 * * * *");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.message()).contains("configuration key 'sfsync.cycle.cron' is '0/5 * * * *'")
                .contains("e.g. '0 0/5 * * * ?'");
        assertNoStackTrace(r);
    }

    @Test
    void a_yaml_mistake_in_a_route_file_names_the_file_and_line_and_exits_2() throws Exception {
        Path routes = copyRoutes();
        Path file = routes.resolve("cycle/object-sync.camel.yaml");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int at = lines.indexOf("          - to: direct:pull-deletes");
        lines.add(at + 1, "         bad: [");
        Files.write(file, lines);

        Result r = runOnce("sfsync.routes-dir=" + routes);

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.message()).contains("route file " + file + " line " + (at + 2)).contains("sfsync.routes-dir");
        assertNoStackTrace(r);
    }

    @Test
    void a_route_calling_an_unknown_bean_names_file_route_and_bean_with_the_nearest_one_and_exits_2() throws Exception {
        Path routes = copyRoutes();
        Path file = routes.resolve("cycle/sync-cycle.camel.yaml");
        Files.writeString(file, Files.readString(file).replace("ref: syncCycle\n            method: begin",
                "ref: syncCycel\n            method: begin"));

        Result r = runOnce("sfsync.routes-dir=" + routes);

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.message()).contains(file + ": route 'sync-cycle' calls bean 'syncCycel', which does not exist "
                + "(did you mean 'syncCycle'?)");
        assertNoStackTrace(r);
    }

    @Test
    void a_send_to_a_direct_endpoint_nothing_consumes_is_found_at_start_and_exits_2() throws Exception {
        Path routes = copyRoutes();
        Path file = routes.resolve("cycle/object-sync.camel.yaml");
        List<String> lines = Files.readAllLines(file);
        int line = lines.indexOf("          - to: direct:pull-updates") + 1;
        Files.writeString(file, Files.readString(file).replace("- to: direct:pull-updates", "- to: direct:pull-updatez"));

        Result r = runOnce("sfsync.routes-dir=" + routes);

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.message()).contains(file + " line " + line + ": routes 'sync-lead', 'sync-contact' send to "
                + "'direct:pull-updatez', but no route consumes it (did you mean 'direct:pull-updates'?)");
        assertThat(r.out).as("no cycle ran").doesNotContain("Pull Updates");
        assertNoStackTrace(r);
    }

    private record Result(int exit, String out, String err) {
        /** The lines sfsync itself printed about the failure (the log lines before them are Camel's start-up). */
        String message() {
            return String.join("\n", err.lines().filter(l -> l.startsWith("sfsync: ")).toList());
        }
    }

    private Result runOnce(String... keyValues) throws Exception {
        List<String> config = new ArrayList<>(List.of("sfsync.data-dir=" + dir.resolve("data-" + System.nanoTime())));
        config.addAll(List.of(keyValues));
        Path file = JarProcess.configFile(dir, config.toArray(String[]::new));
        try (JarProcess p = JarProcess.start(dir, "run", "--once", "--config", file.toString())) {
            int exit = p.exitCode();
            return new Result(exit, p.outText(), p.errText());
        }
    }

    private static void assertNoStackTrace(Result r) {
        assertThat(r.message()).as(r.err).isNotEmpty();
        assertThat(r.err).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private Path copyRoutes() throws IOException {
        return JarProcess.copyTree(Path.of("routes"), dir.resolve("routes"));
    }
}
