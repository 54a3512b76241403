package io.sfsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void config_file_overrides_defaults_and_environment_overrides_the_file() throws Exception {
        Path file = dir.resolve("sfsync.properties");
        Files.writeString(file, "sfsync.cycle.cron=0 0/10 * * * ?\nsfsync.objects=Contact\n");
        Properties p = ConfigLoader.load(file, Map.of("SFSYNC_OBJECTS", "Lead", "SFSYNC_SALESFORCE_API_VERSION", "61.0",
                "PATH", "/usr/bin"), new Properties());
        SfsyncSettings s = new SfsyncSettings(p);
        assertThat(s.get("sfsync.cycle.cron")).isEqualTo("0 0/10 * * * ?");
        assertThat(s.objects()).containsExactly("Lead");
        assertThat(s.get("sfsync.salesforce.api-version")).isEqualTo("61.0");
        assertThat(s.get("sfsync.data-dir")).isEqualTo("./data");

        // JVM system properties come last: -Dsfsync.objects=Account wins over the file and the environment.
        Properties system = new Properties();
        system.setProperty("sfsync.objects", "Account");
        system.setProperty("user.home", "/home/someone");
        SfsyncSettings withSystem = new SfsyncSettings(ConfigLoader.load(file, Map.of("SFSYNC_OBJECTS", "Lead"), system));
        assertThat(withSystem.objects()).containsExactly("Account");
        assertThat(withSystem.properties().getProperty("user.home")).isNull();
    }

    @Test
    void salesforce_mode_defaults_to_the_emulator_until_a_login_url_is_set() {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        assertThat(new SfsyncSettings(p).salesforceMode()).isEqualTo(SfsyncSettings.SalesforceMode.EMULATOR);
        p.setProperty("sfsync.salesforce.login-url", "https://login.salesforce.com");
        assertThat(new SfsyncSettings(p).salesforceMode()).isEqualTo(SfsyncSettings.SalesforceMode.ORG);
    }

    @Test
    void a_misspelt_key_is_named_with_a_suggestion() {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        p.setProperty("sfsync.cycle.corn", "0 * * * * ?");
        assertThatThrownBy(() -> new SfsyncSettings(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'sfsync.cycle.corn' (did you mean 'sfsync.cycle.cron'?)");
    }

    @Test
    void a_missing_config_file_is_reported() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.properties"), Map.of(), new Properties()))
                .hasMessageContaining("nope.properties: file not found");
    }

    @Test
    void a_bad_number_names_the_key() {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        p.setProperty("sfsync.db.pool-size", "many");
        assertThatThrownBy(() -> new SfsyncSettings(p).intValue("sfsync.db.pool-size", 1, 200))
                .hasMessage("configuration key 'sfsync.db.pool-size' is 'many'; it must be a whole number");

        p.setProperty("sfsync.db.pool-size", "5");
        p.setProperty("sfsync.salesforce.api-version", "v62");
        assertThatThrownBy(() -> new SfsyncSettings(p).apiVersion())
                .hasMessage("configuration key 'sfsync.salesforce.api-version' is 'v62'; it must be a Salesforce API version such as 62.0");
    }

    @Test
    void an_unknown_sfsync_environment_variable_is_an_error_naming_the_variable_to_use() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SFSYNC_SALESFORCE_LOGINURL", "https://login.salesforce.com"),
                new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown environment variable SFSYNC_SALESFORCE_LOGINURL "
                        + "(did you mean SFSYNC_SALESFORCE_LOGIN_URL?)");
    }

    @Test
    void salesforce_credentials_without_a_login_url_are_an_error_naming_the_missing_key() {
        Properties p = ConfigLoader.load(null, Map.of("SFSYNC_SALESFORCE_USERNAME", "integration@example.com",
                "SFSYNC_SALESFORCE_PASSWORD", "secret"), new Properties());
        assertThatThrownBy(() -> new SfsyncSettings(p).salesforceMode())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sfsync.salesforce.username, sfsync.salesforce.password are set but configuration key "
                        + "'sfsync.salesforce.login-url' (environment variable SFSYNC_SALESFORCE_LOGIN_URL) is not")
                .hasMessageContaining("https://login.salesforce.com").hasMessageContaining("https://test.salesforce.com");
        p.setProperty("sfsync.salesforce.mode", "org");
        p.remove("sfsync.salesforce.username");
        assertThatThrownBy(() -> new SfsyncSettings(p).salesforceMode())
                .hasMessageContaining("sfsync.salesforce.mode is org but configuration key 'sfsync.salesforce.login-url'");
    }

    @Test
    void jwt_login_names_a_missing_keystore_setting_and_a_keystore_that_does_not_open() throws Exception {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        p.setProperty("sfsync.salesforce.auth-type", "JWT");
        p.setProperty("sfsync.salesforce.client-id", "consumer-key");
        p.setProperty("sfsync.salesforce.username", "integration@example.com");
        assertThatThrownBy(() -> new SfsyncSettings(p).jwtKeyStore()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sfsync.salesforce.auth-type is JWT but configuration key 'sfsync.salesforce.keystore.path' "
                        + "(environment variable SFSYNC_SALESFORCE_KEYSTORE_PATH) is not set");

        Path notAKeyStore = Files.writeString(dir.resolve("app.p12"), "not a key store");
        p.setProperty("sfsync.salesforce.keystore.path", notAKeyStore.toString());
        assertThatThrownBy(() -> new SfsyncSettings(p).jwtKeyStore())
                .hasMessageContaining("configuration key 'sfsync.salesforce.keystore.password' "
                        + "(environment variable SFSYNC_SALESFORCE_KEYSTORE_PASSWORD) is not set");

        p.setProperty("sfsync.salesforce.keystore.password", "changeit");
        assertThatThrownBy(() -> new SfsyncSettings(p).jwtKeyStore())
                .hasMessageContaining("configuration key 'sfsync.salesforce.keystore.path': cannot open " + notAKeyStore
                        + " as a PKCS12 key store with sfsync.salesforce.keystore.password");
    }
}
