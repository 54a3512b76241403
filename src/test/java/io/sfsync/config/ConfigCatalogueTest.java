package io.sfsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.testing.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sfsync.* key is declared once; every mistake is reported at start, together; secrets never reach the log. */
class ConfigCatalogueTest {

    @TempDir
    Path dir;

    @Test
    void every_mistake_of_a_configuration_is_reported_at_once_each_naming_its_key() {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        p.setProperty("sfsync.cycle.corn", "0 * * * * ?");
        p.setProperty("sfsync.db.pool-size", "many");
        p.setProperty("sfsync.salesforce.retry.max-retries", "21");
        p.setProperty("sfsync.cycle.scheduled", "maybe");
        p.setProperty("sfsync.salesforce.mode", "cloud");
        p.setProperty("sfsync.salesforce.api-version", "v62");
        p.setProperty("sfsync.salesforce.budget.max-share", "1.5");
        p.setProperty("sfsync.salesforce.emulator.seed-extra", "Account:40,Task");
        p.setProperty("sfsync.cycle.cron", "0/5 * * * *");
        p.setProperty("sfsync.objects", " ");

        ConfigException e = catchThrowableOfType(() -> new SfsyncSettings(p), ConfigException.class);

        assertThat(e.problems()).hasSize(10);
        assertThat(e.problems()).contains(
                "unknown configuration key 'sfsync.cycle.corn' (did you mean 'sfsync.cycle.cron'?); "
                        + "the keys are listed in docs/configuration.md",
                "configuration key 'sfsync.db.pool-size' is 'many'; it must be a whole number",
                "configuration key 'sfsync.salesforce.retry.max-retries' is 21; it must be between 0 and 20",
                "configuration key 'sfsync.cycle.scheduled' is 'maybe'; it must be true or false",
                "configuration key 'sfsync.salesforce.mode' is 'cloud'; it must be one of auto, emulator, org",
                "configuration key 'sfsync.salesforce.api-version' is 'v62'; it must be a Salesforce API version such as 62.0",
                "configuration key 'sfsync.salesforce.budget.max-share' is 1.5; it must be above 0 and at most 1",
                "configuration key 'sfsync.salesforce.emulator.seed-extra': 'Task' is not Object:count (for example Account:40)",
                "configuration key 'sfsync.objects' must be set");
        assertThat(e.problems()).anyMatch(m -> m.startsWith("configuration key 'sfsync.cycle.cron' is '0/5 * * * *': "
                + "not a Quartz cron expression"));
        assertThat(e.getMessage()).startsWith("10 configuration problems:\n  ");
        for (String problem : e.problems()) {
            assertThat(e.getMessage()).contains("\n  " + problem);
        }
    }

    @Test
    void values_are_read_as_the_catalogue_declares_them() {
        Properties p = ConfigLoader.load(null, Map.of("SFSYNC_SALESFORCE_AUTH_TYPE", "client-credentials",
                "SFSYNC_SALESFORCE_MODE", "Emulator", "SFSYNC_DB_POOL_SIZE", " 12 "), new Properties());
        SfsyncSettings s = new SfsyncSettings(p);

        assertThat(s.authType()).isEqualTo("CLIENT_CREDENTIALS");
        assertThat(s.salesforceMode()).isEqualTo(SfsyncSettings.SalesforceMode.EMULATOR);
        assertThat(s.intValue("sfsync.db.pool-size")).isEqualTo(12);
        assertThat(s.intValue("sfsync.salesforce.retry.max-delay-ms")).isEqualTo(30000);
        assertThat(s.shareValue("sfsync.salesforce.budget.max-share")).isEqualTo(0.8);

        // A key left out entirely has its catalogue default.
        Properties bare = new Properties();
        assertThat(new SfsyncSettings(bare).objects()).startsWith("User", "Account");
    }

    @Test
    void the_resolved_configuration_masks_every_secret_that_is_set() {
        Properties p = ConfigLoader.load(null, Map.of("SFSYNC_SALESFORCE_LOGIN_URL", "https://login.salesforce.com",
                "SFSYNC_SALESFORCE_USERNAME", "integration@example.com", "SFSYNC_SALESFORCE_PASSWORD", "pw-and-token",
                "SFSYNC_SALESFORCE_CLIENT_SECRET", "client-s3cret", "SFSYNC_DB_PASSWORD", "db-s3cret",
                "SFSYNC_ADMIN_USERS", "ops:$2a$04$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"), new Properties());

        String described = new SfsyncSettings(p).describe();

        assertThat(described).contains("\n  sfsync.salesforce.password = ****", "\n  sfsync.salesforce.client-secret = ****",
                "\n  sfsync.db.password = ****", "\n  sfsync.salesforce.keystore.password = (empty)",
                "\n  sfsync.admin.users = ****",
                "\n  sfsync.salesforce.username = integration@example.com", "\n  sfsync.db.pool-size = 5",
                "\n  sfsync.salesforce.login-url = https://login.salesforce.com");
        assertThat(described).doesNotContain("pw-and-token").doesNotContain("client-s3cret").doesNotContain("db-s3cret")
                .doesNotContain("$2a$04$");
        assertThat(described.lines().filter(l -> l.startsWith("  sfsync."))).hasSize(ConfigCatalogue.KEYS.size());
        assertThat(ConfigCatalogue.KEYS.stream().filter(ConfigKey::secret).map(ConfigKey::name)).containsExactlyInAnyOrder(
                "sfsync.db.password", "sfsync.admin.users", "sfsync.salesforce.client-secret", "sfsync.salesforce.password",
                "sfsync.salesforce.keystore.password", "sfsync.sales-app.db.password");
    }

    @Test
    void start_up_logs_the_resolved_configuration_with_secrets_masked() throws Exception {
        Properties config = TestApp.config(dir.resolve("data"), "sfsync.objects", "Lead",
                "sfsync.db.password", "", "sfsync.salesforce.emulator.seed-leads", "7");
        config.setProperty("sfsync.salesforce.keystore.password", "never-logged");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (SfsyncApplication app = SfsyncApplication.createForChecks(config)) {
            assertThat(app).isNotNull();
        } finally {
            System.setErr(err);
        }

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("[INFO]").contains("Configuration (secrets masked")
                .contains("\n  sfsync.salesforce.emulator.seed-leads = 7")
                .contains("\n  sfsync.salesforce.keystore.password = ****")
                .doesNotContain("never-logged");
    }

    @Test
    void every_unknown_sfsync_environment_variable_is_reported_at_once() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SFSYNC_SALESFORCE_LOGINURL", "https://login.salesforce.com",
                "SFSYNC_DB_POOLSIZE", "9"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("2 configuration problems:")
                .hasMessageContaining("unknown environment variable SFSYNC_DB_POOLSIZE (did you mean SFSYNC_DB_POOL_SIZE?)")
                .hasMessageContaining("unknown environment variable SFSYNC_SALESFORCE_LOGINURL "
                        + "(did you mean SFSYNC_SALESFORCE_LOGIN_URL?)");
    }

    @Test
    void sfsync_log_level_is_read_by_the_command_line_and_is_no_unknown_variable() {
        Properties p = ConfigLoader.load(null, Map.of("SFSYNC_LOG_LEVEL", "debug"), new Properties());
        assertThat(p).isEqualTo(ConfigLoader.load(null, Map.of(), new Properties()));
    }
}
