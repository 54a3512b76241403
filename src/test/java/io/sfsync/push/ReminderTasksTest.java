package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorClock;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.pull.PullDeletes;
import io.sfsync.pull.PullUpdates;
import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reminder tasks both ways (issue #13, T1-T6) with the bundled mappings/task.yaml, against the emulator through
 * camel-salesforce, on HSQLDB and on PostgreSQL: name, due date, details, status and priority through their strict value
 * maps, the person as WhoId, the 24-hour window and the created-after-enabling rule of the first sync (measured on the
 * emulator's clock), the deletes of the last 15 days, and create, edit, complete and delete on either side after that.
 */
class ReminderTasksTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_tasks_");

    @TempDir
    Path data;

    private TestApp start(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead,Contact,Task", "sfsync.salesforce.emulator.seed-leads", "3",
                "sfsync.salesforce.emulator.seed-contacts", "2"};
        TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
        OrgClock clock = new OrgClock(t.org().clock());
        t.app().camel().getRegistry().lookupByNameAndType("pullUpdates", PullUpdates.class).useClock(clock);
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class).useClock(clock);
        return t;
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void enabling_imports_the_last_24_hours_skips_unmapped_values_and_pushes_only_tasks_created_after_it(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            String leadId = (String) t.org().all("Lead").get(0).get("Id");
            EmulatorClock clock = t.org().clock();
            clock.freeze(Instant.now().minus(Duration.ofHours(25)));
            task(t, "Changed a day ago", "Not Started", "Normal", leadId);
            clock.freeze(Instant.now()).unfreeze();
            String recent = task(t, "Send the offer", "Not Started", "High", leadId);
            t.org().update("Task", recent, Map.of("ActivityDate", "2026-12-24", "Description", "with the new prices"));
            task(t, "Done already", "Completed", "Normal", leadId);
            task(t, "Busy with it", "In Progress", "Normal", leadId);
            task(t, "Some day", "Not Started", "Low", leadId);
            task(t, "Waiting", "Waiting on someone else", "High", leadId);
            // a local task from before task sync was enabled
            t.execute("INSERT INTO task (subject, status, priority, created_at) VALUES ('Old local reminder', 'Open', "
                    + "'Normal', ?)", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));

            String first = t.cycle();

            assertThat(t.rows("SELECT subject, status, priority, activity_date, description FROM task "
                    + "WHERE sfdc_id IS NOT NULL ORDER BY subject")).containsExactly(
                    row("subject", "Done already", "status", "Complete", "priority", "Normal", "activity_date", null,
                            "description", null),
                    row("subject", "Send the offer", "status", "Open", "priority", "High", "activity_date", "2026-12-24",
                            "description", "with the new prices"));
            StepRow pull = step(t, first, "Pull Updates");
            assertThat(pull.skipped()).isEqualTo(3);
            assertThat(pull.message())
                    .contains("Task sync enabled at ")
                    .contains("first pull: records changed since ")
                    .contains("skipped 1 Task record(s): Status 'In Progress' has no local value in mappings/task.yaml "
                            + "values")
                    .contains("skipped 1 Task record(s): Priority 'Low' has no local value in mappings/task.yaml values")
                    .contains("Status 'Waiting on someone else' has no local value");
            assertThat(t.count("SELECT COUNT(*) FROM sync_object_enabled WHERE object_name = 'Task'")).isEqualTo(1);
            assertThat(t.rows("SELECT person_id FROM task WHERE subject = 'Send the offer'"))
                    .containsExactly(Map.of("person_id", personOf(t, leadId)));
            StepRow pushNew = step(t, first, "Push New");
            assertThat(pushNew.skipped()).isEqualTo(1);
            assertThat(pushNew.message()).contains("skipped: created at ").contains(", before Task sync was enabled at ");
            assertThat(t.org().all("Task")).noneMatch(r -> "Old local reminder".equals(r.get("Subject")));

            // A task created locally after enabling, with plain SQL, reaches Salesforce as a Task of its person.
            String contactId = (String) t.org().all("Contact").get(0).get("Id");
            t.execute("INSERT INTO task (subject, status, priority, activity_date, description, person_id) VALUES "
                    + "('Call Ada', 'Open', 'High', DATE '2026-12-01', 'about the renewal', ?)",
                    Long.parseLong(personOf(t, contactId)));
            // ... and one whose status the map does not list does not
            t.execute("INSERT INTO task (subject, status, priority) VALUES ('Wait for Bo', 'Waiting', 'Normal')");
            String second = t.cycle();

            StepRow created2 = step(t, second, "Push New");
            assertThat(created2.created()).isEqualTo(1);
            assertThat(created2.skipped()).isEqualTo(1);
            assertThat(created2.message()).contains("skipped: status 'Waiting' has no Salesforce value for Status in "
                    + "mappings/task.yaml values");
            assertThat(t.org().all("Task")).noneMatch(r -> "Wait for Bo".equals(r.get("Subject")));
            String created = (String) t.rows("SELECT sfdc_id FROM task WHERE subject = 'Call Ada'").get(0).get("sfdc_id");
            assertThat(created).startsWith("00T");
            assertThat(t.org().get("Task", created).orElseThrow())
                    .containsEntry("Subject", "Call Ada").containsEntry("WhoId", contactId)
                    .containsEntry("Status", "Not Started").containsEntry("Priority", "High")
                    .containsEntry("Description", "about the renewal")
                    .hasEntrySatisfying("ActivityDate", d -> assertThat(String.valueOf(d)).isEqualTo("2026-12-01"));
            t.cycle();
            assertThat(t.rows("SELECT person_id, sfdc_who_id, status FROM task WHERE subject = 'Call Ada'"))
                    .containsExactly(row("person_id", personOf(t, contactId), "sfdc_who_id", contactId, "status", "Open"));
            assertThat(t.org().all("Task").stream().filter(r -> "Call Ada".equals(r.get("Subject")))).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void edits_completions_and_deletes_on_either_side_reach_the_other(Db db) throws Exception {
        try (TestApp t = start(db)) {
            String leadId = (String) t.org().all("Lead").get(1).get("Id");
            String sfTask = task(t, "Follow up", "Not Started", "Normal", leadId);
            String gone = task(t, "Remove me", "Not Started", "Normal", leadId);
            t.cycle();

            // completed in Salesforce: completed locally
            tick(t);
            t.org().update("Task", sfTask, Map.of("Status", "Completed", "Subject", "Follow up on Monday"));
            t.cycle();
            assertThat(t.rows("SELECT subject, status FROM task WHERE sfdc_id = ?", sfTask))
                    .containsExactly(row("subject", "Follow up on Monday", "status", "Complete"));

            // reopened, renamed and made urgent locally: in Salesforce
            t.execute("UPDATE task SET status = 'Open', priority = 'High', description = 'bring the contract' "
                    + "WHERE sfdc_id = ?", sfTask);
            tick(t);
            t.cycle();
            assertThat(t.org().get("Task", sfTask).orElseThrow()).containsEntry("Status", "Not Started")
                    .containsEntry("Priority", "High").containsEntry("Description", "bring the contract");

            // completed locally: completed in Salesforce
            t.execute("UPDATE task SET status = 'Complete' WHERE sfdc_id = ?", sfTask);
            tick(t);
            t.cycle();
            assertThat(t.org().get("Task", sfTask).orElseThrow()).containsEntry("Status", "Completed")
                    .containsEntry("IsClosed", true);

            // a local value the map does not list is not pushed: skipped with the reason
            t.execute("UPDATE task SET priority = 'Urgent' WHERE sfdc_id = ?", sfTask);
            tick(t);
            String urgent = t.cycle();
            StepRow updates = step(t, urgent, "Push Updates");
            assertThat(updates.skipped()).isEqualTo(1);
            assertThat(updates.message()).contains("skipped: priority 'Urgent' has no Salesforce value for Priority in "
                    + "mappings/task.yaml values");
            assertThat(t.org().get("Task", sfTask).orElseThrow()).containsEntry("Priority", "High");

            // a Salesforce status the map does not list leaves the local task as it is
            t.org().update("Task", sfTask, Map.of("Status", "Deferred"));
            tick(t);
            String deferred = t.cycle();
            assertThat(step(t, deferred, "Pull Updates").message()).contains("Status 'Deferred' has no local value");
            assertThat(t.rows("SELECT status FROM task WHERE sfdc_id = ?", sfTask))
                    .containsExactly(Map.of("status", "Complete"));

            // deleted locally: deleted in Salesforce; deleted in Salesforce: deleted locally
            t.execute("DELETE FROM task WHERE sfdc_id = ?", sfTask);
            t.org().delete("Task", gone);
            // Salesforce's delete log answers by whole minutes: the delete is read once its minute has passed
            t.org().clock().advance(Duration.ofMinutes(2));
            String deletes = t.cycle();
            assertThat(step(t, deletes, "Push Deletes").deleted()).isEqualTo(1);
            assertThat(t.org().get("Task", sfTask).orElseThrow().get("IsDeleted")).isEqualTo(true);
            assertThat(step(t, deletes, "Pull Deletes").deleted()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM task WHERE sfdc_id = ? AND sf_deleted_at IS NULL", gone)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_task_of_a_person_not_in_salesforce_is_skipped_with_the_reason(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.org().addValidationRule("Lead", "Company", "Company must not be Nobody", FieldCondition.notEqualTo("Nobody"));
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Unsynced', 'Nobody')");
            String person = (String) t.rows("SELECT id FROM person WHERE last_name = 'Unsynced'").get(0).get("id");
            t.execute("INSERT INTO task (subject, status, priority, person_id) VALUES ('Meet Unsynced', 'Open', "
                    + "'Normal', ?)", Long.parseLong(person));

            String cycle = t.cycle();

            StepRow pushNew = step(t, cycle, "Push New");
            assertThat(pushNew.created()).isZero();
            assertThat(pushNew.skipped()).isEqualTo(1);
            assertThat(pushNew.message()).contains("skipped: its person (person." + person + ") is not synced (no "
                    + "Salesforce id)");
            assertThat(t.rows("SELECT person_id, sfdc_id FROM task WHERE subject = 'Meet Unsynced'"))
                    .as("the local link stays").containsExactly(row("person_id", person, "sfdc_id", null));
            assertThat(t.org().all("Task")).noneMatch(r -> "Meet Unsynced".equals(r.get("Subject")));

            // once the person is in Salesforce (its refused create replayed), the task follows
            t.org().clearValidationRules();
            long letter = Long.parseLong((String) t.rows("SELECT id FROM dead_letter WHERE object_name = 'Lead'").get(0)
                    .get("id"));
            t.app().deadLetters().replay(letter);
            t.cycle();
            String leadId = (String) t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", Long.parseLong(person)).get(0)
                    .get("sfdc_lead_id");
            assertThat(leadId).isNotNull();
            assertThat(t.org().all("Task")).filteredOn(r -> "Meet Unsynced".equals(r.get("Subject")))
                    .singleElement().satisfies(r -> assertThat(r).containsEntry("WhoId", leadId));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void enabling_removes_the_tasks_deleted_in_the_last_15_days_and_not_older_deletes(Db db) throws Exception {
        try (TestApp t = start(db)) {
            EmulatorClock clock = t.org().clock();
            Instant now = Instant.now();
            clock.freeze(now.minus(Duration.ofDays(25)));
            String longGone = task(t, "Deleted 20 days ago", "Not Started", "Normal", null);
            String recentlyGone = task(t, "Deleted 10 days ago", "Not Started", "Normal", null);
            // both were synced before: their rows are here (written as sfsync writes, so not local changes)
            for (String id : List.of(longGone, recentlyGone)) {
                t.execute("INSERT INTO task (sfdc_id, subject, status, priority, sf_pull_rev) VALUES (?, 'synced before', "
                        + "'Open', 'Normal', 1)", id);
            }
            clock.freeze(now.minus(Duration.ofDays(20)));
            t.org().delete("Task", longGone);
            clock.freeze(now.minus(Duration.ofDays(10)));
            t.org().delete("Task", recentlyGone);
            clock.freeze(now).unfreeze();

            String cycle = t.cycle();

            StepRow deletes = step(t, cycle, "Pull Deletes");
            assertThat(deletes.deleted()).isEqualTo(1);
            assertThat(deletes.message()).contains("first run: deletes are read from ").contains("(the last 15 days");
            assertThat(t.count("SELECT COUNT(*) FROM task WHERE sfdc_id = ? AND sf_deleted_at IS NOT NULL", recentlyGone))
                    .isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM task WHERE sfdc_id = ? AND sf_deleted_at IS NULL", longGone))
                    .as("deleted before the 15 days: outside the window").isEqualTo(1);
        }
    }

    /** Creates a Task in the emulator; returns its id. */
    private static String task(TestApp t, String subject, String status, String priority, String whoId) {
        Map<String, Object> fields = new HashMap<>(Map.of("Subject", subject, "Status", status, "Priority", priority));
        if (whoId != null) {
            fields.put("WhoId", whoId);
        }
        return (String) t.org().create("Task", fields).get("Id");
    }

    /** Moves the org's time on, so that the next change of a record is after the watermark of the last pull. */
    private static void tick(TestApp t) {
        t.org().clock().advance(Duration.ofSeconds(2));
    }

    private static String personOf(TestApp t, String sfId) throws Exception {
        return (String) t.rows("SELECT id FROM person WHERE sfdc_lead_id = ? OR sfdc_contact_id = ?", sfId, sfId).get(0)
                .get("id");
    }

    private static StepRow step(TestApp t, String cycle, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals("Task") && s.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }
}
