package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.Access;
import io.sfsync.status.StepRow;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync Schema: describe metadata stored per object; formula fields recognised (S6). */
class SyncSchemaTest {

    @TempDir
    Path dir;

    @Test
    void the_describe_is_stored_and_a_formula_change_alone_does_not_count_as_a_change() throws Exception {
        Path mappings = dir.resolve("mappings");
        Files.createDirectories(mappings);
        // Lead.Name is a formula (FirstName + LastName); FirstName itself is not mapped.
        Files.writeString(mappings.resolve("lead.yaml"), """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                type-column: person_type
                fields:
                  - { sf: LastName, column: last_name }
                  - { sf: Company,  column: company }
                  - { sf: Name,     column: title, direction: pull }
                """);
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("data"), "sfsync.mappings-dir", mappings.toString(),
                "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "0",
                "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            String id = (String) t.org().create("Lead", Map.of("FirstName", "Ada", "LastName", "Lovelace",
                    "Company", "Analytical Engines")).get("Id");
            String first = t.cycle();

            StepRow schema = step(t, first, "Sync Schema");
            assertThat(schema.status()).isEqualTo("Completed");
            assertThat(schema.created()).isGreaterThan(20);
            assertThat(t.rows("SELECT calculated, createable, updateable FROM sf_field WHERE object_name = 'Lead' "
                    + "AND field_name = 'Name'").get(0)).containsEntry("calculated", "TRUE").containsEntry("createable", "FALSE");
            assertThat(t.count("SELECT COUNT(*) FROM sf_field WHERE object_name = 'Lead'")).isEqualTo(schema.created());
            assertThat(t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", id).get(0)).containsEntry("title", "Ada Lovelace");

            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", id, Map.of("FirstName", "Augusta"));
            String second = t.cycle();
            assertThat(step(t, second, "Sync Schema")).satisfies(s -> {
                assertThat(s.created()).isZero();
                assertThat(s.updated()).isZero();
                assertThat(s.deleted()).isZero();
            });
            StepRow pull = step(t, second, "Pull Updates");
            assertThat(pull.skipped()).isEqualTo(1);
            assertThat(pull.updated()).isZero();

            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", id, Map.of("LastName", "King"));
            String third = t.cycle();
            assertThat(step(t, third, "Pull Updates").updated()).isEqualTo(1);
            assertThat(t.rows("SELECT last_name, title FROM person WHERE sfdc_lead_id = ?", id).get(0))
                    .containsEntry("last_name", "King").containsEntry("title", "Augusta King");
        }
    }

    @Test
    void a_failed_describe_fails_its_step_skips_the_objects_later_steps_and_the_cycle_goes_on() throws Exception {
        // a schema check every cycle: the first cycle stores the start-up check's describe, the second asks again
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("data"), "sfsync.objects", "Lead,Contact",
                "sfsync.schema.check-interval-seconds", "0"))) {
            t.cycle();
            // Lead's describe read ahead by the cycle (a subrequest of its composite request), then the step's own
            // call and every retry fail.
            t.org().failNext(1 + 1 + 3, "/sobjects/Lead/describe", 503, "SERVER_UNAVAILABLE", "Service unavailable");

            String cycle = t.cycle();

            assertThat(t.app().stepLog().cycle(cycle)).extracting(s -> s.object() + " " + s.operation() + " " + s.status())
                    .contains("Lead Sync Schema Failed", "Contact Sync Schema Completed", "Contact Pull Updates Completed")
                    .noneMatch(s -> s.startsWith("Lead Pull"));

            String next = t.cycle();
            assertThat(t.app().stepLog().cycle(next)).extracting(s -> s.object() + " " + s.operation() + " " + s.status())
                    .contains("Lead Sync Schema Completed", "Lead Pull Updates Completed");
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE person_type = 'Lead'")).isEqualTo(300);
        }
    }

    @Test
    void a_field_made_unreadable_is_reported_and_the_object_keeps_syncing_its_other_fields() throws Exception {
        // a schema check every cycle: the cycle after the change notices it before its pull
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("data"), "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "5", "sfsync.salesforce.emulator.seed-contacts", "0",
                "sfsync.schema.check-interval-seconds", "0"))) {
            t.cycle();
            String id = (String) t.org().all("Lead").get(0).get("Id");
            String titleBefore = (String) t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", id).get(0).get("title");

            t.org().setFieldAccess("Lead", "Title", Access.HIDDEN);
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", id, Map.of("Email", "still.syncing@example.org"));
            String cycle = t.cycle();

            StepRow schema = step(t, cycle, "Sync Schema");
            assertThat(schema.status()).isEqualTo("Completed");
            assertThat(schema.deleted()).isEqualTo(1);
            assertThat(schema.message()).contains("Title").contains("no longer readable");
            StepRow pull = step(t, cycle, "Pull Updates");
            assertThat(pull.status()).isEqualTo("Completed");
            assertThat(pull.updated()).isEqualTo(1);
            assertThat(t.rows("SELECT email, title FROM person WHERE sfdc_lead_id = ?", id).get(0))
                    .containsEntry("email", "still.syncing@example.org").containsEntry("title", titleBefore);

            String next = t.cycle();
            assertThat(step(t, next, "Pull Updates").status()).isEqualTo("Completed");

            // Readable again: the schema step sees the field come back and the pull reads it again.
            t.org().setFieldAccess("Lead", "Title", Access.READ_WRITE);
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", id, Map.of("Title", "Chief Revenue Officer"));
            String back = t.cycle();
            assertThat(step(t, back, "Sync Schema").created()).isEqualTo(1);
            assertThat(step(t, back, "Sync Schema").message()).isNull();
            assertThat(t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", id).get(0))
                    .containsEntry("title", "Chief Revenue Officer");
        }
    }

    @Test
    void records_flagged_by_the_sync_filter_are_not_synced() throws Exception {
        Path mappings = dir.resolve("filtered");
        Files.createDirectories(mappings);
        Files.writeString(mappings.resolve("lead.yaml"), """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                type-column: person_type
                skip-when: { field: Do_Not_Sync__c, equals: true }
                fields:
                  - { sf: LastName, column: last_name }
                  - { sf: Email,    column: email }
                """);
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("data"), "sfsync.mappings-dir", mappings.toString(),
                "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "0",
                "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            String synced = (String) t.org().create("Lead", Map.of("LastName", "Synced", "Company", "A")).get("Id");
            String private1 = (String) t.org().create("Lead", Map.of("LastName", "Private", "Company", "B",
                    "Do_Not_Sync__c", true)).get("Id");
            String cycle = t.cycle();

            StepRow pull = step(t, cycle, "Pull Updates");
            assertThat(pull.created()).isEqualTo(1);
            assertThat(pull.skipped()).isEqualTo(1);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person")).extracting(r -> r.get("sfdc_lead_id")).containsExactly(synced);

            // A flagged record's later changes stay out too.
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", private1, Map.of("Email", "private@example.org"));
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", private1)).isZero();
        }
    }

    private static StepRow step(TestApp t, String cycle, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
