package io.sfsync.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.JarProcess;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter path a user reads in routes/deadletter/dead-letters.camel.yaml and extends without Java: the
 * example its comment gives (append each dead letter to a file) is put into a copy of the shipped routes, and a pull
 * with records the table cannot hold must deliver exactly its committed dead letters to that file, on HSQLDB and on
 * PostgreSQL.
 */
class DeadLetterRouteTest {

    private static final Path SHIPPED = Path.of("routes/deadletter/dead-letters.camel.yaml");
    private static final String TOO_LONG =
            "A company name far longer than the eighty characters the local state column can hold, truly";

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_deadletters_");

    @TempDir
    Path data;

    @Test
    void the_documented_extension_receives_each_committed_dead_letter_once_on_hsqldb() throws Exception {
        Path out = data.resolve("out");
        Properties config = TestApp.config(data.resolve("db"), settings(out));
        assertDeliveredOnce(config, out);
    }

    @Test
    void the_documented_extension_receives_each_committed_dead_letter_once_on_postgresql() throws Exception {
        Path out = data.resolve("out");
        Properties config = postgres.appConfig(data.resolve("db"), settings(out));
        assertDeliveredOnce(config, out);
    }

    @Test
    void a_dead_letter_of_a_step_that_was_rolled_back_is_never_handed_on() throws Exception {
        Path out = data.resolve("out");
        Properties config = TestApp.config(data.resolve("db"), settings(out));
        config.setProperty("sfsync.salesforce.emulator.seed-leads", "2100");
        try (TestApp t = TestApp.start(config)) {
            t.cycle();
            t.org().clock().advance(Duration.ofSeconds(10));
            List<Map<String, Object>> leads = t.org().all("Lead");
            String bad = (String) leads.get(0).get("Id");
            for (Map<String, Object> lead : leads) {
                t.org().update("Lead", (String) lead.get("Id"), Map.of("LastName", "Changed"));
            }
            t.org().update("Lead", bad, Map.of("Company", TOO_LONG));
            // Page 1 holds the bad record; reading page 2 fails with every retry: the step is rolled back.
            t.org().failNext(4, "-2000", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
            String failed = t.cycle();
            assertThat(t.app().stepLog().cycle(failed)).anySatisfy(s -> assertThat(s.status()).isEqualTo("Rolled back"));
            assertThat(out.resolve("dead-letters.txt")).doesNotExist();

            t.cycle();
            assertThat(Files.readAllLines(out.resolve("dead-letters.txt")))
                    .containsExactly("Lead " + bad + " LOCAL_VALUE_REJECTED: " + message(t, bad));
        }
    }

    private String[] settings(Path out) throws Exception {
        Path routes = JarProcess.copyTree(Path.of("routes"), data.resolve("routes"));
        Files.writeString(routes.resolve("deadletter/dead-letters.camel.yaml"), withDocumentedExtension(out));
        Path mappings = Files.createDirectories(data.resolve("mappings"));
        // Company (255 characters in Salesforce) into state (80 locally): a long name cannot be stored.
        Files.writeString(mappings.resolve("lead.yaml"), """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                type-column: person_type
                fields:
                  - { sf: LastName, column: last_name }
                  - { sf: Company,  column: state }
                """);
        return new String[] {"sfsync.routes-dir", routes.toString(), "sfsync.mappings-dir", mappings.toString(),
                "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "0",
                "sfsync.salesforce.emulator.seed-contacts", "0"};
    }

    private void assertDeliveredOnce(Properties config, Path out) throws Exception {
        try (TestApp t = TestApp.start(config)) {
            t.org().create("Lead", Map.of("LastName", "Fine", "Company", "Acme"));
            String first = (String) t.org().create("Lead", Map.of("LastName", "Long1", "Company", TOO_LONG)).get("Id");
            String second = (String) t.org().create("Lead", Map.of("LastName", "Long2", "Company", TOO_LONG)).get("Id");

            t.cycle();

            List<String> lines = Files.readAllLines(out.resolve("dead-letters.txt"));
            assertThat(lines).containsExactlyInAnyOrder(
                    "Lead " + first + " LOCAL_VALUE_REJECTED: " + message(t, first),
                    "Lead " + second + " LOCAL_VALUE_REJECTED: " + message(t, second));

            // A cycle with nothing new hands nothing again.
            t.cycle();
            assertThat(Files.readAllLines(out.resolve("dead-letters.txt"))).hasSize(2);
        }
    }

    private static String message(TestApp t, String recordId) throws Exception {
        return (String) t.rows("SELECT error_message FROM dead_letter WHERE record_id = ?", recordId).get(0).get("error_message");
    }

    /** The shipped route with the example of its comment added after its log step, writing into {@code out}. */
    private static String withDocumentedExtension(Path out) throws Exception {
        List<String> shipped = Files.readAllLines(SHIPPED);
        List<String> example = new ArrayList<>();
        boolean inExample = false;
        for (String line : shipped) {
            if (line.startsWith("# add steps after the log step, for example:")) {
                inExample = true;
            } else if (inExample && line.startsWith("#     ")) {
                example.add("              " + line.substring("#     ".length()));
            } else if (inExample) {
                break;
            }
        }
        assertThat(example).as("the example in the comment of " + SHIPPED).isNotEmpty();
        StringBuilder route = new StringBuilder();
        for (String line : shipped) {
            route.append(line).append('\n');
        }
        for (String line : example) {
            route.append(line.replace("/var/log/sfsync", out.toString())).append('\n');
        }
        return route.toString();
    }
}
