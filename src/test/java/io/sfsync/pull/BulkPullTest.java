package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large first pulls go through a Bulk API 2.0 query job; the table is the same as through REST pages. */
class BulkPullTest {

    private static final String COLUMNS = "sfdc_lead_id, salutation, first_name, last_name, title, company, email, phone, "
            + "mobile_phone, street, city, state, postal_code, country, website, lead_source, lead_status, industry, rating, "
            + "annual_revenue, number_of_employees, has_opted_out_of_email, do_not_call, sfdc_owner_id";

    @TempDir
    Path dir;

    @Test
    void the_bulk_path_and_the_rest_path_give_identical_tables() throws Exception {
        List<Map<String, Object>> viaBulk = pull(dir.resolve("bulk"), "100", true);
        List<Map<String, Object>> viaRest = pull(dir.resolve("rest"), "0", false);

        assertThat(viaBulk).hasSize(2500);
        assertThat(viaBulk).isEqualTo(viaRest);
    }

    @Test
    void a_bulk_first_pull_into_a_table_that_already_holds_some_of_the_records_updates_them_without_duplicates()
            throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(dir.resolve("kept"), "sfsync.objects", "Lead",
                "sfsync.pull.bulk-threshold", "100", "sfsync.pull.bulk-poll-interval-ms", "10",
                "sfsync.pull.bulk-page-size", "1000",
                "sfsync.salesforce.emulator.seed-leads", "2500", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            // what a first pull that failed after its first page leaves behind: rows, but no watermark
            List<Map<String, Object>> kept = t.org().query("SELECT Id FROM Lead ORDER BY Id LIMIT 1000");
            try (Connection c = t.app().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO person (sfdc_lead_id, person_type, last_name) VALUES (?, 'Lead', ?)")) {
                for (Map<String, Object> lead : kept) {
                    ps.setString(1, (String) lead.get("Id"));
                    ps.setString(2, "Stale");
                    ps.addBatch();
                }
                ps.executeBatch();
            }

            StepRow step = pullStep(t, t.cycle());
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.created()).isEqualTo(1500);
            assertThat(step.updated()).isEqualTo(1000);
            assertThat(t.org().apiCallsByEndpoint()).containsKey("jobs/query");
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(2500);
            assertThat(t.count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(2500);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE last_name = 'Stale'")).isZero();
        }
    }

    @Test
    void a_bulk_first_pull_stopped_midway_reads_on_from_the_same_job_at_the_next_cycle() throws Exception {
        try (TestApp t = onePagePerCycle("resume")) {
            StepRow first = pullStep(t, t.cycle());
            assertThat(first.status()).isEqualTo("Incomplete");
            assertThat(first.created()).isEqualTo(1000);
            assertThat(t.count("SELECT COUNT(*) FROM sync_bulk_job WHERE object_name = 'Lead'")).isEqualTo(1);

            StepRow second = pullStep(t, t.cycle());
            assertThat(second.status()).isEqualTo("Incomplete");
            assertThat(second.created()).isEqualTo(1000);
            assertThat(second.skipped()).isZero();

            StepRow third = pullStep(t, t.cycle());
            assertThat(third.status()).isEqualTo("Completed");
            assertThat(third.created()).isEqualTo(500);
            assertThat(jobsCreated(t)).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(DISTINCT sfdc_lead_id) FROM person")).isEqualTo(2500);
            assertThat(t.count("SELECT COUNT(*) FROM sync_bulk_job")).isZero();

            // the watermark covers all three cycles' pages: nothing is read again
            StepRow after = pullStep(t, t.cycle());
            assertThat(after.created() + after.updated() + after.skipped()).isZero();
        }
    }

    @Test
    void a_job_salesforce_no_longer_has_is_replaced_by_a_new_one() throws Exception {
        try (TestApp t = onePagePerCycle("gone")) {
            assertThat(pullStep(t, t.cycle()).status()).isEqualTo("Incomplete");
            t.org().failNext(1, "/results", 404, "NOT_FOUND", "The requested resource does not exist");

            // a failed Bulk API call fails the step through its error policy; the cycle itself ends normally
            String cycle = t.cycle();
            StepRow gone = pullStep(t, cycle);
            assertThat(gone.status()).isEqualTo("Failed");
            assertThat(gone.message()).contains("is gone; the next cycle starts a new one");
            assertThat(t.count("SELECT COUNT(*) FROM sync_bulk_job")).isZero();

            StepRow fresh = pullStep(t, t.cycle());
            assertThat(fresh.status()).isEqualTo("Incomplete");
            assertThat(fresh.skipped()).isEqualTo(1000); // the first page again: rows already there
            assertThat(jobsCreated(t)).isEqualTo(2);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(1000);
        }
    }

    @Test
    void a_job_older_than_salesforce_keeps_jobs_is_not_resumed_and_its_successor_is() throws Exception {
        try (TestApp t = onePagePerCycle("stale")) {
            t.cycle();
            try (Connection c = t.app().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE sync_bulk_job SET started_at = ?")) {
                ps.setObject(1, java.time.OffsetDateTime.now().minusDays(8));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            StepRow afresh = pullStep(t, t.cycle());
            assertThat(jobsCreated(t)).isEqualTo(2);
            assertThat(afresh.skipped()).isEqualTo(1000); // the new job's first page: rows already there

            StepRow resumed = pullStep(t, t.cycle());
            assertThat(jobsCreated(t)).isEqualTo(2);
            assertThat(resumed.created()).isEqualTo(1000);
        }
    }

    /** 2,500 Leads through Bulk pages of 1,000; the budget guard at a tiny share stops each pull after one page. */
    private TestApp onePagePerCycle(String name) throws Exception {
        return TestApp.start(TestApp.config(dir.resolve(name), "sfsync.objects", "Lead",
                "sfsync.pull.bulk-threshold", "100", "sfsync.pull.bulk-poll-interval-ms", "10",
                "sfsync.pull.bulk-page-size", "1000", "sfsync.salesforce.budget.max-share", "0.00001",
                "sfsync.salesforce.emulator.seed-leads", "2500", "sfsync.salesforce.emulator.seed-contacts", "0"));
    }

    private static long jobsCreated(TestApp t) {
        return t.org().recentRequests().stream().filter(r -> r.startsWith("POST ") && r.endsWith("/jobs/query")).count();
    }

    private static StepRow pullStep(TestApp t, String cycle) throws Exception {
        return t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals("Pull Updates"))
                .findFirst().orElseThrow();
    }

    private List<Map<String, Object>> pull(Path data, String threshold, boolean expectBulk) throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Lead",
                "sfsync.pull.bulk-threshold", threshold, "sfsync.pull.bulk-poll-interval-ms", "10",
                "sfsync.pull.bulk-page-size", "1000",
                "sfsync.salesforce.emulator.seed-leads", "2500", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            String cycle = t.cycle();
            StepRow step = t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals("Pull Updates"))
                    .findFirst().orElseThrow();
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.created()).isEqualTo(2500);
            assertThat(t.org().apiCallsByEndpoint().containsKey("jobs/query")).isEqualTo(expectBulk);
            if (expectBulk) {
                // Results in pages of sfsync.pull.bulk-page-size: 2,500 records are three pages.
                assertThat(t.org().recentRequests()).filteredOn(r -> r.contains("/jobs/query/") && r.contains("/results"))
                        .hasSize(3);
            }
            // The watermark was saved: the next cycle reads nothing again.
            String next = t.cycle();
            StepRow again = t.app().stepLog().cycle(next).stream().filter(s -> s.operation().equals("Pull Updates"))
                    .findFirst().orElseThrow();
            assertThat(again.created() + again.updated() + again.skipped()).isZero();
            return t.rows("SELECT " + COLUMNS + " FROM person ORDER BY sfdc_lead_id");
        }
    }
}
