package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.cycle.SyncCycle;
import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull Deletes end to end: emulator delete log → camel-salesforce → tombstones in person → sync-status log. */
class PullDeletesTest {

    @TempDir
    Path data;

    @Test
    void records_deleted_in_salesforce_are_tombstoned_and_counted_as_deleted() throws Exception {
        try (TestApp t = start("30", "10")) {
            String first = t.cycle();
            assertThat(step(t, first, "Lead").message()).startsWith("first run");
            List<String> leads = ids(t, "Lead");
            String contact = ids(t, "Contact").get(0);
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", leads.get(3));
            t.org().delete("Lead", leads.get(7));
            t.org().delete("Contact", contact);
            // Created and deleted between two cycles: never pulled, so there is nothing to remove.
            String neverPulled = (String) t.org().create("Lead", Map.of("LastName", "Brief", "Company", "Gone AB")).get("Id");
            t.org().delete("Lead", neverPulled);
            t.org().clock().advance(Duration.ofMinutes(2));

            String second = t.cycle();

            StepRow lead = step(t, second, "Lead");
            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.deleted()).isEqualTo(2);
            assertThat(lead.skipped()).isEqualTo(1);
            assertThat(step(t, second, "Contact").deleted()).isEqualTo(1);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE sf_deleted_at IS NOT NULL AND person_type = 'Lead'"))
                    .extracting(r -> r.get("sfdc_lead_id")).containsExactlyInAnyOrder(leads.get(3), leads.get(7));
            assertThat(t.rows("SELECT sfdc_contact_id FROM person WHERE sf_deleted_at IS NOT NULL AND person_type = 'Contact'"))
                    .extracting(r -> r.get("sfdc_contact_id")).containsExactly(contact);
            // Tombstones keep the rows (and their history); nothing else was touched.
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(40);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", neverPulled)).isZero();

            t.org().clock().advance(Duration.ofMinutes(2));
            String third = t.cycle();
            assertThat(step(t, third, "Lead").deleted()).isZero();
            assertThat(step(t, third, "Lead").status()).isEqualTo("Completed");
        }
    }

    @Test
    void a_record_undeleted_in_salesforce_is_live_again_locally() throws Exception {
        try (TestApp t = start("10", "0")) {
            t.cycle();
            String lead = ids(t, "Lead").get(4);
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", lead);
            t.org().clock().advance(Duration.ofMinutes(1));
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? AND sf_deleted_at IS NOT NULL", lead))
                    .isEqualTo(1);

            // restored from the recycle bin, no field changed
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().undelete("Lead", lead);
            t.org().clock().advance(Duration.ofMinutes(1));
            String revived = t.cycle();

            StepRow updates = t.app().stepLog().cycle(revived).stream()
                    .filter(s -> s.object().equals("Lead") && s.operation().equals(PullUpdates.OPERATION))
                    .findFirst().orElseThrow();
            assertThat(updates.updated()).isEqualTo(1);
            assertThat(step(t, revived, "Lead").deleted()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ? AND sf_deleted_at IS NULL", lead))
                    .isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person")).isEqualTo(10);
        }
    }

    @Test
    void after_a_missed_delete_window_the_step_says_so_and_re_reconciles_every_id() throws Exception {
        try (TestApp t = start("40", "5")) {
            t.cycle();
            List<String> leads = ids(t, "Lead");
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", leads.get(0));
            t.org().delete("Lead", leads.get(20));
            t.org().delete("Lead", leads.get(39));
            // sfsync is away for 16 days: the deletes have left Salesforce's 15-day delete log.
            t.org().clock().advance(Duration.ofDays(16));

            String cycle = t.cycle();

            StepRow lead = step(t, cycle, "Lead");
            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.message()).contains("missed the delete window").contains("older than the 15 days")
                    .contains("37 Salesforce ids read");
            assertThat(lead.deleted()).isEqualTo(3);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE sf_deleted_at IS NOT NULL"))
                    .extracting(r -> r.get("sfdc_lead_id"))
                    .containsExactlyInAnyOrder(leads.get(0), leads.get(20), leads.get(39));
            assertThat(step(t, cycle, "Contact").deleted()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM sync_id_stage")).isZero();

            // The watermark starts again: the next cycle reads the delete log as usual.
            t.org().clock().advance(Duration.ofMinutes(2));
            t.org().delete("Lead", leads.get(10));
            t.org().clock().advance(Duration.ofMinutes(2));
            String next = t.cycle();
            StepRow after = step(t, next, "Lead");
            assertThat(after.message()).isNull();
            assertThat(after.deleted()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sf_deleted_at IS NOT NULL")).isEqualTo(4);
        }
    }

    @Test
    void when_salesforce_refuses_the_window_the_step_re_reconciles_instead_of_missing_deletes() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.salesforce.emulator.seed-leads", "12",
                "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            // sfsync keeps its own clock here: only Salesforce's time jumps, so the delete log
            // window sfsync asks for is one Salesforce no longer has (INVALID_REPLICATION_DATE).
            t.cycle();
            List<String> leads = ids(t, "Lead");
            t.org().delete("Lead", leads.get(5));
            t.org().clock().advance(Duration.ofDays(16));

            String cycle = t.cycle();

            StepRow lead = step(t, cycle, "Lead");
            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.message()).contains("missed the delete window").contains("INVALID_REPLICATION_DATE");
            assertThat(lead.deleted()).isEqualTo(1);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE sf_deleted_at IS NOT NULL"))
                    .extracting(r -> r.get("sfdc_lead_id")).containsExactly(leads.get(5));
        }
    }

    @Test
    void a_re_reconciliation_that_fails_midway_is_rolled_back_with_its_watermark() throws Exception {
        try (TestApp t = start("2100", "0")) {
            t.cycle();
            List<String> leads = ids(t, "Lead");
            Object watermarkBefore = watermark(t);
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", leads.get(1));
            t.org().delete("Lead", leads.get(2050));
            t.org().clock().advance(Duration.ofDays(16));
            // The first 2,000 ids are staged, then reading the second page fails, with its 3 retries.
            t.org().failNext(4, "-2000", 503, "SERVER_UNAVAILABLE", "Server is unavailable");

            String failed = t.cycle();

            StepRow rolledBack = step(t, failed, "Lead");
            assertThat(rolledBack.status()).isEqualTo("Rolled back");
            assertThat(rolledBack.message()).contains("SERVER_UNAVAILABLE").contains("re-reconciliation after 2000 ids");
            assertThat(rolledBack.deleted()).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sf_deleted_at IS NOT NULL")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM sync_id_stage")).isZero();
            assertThat(watermark(t)).isEqualTo(watermarkBefore);

            String next = t.cycle();
            assertThat(step(t, next, "Lead").status()).isEqualTo("Completed");
            assertThat(step(t, next, "Lead").deleted()).isEqualTo(2);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE sf_deleted_at IS NOT NULL"))
                    .extracting(r -> r.get("sfdc_lead_id")).containsExactlyInAnyOrder(leads.get(1), leads.get(2050));
        }
    }

    @Test
    void a_re_reconciliation_stopped_by_shutdown_is_rolled_back_and_the_cycle_starts_no_further_step() throws Exception {
        try (TestApp t = start("4100", "0")) {
            t.cycle();
            Object watermarkBefore = watermark(t);
            t.org().clock().advance(Duration.ofDays(16));
            // the second of three pages of ids is slow to come; the service is asked to stop (as SIGTERM does) while
            // the step reads its ids, before or during that page
            t.org().delayOrDropNext(1, "-2000", 3000, false);
            CompletableFuture<String> cycle = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.cycle();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(t.app().stepLog().latest(1))
                    .singleElement().satisfies(s -> assertThat(s.operation() + " " + s.status())
                            .isEqualTo(PullDeletes.OPERATION + " In Progress")));
            t.app().camel().getRegistry().lookupByNameAndType("syncCycle", SyncCycle.class).stop();

            String stopped = cycle.get(60, TimeUnit.SECONDS);

            StepRow rolledBack = step(t, stopped, "Lead");
            assertThat(rolledBack.status()).isEqualTo("Rolled back");
            assertThat(rolledBack.message()).startsWith("stopped by shutdown before every Salesforce id was read")
                    .containsPattern("re-reconciliation after [24]000 ids");
            assertThat(t.count("SELECT COUNT(*) FROM sync_id_stage")).isZero();
            assertThat(watermark(t)).isEqualTo(watermarkBefore);
            assertThat(t.app().stepLog().cycle(stopped)).extracting(StepRow::operation)
                    .containsExactly("Sync Schema", "Pull Updates", PullDeletes.OPERATION);
        }
    }

    @Test
    void a_delete_log_call_that_fails_rolls_back_and_the_next_cycle_removes_the_records() throws Exception {
        try (TestApp t = start("10", "0")) {
            t.cycle();
            String lead = ids(t, "Lead").get(4);
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().delete("Lead", lead);
            t.org().clock().advance(Duration.ofMinutes(2));
            // the cycle's read-ahead of getDeleted (a subrequest of its composite request), then the step's own call
            // and its 3 retries
            t.org().failNext(1 + 1 + 3, "/deleted/", 503, "SERVER_UNAVAILABLE", "Server is unavailable");

            String failed = t.cycle();
            assertThat(step(t, failed, "Lead").status()).isEqualTo("Rolled back");
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sf_deleted_at IS NOT NULL")).isZero();

            String next = t.cycle();
            assertThat(step(t, next, "Lead").status()).isEqualTo("Completed");
            assertThat(step(t, next, "Lead").deleted()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sf_deleted_at IS NOT NULL AND sfdc_lead_id = ?", lead))
                    .isEqualTo(1);
        }
    }

    /** The app with sfsync's clock following the org's (the objects of the seed: Lead, Contact). */
    private TestApp start(String leads, String contacts) throws Exception {
        TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.objects", contacts.equals("0") ? "Lead" : "Lead,Contact",
                "sfsync.salesforce.emulator.seed-leads", leads,
                "sfsync.salesforce.emulator.seed-contacts", contacts));
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                .useClock(new OrgClock(t.org().clock()));
        return t;
    }

    private static Object watermark(TestApp t) throws Exception {
        return t.rows("SELECT watermark_at FROM sync_operation_watermark WHERE object_name = 'Lead' AND operation = ?",
                PullDeletes.OPERATION).get(0).get("watermark_at");
    }

    private static List<String> ids(TestApp t, String object) {
        return t.org().all(object).stream().map(r -> (String) r.get("Id")).toList();
    }

    private static StepRow step(TestApp t, String cycle, String object) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(PullDeletes.OPERATION))
                .findFirst().orElseThrow();
    }
}
