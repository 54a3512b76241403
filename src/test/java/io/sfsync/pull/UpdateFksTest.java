package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Update FKs: local foreign keys follow the Salesforce ids, whatever order records arrive in. */
class UpdateFksTest {

    @TempDir
    Path data;

    @Test
    void every_object_type_is_pulled_and_linked_to_its_parents() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data,
                "sfsync.salesforce.emulator.seed-leads", "60",
                "sfsync.salesforce.emulator.seed-contacts", "40",
                "sfsync.salesforce.emulator.seed-extra", "Account:10,Opportunity:15,OpportunityContactRole:25,Campaign:3,CampaignMember:30,Task:40,Event:20"))) {
            String cycle = t.cycle();

            assertThat(t.app().stepLog().cycle(cycle)).allSatisfy(s -> assertThat(s.status()).as(s.object() + " " + s.operation())
                    .isEqualTo("Completed"));
            for (Map.Entry<String, String> e : Map.of("Account", "account", "Opportunity", "opportunity",
                    "Campaign", "campaign", "CampaignMember", "campaign_member", "Event", "event",
                    "OpportunityContactRole", "opportunity_contact_role", "CampaignMemberStatus", "campaign_member_status",
                    "User", "sf_user").entrySet()) {
                assertThat(t.count("SELECT COUNT(*) FROM " + e.getValue())).as(e.getKey()).isEqualTo(t.org().count(e.getKey()));
            }
            // only the reminder tasks the value maps of mappings/task.yaml list are synced (issue #13)
            assertThat(t.count("SELECT COUNT(*) FROM task")).isEqualTo(t.org().query("SELECT Id FROM Task WHERE Status "
                    + "IN ('Not Started', 'Completed') AND Priority IN ('Normal', 'High')").size()).isPositive();
            assertThat(t.count("SELECT COUNT(*) FROM opportunity_contact_role")).isEqualTo(25);
            assertThat(t.count("SELECT COUNT(*) FROM campaign_member_status")).isEqualTo(6);

            // Every Salesforce reference that has a local row is linked, and links point at the right row.
            assertThat(t.count("SELECT COUNT(*) FROM person p JOIN account a ON a.sfdc_id = p.sfdc_account_id "
                    + "WHERE p.account_id IS NULL OR p.account_id <> a.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE account_id IS NOT NULL")).isPositive();
            assertThat(t.count("SELECT COUNT(*) FROM opportunity o JOIN account a ON a.sfdc_id = o.sfdc_account_id "
                    + "WHERE o.account_id IS NULL OR o.account_id <> a.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM opportunity_contact_role r JOIN opportunity o "
                    + "ON o.sfdc_id = r.sfdc_opportunity_id WHERE r.opportunity_id IS NULL OR r.opportunity_id <> o.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM opportunity_contact_role r JOIN person p "
                    + "ON p.sfdc_contact_id = r.sfdc_contact_id WHERE r.person_id IS NULL OR r.person_id <> p.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM opportunity_contact_role WHERE opportunity_id IS NOT NULL "
                    + "AND person_id IS NOT NULL")).isEqualTo(25);
            assertThat(t.count("SELECT COUNT(*) FROM campaign_member m JOIN campaign c ON c.sfdc_id = m.sfdc_campaign_id "
                    + "WHERE m.campaign_id IS NULL OR m.campaign_id <> c.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM campaign_member m JOIN person p ON p.sfdc_contact_id = m.sfdc_contact_id "
                    + "OR p.sfdc_lead_id = m.sfdc_lead_id WHERE m.person_id IS NULL OR m.person_id <> p.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM campaign_member WHERE person_id IS NOT NULL")).isEqualTo(30);
            // Update Activities: every task and event concerning a Lead or Contact belongs to its person.
            assertThat(t.count("SELECT COUNT(*) FROM task k JOIN person p ON p.sfdc_contact_id = k.sfdc_who_id "
                    + "OR p.sfdc_lead_id = k.sfdc_who_id WHERE k.person_id IS NULL OR k.person_id <> p.id")).isZero();
            assertThat(t.count("SELECT COUNT(*) FROM task WHERE person_id IS NOT NULL")).isEqualTo(
                    t.count("SELECT COUNT(*) FROM task WHERE sfdc_who_id IS NOT NULL"));
            assertThat(t.count("SELECT COUNT(*) FROM event WHERE person_id IS NOT NULL")).isEqualTo(
                    t.count("SELECT COUNT(*) FROM event WHERE sfdc_who_id IS NOT NULL"));

            // Nothing changed: the next Update FKs touches nothing.
            String next = t.cycle();
            assertThat(t.app().stepLog().cycle(next)).filteredOn(s -> s.operation().equals("Update FKs"))
                    .isNotEmpty().allSatisfy(s -> assertThat(s.updated()).isZero());
        }
    }

    @Test
    void a_parent_that_arrives_after_its_child_is_linked_in_the_cycle_it_arrives() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data, "sfsync.objects", "Account,User,Contact",
                "sfsync.salesforce.emulator.seed-leads", "0", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            String accountId = (String) t.org().create("Account", Map.of("Name", "Late Parent Ltd")).get("Id");
            String contactId = (String) t.org().create("Contact", Map.of("LastName", "Early", "AccountId", accountId)).get("Id");
            // The cycle reads the three first queries ahead (their COUNT(), subrequests of one composite request); they
            // fail, so each step asks again itself: the Account query and its 3 retries fail, then User's and Contact's
            // succeed: the Contact arrives without its parent.
            t.org().failNext(3 + 1 + 3, "/query", 503, "SERVER_UNAVAILABLE", "Server is unavailable");
            String first = t.cycle();
            assertThat(step(t, first, "Account", "Pull Updates").status()).isEqualTo("Failed");
            assertThat(t.rows("SELECT sfdc_account_id, account_id FROM person WHERE sfdc_contact_id = ?", contactId).get(0))
                    .containsEntry("sfdc_account_id", accountId).containsEntry("account_id", null);

            String second = t.cycle();
            assertThat(step(t, second, "Contact", "Update FKs").updated()).isEqualTo(1);
            List<Map<String, Object>> linked = t.rows("SELECT p.account_id, a.id FROM person p JOIN account a "
                    + "ON a.sfdc_id = ? WHERE p.sfdc_contact_id = ?", accountId, contactId);
            assertThat(linked.get(0).get("account_id")).isEqualTo(linked.get(0).get("id"));
        }
    }

    private static StepRow step(TestApp t, String cycle, String object, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream()
                .filter(s -> s.object().equals(object) && s.operation().equals(operation)).findFirst().orElseThrow();
    }
}
