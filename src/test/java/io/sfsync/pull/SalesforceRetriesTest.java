package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transient Salesforce failures (a dropped connection, HTTP 503, UNABLE_TO_LOCK_ROW) are retried inside the step
 * (routes/errors/*: redelivery of the failing salesforce: call); other errors are not. Retries wait 10 ms here
 * (TestApp.config).
 */
class SalesforceRetriesTest {

    @TempDir
    Path data;

    private TestApp start(String objects, String leads, String contacts) throws Exception {
        TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", objects,
                "sfsync.salesforce.emulator.seed-leads", leads, "sfsync.salesforce.emulator.seed-contacts", contacts,
                // a schema check (a describe) every cycle, whose failures are retried too
                "sfsync.schema.check-interval-seconds", "0"));
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                .useClock(new OrgClock(t.org().clock()));
        return t;
    }

    @Test
    void a_connection_dropped_fewer_times_than_the_retries_still_completes_the_step_with_every_record() throws Exception {
        try (TestApp t = start("Lead", "50", "0")) {
            t.org().delayOrDropNext(3, "/query", 0, true);

            String cycle = t.cycle();

            StepRow lead = step(t, cycle, "Lead", "Pull Updates");
            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.created()).isEqualTo(50);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE person_type = 'Lead'")).isEqualTo(50);
        }
    }

    @Test
    void a_connection_dropped_more_times_than_the_retries_rolls_the_step_back_and_says_so() throws Exception {
        try (TestApp t = start("Lead", "20", "0")) {
            t.cycle();
            t.org().clock().advance(Duration.ofSeconds(5));
            List<Map<String, Object>> leads = t.org().all("Lead");
            for (int i = 0; i < 3; i++) {
                t.org().update("Lead", (String) leads.get(i).get("Id"), Map.of("Title", "Changed"));
            }
            // the cycle's composite read-ahead (a subrequest's drop cuts the whole request), then the step's own call
            // and its 3 retries
            t.org().delayOrDropNext(1 + 1 + 3, "/query", 0, true);

            String failed = t.cycle();

            StepRow rolledBack = step(t, failed, "Lead", "Pull Updates");
            assertThat(rolledBack.status()).isEqualTo("Rolled back");
            assertThat(rolledBack.message())
                    .startsWith("the connection to Salesforce was dropped while reading the response to GET /services/data/")
                    .contains("(after 3 retries)")
                    .doesNotContain("Unexpected error");
            assertThat(rolledBack.apiCalls()).as("its own call and 3 retries, each sent").isEqualTo(4);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE title = 'Changed'")).isZero();

            String next = t.cycle();
            assertThat(step(t, next, "Lead", "Pull Updates").status()).isEqualTo("Completed");
            assertThat(step(t, next, "Lead", "Pull Updates").updated()).isEqualTo(3);
        }
    }

    @Test
    void unavailable_and_locked_answers_are_retried_in_sync_schema_pull_updates_and_pull_deletes() throws Exception {
        try (TestApp t = start("Contact,Lead", "10", "10")) {
            t.cycle();
            t.org().clock().advance(Duration.ofMinutes(1));
            String deleted = (String) t.org().all("Contact").get(2).get("Id");
            t.org().delete("Contact", deleted);
            t.org().update("Lead", (String) t.org().all("Lead").get(0).get("Id"), Map.of("Title", "Changed"));
            t.org().clock().advance(Duration.ofMinutes(2));
            // Contact's describe, then its query, then its delete log: each fails, then succeeds on a retry.
            t.org().failNext(2, "/describe", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
            t.org().failNext(1, "/query", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
            t.org().failNext(1, "/query", 400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record");
            t.org().failNext(3, "/deleted/", 400, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record");

            String cycle = t.cycle();

            assertThat(t.app().stepLog().cycle(cycle)).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed"));
            assertThat(step(t, cycle, "Contact", "Pull Deletes").deleted()).isEqualTo(1);
            assertThat(step(t, cycle, "Lead", "Pull Updates").updated()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sf_deleted_at IS NOT NULL AND sfdc_contact_id = ?", deleted))
                    .isEqualTo(1);
        }
    }

    @Test
    void a_bulk_results_page_whose_connection_dropped_is_read_again_from_the_same_job() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead",
                "sfsync.pull.bulk-threshold", "100", "sfsync.pull.bulk-poll-interval-ms", "10",
                "sfsync.pull.bulk-page-size", "1000",
                "sfsync.salesforce.emulator.seed-leads", "2500", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            t.org().delayOrDropNext(2, "/results", 0, true);

            StepRow lead = step(t, t.cycle(), "Lead", "Pull Updates");

            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.created()).isEqualTo(2500);
            assertThat(t.count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(2500);
            assertThat(t.org().recentRequests()).filteredOn(r -> r.startsWith("POST ") && r.endsWith("/jobs/query"))
                    .hasSize(1);
        }
    }

    @Test
    void an_error_that_is_not_transient_is_not_retried() throws Exception {
        try (TestApp t = start("Lead", "10", "0")) {
            // One failure only: a retry would succeed and complete the step.
            t.org().failNext(1, "/query", 400, "INVALID_FIELD", "No such column 'Foo' on entity 'Lead'");

            String cycle = t.cycle();

            StepRow lead = step(t, cycle, "Lead", "Pull Updates");
            assertThat(lead.status()).isEqualTo("Failed");
            assertThat(lead.message()).contains("INVALID_FIELD").doesNotContain("retr");
            assertThat(t.count("SELECT COUNT(*) FROM person")).isZero();
        }
    }

    @Test
    void no_retries_when_max_retries_is_zero() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "10", "sfsync.salesforce.emulator.seed-contacts", "0",
                "sfsync.salesforce.retry.max-retries", "0"))) {
            // the cycle's read-ahead of Lead's first query (a transient failure: the step asks again), then its own call
            t.org().failNext(1 + 1, "/query", 503, "SERVER_UNAVAILABLE", "Server is unavailable");

            StepRow lead = step(t, t.cycle(), "Lead", "Pull Updates");

            assertThat(lead.status()).isEqualTo("Failed");
            assertThat(lead.message()).contains("SERVER_UNAVAILABLE").contains("(after 0 retries)");
        }
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
