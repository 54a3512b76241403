package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.FieldCondition;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Push New and Push Updates above {@code sfsync.push.bulk-threshold} (5 here): Bulk API 2.0 ingest jobs instead of
 * sObject Collections, against the emulator through camel-salesforce, on HSQLDB and on PostgreSQL.
 */
class BulkPushTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_pushbulk_");

    @TempDir
    Path data;

    private TestApp start(Db db, String... keyValues) throws Exception {
        List<String> kv = new ArrayList<>(List.of("sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "8",
                "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.push.bulk-threshold", "5",
                "sfsync.pull.bulk-poll-interval-ms", "10", "sfsync.salesforce.retry.initial-delay-ms", "10"));
        kv.addAll(List.of(keyValues));
        String[] all = kv.toArray(String[]::new);
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, all) : postgres.appConfig(data, all));
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static long id(Map<String, Object> row) {
        return Long.parseLong((String) row.get("id"));
    }

    private static long calls(TestApp t, String endpoint) {
        return t.org().apiCallsByEndpoint().getOrDefault(endpoint, 0L);
    }

    private static List<Map<String, Object>> leads(TestApp t) throws Exception {
        return t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id");
    }

    private static String sfId(Map<String, Object> row) {
        return (String) row.get("sfdc_lead_id");
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void updates_above_the_threshold_go_in_one_ingest_job_that_changes_only_the_changed_fields(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            List<Map<String, Object>> leads = leads(t);
            for (Map<String, Object> lead : leads) {
                t.execute("UPDATE person SET title = ? WHERE id = ?", "Bulk " + id(lead), id(lead));
            }
            // Row 1 changes its city too, so City is a column of the job; row 0 did not change its city, and its local
            // value differs from Salesforce's (nothing changed in Salesforce since the last pull, so the cycle's pull
            // leaves it): its empty cell keeps Salesforce's value.
            String salesforceCity = (String) t.org().get("Lead", sfId(leads.get(0))).orElseThrow().get("City");
            // (written as sfsync writes, with the marker: not a local change the triggers log)
            t.execute("UPDATE person SET city = 'Stale local city', sf_pull_rev = COALESCE(sf_pull_rev, 0) + 1 WHERE id = ?",
                    id(leads.get(0)));
            t.execute("UPDATE person SET city = 'Bergen' WHERE id = ?", id(leads.get(1)));
            // Row 2 clears its title: #N/A in the job.
            t.execute("UPDATE person SET title = NULL WHERE id = ?", id(leads.get(2)));
            long ingestBefore = calls(t, "jobs/ingest");
            long compositeBefore = calls(t, "composite/sobjects");

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.updated()).isEqualTo(8);
            assertThat(push.failed()).isZero();
            // one job: create, upload, close, one look at it, successful and failed results
            assertThat(calls(t, "jobs/ingest") - ingestBefore).isEqualTo(6);
            assertThat(calls(t, "composite/sobjects") - compositeBefore).isZero();
            for (Map<String, Object> lead : leads) {
                Map<String, Object> inSalesforce = t.org().get("Lead", sfId(lead)).orElseThrow();
                if (lead == leads.get(2)) {
                    assertThat(inSalesforce.get("Title")).isNull();
                } else {
                    assertThat(inSalesforce).containsEntry("Title", "Bulk " + id(lead));
                }
            }
            assertThat(t.org().get("Lead", sfId(leads.get(0))).orElseThrow()).containsEntry("City", salesforceCity);
            assertThat(salesforceCity).isNotEqualTo("Stale local city");
            assertThat(t.org().get("Lead", sfId(leads.get(1))).orElseThrow()).containsEntry("City", "Bergen");
            // the triggers logged 10 changes: 8 titles, row 1's city, row 2's title cleared
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE status = 'Pushed' AND closed_by_step = ?",
                    push.id())).isEqualTo(10);
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE status <> 'Pushed'")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_row_a_validation_rule_refuses_becomes_a_dead_letter_and_the_others_are_pushed(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            List<Map<String, Object>> leads = leads(t);
            t.org().addValidationRule("Lead", "City", "City must not be Nowhere", FieldCondition.notEqualTo("Nowhere"));
            for (Map<String, Object> lead : leads) {
                t.execute("UPDATE person SET city = ? WHERE id = ?", lead == leads.get(3) ? "Nowhere" : "Town " + id(lead),
                        id(lead));
            }
            long compositeBefore = calls(t, "composite/sobjects");

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.updated()).isEqualTo(7);
            assertThat(push.failed()).isEqualTo(1);
            assertThat(calls(t, "composite/sobjects") - compositeBefore).isZero();
            assertThat(t.rows("SELECT record_id, error_code, operation FROM dead_letter")).containsExactly(Map.of(
                    "record_id", sfId(leads.get(3)), "error_code", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                    "operation", "Push Updates"));
            Map<String, Object> letter = t.rows("SELECT error_message, payload FROM dead_letter").get(0);
            assertThat((String) letter.get("error_message")).contains("City must not be Nowhere");
            assertThat((String) letter.get("payload")).contains("\"City\":\"Nowhere\"").contains(sfId(leads.get(3)));
            assertThat(t.rows("SELECT status FROM sync_change WHERE row_id = ?", id(leads.get(3))))
                    .containsExactly(Map.of("status", "Failed"));
            for (Map<String, Object> lead : leads) {
                if (lead != leads.get(3)) {
                    assertThat(t.org().get("Lead", sfId(lead)).orElseThrow()).containsEntry("City", "Town " + id(lead));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void new_rows_above_the_threshold_are_created_by_one_ingest_job_without_duplicates(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            for (int i = 0; i < 7; i++) {
                t.execute("INSERT INTO person (person_type, first_name, last_name, company, city, state) "
                        + "VALUES ('Lead', ?, 'Bulkcreated', 'Ingest Ltd', 'Oslo', 'NY')", "Row" + i);
            }
            long ingestBefore = calls(t, "jobs/ingest");
            long compositeBefore = calls(t, "composite/sobjects");

            String cycle = t.cycle();

            StepRow pushNew = step(t, cycle, "Lead", "Push New");
            assertThat(pushNew.status()).isEqualTo("Completed");
            assertThat(pushNew.created()).isEqualTo(7);
            assertThat(calls(t, "jobs/ingest") - ingestBefore).isEqualTo(6);
            assertThat(calls(t, "composite/sobjects") - compositeBefore).isZero();
            List<Map<String, Object>> rows = t.rows("SELECT id, first_name, sfdc_lead_id FROM person "
                    + "WHERE last_name = 'Bulkcreated' ORDER BY id");
            String databaseKey = (String) t.rows("SELECT database_key FROM sync_database").get(0).get("database_key");
            for (Map<String, Object> row : rows) {
                Map<String, Object> lead = t.org().get("Lead", sfId(row)).orElseThrow();
                assertThat(lead).containsEntry("FirstName", row.get("first_name")).containsEntry("Company", "Ingest Ltd")
                        .containsEntry("State", "New York")
                        .containsEntry("Sfsync_Id__c", databaseKey + ".person." + row.get("id"));
            }

            t.org().clock().advance(Duration.ofMinutes(1));
            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Push New").created()).isZero();
            assertThat(t.org().all("Lead").stream().filter(l -> "Bulkcreated".equals(l.get("LastName")))).hasSize(7);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE last_name = 'Bulkcreated'")).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void without_an_external_id_new_rows_above_the_threshold_go_through_collections(Db db) throws Exception {
        Path mappings = Files.createDirectories(data.resolve("mappings"));
        Files.writeString(mappings.resolve("lead.yaml"), Files.readString(Path.of("mappings/lead.yaml"))
                .replace("external-id: Sfsync_Id__c\n", ""));
        try (TestApp t = start(db, "sfsync.mappings-dir", mappings.toString())) {
            t.cycle();
            for (int i = 0; i < 7; i++) {
                t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Collected', 'Co')");
            }
            long ingestBefore = calls(t, "jobs/ingest");
            long compositeBefore = calls(t, "composite/sobjects");

            String cycle = t.cycle();

            assertThat(step(t, cycle, "Lead", "Push New").created()).isEqualTo(7);
            assertThat(calls(t, "jobs/ingest") - ingestBefore).isZero();
            assertThat(calls(t, "composite/sobjects") - compositeBefore).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE last_name = 'Collected' AND sfdc_lead_id IS NULL"))
                    .isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_record_locked_during_the_job_is_sent_again_through_collections(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            List<Map<String, Object>> leads = leads(t);
            for (Map<String, Object> lead : leads) {
                t.execute("UPDATE person SET city = ? WHERE id = ?", "Locked " + id(lead), id(lead));
            }
            String briefly = sfId(leads.get(0));
            String lasting = sfId(leads.get(1));
            t.org().lockRecord("Lead", briefly, 1);
            t.org().lockRecord("Lead", lasting, 50);
            long compositeBefore = calls(t, "composite/sobjects");

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.updated()).isEqualTo(7);
            assertThat(push.failed()).isEqualTo(1);
            assertThat(t.org().get("Lead", briefly).orElseThrow()).containsEntry("City", "Locked " + id(leads.get(0)));
            // both again in one call; the lasting lock twice more (sfsync.salesforce.retry.max-retries=3 in all)
            assertThat(calls(t, "composite/sobjects") - compositeBefore).isEqualTo(3);
            assertThat(t.rows("SELECT record_id, error_code, error_message FROM dead_letter")).singleElement()
                    .satisfies(l -> {
                        assertThat(l).containsEntry("record_id", lasting).containsEntry("error_code", "UNABLE_TO_LOCK_ROW");
                        assertThat((String) l.get("error_message")).contains("after 4 attempts");
                    });
            assertThat(t.rows("SELECT status FROM sync_change WHERE row_id = ?", id(leads.get(0))))
                    .containsExactly(Map.of("status", "Pushed"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void rows_beyond_a_jobs_size_go_in_further_jobs(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Pusher updates = (Pusher) t.app().camel().getRegistry().lookupByName("pushUpdates");
            List<Map<String, Object>> leads = leads(t);
            for (String round : List.of("Rows", "Bytes")) {
                if (round.equals("Rows")) {
                    updates.bulkJobRows = 3;
                } else {
                    updates.bulkJobRows = PushBulk.MAX_JOB_ROWS;
                    // the header and three rows of an 18-character id and a title of up to 10 characters
                    updates.bulkJobBytes = "Id,Title\n".length() + 3 * (18 + 1 + 10 + 1);
                }
                for (Map<String, Object> lead : leads) {
                    t.execute("UPDATE person SET title = ? WHERE id = ?", round + " " + id(lead), id(lead));
                }
                long ingestBefore = calls(t, "jobs/ingest");

                String cycle = t.cycle();

                StepRow push = step(t, cycle, "Lead", "Push Updates");
                assertThat(push.updated()).as(round).isEqualTo(8);
                // three jobs (3 + 3 + 2 rows) of six calls each
                assertThat(calls(t, "jobs/ingest") - ingestBefore).as(round).isEqualTo(18);
                for (Map<String, Object> lead : leads) {
                    assertThat(t.org().get("Lead", sfId(lead)).orElseThrow()).containsEntry("Title", round + " " + id(lead));
                }
                assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE status = 'Open'")).isZero();
                t.org().clock().advance(Duration.ofMinutes(1));
                t.cycle(); // reads the pushed records back before the next round changes the rows again
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_upload_whose_answer_is_lost_is_sent_again_in_a_new_job_not_twice_into_one(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            List<Map<String, Object>> leads = leads(t);
            for (Map<String, Object> lead : leads) {
                t.execute("UPDATE person SET title = ? WHERE id = ?", "Again " + id(lead), id(lead));
            }
            t.org().dropAnswerAfterHandling(1, "/batches");
            long ingestBefore = calls(t, "jobs/ingest");

            String cycle = t.cycle();

            StepRow push = step(t, cycle, "Lead", "Push Updates");
            assertThat(push.status()).isEqualTo("Completed");
            assertThat(push.updated()).isEqualTo(8);
            assertThat(push.failed()).isZero();
            // the first job's creation and upload, then a whole second job
            assertThat(calls(t, "jobs/ingest") - ingestBefore).isEqualTo(2 + 6);
            for (Map<String, Object> lead : leads) {
                assertThat(t.org().get("Lead", sfId(lead)).orElseThrow()).containsEntry("Title", "Again " + id(lead));
            }
        }
    }
}
