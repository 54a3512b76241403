package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
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
