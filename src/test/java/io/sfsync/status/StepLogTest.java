package io.sfsync.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync-status log as an administrator reads it: running steps, steps a stopped process left, newest first. */
class StepLogTest {

    @TempDir
    Path data;

    @Test
    void a_running_pull_shows_in_progress_with_the_pages_it_committed() throws Exception {
        Properties config = TestApp.config(data, "sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "2500",
                "sfsync.salesforce.emulator.seed-contacts", "0", "sfsync.pull.bulk-threshold", "0");
        try (TestApp t = TestApp.start(config)) {
            // the second page (queryMore, locator <cursor>-2000) is slow to come: the step runs, its first page committed
            t.org().delayOrDropNext(1, "-2000", 5000, false);
            CompletableFuture<String> cycle = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.cycle();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            await().atMost(Duration.ofSeconds(30)).ignoreException(NoSuchElementException.class).untilAsserted(() -> {
                assertThat(cycle).isNotDone();
                StepRow running = pullUpdates(t.app().stepLog().latest(10));
                assertThat(running.status()).isEqualTo("In Progress");
                assertThat(running.finishedAt()).isNull();
                assertThat(running.created()).isEqualTo(2000);
                assertThat(running.expected()).as("the query's total, the running step's progress").isEqualTo(2500L);
                assertThat(pullUpdates(api(config, 10))).isEqualTo(running);
            });

            String id = cycle.get(60, TimeUnit.SECONDS);
            StepRow done = pullUpdates(t.app().stepLog().cycle(id));
            assertThat(done.status()).isEqualTo("Completed");
            assertThat(done.created()).isEqualTo(2500);
        }
    }

    @Test
    void steps_a_stopped_process_left_in_progress_are_closed_at_the_next_start() throws Exception {
        Properties config = TestApp.config(data, "sfsync.objects", "Lead");
        long incremental;
        long firstPull;
        try (TestApp t = TestApp.start(config)) {
            // what a killed process leaves: steps In Progress, one with committed page counts, one without
            StepLog log = t.app().stepLog();
            incremental = log.start("cycle-killed", "Lead", "Pull Updates");
            firstPull = log.start("cycle-killed", "Contact", "Pull Updates");
            StepCounts committed = new StepCounts();
            committed.add(4000, 0, 0, 2, 0);
            try (Connection c = t.app().dataSource().getConnection()) {
                log.progress(c, firstPull, committed);
            }
        }

        // 'mappings validate' runs no cycle: it leaves the log alone, as another process may be running these steps
        try (SfsyncApplication checks = SfsyncApplication.createForChecks(config)) {
            assertThat(checks.stepLog().latest(1000)).filteredOn(s -> s.status().equals("In Progress")).hasSize(2);
        }

        try (TestApp t = TestApp.start(config)) {
            List<StepRow> all = t.app().stepLog().latest(1000);
            assertThat(all).noneMatch(s -> s.status().equals("In Progress"));
            StepRow rolledBack = all.stream().filter(s -> s.id() == incremental).findFirst().orElseThrow();
            assertThat(rolledBack.status()).isEqualTo("Rolled back");
            assertThat(rolledBack.finishedAt()).isNotNull();
            assertThat(rolledBack.message()).startsWith("sfsync stopped while this step ran (killed or crashed); closed"
                    + " at the next start on ").contains("nothing it wrote was committed");
            StepRow failed = all.stream().filter(s -> s.id() == firstPull).findFirst().orElseThrow();
            assertThat(failed.status()).isEqualTo("Failed");
            assertThat(failed.created()).isEqualTo(4000);
            assertThat(failed.failed()).isEqualTo(2);
            assertThat(failed.message()).startsWith("sfsync stopped while this step ran (killed or crashed)")
                    .contains("were committed and are kept");
        }
    }

    @Test
    void the_status_log_lists_the_newest_steps_first() throws Exception {
        Properties config = TestApp.config(data, "sfsync.objects", "Lead,Contact");
        try (TestApp t = TestApp.start(config)) {
            String first = t.cycle();
            String second = t.cycle();

            List<StepRow> latest = t.app().stepLog().latest(1000);
            assertThat(latest).hasSize(t.app().stepLog().cycle(first).size() + t.app().stepLog().cycle(second).size());
            assertThat(latest).isSortedAccordingTo(Comparator.comparing(StepRow::startedAt)
                    .thenComparing(StepRow::id).reversed());
            List<StepRow> secondSteps = t.app().stepLog().cycle(second);
            assertThat(latest.get(0)).isEqualTo(secondSteps.get(secondSteps.size() - 1));
            assertThat(latest.get(latest.size() - 1)).isEqualTo(t.app().stepLog().cycle(first).get(0));
            assertThat(api(config, 1000)).extracting(StepRow::id).containsExactlyElementsOf(
                    latest.stream().map(StepRow::id).toList());
            assertThat(api(config, 3)).extracting(StepRow::id).containsExactlyElementsOf(
                    latest.subList(0, 3).stream().map(StepRow::id).toList());
        }
    }

    private static StepRow pullUpdates(List<StepRow> steps) {
        return steps.stream().filter(s -> s.operation().equals("Pull Updates")).findFirst().orElseThrow();
    }

    /** {@code GET /api/sync-steps?limit=N}, as {@code sfsync status} asks a running service. */
    private static List<StepRow> api(Properties config, int limit) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + config.getProperty("camel.server.port") + "/api/sync-steps?limit=" + limit)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return StepJson.parse(r.body());
    }
}
