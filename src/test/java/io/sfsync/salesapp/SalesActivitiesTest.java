package io.sfsync.salesapp;

import static io.sfsync.salesapp.SalesFeedTest.personOf;
import static io.sfsync.salesapp.SalesFeedTest.row;
import static io.sfsync.salesapp.SalesFeedTest.sales;
import static io.sfsync.salesapp.SalesFeedTest.salesExecute;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.salesapp.SalesFeedTest.Db;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sales activities (issue #15, A3) with the real application, the emulator and both databases of one vendor: rows
 * the sales app writes into sales_activity become activities of their persons, the types of
 * sfsync.sales-app.task-activity-types (default: Send Sales Email, Received Sales Call) become Salesforce Tasks of the
 * person's Lead or Contact through the Task push, once, and nothing comes back from Salesforce as a change.
 */
class SalesActivitiesTest {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_act_");
    @RegisterExtension
    final PostgresSchema salesPostgres = new PostgresSchema("sfsync_salesact_");

    @TempDir
    Path data;

    private TestApp start(Db db) throws Exception {
        return TestApp.start(SalesFeedTest.config(db, data, postgres, salesPostgres, "sfsync.objects", "Lead,Contact,Task",
                "sfsync.salesforce.emulator.seed-leads", "3", "sfsync.salesforce.emulator.seed-contacts", "2"));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void activities_are_recorded_and_the_configured_types_become_tasks_of_the_lead_or_contact_once(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            String leadId = (String) t.org().all("Lead").get(0).get("Id");
            String contactId = (String) t.org().all("Contact").get(0).get("Id");
            long lead = Long.parseLong(personOf(t, leadId));
            long contact = Long.parseLong(personOf(t, contactId));
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 30, 15, 0, 0, 0, ZoneOffset.UTC);
            activity(t, lead, "Send Sales Email", at, "Q4 offer", "Hello Ada, here is the offer");
            activity(t, lead, "Open Sales Email", at.plusHours(1), "Q4 offer", null);
            activity(t, contact, "Received Sales Call", at.plusHours(2), "Pricing question", "asked about volume prices");
            activity(t, contact, "Added to Sales Campaign", at.plusHours(3), "Nordics Q1", null);
            activity(t, lead, "Fax Sent", at, null, null);
            activity(t, 987_654_321L, "Send Sales Email", at, "To nobody", null);

            String cycle = t.cycle();

            assertThat(t.rows("SELECT person_id, activity_type, source, subject_ref, detail FROM person_activity "
                    + "ORDER BY occurred_at")).containsExactly(
                    row("person_id", lead, "activity_type", "Send Sales Email", "source", "sales-app", "subject_ref",
                            "Q4 offer", "detail", "Hello Ada, here is the offer"),
                    row("person_id", lead, "activity_type", "Open Sales Email", "source", "sales-app", "subject_ref",
                            "Q4 offer", "detail", null),
                    row("person_id", contact, "activity_type", "Received Sales Call", "source", "sales-app",
                            "subject_ref", "Pricing question", "detail", "asked about volume prices"),
                    row("person_id", contact, "activity_type", "Added to Sales Campaign", "source", "sales-app",
                            "subject_ref", "Nordics Q1", "detail", null));
            List<Map<String, Object>> tasks = t.org().all("Task");
            assertThat(tasks).hasSize(2);
            assertThat(tasks).filteredOn(r -> "Email: Q4 offer".equals(r.get("Subject"))).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("WhoId", leadId).containsEntry("Status", "Completed")
                            .containsEntry("Priority", "Normal").containsEntry("Description", "Hello Ada, here is the offer")
                            .hasEntrySatisfying("ActivityDate", d -> assertThat(String.valueOf(d)).isEqualTo("2026-11-30")));
            assertThat(tasks).filteredOn(r -> "Call: Pricing question".equals(r.get("Subject"))).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("WhoId", contactId).containsEntry("Status", "Completed")
                            .containsEntry("Description", "asked about volume prices"));

            StepRow step = SalesFeedTest.step(t, cycle, SalesActivities.OPERATION);
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.created()).isEqualTo(4);
            assertThat(step.failed()).isEqualTo(2);
            assertThat(step.message()).contains("4 recorded as activities; 2 as tasks for Salesforce")
                    .contains("activity_type 'Fax Sent' is not one of Send Sales Email, ")
                    .contains("person_id 987654321 is no person of sfsync's database");
            assertThat(sales(t, "SELECT COUNT(*) AS n FROM sales_activity WHERE taken_at IS NULL"))
                    .containsExactly(row("n", 0));
            assertThat(sales(t, "SELECT activity_type, refused FROM sales_activity WHERE refused IS NOT NULL ORDER BY id"))
                    .extracting(r -> r.get("activity_type")).containsExactly("Fax Sent", "Send Sales Email");

            // the next cycles: the Tasks come back unchanged from Salesforce and nothing is pushed, recorded or made again
            SalesFeedTest.tick(t);
            String again = t.cycle();
            SalesFeedTest.tick(t);
            String third = t.cycle();
            assertThat(t.org().all("Task")).hasSize(2);
            assertThat(t.count("SELECT COUNT(*) FROM person_activity")).isEqualTo(4);
            assertThat(t.count("SELECT COUNT(*) FROM task")).isEqualTo(2);
            for (String c : List.of(again, third)) {
                assertThat(taskStep(t, c, "Push New").created()).isZero();
                assertThat(taskStep(t, c, "Push Updates").updated()).isZero();
                assertThat(SalesFeedTest.step(t, c, SalesActivities.OPERATION).created()).isZero();
            }
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE table_name = 'task' AND status = 'Open'")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void with_no_task_types_configured_activities_are_only_recorded(Db db) throws Exception {
        try (TestApp t = TestApp.start(SalesFeedTest.config(db, data, postgres, salesPostgres, "sfsync.objects",
                "Lead,Contact,Task", "sfsync.salesforce.emulator.seed-leads", "2", "sfsync.salesforce.emulator.seed-contacts",
                "0", "sfsync.sales-app.task-activity-types", ""))) {
            t.cycle();
            long lead = Long.parseLong(personOf(t, (String) t.org().all("Lead").get(0).get("Id")));
            // as docs/operations.md shows it
            salesExecute(t, "INSERT INTO sales_activity (person_id, activity_type, occurred_at, subject, detail) "
                    + "VALUES (?, 'Send Sales Email', TIMESTAMP '2026-11-30 15:00:00+00:00', 'Q4 offer', 'Hello Ada, ...')",
                    lead);

            t.cycle();

            assertThat(t.count("SELECT COUNT(*) FROM person_activity WHERE activity_type = 'Send Sales Email'"))
                    .isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM task")).isZero();
            assertThat(t.org().all("Task")).isEmpty();
        }
    }

    private static void activity(TestApp t, long person, String type, OffsetDateTime at, String subject, String detail)
            throws SQLException {
        salesExecute(t, "INSERT INTO sales_activity (person_id, activity_type, occurred_at, subject, detail) VALUES "
                + "(?, ?, ?, ?, ?)", person, type, at, subject, detail);
    }

    private static StepRow taskStep(TestApp t, String cycle, String operation) throws SQLException {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals("Task") && s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
