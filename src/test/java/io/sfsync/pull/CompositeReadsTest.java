package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.Access;
import io.sfsync.status.CycleLog;
import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cycle reads its steps' first calls ahead in composite requests (issue #16), counted by the emulator's
 * {@code GET /_emulator/stats} (API calls per endpoint, and the subrequests of composite requests apart): an idle
 * cycle of the 11 default objects, a cycle with changes on five objects, a field added in Salesforce, a subrequest
 * that fails, a composite request that fails as a whole; and the budget report of each (sync_cycle, sync_step). On
 * HSQLDB and on PostgreSQL.
 */
class CompositeReadsTest {

    enum Db { HSQLDB, POSTGRESQL }

    /** The bundled sfsync.objects. */
    private static final List<String> OBJECTS = List.of("User", "Account", "Contact", "Lead", "Opportunity",
            "OpportunityContactRole", "Campaign", "CampaignMemberStatus", "CampaignMember", "Task", "Event");

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_composite_");

    @TempDir
    Path data;

    private TestApp start(Db db, String... extra) throws Exception {
        String[] kv = new String[4 + extra.length];
        System.arraycopy(new String[] {"sfsync.salesforce.emulator.seed-leads", "5",
                "sfsync.salesforce.emulator.seed-contacts", "5"}, 0, kv, 0, 4);
        System.arraycopy(extra, 0, kv, 4, extra.length);
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void an_idle_cycle_of_the_eleven_default_objects_costs_three_composite_calls(Db db) throws Exception {
        try (TestApp t = start(db)) {
            stopOrgClock(t);
            t.cycle();
            // a minute on: every object's Pull Deletes reads the delete log (within its first minute it asks nothing)
            t.org().clock().advance(Duration.ofMinutes(1));
            Map<String, Long> calls = t.org().apiCallsByEndpoint();
            Map<String, Long> subrequests = t.org().subrequestsByEndpoint();

            String idle = t.cycle();

            // 12 queries (a change query per object, the conversions query) and 11 getDeleted: Salesforce allows
            // 5 queries per composite request, so 3 requests
            assertThat(difference(calls, t.org().apiCallsByEndpoint())).containsExactly(Map.entry("composite", 3L));
            Map<String, Long> read = difference(subrequests, t.org().subrequestsByEndpoint());
            assertThat(read).containsEntry("query", 12L);
            OBJECTS.forEach(o -> assertThat(read).containsEntry("sobjects/" + o, 1L)); // .../deleted/
            assertThat(read.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(23);
            assertThat(t.app().stepLog().cycle(idle)).allSatisfy(s -> {
                assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed");
                assertThat(s.apiCalls()).as(s.object() + " " + s.operation()).isZero();
            });
            CycleLog.CycleRow report = cycle(t, idle);
            assertThat(report.apiCalls()).isEqualTo(3);
            assertThat(report.readAheadCalls()).isEqualTo(3);
            System.out.println("API calls of an idle cycle of 11 objects: " + difference(calls, t.org().apiCallsByEndpoint()));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_cycle_with_a_hundred_changes_on_five_objects_reads_them_in_the_same_three_calls(Db db) throws Exception {
        try (TestApp t = start(db)) {
            stopOrgClock(t);
            // each of the five objects has records (Task: a first-pull window), so its first pull is done in the first cycle
            t.org().create("Account", Map.of("Name", "First Account"));
            t.org().create("Opportunity", Map.of("Name", "First Deal", "StageName", "Prospecting",
                    "CloseDate", LocalDate.of(2027, 1, 1).toString()));
            t.cycle();
            t.org().clock().advance(Duration.ofSeconds(1));
            for (int i = 0; i < 20; i++) {
                t.org().create("Account", Map.of("Name", "Economy Account " + i));
                t.org().create("Contact", Map.of("LastName", "Economy Contact " + i));
                t.org().create("Lead", Map.of("LastName", "Economy Lead " + i, "Company", "Economy Inc"));
                t.org().create("Task", Map.of("Subject", "Economy Call " + i, "Status", "Not Started", "Priority", "Normal"));
                t.org().create("Opportunity", Map.of("Name", "Economy Deal " + i, "StageName", "Prospecting",
                        "CloseDate", LocalDate.of(2027, 1, 1).toString()));
            }
            Map<String, Long> calls = t.org().apiCallsByEndpoint();

            String busy = t.cycle();

            assertThat(difference(calls, t.org().apiCallsByEndpoint())).containsExactly(Map.entry("composite", 3L));
            Map<String, Integer> pulled = new TreeMap<>();
            for (StepRow s : t.app().stepLog().cycle(busy)) {
                assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed");
                if (s.operation().equals("Pull Updates") && s.created() > 0) {
                    pulled.put(s.object(), s.created());
                }
            }
            assertThat(pulled).containsOnly(Map.entry("Account", 20), Map.entry("Contact", 20), Map.entry("Lead", 20),
                    Map.entry("Opportunity", 20), Map.entry("Task", 20));
            assertThat(t.count("SELECT COUNT(*) FROM account WHERE name LIKE 'Economy Account %'")).isEqualTo(20);
            assertThat(cycle(t, busy).apiCalls()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_hundred_local_changes_on_the_three_pushed_objects_cost_one_collection_call_each_besides_the_reads(Db db)
            throws Exception {
        // the bundled mappings push Lead, Contact and Task only (the sync user reads the other objects)
        String[] kv = {"sfsync.salesforce.emulator.seed-leads", "34", "sfsync.salesforce.emulator.seed-contacts", "33"};
        try (TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv))) {
            stopOrgClock(t);
            for (int i = 0; i < 33; i++) {
                t.org().create("Task", Map.of("Subject", "Call " + i, "Status", "Not Started", "Priority", "Normal"));
            }
            t.cycle();
            t.org().clock().advance(Duration.ofSeconds(1));
            assertThat(t.execute("UPDATE person SET title = 'Changed here' WHERE person_type IN ('Lead', 'Contact')"))
                    .isEqualTo(67);
            assertThat(t.execute("UPDATE task SET subject = 'Changed here'")).isEqualTo(33);
            Map<String, Long> calls = t.org().apiCallsByEndpoint();

            String push = t.cycle();

            assertThat(difference(calls, t.org().apiCallsByEndpoint()))
                    .containsExactly(Map.entry("composite", 3L), Map.entry("composite/sobjects", 3L));
            Map<String, Integer> pushed = new TreeMap<>();
            for (StepRow s : t.app().stepLog().cycle(push)) {
                assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed");
                if (s.operation().equals("Push Updates") && s.updated() > 0) {
                    pushed.put(s.object(), s.updated());
                    assertThat(s.apiCalls()).as(s.object()).isEqualTo(1);
                }
            }
            assertThat(pushed).containsOnly(Map.entry("Contact", 33), Map.entry("Lead", 34), Map.entry("Task", 33));
            assertThat(cycle(t, push).apiCalls()).isEqualTo(6);
            System.out.println("API calls of a cycle pushing 100 local changes: "
                    + difference(calls, t.org().apiCallsByEndpoint()));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void with_the_schema_checked_every_cycle_a_field_added_in_salesforce_is_noticed_within_one_cycle_in_the_same_calls(
            Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.schema.check-interval-seconds", "0")) {
            // the org's clock moved a minute before each cycle: every cycle's getDeleted is due
            stopOrgClock(t);
            t.cycle();
            t.org().setFieldAccess("Lead", "Fax", Access.HIDDEN); // a field no mapping maps
            t.org().clock().advance(Duration.ofMinutes(1));
            String removed = t.cycle();
            assertThat(step(t, removed, "Lead", "Sync Schema").deleted()).isEqualTo(1);

            t.org().setFieldAccess("Lead", "Fax", Access.READ_WRITE);
            t.org().clock().advance(Duration.ofMinutes(1));
            Map<String, Long> calls = t.org().apiCallsByEndpoint();
            Map<String, Long> subrequests = t.org().subrequestsByEndpoint();
            String added = t.cycle();

            StepRow lead = step(t, added, "Lead", "Sync Schema");
            assertThat(lead.status()).isEqualTo("Completed");
            assertThat(lead.created()).isEqualTo(1);
            assertThat(step(t, added, "Contact", "Sync Schema").message()).startsWith("not modified since ");
            // 11 describes with If-Modified-Since ride along: still 3 requests (34 subrequests, 12 of them queries)
            assertThat(difference(calls, t.org().apiCallsByEndpoint())).containsExactly(Map.entry("composite", 3L));
            Map<String, Long> read = difference(subrequests, t.org().subrequestsByEndpoint());
            OBJECTS.forEach(o -> assertThat(read).containsEntry("sobjects/" + o + "/describe", 1L));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_subrequest_that_fails_fails_only_its_objects_step_with_the_error_of_a_direct_call(Db db) throws Exception {
        String withComposite = titleHiddenFailure(db, "true");
        if (db == Db.POSTGRESQL) { // the same scenario from an empty database again
            postgres.sql("DROP SCHEMA " + postgres.name() + " CASCADE");
            postgres.sql("CREATE SCHEMA " + postgres.name());
        }
        String withoutComposite = titleHiddenFailure(db, "false");

        assertThat(withComposite).contains("INVALID_FIELD").contains("No such column 'Title' on entity 'Lead'")
                .contains("the next cycle's Sync Schema describes Lead again");
        // the same text, but for the watermark's moment in the query (the two runs ran at different times)
        assertThat(withoutMoments(withComposite)).isEqualTo(withoutMoments(withoutComposite));
    }

    /**
     * A mapped Lead field hidden from the sync user: Lead's change query fails with INVALID_FIELD while a changed
     * Contact still syncs; the next cycle describes Lead at once and pulls it without the field. Returns the message of
     * the failed Lead Pull Updates step.
     */
    private String titleHiddenFailure(Db db, String compositeReads) throws Exception {
        Path dir = data.resolve("composite-" + compositeReads);
        String[] kv = {"sfsync.salesforce.emulator.seed-leads", "5", "sfsync.salesforce.emulator.seed-contacts", "5",
            "sfsync.cycle.composite-reads", compositeReads};
        try (TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(dir, kv) : postgres.appConfig(dir, kv))) {
            t.cycle();
            String lead = (String) t.org().all("Lead").get(0).get("Id");
            String contact = (String) t.org().all("Contact").get(0).get("Id");
            t.org().setFieldAccess("Lead", "Title", Access.HIDDEN);
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Lead", lead, Map.of("Email", "lead.after@example.org"));
            t.org().update("Contact", contact, Map.of("Email", "contact.after@example.org"));

            String failing = t.cycle();

            StepRow pull = step(t, failing, "Lead", "Pull Updates");
            assertThat(pull.status()).isEqualTo("Rolled back");
            assertThat(step(t, failing, "Contact", "Pull Updates").status()).isEqualTo("Completed");
            assertThat(t.app().stepLog().cycle(failing)).filteredOn(s -> !s.status().equals("Completed"))
                    .extracting(s -> s.object() + " " + s.operation()).containsExactly("Lead Pull Updates");
            assertThat(t.rows("SELECT email FROM person WHERE sfdc_contact_id = ?", contact).get(0))
                    .containsEntry("email", "contact.after@example.org");

            String next = t.cycle();

            assertThat(step(t, next, "Lead", "Sync Schema").deleted()).isEqualTo(1);
            assertThat(step(t, next, "Lead", "Pull Updates").status()).isEqualTo("Completed");
            assertThat(t.rows("SELECT email FROM person WHERE sfdc_lead_id = ?", lead).get(0))
                    .containsEntry("email", "lead.after@example.org");
            return pull.message();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void when_a_composite_request_fails_as_a_whole_the_steps_make_their_own_calls(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            String contact = (String) t.org().all("Contact").get(0).get("Id");
            t.org().clock().advance(Duration.ofSeconds(1));
            t.org().update("Contact", contact, Map.of("Email", "despite.the.outage@example.org"));
            t.org().failNext(1, "/composite", 503, "SERVER_UNAVAILABLE", "Service temporarily unavailable");
            Map<String, Long> calls = t.org().apiCallsByEndpoint();

            String cycle = t.cycle();

            assertThat(t.app().stepLog().cycle(cycle)).allSatisfy(
                    s -> assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed"));
            assertThat(t.rows("SELECT email FROM person WHERE sfdc_contact_id = ?", contact).get(0))
                    .containsEntry("email", "despite.the.outage@example.org");
            Map<String, Long> used = difference(calls, t.org().apiCallsByEndpoint());
            // the first request (5 queries) failed before it was counted; its steps asked themselves
            assertThat(used).containsEntry("composite", 2L).containsEntry("query", 5L);
            CycleLog.CycleRow report = cycle(t, cycle);
            assertThat(report.readAheadCalls()).isEqualTo(3);
            assertThat(report.apiCalls()).isEqualTo(3 + (int) used.entrySet().stream()
                    .filter(e -> !e.getKey().equals("composite")).mapToLong(Map.Entry::getValue).sum());
        }
    }

    private static String withoutMoments(String text) {
        return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "<moment>");
    }

    /** sfsync's clocks (Pull Updates' enabling, Pull Deletes' now) follow the emulator's. */
    @ParameterizedTest
    @EnumSource(Db.class)
    void with_update_probes_an_idle_cycle_costs_one_call_and_changes_one_more_a_minute_later(Db db) throws Exception {
        try (TestApp t = start(db, "sfsync.cycle.update-probes", "true")) {
            followOrgClock(t);
            t.app().camel().getRegistry().lookupByNameAndType("cycleReads", CycleReads.class)
                    .useClock(new OrgClock(t.org().clock()));
            t.cycle();
            // the first cycle sends every change query after a seed probe; the next probes start at the seeds' minute,
            // so records changed in that minute send their objects' change queries once more; after that each probe
            // starts where the last one ended
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            t.org().clock().advance(Duration.ofMinutes(2));
            Map<String, Long> calls = t.org().apiCallsByEndpoint();
            Map<String, Long> subrequests = t.org().subrequestsByEndpoint();

            String idle = t.cycle();

            // 11 getUpdated, 11 getDeleted and the conversions query: one composite request
            assertThat(difference(calls, t.org().apiCallsByEndpoint())).containsExactly(Map.entry("composite", 1L));
            Map<String, Long> read = difference(subrequests, t.org().subrequestsByEndpoint());
            assertThat(read).containsEntry("query", 1L);
            OBJECTS.forEach(o -> assertThat(read).containsEntry("sobjects/" + o, 2L)); // .../updated/ and .../deleted/
            assertThat(t.app().stepLog().cycle(idle)).allSatisfy(s ->
                    assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed"));
            assertThat(cycle(t, idle).apiCalls()).isEqualTo(1);

            // changes on two objects; a minute later they are inside the probes' window
            String lead = (String) t.org().all("Lead").get(0).get("Id");
            t.org().update("Lead", lead, Map.of("Title", "Probed Title"));
            t.org().create("Account", Map.of("Name", "Probed Account"));
            t.org().clock().advance(Duration.ofMinutes(1));
            // a cycle whose change queries fail: the probes' window counts only for steps that completed, so the next
            // probes of Lead and Account look at it again
            t.org().failNext(3, "/query", 400, "MALFORMED_QUERY", "injected for the test");
            String failed = t.cycle();
            assertThat(t.app().stepLog().cycle(failed)).filteredOn(s -> s.operation().equals("Pull Updates")
                    && (s.object().equals("Lead") || s.object().equals("Account")))
                    .extracting(StepRow::status).hasSize(2).doesNotContain("Completed");
            assertThat(t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", lead)).doesNotContain(
                    Map.of("title", "Probed Title"));
            t.org().clock().advance(Duration.ofMinutes(1));
            calls = t.org().apiCallsByEndpoint();

            String busy = t.cycle();

            // the probes, then the two objects' change queries in a second composite request
            assertThat(difference(calls, t.org().apiCallsByEndpoint())).containsExactly(Map.entry("composite", 2L));
            assertThat(t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", lead))
                    .containsExactly(Map.of("title", "Probed Title"));
            assertThat(t.count("SELECT COUNT(*) FROM account WHERE name = 'Probed Account'")).isEqualTo(1);
            assertThat(t.app().stepLog().cycle(busy)).allSatisfy(s ->
                    assertThat(s.status()).as(s.object() + " " + s.operation()).isEqualTo("Completed"));

            // the price: a change in the minute a cycle runs in is outside its probe (whole minutes), and the next
            // cycle reads it
            t.org().clock().advance(Duration.ofMinutes(1));
            t.org().update("Lead", lead, Map.of("Title", "Changed Just Now"));
            t.cycle();
            assertThat(t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", lead))
                    .containsExactly(Map.of("title", "Probed Title"));
            t.org().clock().advance(Duration.ofMinutes(2));
            t.cycle();
            assertThat(t.rows("SELECT title FROM person WHERE sfdc_lead_id = ?", lead))
                    .containsExactly(Map.of("title", "Changed Just Now"));
        }
    }

    /**
     * The sync follows the org's clock, and the clock stands still until the test moves it. A minute turning in real
     * time between a cycle's plan (getDeleted not yet due) and its Pull Deletes (due) would make the step call
     * getDeleted itself: one call more than the cycle's composite requests, which these tests count exactly.
     */
    private static void stopOrgClock(TestApp t) {
        followOrgClock(t);
        t.org().clock().freeze();
    }

    private static void followOrgClock(TestApp t) {
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                .useClock(new OrgClock(t.org().clock()));
        t.app().camel().getRegistry().lookupByNameAndType("pullUpdates", PullUpdates.class)
                .useClock(new OrgClock(t.org().clock()));
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((endpoint, n) -> {
            long d = n - before.getOrDefault(endpoint, 0L);
            if (d != 0) {
                out.put(endpoint, d);
            }
        });
        return out;
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }

    private static CycleLog.CycleRow cycle(TestApp t, String cycleId) throws Exception {
        Map<String, CycleLog.CycleRow> byId = new HashMap<>();
        new CycleLog(t.app().dataSource(), null).latest(100).forEach(r -> byId.put(r.cycleId(), r));
        assertThat(byId).containsKey(cycleId);
        return byId.get(cycleId);
    }
}
