package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts a failed first pull reports are the rows it committed, not the rows it wrote. A commit is made to fail
 * the way PostgreSQL fails one: a deferred constraint trigger (here a row quota on {@code person}) is checked at
 * COMMIT, after the page was written, so the page is written, counted by the old code, and then not kept.
 */
class CommittedCountsTest {

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema("sfsync_counts_");

    @TempDir
    Path data;

    @Test
    void a_rest_first_pull_whose_third_commit_fails_reports_the_two_pages_it_kept() throws Exception {
        // 5,000 Leads in REST pages of 2,000: the quota of 4,000 rows fails the third page's commit
        assertCountsAreTheCommittedRows(4000, "sfsync.pull.bulk-threshold", "0");
    }

    @Test
    void a_bulk_first_pull_whose_second_commit_fails_reports_the_two_pages_it_kept() throws Exception {
        // 5,000 Leads in Bulk results pages of 1,000, streamed into one COPY per 2,000 records: the quota of 2,500 rows
        // fails the commit of pages 3 and 4
        assertCountsAreTheCommittedRows(2500, "sfsync.pull.bulk-threshold", "1", "sfsync.pull.bulk-page-size", "1000",
                "sfsync.pull.bulk-commit-records", "2000", "sfsync.pull.bulk-poll-interval-ms", "0");
    }

    private void assertCountsAreTheCommittedRows(int quota, String... pullConfig) throws Exception {
        Properties config = schema.appConfig(data, pullConfig);
        config.setProperty("sfsync.objects", "Lead");
        config.setProperty("sfsync.salesforce.emulator.seed-leads", "5000");
        config.setProperty("sfsync.salesforce.emulator.seed-contacts", "0");
        try (TestApp t = TestApp.start(config)) {
            schema.sql("CREATE FUNCTION " + schema.name() + ".person_quota() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF (SELECT COUNT(*) FROM " + schema.name() + ".person) > " + quota + " THEN"
                    + " RAISE EXCEPTION 'person holds more than " + quota + " rows'; END IF; RETURN NULL; END $$");
            schema.sql("CREATE CONSTRAINT TRIGGER person_quota AFTER INSERT ON " + schema.name() + ".person"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + schema.name() + ".person_quota()");

            String cycle = t.cycle();

            StepRow pull = t.app().stepLog().cycle(cycle).stream()
                    .filter(s -> s.operation().equals(PullUpdates.OPERATION)).findFirst().orElseThrow();
            long kept = t.count("SELECT COUNT(*) FROM person");
            assertThat(pull.status()).isEqualTo("Failed");
            assertThat(pull.message()).contains("person holds more than " + quota + " rows");
            assertThat(kept).isPositive().isLessThan(5000);
            assertThat(kept % 2000).as("whole commits").isZero();
            assertThat(pull.created()).isEqualTo(kept);
            assertThat(pull.created() + pull.updated() + pull.skipped() + pull.failed()).isEqualTo(kept);
        }
    }
}
