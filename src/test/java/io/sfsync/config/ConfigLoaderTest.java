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
    }
}
