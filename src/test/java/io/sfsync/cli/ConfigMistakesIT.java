package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.JarProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration mistakes stop the process with exit code 2 and one message, instead of
 * syncing the bundled emulator's demo data into the user's database; demo mode says so.
 * Runs {@code java -jar target/sfsync.jar} as a user does.
 */
class ConfigMistakesIT {

    @TempDir
    Path dir;

    @Test
    void a_missing_config_file_exits_2_before_or_after_the_command() throws Exception {
        Path missing = dir.resolve("missing.properties");

        Run before = sfsync(Map.of(), "--config", missing.toString(), "run", "--once");
        Run after = sfsync(Map.of(), "run", "--once", "--config", missing.toString());

        for (Run r : List.of(before, after)) {
            assertThat(r.exit).as(r.err).isEqualTo(2);
            assertThat(r.err).contains("--config " + missing + ": file not found").doesNotContain("\tat ");
        }
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void an_unknown_sfsync_environment_variable_exits_2_naming_the_variable_to_use() throws Exception {
        Run r = sfsync(Map.of("SFSYNC_SALESFORCE_LOGINURL", "https://login.salesforce.com"),
                "--config", config().toString(), "run", "--once");

        assertThat(r.exit).as(r.err).isEqualTo(2);
        assertThat(r.err).contains("unknown environment variable SFSYNC_SALESFORCE_LOGINURL "
                + "(did you mean SFSYNC_SALESFORCE_LOGIN_URL?)");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void salesforce_credentials_without_a_login_url_exit_2_naming_the_missing_key() throws Exception {
        Run r = sfsync(Map.of("SFSYNC_SALESFORCE_CLIENT_ID", "consumer-key", "SFSYNC_SALESFORCE_CLIENT_SECRET", "s3cret",
                        "SFSYNC_SALESFORCE_USERNAME", "integration@example.com", "SFSYNC_SALESFORCE_PASSWORD", "pw+token"),
                "--config", config().toString(), "run", "--once");

        assertThat(r.exit).as(r.err).isEqualTo(2);
        assertThat(r.err).contains("'sfsync.salesforce.login-url' (environment variable SFSYNC_SALESFORCE_LOGIN_URL) is not")
                .contains("https://login.salesforce.com").contains("https://test.salesforce.com")
                .doesNotContain("DEMO MODE").doesNotContain("\tat ");
    }

    @Test
    void a_run_against_the_emulator_warns_of_demo_mode_on_standard_error() throws Exception {
        Run r = sfsync(Map.of(), "--config", config().toString(), "run", "--once");

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("[WARN]").contains("DEMO MODE: sfsync is running against the bundled Salesforce emulator")
                .contains("NOT a real Salesforce org").contains("SFSYNC_SALESFORCE_LOGIN_URL=https://login.salesforce.com");
        // The file given before the command was read: its data directory received the demo Leads.
        assertThat(r.out).contains("Lead").contains("Completed");
        assertThat(dir.resolve("data/db")).isDirectory();
    }

    private Path config() throws IOException {
        return JarProcess.configFile(dir, "sfsync.salesforce.emulator.seed-leads=20", "sfsync.salesforce.emulator.seed-contacts=10");
    }

    private record Run(int exit, String out, String err) {
    }

    private Run sfsync(Map<String, String> env, String... args) throws Exception {
        try (JarProcess p = JarProcess.start(dir, env, args)) {
            return new Run(p.exitCode(), p.outText(), p.errText());
        }
    }
}
