package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.deadletter.ReplayOutcome;
import io.sfsync.emulator.Access;
import io.sfsync.emulator.ConvertOptions;
import io.sfsync.mapping.MappingException;
import io.sfsync.pull.PullDeletes;
import io.sfsync.status.StepRow;
import io.sfsync.store.Database;
import io.sfsync.store.LocalDeletes;
import io.sfsync.testing.BundledMappings;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Push Deletes against the emulator through camel-salesforce, on HSQLDB and on PostgreSQL: a row another client
 * deletes is deleted in Salesforce only where the mapping says {@code push-deletes: true}, as the object its type
 * names; refusals become dead letters, records already gone are no error, and Salesforce's own deletes do not echo.
 * The bundled mappings keep push-deletes off: tests that want it on copy them into a mappings folder of their own.
 */
class PushDeletesTest {

    enum Db { HSQLDB, POSTGRESQL }

    /** A lead queue: a Lead it owns belongs to no user, so a sync user without Modify All may not delete it. */
    private static final String QUEUE = "00G8d0000Z00007EQA";
    /** A well-formed Lead id of no record. */
    private static final String NO_SUCH_LEAD = "00Q8d0000Z048vuEQA";

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_pushdel_");

    @TempDir
    Path data;

    private Properties config(Db db, String... keyValues) {
        List<String> kv = new ArrayList<>(List.of("sfsync.objects", "Lead,Contact",
                "sfsync.salesforce.emulator.seed-leads", "5", "sfsync.salesforce.emulator.seed-contacts", "3"));
        kv.addAll(List.of(keyValues));
        String[] all = kv.toArray(String[]::new);
        return db == Db.HSQLDB ? TestApp.config(data, all) : postgres.appConfig(data, all);
    }

    /** The bundled mappings, with push-deletes: true in the files of these objects. */
    private String mappingsWithPushDeletes(String... objects) throws Exception {
        Path dir = Files.createDirectories(data.resolve("mappings"));
        try (Stream<Path> files = Files.list(Path.of("mappings"))) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                for (String object : objects) {
                    if (text.contains("\nobject: " + object + "\n")) {
                        assertThat(text).doesNotContain("push-deletes");
                        text = text.replace("\nobject: " + object + "\n", "\nobject: " + object + "\npush-deletes: true\n");
                    }
                }
                Files.writeString(dir.resolve(f.getFileName()), text);
            }
        }
        return dir.toString();
    }

    private TestApp start(Db db, String... keyValues) throws Exception {
        TestApp t = TestApp.start(config(db, keyValues));
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                .useClock(new OrgClock(t.org().clock()));
        return t;
    }

    private static Optional<StepRow> step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst();
    }

    private static List<Map<String, Object>> leadRows(TestApp t) throws Exception {
        return t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id");
    }

    private static long id(Map<String, Object> row) {
        return Long.parseLong((String) row.get("id"));
    }

    private static boolean deletedInSalesforce(TestApp t, String object, String id) {
        return Boolean.TRUE.equals(t.org().get(object, id).orElseThrow().get("IsDeleted"));
    }

    private static List<Map<String, Object>> deletes(TestApp t) throws Exception {
        return t.rows("SELECT row_id, status, message FROM sync_change WHERE change_type = 'D' ORDER BY id");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_local_delete_of_a_lead_deletes_it_in_salesforce_with_push_deletes_on(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"))) {
            t.cycle();
            Map<String, Object> lead = leadRows(t).get(0);
            String leadId = (String) lead.get("sfdc_lead_id");
            int leadsBefore = t.org().count("Lead");
            t.execute("DELETE FROM person WHERE id = ?", id(lead));
            // a row deleted before it ever reached Salesforce has nothing to delete there
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Fleeting', 'Gone AB')");
            t.execute("DELETE FROM person WHERE last_name = 'Fleeting'");

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Deletes").orElseThrow();
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.deleted()).isEqualTo(1);
            assertThat(push.failed()).isZero();
            assertThat(push.skipped()).isZero();
            assertThat(deletedInSalesforce(t, "Lead", leadId)).isTrue();
            assertThat(t.org().count("Lead")).isEqualTo(leadsBefore - 1);
            assertThat(step(t, cycle, "Contact", "Push Deletes")).as("push-deletes is off for Contact").isEmpty();
            List<Map<String, Object>> deletes = deletes(t);
            assertThat(deletes).hasSize(2);
            assertThat(deletes.get(0)).containsEntry("row_id", String.valueOf(id(lead))).containsEntry("status", "Pushed");
            assertThat(deletes.get(1)).containsEntry("status", "Superseded")
                    .containsEntry("message", "the row was deleted before it was created in Salesforce");
            assertThat(t.org().all("Lead").stream().filter(l -> "Fleeting".equals(l.get("LastName")))).isEmpty();

            // the next cycles neither bring the record back nor send the delete again
            t.org().clock().advance(Duration.ofMinutes(2));
            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push Deletes").orElseThrow().deleted()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", leadId)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void without_push_deletes_a_local_delete_stays_local(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Map<String, Object> lead = leadRows(t).get(0);
            t.execute("DELETE FROM person WHERE id = ?", id(lead));
            Map<String, Long> callsBefore = t.org().apiCallsByEndpoint();

            String cycle = t.cycle();

            assertThat(t.app().stepLog().cycle(cycle)).noneMatch(s -> s.operation().equals("Push Deletes"));
            assertThat(deletedInSalesforce(t, "Lead", (String) lead.get("sfdc_lead_id"))).isFalse();
            assertThat(t.org().apiCallsByEndpoint().getOrDefault("composite/sobjects", 0L))
                    .isEqualTo(callsBefore.getOrDefault("composite/sobjects", 0L));
            assertThat(deletes(t)).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "Superseded")
                    .containsEntry("message", "push-deletes is off for Lead (mappings/lead.yaml)"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_deleted_row_of_a_converted_lead_deletes_its_contact_only(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead", "Contact"))) {
            t.cycle();
            Map<String, Object> row = leadRows(t).get(0);
            String leadId = (String) row.get("sfdc_lead_id");
            t.org().clock().advance(Duration.ofMinutes(1));
            String contactId = t.org().convertLead(leadId, ConvertOptions.defaults().withoutOpportunity()).contactId();
            t.cycle();
            assertThat(t.rows("SELECT person_type, sfdc_lead_id, sfdc_contact_id FROM person WHERE id = ?", id(row)))
                    .containsExactly(Map.of("person_type", "Contact", "sfdc_lead_id", leadId, "sfdc_contact_id", contactId));

            t.execute("DELETE FROM person WHERE id = ?", id(row));
            String cycle = t.cycle();

            assertThat(step(t, cycle, "Contact", "Push Deletes").orElseThrow().deleted()).isEqualTo(1);
            assertThat(step(t, cycle, "Lead", "Push Deletes").orElseThrow().deleted()).isZero();
            assertThat(deletedInSalesforce(t, "Contact", contactId)).isTrue();
            assertThat(deletedInSalesforce(t, "Lead", leadId)).as("the converted Lead stays").isFalse();
            assertThat(deletes(t)).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "Pushed"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_refused_delete_is_replayed_once_the_sync_user_may_delete_the_record(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"))) {
            t.cycle();
            Map<String, Object> lead = leadRows(t).get(0);
            String queued = (String) lead.get("sfdc_lead_id");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", queued, Map.of("OwnerId", QUEUE));
            t.cycle();
            t.org().setObjectAccess("Lead", Access.OWN_RECORDS_DELETE);
            t.execute("DELETE FROM person WHERE id = ?", id(lead));
            t.cycle();
            DeadLetter letter = t.app().deadLetters().store().list(new DeadLetterFilter(null, "Push Deletes", "New", null, 10))
                    .get(0);

            ReplayOutcome refused = t.app().deadLetters().replay(letter.id());
            assertThat(refused.result()).isEqualTo(ReplayOutcome.Result.FAILED);
            assertThat(refused.detail()).contains("INSUFFICIENT_ACCESS_OR_READONLY");
            assertThat(deletedInSalesforce(t, "Lead", queued)).isFalse();
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isEqualTo(1);

            t.org().setObjectAccess("Lead", Access.READ_WRITE);
            ReplayOutcome replayed = t.app().deadLetters().replay(letter.id());

            assertThat(replayed.result()).isEqualTo(ReplayOutcome.Result.REPLAYED);
            assertThat(replayed.detail()).isEqualTo("deleted Lead " + queued + " of deleted row person." + id(lead));
            assertThat(deletedInSalesforce(t, "Lead", queued)).isTrue();
            assertThat(t.app().deadLetters().get(letter.id()).status()).isEqualTo(DeadLetter.REPLAYED);
            assertThat(deletes(t)).extracting(d -> d.get("status")).containsExactly("Pushed");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_record_salesforce_refuses_to_delete_becomes_a_dead_letter_and_the_others_are_deleted(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"))) {
            t.cycle();
            List<Map<String, Object>> leads = leadRows(t);
            String queued = (String) leads.get(0).get("sfdc_lead_id");
            String locked = (String) leads.get(1).get("sfdc_lead_id");
            String plain = (String) leads.get(2).get("sfdc_lead_id");
            // the sync user may delete only its own records; one Lead sits in a queue (pulled before the deletes)
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", queued, Map.of("OwnerId", QUEUE));
            t.cycle();
            t.org().setObjectAccess("Lead", Access.OWN_RECORDS_DELETE);
            // another transaction holds one record for the first attempt: it is sent again
            t.org().lockRecord("Lead", locked, 1);
            for (Map<String, Object> lead : leads.subList(0, 3)) {
                t.execute("DELETE FROM person WHERE id = ?", id(lead));
            }

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Deletes").orElseThrow();
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.deleted()).isEqualTo(2);
            assertThat(push.failed()).isEqualTo(1);
            assertThat(deletedInSalesforce(t, "Lead", locked)).isTrue();
            assertThat(deletedInSalesforce(t, "Lead", plain)).isTrue();
            assertThat(deletedInSalesforce(t, "Lead", queued)).isFalse();
            assertThat(t.rows("SELECT operation, record_id, error_code, error_message, payload, status FROM dead_letter"))
                    .singleElement().satisfies(l -> {
                        assertThat(l).containsEntry("operation", "Push Deletes").containsEntry("record_id", queued)
                                .containsEntry("error_code", "INSUFFICIENT_ACCESS_OR_READONLY").containsEntry("status", "New");
                        assertThat((String) l.get("error_message")).contains("insufficient access rights on object id");
                        assertThat((String) l.get("payload")).contains("\"Id\":\"" + queued + "\"")
                                .contains("\"sfsyncRow\":\"person." + id(leads.get(0)) + "\"");
                    });
            assertThat(deletes(t)).extracting(d -> d.get("status")).containsExactly("Failed", "Pushed", "Pushed");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_record_already_deleted_in_salesforce_is_not_an_error(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"))) {
            t.cycle();
            List<Map<String, Object>> leads = leadRows(t);
            String gone = (String) leads.get(0).get("sfdc_lead_id");
            t.org().delete("Lead", gone);
            t.execute("DELETE FROM person WHERE id = ?", id(leads.get(0)));
            t.execute("DELETE FROM person WHERE id = ?", id(leads.get(1)));
            // an id Salesforce has no record of (emptied from its recycle bin, say)
            t.execute("UPDATE person SET sfdc_lead_id = ? WHERE id = ?", NO_SUCH_LEAD, id(leads.get(2)));
            t.execute("DELETE FROM person WHERE id = ?", id(leads.get(2)));

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Deletes").orElseThrow();
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.deleted()).isEqualTo(1);
            assertThat(push.skipped()).isEqualTo(2);
            assertThat(push.failed()).isZero();
            assertThat(push.message()).contains("skipped: already deleted in Salesforce")
                    .contains("skipped: no longer in Salesforce");
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isZero();
            List<Map<String, Object>> deletes = deletes(t);
            assertThat(deletes).extracting(d -> d.get("status")).containsExactly("Superseded", "Pushed", "Superseded");
            assertThat((String) deletes.get(0).get("message")).contains("ENTITY_IS_DELETED");
            assertThat((String) deletes.get(2).get("message")).contains("INVALID_CROSS_REFERENCE_KEY");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void push_deletes_on_an_object_the_sync_user_may_not_delete_is_refused_at_start(Db db) throws Exception {
        SfsyncApplication app = SfsyncApplication.create(config(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead")));
        app.emulator().org().setObjectAccess("Lead", Access.NO_DELETE);
        assertThatThrownBy(app::start).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 4: push-deletes is true, but the sync user may not delete Lead "
                        + "records (Salesforce's describe of Lead says deletable: false); give the sync user the Delete "
                        + "permission on Lead, or set push-deletes: false");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void when_the_delete_permission_goes_while_running_the_step_fails_and_the_deletes_wait(Db db) throws Exception {
        // the schema checked every cycle: the cycle after the change sees it in the describe
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"),
                "sfsync.schema.check-interval-seconds", "0")) {
            t.cycle();
            Map<String, Object> lead = leadRows(t).get(0);
            String leadId = (String) lead.get("sfdc_lead_id");
            t.org().setObjectAccess("Lead", Access.NO_DELETE);
            t.execute("DELETE FROM person WHERE id = ?", id(lead));

            String refused = t.cycle();

            StepRow push = step(t, refused, "Lead", "Push Deletes").orElseThrow();
            assertThat(push.status()).isEqualTo("Failed");
            assertThat(push.message()).contains("the sync user may not delete Lead records (Salesforce's describe of Lead "
                    + "says deletable: false), but ").contains("mappings/lead.yaml line 4 sets push-deletes: true; the local "
                    + "deletes stay open until the sync user has the Delete permission on Lead");
            assertThat(deletedInSalesforce(t, "Lead", leadId)).isFalse();
            assertThat(deletes(t)).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "Open"));
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isZero();

            t.org().setObjectAccess("Lead", Access.READ_WRITE);
            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push Deletes").orElseThrow().deleted()).isEqualTo(1);
            assertThat(deletedInSalesforce(t, "Lead", leadId)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_push_deletes_step_that_fails_as_a_whole_leaves_the_deletes_open_for_the_next_cycle(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"))) {
            t.cycle();
            Map<String, Object> lead = leadRows(t).get(0);
            String leadId = (String) lead.get("sfdc_lead_id");
            t.execute("DELETE FROM person WHERE id = ?", id(lead));
            // Salesforce is unavailable for the delete call and every retry of it
            t.org().failNext(4, "/composite/sobjects", 503, "SERVER_UNAVAILABLE", "Server is unavailable");

            String failed = t.cycle();

            StepRow push = step(t, failed, "Lead", "Push Deletes").orElseThrow();
            assertThat(push.status()).isEqualTo("Failed");
            assertThat(push.message()).contains("SERVER_UNAVAILABLE").contains("stay open for the next cycle");
            assertThat(deletes(t)).singleElement().satisfies(d -> assertThat(d).containsEntry("status", "Open"));
            assertThat(deletedInSalesforce(t, "Lead", leadId)).isFalse();

            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push Deletes").orElseThrow().deleted()).isEqualTo(1);
            assertThat(deletedInSalesforce(t, "Lead", leadId)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void two_hundred_and_fifty_deletes_go_in_two_collection_calls(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "250",
                "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.mappings-dir", mappingsWithPushDeletes("Lead"))) {
            t.cycle();
            t.execute("DELETE FROM person WHERE person_type = 'Lead'");
            long before = t.org().apiCallsByEndpoint().getOrDefault("composite/sobjects", 0L);

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Lead", "Push Deletes").orElseThrow().deleted()).isEqualTo(250);
            assertThat(t.org().apiCallsByEndpoint().getOrDefault("composite/sobjects", 0L) - before).isEqualTo(2);
            assertThat(t.org().count("Lead")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_object_that_only_pulls_its_fields_pushes_its_deletes_with_push_deletes_on(Db db) throws Exception {
        Path mappings = BundledMappings.withPullOnlyTask(data.resolve("pull-only-task"));
        Files.writeString(mappings.resolve("task.yaml"), BundledMappings.PULL_ONLY_TASK
                .replace("id-column: sfdc_id\n", "id-column: sfdc_id\npush-deletes: true\n"));
        try (TestApp t = start(db, "sfsync.objects", "Lead,Contact,Task", "sfsync.salesforce.emulator.seed-extra", "Task:3",
                "sfsync.mappings-dir", mappings.toString())) {
            t.cycle();
            List<Map<String, Object>> tasks = t.rows("SELECT id, sfdc_id FROM task ORDER BY id");
            assertThat(tasks).hasSize(3);
            String taskId = (String) tasks.get(0).get("sfdc_id");
            // the Task mapping pushes no field: only deletes are captured, not updates
            t.execute("UPDATE task SET subject = 'changed locally' WHERE id = ?", id(tasks.get(1)));
            t.execute("DELETE FROM task WHERE id = ?", id(tasks.get(0)));
            assertThat(t.rows("SELECT table_name, change_type, deleted_ids FROM sync_change"))
                    .containsExactly(Map.of("table_name", "task", "change_type", "D", "deleted_ids", ",sfdc_id=" + taskId + ","));

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Task", "Push Deletes").orElseThrow().deleted()).isEqualTo(1);
            assertThat(step(t, cycle, "Task", "Push Updates")).as("Task pushes no field").isEmpty();
            assertThat(deletedInSalesforce(t, "Task", taskId)).isTrue();
            assertThat(t.org().count("Task")).isEqualTo(2);
        }
    }

    /**
     * Salesforce's deletes, pulled into a table without tombstones (so the pull deletes the rows itself): the pull's
     * deletes are not local deletes, nothing is pushed back.
     */
    @ParameterizedTest
    @EnumSource(Db.class)
    void a_delete_pulled_from_salesforce_is_not_pushed_back(Db db) throws Exception {
        Properties config = config(db, "sfsync.mappings-dir", mappingsWithPushDeletes("Lead", "Contact"));
        try (Database d = Database.open(new SfsyncSettings(config)); Connection c = d.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("ALTER TABLE person DROP COLUMN " + LocalDeletes.TOMBSTONE_COLUMN);
        }
        try (TestApp t = TestApp.start(config)) {
            t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                    .useClock(new OrgClock(t.org().clock()));
            t.cycle();
            String leadId = (String) leadRows(t).get(0).get("sfdc_lead_id");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", leadId);
            t.org().clock().advance(Duration.ofMinutes(2));

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Lead", "Pull Deletes").orElseThrow().deleted()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", leadId)).isZero();
            assertThat(step(t, cycle, "Lead", "Push Deletes").orElseThrow().deleted()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM sync_change")).isZero();
            assertThat(t.org().count("Lead")).isEqualTo(4);
        }
    }
}
