package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.mapping.MappingException;
import io.sfsync.status.StepJson;
import io.sfsync.store.Database;
import io.sfsync.store.OrgIdentityStore;
import io.sfsync.testing.Cli;
import io.sfsync.testing.JarProcess;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks and the command line, against the real application. */
class StartupTest {

    @TempDir
    Path dir;

    @Test
    void a_mapped_column_missing_from_the_table_stops_start_up_naming_file_line_and_field() throws Exception {
        Path mappings = copyMappings();
        List<String> lines = Files.readAllLines(mappings.resolve("lead.yaml"));
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("sf: FirstName")).findFirst().orElseThrow()) + 1;
        Files.writeString(mappings.resolve("lead.yaml"), String.join("\n", lines).replace("column: first_name", "column: frist_name"));
        // A second mistake in another file is reported in the same message (docs/mappings.md).
        Files.writeString(mappings.resolve("contact.yaml"),
                Files.readString(mappings.resolve("contact.yaml")).replace("column: title, ", "column: titel, "));
        List<String> contactLines = Files.readAllLines(mappings.resolve("contact.yaml"));
        int titleLine = contactLines.indexOf(contactLines.stream().filter(l -> l.contains("sf: Title")).findFirst()
                .orElseThrow()) + 1;
        Properties config = TestApp.config(dir.resolve("data"), "sfsync.mappings-dir", mappings.toString());

        assertThatThrownBy(() -> SfsyncApplication.create(config))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line " + line + ": field 'FirstName': column 'frist_name' does not exist "
                        + "in table 'person' (did you mean 'first_name'?)")
                .hasMessageContaining("contact.yaml line " + titleLine + ": field 'Title': column 'titel' does not exist "
                        + "in table 'person' (did you mean 'title'?)");
    }

    @Test
    void a_mapped_field_unknown_to_salesforce_stops_start_up_with_the_nearest_valid_name() throws Exception {
        Path mappings = copyMappings();
        List<String> lines = Files.readAllLines(mappings.resolve("contact.yaml"));
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("sf: Department")).findFirst().orElseThrow()) + 1;
        Files.writeString(mappings.resolve("contact.yaml"), String.join("\n", lines).replace("sf: Department", "sf: Departmnt"));
        Properties config = TestApp.config(dir.resolve("data"), "sfsync.mappings-dir", mappings.toString());

        assertThatThrownBy(() -> TestApp.start(config))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("contact.yaml line " + line + ": field 'Departmnt' does not exist on Contact "
                        + "(did you mean 'Department'?)");
    }

    @Test
    void mappings_validate_accepts_the_bundled_mappings_and_names_a_formula_marked_for_push() throws Exception {
        Path configFile = writeConfig(Path.of("mappings").toAbsolutePath());
        Cli.Result ok = cli("mappings", "validate", "--config", configFile.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("Mappings are valid: User, Account, Contact, Lead, Opportunity");

        Path mappings = copyMappings();
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(mappings.resolve("lead.yaml"))
                .replace("  - { sf: Email,", "  - { sf: Name, column: department, direction: both }\n  - { sf: Email,"));
        Cli.Result bad = cli("mappings", "validate", "--config", writeConfig(mappings).toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("lead.yaml line").contains("field 'Name' is a formula field and cannot be pushed; "
                + "use direction: pull");
    }

    @Test
    void mappings_validate_warns_of_a_column_shorter_than_its_field_and_still_exits_0() throws Exception {
        Path mappings = copyMappings();
        // department holds 80 characters, Company up to 255
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(mappings.resolve("lead.yaml"))
                .replace("column: company,  ", "column: department,"));
        List<String> lines = Files.readAllLines(mappings.resolve("lead.yaml"));
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("sf: Company")).findFirst().orElseThrow()) + 1;

        Cli.Result r = cli("mappings", "validate", "--config", writeConfig(mappings).toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("warning: " + mappings.resolve("lead.yaml") + " line " + line + ": field 'Company' "
                        + "(Salesforce string of up to 255 characters) goes into column 'department' of person, which holds 80: "
                        + "longer values will fail and go to the dead-letter store; widen the column to 255 characters")
                .contains("with 1 warning(s)");
    }

    @Test
    void the_command_line_reports_a_broken_mapping_without_a_stack_trace_and_exits_2() throws Exception {
        Path mappings = copyMappings();
        Files.writeString(mappings.resolve("contact.yaml"),
                Files.readString(mappings.resolve("contact.yaml")).replace("direction: pull }", "direction: pul }"));
        Path configFile = writeConfig(mappings);

        Cli.Result r = cli("run", "--once", "--config", configFile.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("contact.yaml line").contains("field 'AccountId': direction 'pul' is not one of both, pull, push")
                .doesNotContain("\tat ");
    }

    @Test
    void run_once_prints_the_steps_and_status_shows_them_afterwards() throws Exception {
        Path configFile = writeConfig(Path.of("mappings").toAbsolutePath());

        Cli.Result run = cli("run", "--once", "--config", configFile.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("OBJECT").contains("Pull Updates").contains("Lead").contains("Contact")
                .contains("Completed");

        // a cycle of the eleven objects has more steps than status shows by default (50)
        Cli.Result status = cli("status", "--limit", "200", "--config", configFile.toString());
        assertThat(status.exit()).isZero();
        assertThat(status.out().lines().filter(l -> l.contains("Pull Updates") && l.contains("Completed")))
                .hasSize(11)
                .anySatisfy(l -> assertThat(l).contains("Lead").contains(" 300 "))
                .anySatisfy(l -> assertThat(l).contains("Contact").contains(" 200 "));
    }

    @Test
    void run_once_exits_1_when_a_record_went_to_the_dead_letter_store() throws Exception {
        try (EmulatorServer org = EmulatorServer.start(EmulatorConfig.defaults().withSeed(5, 0))) {
            org.org().create("Lead", Map.of("LastName", "Longname", "Company", "Company ".repeat(20)));
            Path mappings = copyMappings();
            // department holds 80 characters: the 160-character company cannot be stored
            Files.writeString(mappings.resolve("lead.yaml"), Files.readString(mappings.resolve("lead.yaml"))
                    .replace("column: company,  ", "column: department,"));
            Path configFile = writeConfig(mappings);
            Files.writeString(configFile, String.join("\n", "sfsync.objects=Lead", "sfsync.salesforce.mode=org",
                    "sfsync.salesforce.login-url=" + org.baseUrl(),
                    "sfsync.salesforce.client-id=" + EmulatorConfig.DEFAULT_CLIENT_ID,
                    "sfsync.salesforce.client-secret=" + EmulatorConfig.DEFAULT_CLIENT_SECRET,
                    "sfsync.salesforce.username=" + EmulatorConfig.DEFAULT_USERNAME,
                    "sfsync.salesforce.password=" + EmulatorConfig.DEFAULT_PASSWORD) + "\n",
                    java.nio.file.StandardOpenOption.APPEND);

            Cli.Result run = cli("run", "--once", "--config", configFile.toString());

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out().lines().filter(l -> l.contains("Pull Updates")))
                    .singleElement().satisfies(l -> assertThat(l).contains("Completed").containsPattern("\\s5\\s+0\\s+0\\s+1\\s"));
        }
    }

    @Test
    void route_files_are_read_from_the_routes_folder_in_yaml_and_xml() throws Exception {
        Path routes = JarProcess.copyTree(Path.of("routes"), dir.resolve("routes"));
        Files.createDirectories(routes.resolve("custom"));
        Files.writeString(routes.resolve("custom/greeting.camel.xml"), """
                <routes xmlns="http://camel.apache.org/schema/xml-io">
                  <route id="greeting">
                    <from uri="direct:greeting"/>
                    <setBody><simple>Hello ${body}</simple></setBody>
                  </route>
                </routes>
                """);
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("data"), "sfsync.routes-dir", routes.toString()))) {
            assertThat(t.app().camel().getRoute("greeting")).isNotNull();
            assertThat(t.app().camel().getRoute("pull-updates")).isNotNull();
            // One route per object from the object-sync template.
            assertThat(t.app().settings().objects()).allSatisfy(o -> assertThat(t.app().camel().getRoute(ObjectRoutes.routeId(o)))
                    .as(o).isNotNull());
            assertThat(t.app().camel().getRoute("sync-opportunity-contact-role").getEndpoint().getEndpointUri())
                    .isEqualTo("direct://sync-OpportunityContactRole");
            assertThat(t.app().camel().createProducerTemplate().requestBody("direct:greeting", "XML", String.class))
                    .isEqualTo("Hello XML");
        }
    }

    @Test
    void the_admin_api_serves_the_status_log_and_health() throws Exception {
        Properties config = TestApp.config(dir.resolve("data"));
        try (TestApp t = TestApp.start(config)) {
            String base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
            HttpClient http = HttpClient.newHttpClient();
            // before the first cycle has finished: STARTING, which a container's HEALTHCHECK takes as healthy
            HttpResponse<String> starting = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(starting.statusCode()).isEqualTo(200);
            assertThat(starting.body()).startsWith("{\"status\":\"STARTING\"");

            t.cycle();
            HttpResponse<String> steps = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sync-steps?limit=100")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(steps.statusCode()).isEqualTo(200);
            assertThat(StepJson.parse(steps.body()))
                    .filteredOn(s -> s.object().equals("Contact") && s.operation().equals("Pull Updates"))
                    .singleElement().satisfies(s -> assertThat(s.created()).isEqualTo(200));
            HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sync-steps?limit=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(StepJson.parse(one.body())).hasSize(1);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\"").contains("route:pull-updates");

            t.app().camel().getRouteController().stopRoute("pull-updates");
            HttpResponse<String> down = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).startsWith("{\"status\":\"DOWN\"");
        }
    }

    @Test
    void a_config_file_before_the_command_is_read_as_one_after_it() throws Exception {
        Path mappings = copyMappings();
        Files.writeString(mappings.resolve("contact.yaml"),
                Files.readString(mappings.resolve("contact.yaml")).replace("direction: pull }", "direction: pul }"));
        Path configFile = writeConfig(mappings);

        Cli.Result before = cli("--config", configFile.toString(), "run", "--once");
        assertThat(before.exit()).isEqualTo(2);
        assertThat(before.err()).contains("field 'AccountId': direction 'pul' is not one of both, pull, push");

        Cli.Result nested = cli("--config", configFile.toString(), "mappings", "validate");
        assertThat(nested.exit()).isEqualTo(2);
        assertThat(nested.err()).contains("field 'AccountId': direction 'pul' is not one of both, pull, push");

        Cli.Result unread = cli("--config", configFile.toString(), "emulator", "--port", "0");
        assertThat(unread.exit()).isEqualTo(2);
        assertThat(unread.err()).contains("'sfsync emulator' reads no configuration file; --config applies to run, status, "
                + "dead-letters, conflicts, sync-now, mappings validate and health");

        Cli.Result twice = cli("--config", configFile.toString(), "run", "--once", "--config", dir.resolve("other.properties").toString());
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("--config is given twice, " + configFile + " before the command and "
                + dir.resolve("other.properties") + " after it; give it once");
    }

    @Test
    void the_first_start_records_the_org_the_database_belongs_to() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("data")))) {
            assertThat(t.rows("SELECT org_id, description FROM sync_org")).singleElement().satisfies(row -> {
                assertThat(row.get("org_id")).isEqualTo(t.org().orgId());
                assertThat(row.get("description")).isEqualTo("the bundled Salesforce emulator's demo org");
            });
        }
    }

    @Test
    void a_database_of_another_org_refuses_the_emulator_and_receives_nothing() throws Exception {
        Path configFile = writeConfig(Path.of("mappings").toAbsolutePath());
        SfsyncSettings settings = new SfsyncSettings(TestApp.config(dir.resolve("data")));
        String realOrg = "00D5g000004ABCDEA2";
        try (Database db = Database.open(settings)) {
            new OrgIdentityStore(db.dataSource()).recordIfAbsent(realOrg, "the org of https://login.salesforce.com as sync@acme.com");
        }

        Cli.Result run = cli("run", "--once", "--config", configFile.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("holds the records of Salesforce org " + realOrg
                        + " (the org of https://login.salesforce.com as sync@acme.com, since ")
                .contains("but sfsync is configured for org " + EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0)).orgId()
                        + " (the bundled Salesforce emulator's demo org)")
                .contains("use another sfsync.data-dir (embedded database) or sfsync.db.url")
                .doesNotContain("\tat ");
        try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM person")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
            assertThat(new OrgIdentityStore(db.dataSource()).recorded()).hasValueSatisfying(o -> assertThat(o.orgId()).isEqualTo(realOrg));
        }
    }

    @Test
    void status_refuses_a_limit_the_admin_api_would_refuse() throws Exception {
        Cli.Result r = cli("status", "--limit", "0", "--config", writeConfig(Path.of("mappings").toAbsolutePath()).toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--limit must be a whole number between 1 and 10000, got '0'");
    }

    @Test
    void help_lists_the_commands() {
        Cli.Result r = cli("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("run").contains("status").contains("emulator").contains("--config");
    }

    private Path copyMappings() throws Exception {
        Path mappings = dir.resolve("mappings");
        Files.createDirectories(mappings);
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                Files.copy(f, mappings.resolve(f.getFileName().toString()));
            }
        }
        return mappings;
    }

    private Path writeConfig(Path mappings) throws Exception {
        Path file = dir.resolve("test.properties");
        Files.writeString(file, String.join("\n",
                "sfsync.data-dir=" + dir.resolve("data"),
                "sfsync.mappings-dir=" + mappings,
                "camel.server.port=" + TestApp.freePort()) + "\n");
        return file;
    }

    private static Cli.Result cli(String... args) {
        return Cli.run(args);
    }
}
