package io.sfsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A step's expected count in the status log (the progress of a running step): a Pull Updates step's query total, from
 * the first pull's COUNT(), its first REST page or its Bulk API job, and the rows a Push Updates step sends. On HSQLDB
 * and on PostgreSQL.
 */
class ExpectedCountTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_expected_");

    @TempDir
    Path data;

    private TestApp start(Db db, String bulkThreshold) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "7",
            "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.pull.bulk-threshold", bulkThreshold};
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_pull_expects_its_query_total_and_a_push_the_rows_it_sends(Db db) throws Exception {
        try (TestApp t = start(db, "50000")) {
            StepRow first = step(t.app().stepLog().cycle(t.cycle()), "Pull Updates");
            assertThat(first.expected()).isEqualTo(7L);
            assertThat(first.done()).isEqualTo(7L);

            t.execute("UPDATE person SET title = 'Expected' WHERE id IN (SELECT MIN(id) FROM person)");
            t.execute("UPDATE person SET title = 'Expected too' WHERE id IN (SELECT MAX(id) FROM person)");
            List<StepRow> next = t.app().stepLog().cycle(t.cycle());

            assertThat(step(next, "Pull Updates").expected()).isZero();
            StepRow push = step(next, "Push Updates");
            assertThat(push.expected()).isEqualTo(2L);
            assertThat(push.updated()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_bulk_first_pull_expects_its_count_and_a_rest_first_pull_its_first_pages_total(Db db) throws Exception {
        try (TestApp t = start(db, "3")) {
            StepRow bulk = step(t.app().stepLog().cycle(t.cycle()), "Pull Updates");
            assertThat(bulk.expected()).isEqualTo(7L);
            assertThat(bulk.created()).isEqualTo(7);
        }
        try (TestApp t = start(db, "0")) {
            // without the watermark the next pull is a first pull again, now through REST pages without a COUNT()
            t.execute("DELETE FROM sync_watermark");
            StepRow rest = step(t.app().stepLog().cycle(t.cycle()), "Pull Updates");
            assertThat(rest.expected()).isEqualTo(7L);
            assertThat(rest.done()).isEqualTo(7L);
        }
    }

    private static StepRow step(List<StepRow> steps, String operation) {
        return steps.stream().filter(s -> s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
