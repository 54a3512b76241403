package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.status.StepRow;
import io.sfsync.testing.Compare;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull Updates end to end: emulator → camel-salesforce → mapping → HSQLDB → sync-status log. */
class PullUpdatesTest {

    @TempDir
    Path data;

    @Test
    void first_cycle_pulls_every_lead_and_contact_field_by_field() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data))) {
            String cycle = t.cycle();

            assertPersonsMatch(t, "Lead", "sfdc_lead_id", Path.of("mappings/lead.yaml"));
            assertPersonsMatch(t, "Contact", "sfdc_contact_id", Path.of("mappings/contact.yaml"));
            List<StepRow> steps = t.app().stepLog().cycle(cycle);
            assertThat(steps).filteredOn(s -> s.object().equals("Lead") || s.object().equals("Contact"))
                    .extracting(StepRow::object, StepRow::operation, StepRow::status)
                    .containsExactly(
                            tuple("Contact", "Sync Schema", "Completed"), tuple("Contact", "Pull Updates", "Completed"),
                            tuple("Contact", "Pull Deletes", "Completed"), tuple("Contact", "Push New", "Completed"),
                            tuple("Contact", "Push Updates", "Completed"),
                            tuple("Lead", "Sync Schema", "Completed"), tuple("Lead", "Pull Updates", "Completed"),
                            tuple("Lead", "Pull Deletes", "Completed"), tuple("Lead", "Pull Conversions", "Completed"),
                            tuple("Lead", "Push New", "Completed"), tuple("Lead", "Push Updates", "Completed"),
                            tuple("Contact", "Update FKs", "Completed"));
            assertThat(steps).allSatisfy(s -> assertThat(s.status()).isEqualTo("Completed"));
            assertThat(step(t, cycle, "Lead").created()).isEqualTo(t.org().count("Lead"));
            assertThat(step(t, cycle, "Contact").created()).isEqualTo(t.org().count("Contact"));
        }
    }

    @Test
    void next_cycle_updates_only_the_changed_records_and_skips_the_rest() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data))) {
            t.cycle();
            List<Map<String, Object>> leads = t.org().all("Lead");
            t.org().clock().advance(Duration.ofSeconds(5));
            t.org().update("Lead", id(leads.get(0)), Map.of("Email", "first.changed@example.org"));
            t.org().update("Lead", id(leads.get(1)), Map.of("City", "Uppsala", "Title", "CMO"));
            t.org().update("Lead", id(leads.get(2)), Map.of("NumberOfEmployees", 4242));
            // Description is not mapped: the record comes back (SystemModstamp moved) but is skipped.
            t.org().update("Lead", id(leads.get(3)), Map.of("Description", "only an unmapped field changed"));
            t.org().touchSystemOnly("Lead", id(leads.get(4)));

            String cycle = t.cycle();

            StepRow lead = step(t, cycle, "Lead");
            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.updated()).isEqualTo(3);
            assertThat(lead.created()).isZero();
            assertThat(lead.skipped()).isEqualTo(2);
            assertThat(t.rows("SELECT email FROM person WHERE sfdc_lead_id = ?", id(leads.get(0))).get(0).get("email"))
                    .isEqualTo("first.changed@example.org");
            assertThat(t.rows("SELECT city, title FROM person WHERE sfdc_lead_id = ?", id(leads.get(1))).get(0))
                    .containsEntry("city", "Uppsala").containsEntry("title", "CMO");
            assertThat(t.rows("SELECT number_of_employees FROM person WHERE sfdc_lead_id = ?", id(leads.get(2))).get(0)
                    .get("number_of_employees")).isEqualTo("4242");
            assertPersonsMatch(t, "Lead", "sfdc_lead_id", Path.of("mappings/lead.yaml"));
            StepRow contact = step(t, cycle, "Contact");
            assertThat(contact.created() + contact.updated() + contact.skipped()).isZero();
        }
    }

    private static long subrequests(EmulatorServer org) {
        return org.org().subrequestsByEndpoint().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void pulls_4500_leads_over_three_pages_without_duplicates() throws Exception {
        // REST pages only (no Bulk API job for this first pull).
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead", "sfsync.pull.bulk-threshold", "0",
                "sfsync.salesforce.emulator.seed-leads", "4500",
                "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            long callsBefore = t.org().apiCallsUsed();
            String cycle = t.cycle();

            assertThat(t.count("SELECT COUNT(*) FROM person WHERE person_type = 'Lead'")).isEqualTo(4500);
            assertThat(t.count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(4500);
            assertThat(step(t, cycle, "Lead").created()).isEqualTo(4500);
            // the first page (read ahead in the cycle's composite request) + 2 queryMore: pages of 2,000 (Sync Schema
            // stores the start-up check's describe; a first Pull Deletes calls nothing; Pull Conversions needs Contact
            // synced too).
            assertThat(t.org().apiCallsUsed() - callsBefore).isEqualTo(3);
            assertThat(t.org().apiCallsByEndpoint()).containsEntry("composite", 1L).containsEntry("queryMore", 2L);
        }
    }

    @Test
    void a_restart_does_not_pull_again() throws Exception {
        // One org outlives two runs of sfsync: a stand-alone emulator, reached as a real org is.
        try (EmulatorServer org = EmulatorServer.start(EmulatorConfig.defaults().withSeed(120, 80))) {
            Properties config = TestApp.config(data,
                    "sfsync.salesforce.mode", "org",
                    "sfsync.salesforce.login-url", org.baseUrl(),
                    "sfsync.salesforce.client-id", EmulatorConfig.DEFAULT_CLIENT_ID,
                    "sfsync.salesforce.client-secret", EmulatorConfig.DEFAULT_CLIENT_SECRET,
                    "sfsync.salesforce.username", EmulatorConfig.DEFAULT_USERNAME,
                    "sfsync.salesforce.password", EmulatorConfig.DEFAULT_PASSWORD);
            try (TestApp t = TestApp.start(config)) {
                String first = t.cycle();
                assertThat(step(t, first, "Lead").created()).isEqualTo(120);
                assertThat(step(t, first, "Contact").created()).isEqualTo(80);
            }
            try (TestApp t = TestApp.start(config)) {
                // Task's first Pull Deletes read the delete log up to its current minute (first-pull-window-hours): two
                // minutes later, every object's delete log has a minute to answer for
                t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                        .useClock(new OrgClock(org.org().clock()));
                org.org().clock().advance(Duration.ofMinutes(2));
                long callsBefore = org.org().apiCallsUsed();
                long subrequestsBefore = subrequests(org);
                String cycle = t.cycle();
                for (String object : t.app().settings().objects()) {
                    StepRow s = step(t, cycle, object);
                    assertThat(s.status()).isEqualTo("Completed");
                    assertThat(s.created() + s.updated() + s.skipped()).as(object).isZero();
                }
                // Per object one query (a COUNT() for objects never pulled, as they have no watermark yet) and one
                // delete log call, each answering "nothing new"; one query for converted Leads: all read ahead in
                // composite requests of at most 5 queries each, so 3 API calls. No describe: Sync Schema stores the one
                // this process's start-up check read.
                assertThat(subrequests(org) - subrequestsBefore).isEqualTo(2L * t.app().settings().objects().size() + 1);
                assertThat(org.org().apiCallsUsed() - callsBefore).isEqualTo(3);
                assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(200);
            }
        }
    }

    @Test
    void records_sharing_a_system_modstamp_across_a_page_boundary_and_a_watermark_are_all_pulled() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.salesforce.emulator.seed-leads", "0",
                "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            // 2,001 leads share one SystemModstamp: the page boundary (2,000) falls inside the tie.
            t.org().clock().freeze(Instant.parse("2026-11-20T10:00:00.123Z"));
            for (int i = 0; i < 2001; i++) {
                t.org().create("Lead", Map.of("LastName", "Tie" + i, "Company", "Same Instant AB"));
            }
            // The queryMore for the second page (cursor offset 2000) fails, and so do its 3 retries: the step
            // fails with page 1 committed.
            t.org().failNext(4, "-2000", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
            String first = t.cycle();
            assertThat(step(t, first, "Lead").status()).isEqualTo("Failed");
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(2000);

            // Two more records arrive in the same millisecond as the watermark.
            t.org().create("Lead", Map.of("LastName", "Late1", "Company", "Same Instant AB"));
            t.org().create("Lead", Map.of("LastName", "Late2", "Company", "Same Instant AB"));
            String second = t.cycle();

            assertThat(step(t, second, "Lead").status()).isEqualTo("Completed");
            assertThat(step(t, second, "Lead").created()).isEqualTo(3);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(2003);
            assertThat(t.count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(2003);
        }
    }

    @Test
    void the_status_log_records_each_step_with_its_counts() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.salesforce.emulator.seed-leads", "40",
                "sfsync.salesforce.emulator.seed-contacts", "25"))) {
            String first = t.cycle();
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().create("Contact", Map.of("LastName", "Newcomer"));
            t.org().update("Contact", id(t.org().all("Contact").get(0)), Map.of("Title", "Head of Growth"));
            String second = t.cycle();

            List<Map<String, Object>> rows = t.rows("SELECT object_name, operation, status, count_new, count_updated, "
                    + "count_deleted, count_failed, count_skipped, started_at, finished_at FROM sync_step "
                    + "WHERE cycle_id = ? AND operation = 'Pull Updates' AND object_name IN ('Lead', 'Contact') ORDER BY id",
                    second);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1)).containsEntry("object_name", "Lead").containsEntry("operation", "Pull Updates")
                    .containsEntry("status", "Completed").containsEntry("count_new", "0").containsEntry("count_updated", "0");
            assertThat(rows.get(0)).containsEntry("object_name", "Contact").containsEntry("status", "Completed")
                    .containsEntry("count_new", "1").containsEntry("count_updated", "1").containsEntry("count_deleted", "0")
                    .containsEntry("count_failed", "0").containsEntry("count_skipped", "0");
            for (Map<String, Object> r : rows) {
                assertThat(r.get("started_at")).isNotNull();
                assertThat(r.get("finished_at")).isNotNull();
            }
            assertThat(step(t, first, "Lead").created()).isEqualTo(40);
            assertThat(step(t, first, "Contact").created()).isEqualTo(25);
            assertThat(t.app().stepLog().cycle(second)).filteredOn(r -> r.operation().equals("Sync Schema"))
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo("Completed"))
                    .allSatisfy(r -> assertThat(r.created() + r.updated() + r.deleted()).isZero());
        }
    }

    @Test
    void a_failing_object_is_recorded_as_failed_and_the_cycle_goes_on() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead,User",
                "sfsync.salesforce.emulator.seed-leads", "10",
                "sfsync.salesforce.emulator.seed-contacts", "10"))) {
            // The cycle reads Lead's and User's first queries ahead (their COUNT(): two subrequests of one composite
            // request); both fail, so each step asks again itself: Lead's query and its 3 retries fail, then User's
            // succeeds.
            t.org().failNext(2 + 1 + 3, "/query", 400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record");
            String cycle = t.cycle();

            StepRow lead = step(t, cycle, "Lead");
            assertThat(lead.status()).isEqualTo("Failed");
            assertThat(lead.message()).contains("UNABLE_TO_LOCK_ROW");
            assertThat(lead.finishedAt()).isNotNull();
            assertThat(step(t, cycle, "User").status()).isEqualTo("Completed");
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE person_type = 'Lead'")).isZero();

            String next = t.cycle();
            assertThat(step(t, next, "Lead").created()).isEqualTo(10);
        }
    }

    @Test
    void an_incremental_step_that_fails_midway_is_rolled_back_with_its_watermark() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.salesforce.emulator.seed-leads", "2100",
                "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            t.cycle();
            String watermarkBefore = watermark(t, "Lead");
            t.org().clock().advance(Duration.ofSeconds(10));
            for (Map<String, Object> lead : t.org().all("Lead")) {
                t.org().update("Lead", id(lead), Map.of("Title", "Changed " + id(lead)));
            }
            // Page 1 (2,000 changes) is applied, then reading page 2 fails, with its 3 retries.
            t.org().failNext(4, "-2000", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
            String failed = t.cycle();

            StepRow rolledBack = step(t, failed, "Lead");
            assertThat(rolledBack.status()).isEqualTo("Rolled back");
            assertThat(rolledBack.message()).contains("SERVER_UNAVAILABLE").contains("2000 updated");
            assertThat(rolledBack.updated()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE title LIKE 'Changed %'")).isZero();
            assertThat(watermark(t, "Lead")).isEqualTo(watermarkBefore);

            String next = t.cycle();
            assertThat(step(t, next, "Lead").status()).isEqualTo("Completed");
            assertThat(step(t, next, "Lead").updated()).isEqualTo(2100);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE title LIKE 'Changed %'")).isEqualTo(2100);
        }
    }

    @Test
    void a_record_that_cannot_be_stored_goes_to_the_dead_letter_store_and_the_step_goes_on() throws Exception {
        // A mapping whose column is narrower than the Salesforce field: Company (255) into state (80).
        Path mappings = data.resolve("mappings");
        Files.createDirectories(mappings);
        Files.writeString(mappings.resolve("lead.yaml"), """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                type-column: person_type
                fields:
                  - { sf: LastName, column: last_name }
                  - { sf: Company,  column: state }
                  - { sf: AnnualRevenue, column: number_of_employees }
                """);
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"),
                "sfsync.mappings-dir", mappings.toString(), "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "0", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            for (int i = 0; i < 5; i++) {
                t.org().create("Lead", Map.of("LastName", "Fine" + i, "Company", "Acme " + i));
            }
            String tooLong = "A company name far longer than the eighty characters the local state column can hold, truly";
            String longId = (String) t.org().create("Lead", Map.of("LastName", "TooLong", "Company", tooLong)).get("Id");
            // A currency amount beyond what the INTEGER column holds.
            String bigId = (String) t.org().create("Lead", Map.of("LastName", "Big", "Company", "Acme",
                    "AnnualRevenue", 12_345_678_901_234L)).get("Id");

            String cycle = t.cycle();

            StepRow s = step(t, cycle, "Lead");
            assertThat(s.status()).isEqualTo("Completed");
            assertThat(s.created()).isEqualTo(5);
            assertThat(s.failed()).isEqualTo(2);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(5);
            List<Map<String, Object>> letters = t.rows("SELECT object_name, operation, record_id, error_code, error_message, "
                    + "payload, status, cycle_id FROM dead_letter ORDER BY record_id");
            assertThat(letters).hasSize(2);
            Map<String, Object> longLetter = letters.stream().filter(l -> longId.equals(l.get("record_id"))).findFirst().orElseThrow();
            assertThat(longLetter).containsEntry("object_name", "Lead").containsEntry("operation", "Pull Updates")
                    .containsEntry("error_code", "LOCAL_VALUE_REJECTED").containsEntry("status", "New")
                    .containsEntry("cycle_id", cycle);
            assertThat((String) longLetter.get("payload")).contains(tooLong).contains("\"Id\":\"" + longId + "\"");
            Map<String, Object> bigLetter = letters.stream().filter(l -> bigId.equals(l.get("record_id"))).findFirst().orElseThrow();
            assertThat(bigLetter).containsEntry("error_code", "INVALID_VALUE");
            assertThat((String) bigLetter.get("error_message")).contains("number_of_employees");

            // What docs/operations.md promises: once the schema is fixed, the record is pulled at its next change.
            try (var c = t.app().dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("ALTER TABLE person ALTER COLUMN state SET DATA TYPE VARCHAR(255)");
            }
            t.org().update("Lead", longId, Map.of("LastName", "TooLong again"));
            String after = t.cycle();
            assertThat(step(t, after, "Lead").created()).isEqualTo(1);
            assertThat(t.rows("SELECT state FROM person WHERE sfdc_lead_id = ?", longId))
                    .containsExactly(Map.of("state", tooLong));
        }
    }

    @Test
    void an_expired_session_is_renewed_and_the_cycle_pulls_every_change() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "2500", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            t.cycle();
            t.org().clock().advance(Duration.ofMinutes(1));
            for (Map<String, Object> lead : t.org().all("Lead")) {
                t.org().update("Lead", id(lead), Map.of("Title", "Renewed " + id(lead)));
            }
            // Salesforce ends idle sessions (2 hours by default): the next call answers 401 INVALID_SESSION_ID.
            t.org().expireSessions();

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Lead").status()).isEqualTo("Completed");
            assertThat(step(t, cycle, "Lead").updated()).isEqualTo(2500);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE title LIKE 'Renewed %'")).isEqualTo(2500);
        }
    }

    @Test
    void the_api_budget_guard_stops_a_step_as_incomplete_and_the_next_cycle_finishes_it() throws Exception {
        // 6,500 leads are four pages; the start-up describe (which the cycle's Sync Schema reuses) + 3 pages reach
        // 4 of 8 daily calls (share 0.5): the guard stops the step.
        try (TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.objects", "Lead", "sfsync.pull.bulk-threshold", "0",
                "sfsync.salesforce.emulator.seed-leads", "6500",
                "sfsync.salesforce.emulator.seed-contacts", "0",
                "sfsync.salesforce.emulator.daily-api-limit", "8",
                "sfsync.salesforce.budget.max-share", "0.5"))) {
            String first = t.cycle();
            StepRow stopped = step(t, first, "Lead");
            assertThat(stopped.status()).isEqualTo("Incomplete");
            assertThat(stopped.message()).contains("api-usage=4/8");
            assertThat(stopped.created()).isEqualTo(6000);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(6000);

            String second = t.cycle();
            assertThat(step(t, second, "Lead").status()).isEqualTo("Completed");
            assertThat(step(t, second, "Lead").created()).isEqualTo(500);
            assertThat(t.count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(6500);
        }
    }

    private static String watermark(TestApp t, String object) throws Exception {
        Map<String, Object> row = t.rows("SELECT system_modstamp, last_id FROM sync_watermark WHERE object_name = ?", object).get(0);
        return row.get("system_modstamp") + "/" + row.get("last_id");
    }

    private static StepRow step(TestApp t, String cycle, String object) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals("Pull Updates")).findFirst().orElseThrow();
    }

    private static String id(Map<String, Object> record) {
        return (String) record.get("Id");
    }

    /** Every (unconverted) record of the object has one person row, equal field by field. */
    private static void assertPersonsMatch(TestApp t, String object, String idColumn, Path mappingFile) throws Exception {
        ObjectMapping mapping = MappingLoader.load(mappingFile);
        List<Map<String, Object>> records = new ArrayList<>(t.org().all(object));
        assertThat(records).isNotEmpty();
        Map<String, Map<String, Object>> rows = new HashMap<>();
        for (Map<String, Object> row : t.rows("SELECT * FROM person WHERE person_type = ?", object)) {
            rows.put((String) row.get(idColumn), row);
        }
        assertThat(rows).hasSize(records.size());
        for (Map<String, Object> rec : records) {
            Map<String, Object> row = rows.get(id(rec));
            assertThat(row).as("person row for %s %s", object, id(rec)).isNotNull();
            for (FieldMapping f : mapping.pulledFields()) {
                // a Salesforce value the field's pull-values lists arrives as its local value (California -> CA)
                Object expected = rec.get(f.sf()) instanceof String s ? f.pullValues().getOrDefault(s, s) : rec.get(f.sf());
                assertThat(Compare.sameValue(expected, (String) row.get(f.column())))
                        .as("%s %s field %s: Salesforce %s, local %s", object, id(rec), f.sf(), rec.get(f.sf()), row.get(f.column()))
                        .isTrue();
            }
        }
    }
}
