package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.cycle.SyncCycle;
import io.sfsync.status.StepRow;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pull's guards hold for the push steps too, on HSQLDB and on PostgreSQL: the API budget guard and a shutdown stop
 * a push step after the batch under way; it is Incomplete, and what it did not send stays open for the next cycle.
 */
class PushGuardsTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final int LEADS = 250;

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_pushguard_");

    @TempDir
    Path data;

    private TestApp start(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", String.valueOf(LEADS),
                "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.salesforce.budget.max-share", "0.5"};
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void the_api_budget_guard_stops_a_push_after_its_batch_and_the_next_cycle_sends_the_rest(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.execute("UPDATE person SET title = 'Guarded'");
            // 49 of 100 daily calls used: the cycle's first calls cross half of the limit
            t.org().setApiBudget(100L, 49L);

            String cycle = t.cycle();

            StepRow stopped = pushUpdates(t, cycle);
            assertThat(stopped.status()).isEqualTo("Incomplete");
            assertThat(stopped.message()).startsWith("stopped by the API budget guard: Salesforce reports api-usage=")
                    .contains("sfsync.salesforce.budget.max-share=0.5");
            assertThat(stopped.updated()).isEqualTo(200);
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE status = 'Open'")).isEqualTo(LEADS - 200);

            t.org().setApiBudget(100_000L, 0L);
            String next = t.cycle();
            assertThat(pushUpdates(t, next).status()).isEqualTo("Completed");
            assertThat(pushUpdates(t, next).updated()).isEqualTo(LEADS - 200);
            assertThat(t.org().all("Lead")).allSatisfy(l -> assertThat(l.get("Title")).isEqualTo("Guarded"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_shutdown_stops_a_push_after_its_batch_and_leaves_the_rest_open(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.execute("UPDATE person SET title = 'Stopping'");
            // the first batch is slow to be answered; the service is asked to stop (as SIGTERM does) meanwhile
            t.org().delayOrDropNext(1, "/composite/sobjects", 3000, false);
            CompletableFuture<String> cycle = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.cycle();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(t.app().stepLog().latest(1))
                    .singleElement().satisfies(s -> assertThat(s.operation() + " " + s.status())
                            .isEqualTo("Push Updates In Progress")));
            t.app().camel().getRegistry().lookupByNameAndType("syncCycle", SyncCycle.class).stop();

            StepRow stopped = pushUpdates(t, cycle.get(60, TimeUnit.SECONDS));

            assertThat(stopped.status()).isEqualTo("Incomplete");
            assertThat(stopped.message()).isEqualTo("stopped by shutdown after 200 updated; the changes not pushed stay "
                    + "open for the next cycle");
            assertThat(stopped.updated()).isEqualTo(200);
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE status = 'Open'")).isEqualTo(LEADS - 200);
            assertThat(t.org().all("Lead").stream().filter(l -> "Stopping".equals(l.get("Title")))).hasSize(200);
        }
    }

    private static StepRow pushUpdates(TestApp t, String cycle) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals("Lead") && s.operation().equals("Push Updates")).findFirst().orElseThrow();
    }
}
