package io.sfsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every configuration key has a default and a line in docs/configuration.md, no undocumented key ships,
 * and the table of sfsync keys says what {@link ConfigCatalogue} declares: key, default and text.
 */
class DocumentedKeysTest {

    @Test
    void every_key_has_a_default_and_is_documented() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        Properties defaults = ConfigLoader.load(null, Map.of(), new Properties());
        for (String key : SfsyncSettings.KNOWN_KEYS) {
            assertThat(defaults.containsKey(key)).as("default for %s", key).isTrue();
            assertThat(doc).as("docs/configuration.md documents %s", key).contains("| `" + key + "` |");
        }
        for (String key : defaults.stringPropertyNames()) {
            assertThat(doc).as("docs/configuration.md documents %s", key).contains("| `" + key + "` |");
        }
    }

    @Test
    void the_table_of_sfsync_keys_says_what_the_catalogue_declares_row_by_row() throws Exception {
        List<String[]> rows = sfsyncKeyRows(Files.readString(Path.of("docs/configuration.md")));

        assertThat(rows.stream().map(r -> r[0]).toList()).as("keys of the table in docs/configuration.md, in order")
                .isEqualTo(ConfigCatalogue.names());
        for (int i = 0; i < rows.size(); i++) {
            ConfigKey key = ConfigCatalogue.KEYS.get(i);
            String[] row = rows.get(i);
            assertThat(row[1]).as("default of %s in docs/configuration.md (ConfigCatalogue: '%s')", key.name(), key.defaultValue())
                    .isEqualTo(key.defaultValue().isEmpty() ? "*(empty)*" : "`" + key.defaultValue() + "`");
            assertThat(row[2]).as("what %s does, in docs/configuration.md and in ConfigCatalogue", key.name())
                    .isEqualTo(key.doc());
        }
    }

    @Test
    void the_comparison_notices_a_row_whose_default_or_text_differs() throws Exception {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        String poolRow = "| `sfsync.db.pool-size` | `5` | " + ConfigCatalogue.key("sfsync.db.pool-size").doc() + " |";
        assertThat(doc).contains(poolRow);

        String[] changed = sfsyncKeyRows(doc.replace(poolRow, "| `sfsync.db.pool-size` | `10` | Pool size. |")).stream()
                .filter(r -> r[0].equals("sfsync.db.pool-size")).findFirst().orElseThrow();
        assertThat(changed[1]).isEqualTo("`10`");
        assertThat(changed[2]).isEqualTo("Pool size.");
    }

    /** The rows of the table under "## sfsync keys": key (without backticks), default cell, text cell. */
    private static List<String[]> sfsyncKeyRows(String doc) {
        List<String> lines = doc.lines().toList();
        int at = lines.indexOf("## sfsync keys");
        assertThat(at).as("docs/configuration.md has a section '## sfsync keys'").isNotNegative();
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            if (line.startsWith("| key ") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ", 3);
            assertThat(cells).as("row of three cells: %s", line).hasSize(3);
            rows.add(new String[] {cells[0].replace("`", ""), cells[1], cells[2]});
        }
        return rows;
    }
}
