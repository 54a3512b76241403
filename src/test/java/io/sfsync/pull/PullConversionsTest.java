package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.ConvertOptions;
import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull Conversions end to end: a Lead converted in the emulator becomes one Contact person locally. */
class PullConversionsTest {

    @TempDir
    Path data;

    @Test
    void a_converted_lead_becomes_its_contact_keeping_its_local_id_and_linked_to_account_and_opportunity()
            throws Exception {
        // Lead before Contact: the conversion is seen before the new Contact is pulled.
        try (TestApp t = start("Lead,Contact")) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(3).get("Id");
            String localId = localIdOfLead(t, leadId);
            t.org().clock().advance(Duration.ofMinutes(1));
            ConvertOptions.Result converted = t.org().convertLead(leadId, ConvertOptions.defaults());

            String cycle = t.cycle();

            StepRow step = step(t, cycle, "Lead", PullConversions.OPERATION);
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.updated()).isEqualTo(1);
            assertThat(step(t, cycle, "Contact", "Pull Updates").created()).isZero();
            Map<String, Object> person = t.rows("SELECT * FROM person WHERE sfdc_contact_id = ?", converted.contactId()).get(0);
            assertThat(person).containsEntry("id", localId).containsEntry("person_type", "Contact")
                    .containsEntry("sfdc_lead_id", leadId)
                    .containsEntry("sfdc_converted_account_id", converted.accountId())
                    .containsEntry("sfdc_converted_opportunity_id", converted.opportunityId())
                    .containsEntry("sfdc_account_id", converted.accountId());
            assertThat(person.get("converted_at")).isNotNull();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? OR sfdc_contact_id = ?",
                    leadId, converted.contactId())).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(15);

            // A system-only change brings the converted Lead back: it is not converted again.
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().touchSystemOnly("Lead", leadId);
            String next = t.cycle();
            StepRow again = step(t, next, "Lead", PullConversions.OPERATION);
            assertThat(again.updated()).isZero();
            assertThat(again.skipped()).isEqualTo(1);
            assertThat(t.rows("SELECT id, person_type FROM person WHERE sfdc_lead_id = ?", leadId))
                    .containsExactly(Map.of("id", localId, "person_type", "Contact"));
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(15);
        }
    }

    @Test
    void a_contact_pulled_before_its_conversion_is_seen_is_merged_into_the_lead_row() throws Exception {
        // Contact before Lead: the new Contact is pulled as a person of its own first.
        try (TestApp t = start("Contact,Lead")) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(6).get("Id");
            String localId = localIdOfLead(t, leadId);
            t.org().clock().advance(Duration.ofMinutes(1));
            ConvertOptions.Result converted = t.org().convertLead(leadId, ConvertOptions.defaults().withoutOpportunity());
            t.org().update("Contact", converted.contactId(), Map.of("Title", "Head of Demand", "Department", "Growth"));

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Contact", "Pull Updates").created()).isEqualTo(1);
            StepRow step = step(t, cycle, "Lead", PullConversions.OPERATION);
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.updated()).isEqualTo(1);
            assertThat(step.message()).contains("1 converted Lead(s) merged");
            List<Map<String, Object>> rows = t.rows("SELECT id, person_type, sfdc_lead_id, title, department, "
                    + "sfdc_converted_account_id, sfdc_converted_opportunity_id FROM person WHERE sfdc_lead_id = ? "
                    + "OR sfdc_contact_id = ?", leadId, converted.contactId());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("id", localId).containsEntry("person_type", "Contact")
                    .containsEntry("title", "Head of Demand").containsEntry("department", "Growth")
                    .containsEntry("sfdc_converted_account_id", converted.accountId())
                    .containsEntry("sfdc_converted_opportunity_id", null);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(15);

            // Later changes to the Contact land on the kept row.
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Contact", converted.contactId(), Map.of("Title", "VP Demand"));
            t.cycle();
            assertThat(t.rows("SELECT id, title FROM person WHERE sfdc_contact_id = ?", converted.contactId()))
                    .containsExactly(Map.of("id", localId, "title", "VP Demand"));
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(15);
        }
    }

    @Test
    void a_lead_converted_before_it_was_ever_pulled_gives_its_id_to_the_contact_row() throws Exception {
        try (TestApp t = start("Contact,Lead")) {
            String leadId = (String) t.org().all("Lead").get(2).get("Id");
            ConvertOptions.Result converted = t.org().convertLead(leadId, ConvertOptions.defaults().withoutOpportunity());

            t.cycle();

            assertThat(t.rows("SELECT person_type, sfdc_lead_id FROM person WHERE sfdc_contact_id = ?", converted.contactId()))
                    .containsExactly(Map.of("person_type", "Contact", "sfdc_lead_id", leadId));
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", leadId)).isEqualTo(1);
        }
    }

    @Test
    void a_task_on_the_merged_contact_is_linked_to_the_kept_lead_row() throws Exception {
        try (TestApp t = start("Contact,Task,Lead")) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(3).get("Id");
            String localId = localIdOfLead(t, leadId);
            t.org().clock().advance(Duration.ofMinutes(1));
            ConvertOptions.Result converted = t.org().convertLead(leadId, ConvertOptions.defaults().withoutOpportunity());
            String taskId = (String) t.org().create("Task", Map.of("Subject", "Call back", "WhoId", converted.contactId(),
                    "Status", "Not Started", "Priority", "Normal")).get("Id");

            t.cycle();

            assertThat(t.rows("SELECT person_id FROM task WHERE sfdc_id = ?", taskId))
                    .containsExactly(Map.of("person_id", localId));
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_contact_id = ?", converted.contactId())).isEqualTo(1);
        }
    }

    @Test
    void deleting_a_converted_lead_keeps_the_person_it_became() throws Exception {
        try (TestApp t = start("Lead,Contact")) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(1).get("Id");
            t.org().clock().advance(Duration.ofMinutes(1));
            ConvertOptions.Result converted = t.org().convertLead(leadId, ConvertOptions.defaults());
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            t.org().delete("Lead", leadId);
            t.org().clock().advance(Duration.ofMinutes(2));

            String cycle = t.cycle();

            StepRow deletes = step(t, cycle, "Lead", PullDeletes.OPERATION);
            assertThat(deletes.deleted()).isZero();
            assertThat(deletes.skipped()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_contact_id = ? AND sfdc_lead_id = ? "
                    + "AND person_type = 'Contact' AND sf_deleted_at IS NULL", converted.contactId(), leadId)).isEqualTo(1);
        }
    }

    @Test
    void a_deleted_contact_stays_deleted_when_the_lead_it_came_from_is_pulled_again() throws Exception {
        // a lead mapping that also pulls converted Leads (the bundled one filters them out)
        Path mappings = data.resolve("mappings");
        Files.createDirectories(mappings);
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path file : files.toList()) {
                String yaml = Files.readString(file);
                Files.writeString(mappings.resolve(file.getFileName()), yaml.replace("soql-where: \"IsConverted = false\"", ""));
            }
        }
        assertThat(Files.readString(mappings.resolve("lead.yaml"))).doesNotContain("IsConverted = false");
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead,Contact",
                "sfsync.mappings-dir", mappings.toString(),
                "sfsync.salesforce.emulator.seed-leads", "10", "sfsync.salesforce.emulator.seed-contacts", "5"))) {
            t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                    .useClock(new OrgClock(t.org().clock()));
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(2).get("Id");
            t.org().clock().advance(Duration.ofMinutes(1));
            ConvertOptions.Result converted = t.org().convertLead(leadId, ConvertOptions.defaults());
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            t.org().delete("Contact", converted.contactId());
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? AND sf_deleted_at IS NOT NULL",
                    leadId)).isEqualTo(1);

            // a system change re-sends the converted (live) Lead: the person it became stays deleted
            t.org().touchSystemOnly("Lead", leadId);
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? AND person_type = 'Contact' "
                    + "AND sf_deleted_at IS NOT NULL", leadId)).isEqualTo(1);
        }
    }

    private TestApp start(String objects) throws Exception {
        TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", objects,
                "sfsync.salesforce.emulator.seed-leads", "10",
                "sfsync.salesforce.emulator.seed-contacts", "5"));
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                .useClock(new OrgClock(t.org().clock()));
        return t;
    }

    private static String localIdOfLead(TestApp t, String leadId) throws Exception {
        return (String) t.rows("SELECT id FROM person WHERE sfdc_lead_id = ?", leadId).get(0).get("id");
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation))
                .findFirst().orElseThrow();
    }
}
