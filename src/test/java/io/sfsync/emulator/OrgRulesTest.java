package io.sfsync.emulator;

import io.sfsync.emulator.org.SfIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Org rules through the in-process API: derived fields, campaigns, lead conversion, access, validation, seeding. */
class OrgRulesTest {

    private static final Instant T0 = Instant.parse("2026-05-12T09:00:00Z");
    private EmulatorOrg org;

    @BeforeEach
    void setUp() {
        org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.clock().freeze(T0);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private String create(String object, Object... kv) {
        return (String) org.create(object, map(kv)).get("Id");
    }

    private Map<String, Object> get(String object, String id) {
        return org.get(object, id).orElseThrow();
    }

    private static void assertFails(Runnable r, String errorCode, String messagePart) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(SalesforceApiException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(errorCode);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    // ------------------------------------------------------------------ objects and derived fields

    @Test
    void every_new_object_has_its_key_prefix_and_is_in_the_schema() {
        assertThat(org.sobjectNames()).contains("Opportunity", "OpportunityContactRole", "Campaign", "CampaignMember",
                "CampaignMemberStatus", "Task", "Event");
        String acc = create("Account", "Name", "Acme");
        assertThat(create("Opportunity", "Name", "Deal", "AccountId", acc, "StageName", "Prospecting",
                "CloseDate", "2026-06-30")).startsWith("006");
        assertThat(create("Campaign", "Name", "Webinar")).startsWith("701");
        assertThat(create("Task", "Subject", "Call")).startsWith("00T");
        assertThat(create("Event", "Subject", "Demo", "ActivityDateTime", "2026-05-13T10:00:00Z",
                "DurationInMinutes", 30)).startsWith("00U");
    }

    @Test
    void opportunity_stage_drives_is_closed_is_won_probability_and_the_expected_revenue_formula() {
        String id = create("Opportunity", "Name", "Deal", "StageName", "Negotiation/Review", "CloseDate", "2026-06-30",
                "Amount", 1000);
        Map<String, Object> o = get("Opportunity", id);
        assertThat(o).containsEntry("IsClosed", false).containsEntry("IsWon", false)
                .containsEntry("Probability", 90.0).containsEntry("ExpectedRevenue", 900.0)
                .containsEntry("ForecastCategoryName", "Pipeline").containsEntry("FiscalQuarter", 2);
        org.update("Opportunity", id, map("StageName", "Closed Won"));
        o = get("Opportunity", id);
        assertThat(o).containsEntry("IsClosed", true).containsEntry("IsWon", true).containsEntry("Probability", 100.0)
                .containsEntry("ExpectedRevenue", 1000.0).containsEntry("ForecastCategory", "Closed");
        org.update("Opportunity", id, map("StageName", "Closed Lost"));
        assertThat(get("Opportunity", id)).containsEntry("IsClosed", true).containsEntry("IsWon", false);
    }

    @Test
    void formula_and_derived_fields_are_never_writable() {
        String id = create("Opportunity", "Name", "Deal", "StageName", "Prospecting", "CloseDate", "2026-06-30");
        assertFails(() -> org.update("Opportunity", id, map("ExpectedRevenue", 5)), "INVALID_FIELD_FOR_INSERT_UPDATE",
                "ExpectedRevenue");
        assertFails(() -> org.update("Opportunity", id, map("IsWon", true)), "INVALID_FIELD_FOR_INSERT_UPDATE", "IsWon");
        assertFails(() -> create("Opportunity", "Name", "Deal", "StageName", "Won-ish", "CloseDate", "2026-06-30"),
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: Won-ish");
        assertFails(() -> create("Opportunity", "Name", "Deal", "StageName", "Prospecting"), "REQUIRED_FIELD_MISSING",
                "CloseDate");
    }

    @Test
    void task_status_and_priority_are_restricted_and_is_closed_follows_status() {
        String id = create("Task", "Subject", "Call back");
        assertThat(get("Task", id)).containsEntry("Status", "Not Started").containsEntry("Priority", "Normal")
                .containsEntry("IsClosed", false).containsEntry("TaskSubtype", "Task");
        org.clock().advance(Duration.ofMinutes(5));
        org.update("Task", id, map("Status", "Completed", "Priority", "High"));
        assertThat(get("Task", id)).containsEntry("IsClosed", true).containsEntry("IsHighPriority", true)
                .containsEntry("CompletedDateTime", T0.plus(Duration.ofMinutes(5)));
        org.update("Task", id, map("Status", "Deferred"));
        assertThat(get("Task", id)).containsEntry("IsClosed", false).containsEntry("CompletedDateTime", null);
        assertFails(() -> org.update("Task", id, map("Status", "Done")), "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                "Status: bad value for restricted picklist field: Done");
        assertFails(() -> create("Task", "Priority", "Urgent"), "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                "bad value for restricted picklist field: Urgent");
    }

    @Test
    void task_who_must_be_a_lead_or_contact_and_its_account_is_derived() {
        String acc = create("Account", "Name", "Acme");
        String contact = create("Contact", "LastName", "Doe", "AccountId", acc);
        String id = create("Task", "Subject", "Call", "WhoId", contact);
        assertThat(get("Task", id)).containsEntry("AccountId", acc);
        assertFails(() -> create("Task", "Subject", "Call", "WhoId", acc), "FIELD_INTEGRITY_EXCEPTION", "Name ID");
    }

    @Test
    void event_end_and_duration_are_kept_consistent() {
        String id = create("Event", "Subject", "Demo", "ActivityDateTime", "2026-05-13T10:00:00Z", "DurationInMinutes", 45);
        assertThat(get("Event", id)).containsEntry("StartDateTime", Instant.parse("2026-05-13T10:00:00Z"))
                .containsEntry("EndDateTime", Instant.parse("2026-05-13T10:45:00Z"))
                .containsEntry("ActivityDate", LocalDate.parse("2026-05-13"));
        org.update("Event", id, map("EndDateTime", "2026-05-13T12:00:00Z"));
        assertThat(get("Event", id)).containsEntry("DurationInMinutes", 120);
        assertFails(() -> create("Event", "Subject", "x", "ActivityDateTime", "2026-05-13T10:00:00Z"),
                "REQUIRED_FIELD_MISSING", "DurationInMinutes");
    }

    // ------------------------------------------------------------------ campaigns

    @Test
    void a_new_campaign_gets_the_default_sent_and_responded_statuses() {
        String c = create("Campaign", "Name", "Webinar");
        List<Map<String, Object>> statuses = org.query("SELECT Label, IsDefault, HasResponded, SortOrder FROM"
                + " CampaignMemberStatus WHERE CampaignId = '" + c + "' ORDER BY SortOrder");
        assertThat(statuses).containsExactly(
                Map.of("Label", "Sent", "IsDefault", true, "HasResponded", false, "SortOrder", 1),
                Map.of("Label", "Responded", "IsDefault", false, "HasResponded", true, "SortOrder", 2));
    }

    @Test
    void setting_another_default_status_moves_the_default_and_the_default_cannot_be_deleted_or_unset() {
        String c = create("Campaign", "Name", "Webinar");
        String attended = create("CampaignMemberStatus", "CampaignId", c, "Label", "Attended", "HasResponded", true,
                "IsDefault", true);
        assertThat(org.query("SELECT Label FROM CampaignMemberStatus WHERE IsDefault = true AND CampaignId = '" + c + "'"))
                .containsExactly(Map.of("Label", "Attended"));
        assertFails(() -> org.delete("CampaignMemberStatus", attended), "DELETE_FAILED", "default");
        assertFails(() -> org.update("CampaignMemberStatus", attended, map("IsDefault", false)),
                "FIELD_INTEGRITY_EXCEPTION", "default");
        assertFails(() -> create("CampaignMemberStatus", "CampaignId", c, "Label", "sent"), "DUPLICATE_VALUE", "Label");
    }

    @Test
    void the_last_responded_status_cannot_be_deleted_or_unflagged() {
        String c = create("Campaign", "Name", "Webinar");
        String responded = (String) org.query("SELECT Id FROM CampaignMemberStatus WHERE HasResponded = true AND"
                + " CampaignId = '" + c + "'").get(0).get("Id");
        assertFails(() -> org.delete("CampaignMemberStatus", responded), "DELETE_FAILED", "HasResponded");
        assertFails(() -> org.update("CampaignMemberStatus", responded, map("HasResponded", false)),
                "FIELD_INTEGRITY_EXCEPTION", "HasResponded");
        create("CampaignMemberStatus", "CampaignId", c, "Label", "Clicked", "HasResponded", true);
        org.delete("CampaignMemberStatus", responded);
        assertThat(org.get("CampaignMemberStatus", responded).orElseThrow()).containsEntry("IsDeleted", true);
    }

    @Test
    void campaign_member_status_defaults_must_exist_and_drive_has_responded_and_the_campaign_counts() {
        String c = create("Campaign", "Name", "Webinar");
        String lead = create("Lead", "LastName", "Lee", "Company", "X");
        String contact = create("Contact", "LastName", "Con");
        Instant campaignModified = (Instant) get("Campaign", c).get("LastModifiedDate");
        org.clock().advance(Duration.ofMinutes(1));
        String m = create("CampaignMember", "CampaignId", c, "LeadId", lead);
        assertThat(get("CampaignMember", m)).containsEntry("Status", "Sent").containsEntry("HasResponded", false);
        Map<String, Object> campaign = get("Campaign", c);
        assertThat(campaign).containsEntry("NumberOfLeads", 1).containsEntry("NumberOfResponses", 0)
                .containsEntry("LastModifiedDate", campaignModified)
                .containsEntry("SystemModstamp", T0.plus(Duration.ofMinutes(1)));

        org.update("CampaignMember", m, map("Status", "Responded"));
        assertThat(get("CampaignMember", m)).containsEntry("HasResponded", true)
                .containsEntry("FirstRespondedDate", LocalDate.parse("2026-05-12"));
        assertThat(get("Campaign", c)).containsEntry("NumberOfResponses", 1);

        assertFails(() -> org.update("CampaignMember", m, map("Status", "Bounced")),
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Status: bad value for restricted picklist field: Bounced");
        assertFails(() -> create("CampaignMember", "CampaignId", c, "LeadId", lead), "DUPLICATE_VALUE",
                "Already a campaign member.");
        create("CampaignMember", "CampaignId", c, "ContactId", contact, "Status", "Responded");
        assertThat(get("Campaign", c)).containsEntry("NumberOfContacts", 1).containsEntry("NumberOfResponses", 2);
        assertFails(() -> create("CampaignMember", "CampaignId", c), "REQUIRED_FIELD_MISSING", "LeadId");
    }

    // ------------------------------------------------------------------ lead conversion

    @Test
    void converting_a_lead_links_its_contact_account_and_opportunity() {
        String lead = create("Lead", "FirstName", "Ada", "LastName", "Lovelace", "Company", "Analytical Engines",
                "Email", "ada@engines.example", "Phone", "555-1", "Title", "CTO", "City", "London", "LeadSource", "Web");
        org.clock().advance(Duration.ofHours(1));
        ConvertOptions.Result r = org.convertLead(lead, ConvertOptions.defaults());

        Map<String, Object> l = get("Lead", lead);
        assertThat(l).containsEntry("IsConverted", true).containsEntry("Status", "Closed - Converted")
                .containsEntry("ConvertedDate", LocalDate.parse("2026-05-12"))
                .containsEntry("ConvertedAccountId", r.accountId()).containsEntry("ConvertedContactId", r.contactId())
                .containsEntry("ConvertedOpportunityId", r.opportunityId())
                .containsEntry("LastModifiedDate", T0.plus(Duration.ofHours(1)))
                .containsEntry("SystemModstamp", T0.plus(Duration.ofHours(1)));
        assertThat(get("Account", r.accountId())).containsEntry("Name", "Analytical Engines")
                .containsEntry("BillingCity", "London");
        assertThat(get("Contact", r.contactId())).containsEntry("Name", "Ada Lovelace")
                .containsEntry("Email", "ada@engines.example").containsEntry("Title", "CTO")
                .containsEntry("AccountId", r.accountId()).containsEntry("LeadSource", "Web")
                .containsEntry("MailingCity", "London");
        assertThat(get("Opportunity", r.opportunityId())).containsEntry("Name", "Analytical Engines-")
                .containsEntry("AccountId", r.accountId()).containsEntry("StageName", "Prospecting")
                .containsEntry("CloseDate", LocalDate.parse("2026-06-30"));
        assertThat(org.query("SELECT ContactId, IsPrimary FROM OpportunityContactRole WHERE OpportunityId = '"
                + r.opportunityId() + "'")).containsExactly(Map.of("ContactId", r.contactId(), "IsPrimary", true));
    }

    @Test
    void a_lead_can_be_converted_into_an_existing_account_without_opportunity() {
        String acc = create("Account", "Name", "Existing");
        String lead = create("Lead", "LastName", "Lee", "Company", "Whatever");
        ConvertOptions.Result r = org.convertLead(lead, ConvertOptions.defaults().withAccountId(acc).withoutOpportunity());
        assertThat(r.accountId()).isEqualTo(acc);
        assertThat(r.opportunityId()).isNull();
        assertThat(org.count("Account")).isEqualTo(1);
        assertThat(org.count("Opportunity")).isZero();
        assertFails(() -> org.convertLead(create("Lead", "LastName", "B", "Company", "C"),
                ConvertOptions.defaults().withConvertedStatus("Working - Contacted")), "INVALID_STATUS", "Working");
    }

    @Test
    void a_converted_lead_can_be_neither_updated_nor_converted_again() {
        String lead = create("Lead", "LastName", "Lee", "Company", "X");
        org.convertLead(lead, ConvertOptions.defaults());
        assertFails(() -> org.update("Lead", lead, map("Title", "CEO")), "CANNOT_UPDATE_CONVERTED_LEAD",
                "cannot reference converted lead");
        assertFails(() -> org.convertLead(lead, ConvertOptions.defaults()), "CANNOT_UPDATE_CONVERTED_LEAD",
                "cannot reference converted lead");
    }

    // ------------------------------------------------------------------ access and validation rules

    @Test
    void a_read_only_field_rejects_writes_and_a_read_only_object_rejects_all_writes() {
        String lead = create("Lead", "LastName", "Lee", "Company", "X");
        org.setFieldAccess("Lead", "Email", Access.READ_ONLY);
        assertFails(() -> org.update("Lead", lead, map("Email", "a@b.example")), "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: Email");
        org.update("Lead", lead, map("Title", "CEO"));
        org.setObjectAccess("Lead", Access.READ_ONLY);
        assertFails(() -> org.update("Lead", lead, map("Title", "CFO")), "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient");
        assertFails(() -> create("Lead", "LastName", "N", "Company", "X"), "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient");
        assertFails(() -> org.delete("Lead", lead), "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient");
        assertThat(org.query("SELECT Title FROM Lead")).containsExactly(Map.of("Title", "CEO"));
    }

    @Test
    void without_modify_all_the_sync_user_deletes_only_the_records_it_owns() {
        String queue = SfIds.make("00G", SfIds.COUNTER_BASE + 7); // a lead queue
        String mine = create("Lead", "LastName", "Mine", "Company", "X");
        String theirs = create("Lead", "LastName", "Theirs", "Company", "X", "OwnerId", queue);
        org.setObjectAccess("Lead", Access.OWN_RECORDS_DELETE);
        org.update("Lead", theirs, map("Title", "editable all the same"));
        assertFails(() -> org.delete("Lead", theirs), "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights");
        org.delete("Lead", mine);
        assertThat(org.query("SELECT LastName FROM Lead")).containsExactly(Map.of("LastName", "Theirs"));
        org.setObjectAccess("Lead", Access.READ_WRITE);
        org.delete("Lead", theirs);
        assertThat(org.count("Lead")).isZero();
    }

    @Test
    void a_hidden_field_is_no_such_column_in_soql_and_writes() {
        create("Lead", "LastName", "Lee", "Company", "X", "Email", "l@x.example");
        org.setFieldAccess("Lead", "Email", Access.HIDDEN);
        assertFails(() -> org.query("SELECT Id, Email FROM Lead"), "INVALID_FIELD", "No such column 'Email' on entity 'Lead'");
        assertFails(() -> org.query("SELECT Id FROM Lead WHERE Email != null ORDER BY LastName"), "INVALID_FIELD",
                "No such column 'Email'");
        assertFails(() -> create("Lead", "LastName", "N", "Company", "X", "Email", "n@x.example"), "INVALID_FIELD",
                "No such column 'Email'");
        org.setFieldAccess("Lead", "Email", Access.READ_WRITE);
        assertThat(org.query("SELECT Email FROM Lead")).hasSize(1);
    }

    @Test
    void validation_rules_reject_violating_writes_with_the_message_and_field() {
        String lead = create("Lead", "LastName", "Lee", "Company", "X");
        org.addValidationRule("Lead", "Email", "Email is required for sync", FieldCondition.notBlank());
        assertThatThrownBy(() -> org.update("Lead", lead, map("Title", "CEO")))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
                    assertThat(e.getMessage()).isEqualTo("Email is required for sync");
                    assertThat(e.fields()).containsExactly("Email");
                });
        org.update("Lead", lead, map("Email", "lee@x.example"));
        org.addValidationRule("Lead", "Company", "No test companies", FieldCondition.notEqualTo("Test"));
        org.addValidationRule("Lead", "PostalCode", "Zip must be 5 digits", FieldCondition.matches("\\d{5}"));
        assertFails(() -> create("Lead", "LastName", "N", "Company", "Test", "Email", "n@x.example"),
                "FIELD_CUSTOM_VALIDATION_EXCEPTION", "No test companies");
        assertFails(() -> org.update("Lead", lead, map("PostalCode", "12-34")), "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "Zip must be 5 digits");
        org.update("Lead", lead, map("PostalCode", "12345"));
        org.clearValidationRules();
        org.update("Lead", lead, map("Email", null));
        assertThat(get("Lead", lead)).containsEntry("Email", null);
    }

    @Test
    void touch_system_only_and_roll_ups_keep_system_modstamp_at_or_after_last_modified() {
        String c = create("Campaign", "Name", "Webinar");
        org.clock().advance(Duration.ofSeconds(30));
        org.touchSystemOnly("Campaign", c);
        Map<String, Object> rec = get("Campaign", c);
        assertThat((Instant) rec.get("SystemModstamp")).isAfter((Instant) rec.get("LastModifiedDate"));
        assertThat(rec.get("LastModifiedDate")).isEqualTo(T0);
    }

    // ------------------------------------------------------------------ seeding

    @Test
    void every_object_can_be_seeded_with_linked_deterministic_records() {
        for (String object : List.of("Opportunity", "OpportunityContactRole", "Campaign", "CampaignMemberStatus",
                "CampaignMember", "Task", "Event")) {
            int before = org.count(object);
            org.seed(object, 40);
            assertThat(org.count(object)).as(object).isEqualTo(before + 40);
        }
        assertThat(org.query("SELECT Id FROM Opportunity WHERE AccountId = null")).isEmpty();
        assertThat(org.query("SELECT Id FROM Task WHERE WhoId = null")).isEmpty();
        assertThat(org.query("SELECT Id FROM CampaignMember WHERE Status = null")).isEmpty();
        assertThat(org.query("SELECT Id FROM Opportunity WHERE StageName = 'Closed Won' AND IsWon = false")).isEmpty();
        assertThat(org.query("SELECT Id FROM Task WHERE Status = 'Completed' AND IsClosed = false")).isEmpty();
        int members = org.count("CampaignMember");
        int counted = 0;
        for (Map<String, Object> c : org.all("Campaign")) {
            counted += (Integer) c.get("NumberOfLeads") + (Integer) c.get("NumberOfContacts");
        }
        assertThat(counted).isEqualTo(members);
        // seeded campaigns obey the same member-status rules as created ones
        Map<String, Object> m = org.all("CampaignMember").get(0);
        assertFails(() -> org.create("CampaignMember", map("CampaignId", m.get("CampaignId"),
                m.get("LeadId") != null ? "LeadId" : "ContactId",
                m.get("LeadId") != null ? m.get("LeadId") : m.get("ContactId"))), "DUPLICATE_VALUE", "Already");

        EmulatorOrg other = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        other.clock().freeze(T0);
        for (String object : List.of("Opportunity", "OpportunityContactRole", "Campaign", "CampaignMemberStatus",
                "CampaignMember", "Task", "Event")) {
            other.seed(object, 40);
        }
        assertThat(other.query("SELECT Name, Amount, StageName FROM Opportunity"))
                .isEqualTo(org.query("SELECT Name, Amount, StageName FROM Opportunity"));
    }
}
