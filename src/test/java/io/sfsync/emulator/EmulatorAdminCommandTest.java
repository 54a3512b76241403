package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfsync.cli.EmulatorCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sfsync emulator admin <op>} against a running emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatorAdminCommandTest {

    private EmulatorServer server;

    @BeforeAll
    void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.defaults().withSeed(10, 0));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return EmulatorHttp.JSON.readTree(out);
        }
    }

    private Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 3];
        full[0] = "admin";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "--url";
        full[args.length + 2] = server.baseUrl();
        int exit = cli.execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void seed_adds_records() throws Exception {
        int before = server.org().count("Lead");
        Run r = admin("seed", "--object", "Lead", "--count", "100");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("seeded").asInt()).isEqualTo(100);
        assertThat(server.org().count("Lead")).isEqualTo(before + 100);
    }

    @Test
    void fault_injects_errors_latency_and_drops() throws Exception {
        Run r = admin("fault", "--path", "/query", "--count", "2", "--status", "503", "--error-code", "SERVER_UNAVAILABLE");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("errorCode").asText()).isEqualTo("SERVER_UNAVAILABLE");
        EmulatorHttp api = new EmulatorHttp(server).login();
        EmulatorHttp.assertError(api.get(EmulatorHttp.V + "/query?q=SELECT+Id+FROM+Lead"), 503, "SERVER_UNAVAILABLE");
        EmulatorHttp.assertError(api.get(EmulatorHttp.V + "/query?q=SELECT+Id+FROM+Lead"), 503, "SERVER_UNAVAILABLE");
        EmulatorHttp.ok(api.get(EmulatorHttp.V + "/query?q=SELECT+Id+FROM+Lead"));

        Run drop = admin("fault", "--path", "/sobjects/Contact", "--drop", "--latency-ms", "5");
        assertThat(drop.exit()).as(drop.err()).isZero();
        assertThat(drop.json().get("drop").asBoolean()).isTrue();
        assertThat(drop.json().get("latencyMs").asLong()).isEqualTo(5);
    }

    @Test
    void clock_advances_freezes_and_reads() throws Exception {
        Run frozen = admin("clock", "--freeze");
        assertThat(frozen.json().get("frozen").asBoolean()).isTrue();
        Instant at = Instant.parse(frozen.json().get("now").asText().replace("+0000", "Z"));
        Run moved = admin("clock", "--advance", "3600");
        assertThat(moved.exit()).isZero();
        assertThat(server.org().clock().now()).isEqualTo(at.plus(Duration.ofHours(1)));
        assertThat(admin("clock").json().get("frozen").asBoolean()).isTrue();
        assertThat(admin("clock", "--unfreeze").json().get("frozen").asBoolean()).isFalse();
    }

    @Test
    void expire_sessions_invalidates_tokens() throws Exception {
        EmulatorHttp api = new EmulatorHttp(server).login();
        Run r = admin("expire-sessions");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().has("expired")).isTrue();
        EmulatorHttp.assertError(api.get(EmulatorHttp.V + "/limits"), 401, "INVALID_SESSION_ID");
    }

    @Test
    void budget_sets_and_reads_the_daily_limit() throws Exception {
        Run set = admin("budget", "--daily", "1000");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.json().get("dailyApiLimit").asLong()).isEqualTo(1000);
        assertThat(server.org().dailyApiLimit()).isEqualTo(1000);
        assertThat(admin("budget").json().get("dailyApiLimit").asLong()).isEqualTo(1000);
        Run bad = admin("budget", "--daily", "0");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("daily must be > 0");
        admin("budget", "--daily", "100000", "--used", "0");
    }

    @Test
    void stats_prints_the_counts_and_an_unreachable_emulator_is_an_error() throws Exception {
        Run r = admin("stats");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("records").get("Lead").asInt()).isEqualTo(server.org().count("Lead"));
        assertThat(r.json().has("calls")).isTrue();

        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("admin", "stats", "--url", "http://127.0.0.1:1")).isNotZero();
    }

    @Test
    void convert_turns_a_lead_into_a_contact_and_an_account() throws Exception {
        String lead = (String) server.org().create("Lead", java.util.Map.of("LastName", "Cli", "Company", "Cli AB"))
                .get("Id");
        Run r = admin("convert", "--lead", lead, "--no-opportunity");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("contactId").asText()).startsWith("003");
        assertThat(r.json().get("opportunityId").isNull()).isTrue();
        assertThat(server.org().get("Lead", lead).orElseThrow()).containsEntry("IsConverted", true);
        Run again = admin("convert", "--lead", lead);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("CANNOT_UPDATE_CONVERTED_LEAD");
    }

    @Test
    void access_and_validation_rules_are_set_read_and_reset() throws Exception {
        EmulatorHttp api = new EmulatorHttp(server).login();
        Run ro = admin("access", "--object", "Lead", "--field", "Title", "--access", "READ_ONLY");
        assertThat(ro.exit()).as(ro.err()).isZero();
        assertThat(admin("access").json().get("fields").get("Lead.Title").asText()).isEqualTo("READ_ONLY");
        EmulatorHttp.assertError(api.post(EmulatorHttp.V + "/sobjects/Lead",
                "{\"LastName\":\"A\",\"Company\":\"B\",\"Title\":\"x\"}"), 400, "INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(admin("access", "--reset").exit()).isZero();
        assertThat(admin("access").json().get("fields")).isEmpty();

        Run rule = admin("validation-rule", "--object", "Lead", "--field", "Title", "--message", "No interns",
                "--condition", "notEqualTo", "--value", "Intern");
        assertThat(rule.exit()).as(rule.err()).isZero();
        assertThat(admin("validation-rule").json()).hasSize(1);
        EmulatorHttp.assertError(api.post(EmulatorHttp.V + "/sobjects/Lead",
                "{\"LastName\":\"A\",\"Company\":\"B\",\"Title\":\"Intern\"}"), 400, "FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(admin("validation-rule", "--clear").exit()).isZero();
        assertThat(admin("validation-rule").json()).isEmpty();
    }

    @Test
    void undelete_restores_a_record_from_the_recycle_bin() throws Exception {
        String lead = (String) server.org().create("Lead", java.util.Map.of("LastName", "Bin", "Company", "Bin AB"))
                .get("Id");
        server.org().delete("Lead", lead);
        Run r = admin("undelete", "--object", "Lead", "--id", lead);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(server.org().get("Lead", lead).orElseThrow()).containsEntry("IsDeleted", false);
        Run live = admin("undelete", "--object", "Lead", "--id", lead);
        assertThat(live.exit()).isEqualTo(1);
        assertThat(live.err()).contains("UNDELETE_FAILED");
    }

    @Test
    void fault_drop_after_lets_the_write_happen_and_cuts_its_answer() throws Exception {
        Run r = admin("fault", "--path", "/sobjects/Lead", "--drop-after");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get("dropAfter").asBoolean()).isTrue();
        assertThat(r.json().get("drop").asBoolean()).isFalse();
        EmulatorHttp api = new EmulatorHttp(server).login();
        int before = server.org().count("Lead");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.post(EmulatorHttp.V + "/sobjects/Lead",
                "{\"LastName\":\"CliDropped\",\"Company\":\"Cli\"}")).isInstanceOf(java.io.IOException.class);
        assertThat(server.org().count("Lead")).isEqualTo(before + 1);

        Run both = admin("fault", "--path", "/x", "--drop", "--drop-after");
        assertThat(both.exit()).isEqualTo(1);
        assertThat(both.err()).contains("exclude each other");
    }

    @Test
    void lock_makes_writes_to_a_record_fail_lists_and_clears_locks() throws Exception {
        String lead = (String) server.org().create("Lead", java.util.Map.of("LastName", "Locked", "Company", "Lock AB"))
                .get("Id");
        Run r = admin("lock", "--object", "Lead", "--id", lead, "--attempts", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.json().get(0).get("id").asText()).isEqualTo(lead);
        assertThat(r.json().get(0).get("remaining").asInt()).isEqualTo(2);
        EmulatorHttp api = new EmulatorHttp(server).login();
        EmulatorHttp.assertError(api.patch(EmulatorHttp.V + "/sobjects/Lead/" + lead, "{\"Title\":\"T\"}"), 400,
                "UNABLE_TO_LOCK_ROW");
        assertThat(admin("lock").json().get(0).get("remaining").asInt()).isEqualTo(1);
        assertThat(admin("lock", "--clear").json()).isEmpty();
        assertThat(api.patch(EmulatorHttp.V + "/sobjects/Lead/" + lead, "{\"Title\":\"T\"}").statusCode()).isEqualTo(204);

        Run unknown = admin("lock", "--object", "Lead", "--id", "00Q000000000000");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no Lead record with id 00Q000000000000");
    }

    @Test
    void help_lists_the_operations() {
        StringWriter help = new StringWriter();
        CommandLine cli = new CommandLine(new EmulatorCommand());
        cli.setOut(new PrintWriter(help));
        assertThat(cli.execute("admin", "--help")).isZero();
        assertThat(help.toString()).contains("seed", "fault", "clock", "expire-sessions", "budget", "stats", "convert",
                "access", "validation-rule", "undelete", "lock", "--url");
    }
}
