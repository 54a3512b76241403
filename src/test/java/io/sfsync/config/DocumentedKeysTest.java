package io.sfsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every configuration key has a default and a line in docs/configuration.md, and no undocumented key ships. */
class DocumentedKeysTest {

    @Test
    void every_key_has_a_default_and_is_documented() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        Properties defaults = ConfigLoader.load(null, Map.of(), new Properties());
        for (String key : SfsyncSettings.KNOWN_KEYS) {
            assertThat(defaults.containsKey(key)).as("default for %s in application.properties", key).isTrue();
            assertThat(doc).as("docs/configuration.md documents %s", key).contains("| `" + key + "` |");
        }
        for (String key : defaults.stringPropertyNames()) {
            assertThat(doc).as("docs/configuration.md documents %s", key).contains("| `" + key + "` |");
        }
    }
}
