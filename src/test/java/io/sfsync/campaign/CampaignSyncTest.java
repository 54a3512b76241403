package io.sfsync.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.admin.BadParameterException;
import io.sfsync.pull.PullDeletes;
import io.sfsync.pull.PullUpdates;
import io.sfsync.status.StepRow;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Programs ↔ campaigns (issue #14, C1-C8) with the bundled mappings, against the emulator through camel-salesforce, on
 * HSQLDB and on PostgreSQL: status matching before a link, channel and cost pushed, members added, moved and removed on
 * either side, a person not in Salesforce created as a Lead first, activities of changes seen in Salesforce, and campaign
 * sync switched off and on again without losing a change.
 */
class CampaignSyncTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_campaigns_");

    @TempDir
    Path data;

    private TestApp start(Db db, String... more) throws Exception {
        String[] base = {"sfsync.objects", "Lead,Contact,Campaign,CampaignMemberStatus,CampaignMember",
            "sfsync.salesforce.emulator.seed-leads", "4", "sfsync.salesforce.emulator.seed-contacts", "1"};
        String[] kv = new String[base.length + more.length];
        System.arraycopy(base, 0, kv, 0, base.length);
        System.arraycopy(more, 0, kv, base.length, more.length);
        TestApp t = TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
        OrgClock clock = new OrgClock(t.org().clock());
        t.app().camel().getRegistry().lookupByNameAndType("pullUpdates", PullUpdates.class).useClock(clock);
        t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class).useClock(clock);
        return t;
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void linking_is_refused_until_the_statuses_match_then_channel_and_summed_cost_reach_the_campaign(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            String campaign = campaign(t, "Winter webinar");
            t.cycle();
            try (Connection c = t.app().dataSource().getConnection()) {
                Programs.create(c, "Webinar Q1", "Email", List.of("Invited", "Registered", "Attended"));
                Programs.Program p = Programs.find(c, "Webinar Q1");
                assertThatThrownBy(() -> Programs.link(c, p, campaign)).isInstanceOf(BadParameterException.class)
                        .hasMessageContaining("program 'Webinar Q1' and campaign " + campaign + " have incompatible statuses")
                        .hasMessageContaining("program statuses, in order: Invited, Registered, Attended")
                        .hasMessageContaining("campaign statuses: Sent (default), Responded (responded)")
                        .hasMessageContaining("program status 'Invited' is mapped to no campaign status")
                        .hasMessageContaining("campaign status 'Sent' is the mapping of no program status")
                        .hasMessageContaining("proposed mapping: Invited -> Sent, Registered -> Responded, "
                                + "Attended -> Responded");
                assertThat(Programs.find(c, "Webinar Q1").campaignId()).isNull();

                // a mapping that names a status the campaign does not have is still refused
                Programs.mapStatuses(c, p, Map.of("Invited", "Sent", "Registered", "Registered", "Attended", "Responded"));
                assertThatThrownBy(() -> Programs.link(c, p, campaign))
                        .hasMessageContaining("program status 'Registered' is mapped to 'Registered', which campaign "
                                + campaign + " does not have");

                Programs.mapStatuses(c, p, Programs.match(c, p, campaign).proposal());
                Programs.link(c, p, campaign);
                Programs.setCost(c, p, LocalDate.of(2026, 11, 1), new BigDecimal("1000.00"));
                Programs.setCost(c, p, LocalDate.of(2026, 12, 1), new BigDecimal("250.00"));
            }
            tick(t);
            String cycle = t.cycle();

            Map<String, Object> sf = t.org().get("Campaign", campaign).orElseThrow();
            assertThat(sf).containsEntry("Type", "Email");
            assertThat(new BigDecimal(String.valueOf(sf.get("ActualCost")))).isEqualByComparingTo("1250");
            StepRow step = step(t, cycle, "Campaign", ProgramSteps.SYNC_WITH_PROGRAM);
            assertThat(step.status()).isEqualTo("Completed");
            assertThat(step.updated()).isEqualTo(1);

            // one way: a Type changed in Salesforce is set back by the cycle that pulls it
            t.org().update("Campaign", campaign, Map.of("Type", "Banner Ads"));
            tick(t);
            t.cycle();
            assertThat(t.org().get("Campaign", campaign).orElseThrow()).containsEntry("Type", "Email");

            // unlinked: the program's changes stay local
            try (Connection c = t.app().dataSource().getConnection()) {
                Programs.Program p = Programs.find(c, "Webinar Q1");
                Programs.unlink(c, p);
                Programs.setChannel(c, p, "Other");
            }
            tick(t);
            t.cycle();
            assertThat(t.org().get("Campaign", campaign).orElseThrow()).containsEntry("Type", "Email");
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void members_added_moved_and_removed_on_either_side_reach_the_other_and_salesforce_changes_are_activities(Db db)
            throws Exception {
        try (TestApp t = start(db)) {
            List<String> leads = t.org().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
            String campaign = campaign(t, "Spring event");
            String unlinked = campaign(t, "No program");
            String first = member(t, campaign, leads.get(0), "Sent");
            t.cycle();
            // the first run takes the members there are as they are: no activities for the past
            assertThat(t.count("SELECT COUNT(*) FROM person_activity")).isZero();
            link(t, "Spring event", campaign);
            assertThat(programMembers(t)).containsExactly(Map.of("person_id", personOf(t, leads.get(0)), "status", "Invited"));

            // in Salesforce: one member added, one moved
            tick(t);
            String second = member(t, campaign, leads.get(1), "Responded");
            t.org().update("CampaignMember", first, Map.of("Status", "Responded"));
            // ... and one added to a campaign no program is linked to: an activity only
            member(t, unlinked, leads.get(3), "Sent");
            tick(t);
            String cycle = t.cycle();
            assertThat(programMembers(t)).containsExactlyInAnyOrder(
                    Map.of("person_id", personOf(t, leads.get(0)), "status", "Registered"),
                    Map.of("person_id", personOf(t, leads.get(1)), "status", "Registered"));
            assertThat(activities(t)).containsExactlyInAnyOrder(
                    activity(personOf(t, leads.get(1)), ProgramSync.ADDED, campaign, "Responded"),
                    activity(personOf(t, leads.get(0)), ProgramSync.STATUS_CHANGED, campaign, "Sent \u2192 Responded"),
                    activity(personOf(t, leads.get(3)), ProgramSync.ADDED, unlinked, "Sent"));
            StepRow entries = step(t, cycle, "CampaignMember", ProgramSteps.ENTRY_LINK);
            assertThat(entries.created()).isEqualTo(2);
            assertThat(entries.updated()).isEqualTo(1);

            // removed in Salesforce
            tick(t);
            t.org().delete("CampaignMember", second);
            // Salesforce's delete log answers by whole minutes: the delete is read once its minute has passed
            t.org().clock().advance(Duration.ofMinutes(2));
            cycle = t.cycle();
            assertThat(programMembers(t)).containsExactly(Map.of("person_id", personOf(t, leads.get(0)), "status",
                    "Registered"));
            assertThat(activities(t)).contains(activity(personOf(t, leads.get(1)), ProgramSync.REMOVED, campaign,
                    "Responded"));
            assertThat(step(t, cycle, "CampaignMember", ProgramSteps.ENTRY_LINK).deleted()).isEqualTo(1);
            long seenFromSalesforce = t.count("SELECT COUNT(*) FROM person_activity");

            // locally: one added (plain SQL), one moved; then pushed, and no activity of their own
            long third = Long.parseLong(personOf(t, leads.get(2)));
            t.execute("INSERT INTO program_member (program_id, person_id, status) VALUES ((SELECT id FROM program), ?, "
                    + "'Attended')", third);
            t.execute("UPDATE program_member SET status = 'Invited' WHERE person_id = ?",
                    Long.parseLong(personOf(t, leads.get(0))));
            tick(t);
            cycle = t.cycle();
            StepRow sync = step(t, cycle, "CampaignMember", ProgramSteps.SYNC_WITH_PROGRAM);
            assertThat(sync.created()).isEqualTo(1);
            assertThat(sync.updated()).isEqualTo(1);
            assertThat(t.org().get("CampaignMember", first).orElseThrow()).containsEntry("Status", "Sent");
            assertThat(sfMembers(t, campaign)).containsEntry(leads.get(2), "Responded");
            tick(t);
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person_activity")).isEqualTo(seenFromSalesforce);

            // removed locally
            t.execute("DELETE FROM program_member WHERE person_id = ?", third);
            tick(t);
            cycle = t.cycle();
            assertThat(sfMembers(t, campaign)).containsOnlyKeys(leads.get(0));
            assertThat(step(t, cycle, "CampaignMember", ProgramSteps.SYNC_WITH_PROGRAM).deleted()).isEqualTo(1);
            tick(t);
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person_activity")).isEqualTo(seenFromSalesforce);
            assertThat(programMembers(t)).containsExactly(Map.of("person_id", personOf(t, leads.get(0)), "status",
                    "Invited"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_member_without_a_salesforce_record_is_created_as_a_lead_then_added_to_the_campaign(Db db) throws Exception {
        try (TestApp t = start(db)) {
            String campaign = campaign(t, "Trade fair");
            t.cycle();
            link(t, "Trade fair", campaign);
            t.execute("INSERT INTO person (person_type, first_name, last_name, company, email) VALUES ('Lead', 'Ada', "
                    + "'Lovelace', 'Analytical Engines', 'ada@example.org')");
            long ada = t.count("SELECT id FROM person WHERE email = 'ada@example.org'");
            t.execute("INSERT INTO program_member (program_id, person_id, status) VALUES ((SELECT id FROM program), ?, "
                    + "'Registered')", ada);
            // a person Salesforce refuses as a Lead (no Company): its member waits, with the reason
            t.execute("INSERT INTO person (person_type, last_name, email) VALUES ('Lead', 'Nocompany', 'no@example.org')");
            long refused = t.count("SELECT id FROM person WHERE email = 'no@example.org'");
            t.execute("INSERT INTO program_member (program_id, person_id, status) VALUES ((SELECT id FROM program), ?, "
                    + "'Invited')", refused);
            tick(t);
            String cycle = t.cycle();
            StepRow held = step(t, cycle, "CampaignMember", "Push New");
            assertThat(held.skipped()).isEqualTo(1);
            assertThat(held.message()).contains("its person (person." + refused + ") is not synced (no Salesforce id), so "
                    + "sfdc_contact_id and sfdc_lead_id have no value to send (link person_id in mappings/campaign-member.yaml)");

            String lead = (String) t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", ada).get(0).get("sfdc_lead_id");
            assertThat(lead).startsWith("00Q");
            assertThat(t.org().get("Lead", lead).orElseThrow()).containsEntry("LastName", "Lovelace");
            assertThat(sfMembers(t, campaign)).containsExactly(Map.entry(lead, "Responded"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void switching_campaign_sync_off_and_on_again_loses_no_change_of_either_side(Db db) throws Exception {
        try (TestApp t = start(db)) {
            List<String> leads = t.org().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
            String campaign = campaign(t, "Autumn mailing");
            String first = member(t, campaign, leads.get(0), "Sent");
            t.cycle();
            link(t, "Autumn mailing", campaign);
            t.execute("UPDATE program SET campaign_sync = FALSE");

            // meanwhile, on both sides
            t.execute("INSERT INTO program_member (program_id, person_id, status) VALUES ((SELECT id FROM program), ?, "
                    + "'Invited')", Long.parseLong(personOf(t, leads.get(1))));
            tick(t);
            t.org().update("CampaignMember", first, Map.of("Status", "Responded"));
            tick(t);
            String off = t.cycle();
            t.cycle();
            assertThat(sfMembers(t, campaign)).containsOnlyKeys(leads.get(0));
            assertThat(programMembers(t)).contains(Map.of("person_id", personOf(t, leads.get(0)), "status", "Invited"));
            assertThat(t.count("SELECT COUNT(*) FROM person_activity")).isZero();
            assertThat(step(t, off, "CampaignMember", ProgramSteps.SYNC_WITH_PROGRAM).done()).isZero();

            t.execute("UPDATE program SET campaign_sync = TRUE");
            tick(t);
            t.cycle();
            assertThat(sfMembers(t, campaign)).containsExactlyInAnyOrderEntriesOf(Map.of(leads.get(0), "Responded",
                    leads.get(1), "Sent"));
            assertThat(programMembers(t)).containsExactlyInAnyOrder(
                    Map.of("person_id", personOf(t, leads.get(0)), "status", "Registered"),
                    Map.of("person_id", personOf(t, leads.get(1)), "status", "Invited"));
            assertThat(activities(t)).containsExactly(activity(personOf(t, leads.get(0)), ProgramSync.STATUS_CHANGED,
                    campaign, "Sent \u2192 Responded"));
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void add_change_status_and_remove_through_the_http_api_reach_salesforce_at_once(Db db) throws Exception {
        try (TestApp t = start(db)) {
            List<String> leads = t.org().all("Lead").stream().map(r -> (String) r.get("Id")).toList();
            String campaign = campaign(t, "Newsletter");
            t.cycle();
            String person = personOf(t, leads.get(1));

            HttpResponse<String> added = t.post("/api/campaign-members/add?campaign=" + campaign + "&person=" + person
                    + "&status=Responded&now=true");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(added.body()).contains("added to campaign " + campaign + " with status 'Responded'")
                    .contains("\"syncedNow\"");
            assertThat(sfMembers(t, campaign)).containsExactly(Map.entry(leads.get(1), "Responded"));
            HttpResponse<String> members = t.get("/api/campaign-members?campaign=" + campaign);
            assertThat(members.statusCode()).isEqualTo(200);
            assertThat(members.body()).contains("\"personId\":" + person).contains("\"status\":\"Responded\"")
                    .contains("\"salesforceId\":\"00v");

            assertThat(t.post("/api/campaign-members/status?campaign=" + campaign + "&person=" + person
                    + "&status=Sent&now=true").statusCode()).isEqualTo(200);
            assertThat(sfMembers(t, campaign)).containsExactly(Map.entry(leads.get(1), "Sent"));

            HttpResponse<String> bad = t.post("/api/campaign-members/status?campaign=" + campaign + "&person=" + person
                    + "&status=Attended");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("has no member status 'Attended' (its statuses: Sent, Responded)");

            assertThat(t.post("/api/campaign-members/remove?campaign=" + campaign + "&person=" + person + "&now=true")
                    .statusCode()).isEqualTo(200);
            assertThat(sfMembers(t, campaign)).isEmpty();

            // a person not in Salesforce: created as a Lead, then added
            t.execute("INSERT INTO person (person_type, last_name, company, email) VALUES ('Lead', 'Hopper', 'Navy', "
                    + "'grace@example.org')");
            long grace = t.count("SELECT id FROM person WHERE email = 'grace@example.org'");
            assertThat(t.post("/api/campaign-members/add?campaign=" + campaign + "&person=" + grace + "&now=true")
                    .statusCode()).isEqualTo(200);
            String lead = (String) t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", grace).get(0).get("sfdc_lead_id");
            assertThat(sfMembers(t, campaign)).containsExactly(Map.entry(lead, "Sent"));

            // changes made here are no activities of the person
            tick(t);
            t.cycle();
            assertThat(t.count("SELECT COUNT(*) FROM person_activity")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void with_campaign_sync_switched_off_no_program_step_runs_and_unlinked_campaigns_take_no_action(Db db)
            throws Exception {
        try (TestApp t = start(db, "sfsync.campaigns.enabled", "false")) {
            String campaign = campaign(t, "Closed campaign");
            String cycle = t.cycle();
            assertThat(t.app().stepLog().cycle(cycle)).extracting(StepRow::operation)
                    .doesNotContain(ProgramSteps.SYNC_WITH_PROGRAM, ProgramSteps.ENTRY_LINK);
            String person = personOf(t, (String) t.org().all("Lead").get(0).get("Id"));
            HttpResponse<String> refused = t.post("/api/campaign-members/add?campaign=" + campaign + "&person=" + person);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("campaign sync is off (sfsync.campaigns.enabled=false)");
            assertThat(t.count("SELECT COUNT(*) FROM campaign_member")).isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String campaign(TestApp t, String name) {
        return (String) t.org().create("Campaign", Map.of("Name", name, "IsActive", true)).get("Id");
    }

    private static String member(TestApp t, String campaign, String leadId, String status) {
        return (String) t.org().create("CampaignMember", Map.of("CampaignId", campaign, "LeadId", leadId, "Status", status))
                .get("Id");
    }

    /** Program "name" with statuses Invited, Registered, Attended (→ Sent, Responded, Responded), linked. */
    private static void link(TestApp t, String name, String campaign) throws Exception {
        try (Connection c = t.app().dataSource().getConnection()) {
            Programs.create(c, name, "Email", List.of("Invited", "Registered", "Attended"));
            Programs.Program p = Programs.find(c, name);
            Programs.mapStatuses(c, p, Map.of("Invited", "Sent", "Registered", "Responded", "Attended", "Responded"));
            Programs.link(c, p, campaign);
        }
    }

    private static List<Map<String, Object>> programMembers(TestApp t) throws Exception {
        return t.rows("SELECT person_id, status FROM program_member ORDER BY person_id");
    }

    private static List<Map<String, Object>> activities(TestApp t) throws Exception {
        return t.rows("SELECT person_id, activity_type, source, subject_ref, detail FROM person_activity ORDER BY id");
    }

    private static Map<String, Object> activity(String person, String type, String campaign, String detail) {
        return Map.of("person_id", person, "activity_type", type, "source", "salesforce", "subject_ref", campaign,
                "detail", detail);
    }

    /** Lead or Contact id → Status of the campaign's members in Salesforce. */
    private static Map<String, Object> sfMembers(TestApp t, String campaign) {
        Map<String, Object> out = new java.util.HashMap<>();
        for (Map<String, Object> r : t.org().all("CampaignMember")) {
            if (campaign.equals(r.get("CampaignId"))) {
                out.put((String) (r.get("LeadId") != null ? r.get("LeadId") : r.get("ContactId")), r.get("Status"));
            }
        }
        return out;
    }

    private static String personOf(TestApp t, String sfId) throws Exception {
        return (String) t.rows("SELECT id FROM person WHERE sfdc_lead_id = ? OR sfdc_contact_id = ?", sfId, sfId).get(0)
                .get("id");
    }

    private static void tick(TestApp t) {
        t.org().clock().advance(Duration.ofSeconds(2));
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
