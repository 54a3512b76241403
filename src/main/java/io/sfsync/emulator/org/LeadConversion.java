package io.sfsync.emulator.org;

import io.sfsync.emulator.ConvertOptions;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.sfsync.emulator.org.OrgRules.get;
import static io.sfsync.emulator.org.OrgRules.scan;

/**
 * Lead conversion as Salesforce's convertLead does it: creates (or reuses) the Account, creates the Contact and,
 * unless disabled, an Opportunity with a primary contact role; marks the lead converted and recounts its campaigns.
 */
final class LeadConversion {

    private final EmulatorOrg org;
    private final OrgRules rules;

    LeadConversion(EmulatorOrg org, OrgRules rules) {
        this.org = org;
        this.rules = rules;
    }

    ConvertOptions.Result convert(String leadId, ConvertOptions options) {
        ConvertOptions o = options == null ? ConvertOptions.defaults() : options;
        ObjectStore leads = org.store("Lead");
        SObjectDef ld = leads.def;
        rules.access().checkObjectWrite(ld);
        if (!SfIds.isValid(leadId)) {
            throw new SalesforceApiException(400, "MALFORMED_ID", "Lead ID: id value of incorrect type: " + leadId,
                    List.of("Id"));
        }
        Object[] lead = org.row(leads, leadId);
        if (lead == null) {
            throw new SalesforceApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (leads.isDeleted(lead)) {
            throw new SalesforceApiException(400, "ENTITY_IS_DELETED", "entity is deleted");
        }
        if (Boolean.TRUE.equals(get(ld, lead, "IsConverted"))) {
            throw new SalesforceApiException(400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead");
        }
        String status = o.convertedStatus() == null ? ConvertOptions.DEFAULT_CONVERTED_STATUS : o.convertedStatus();
        if (!status.equals(ConvertOptions.DEFAULT_CONVERTED_STATUS)) {
            throw new SalesforceApiException(400, "INVALID_STATUS", "invalid convertedStatus: " + status);
        }
        String owner = (String) get(ld, lead, "OwnerId");
        String accountId = o.accountId();
        if (accountId != null) {
            Object[] acc = SfIds.isValid(accountId) ? org.row(org.store("Account"), accountId) : null;
            if (acc == null || org.store("Account").isDeleted(acc)) {
                throw new SalesforceApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id",
                        List.of("accountId"));
            }
            accountId = SfIds.to18(accountId);
        } else {
            Map<String, Object> a = new LinkedHashMap<>();
            copy(ld, lead, a, "Company", "Name");
            copy(ld, lead, a, "Street", "BillingStreet");
            copy(ld, lead, a, "City", "BillingCity");
            copy(ld, lead, a, "State", "BillingState");
            copy(ld, lead, a, "PostalCode", "BillingPostalCode");
            copy(ld, lead, a, "Country", "BillingCountry");
            for (String f : List.of("Phone", "Fax", "Website", "Industry", "AnnualRevenue", "NumberOfEmployees")) {
                copy(ld, lead, a, f, f);
            }
            a.put("OwnerId", owner);
            accountId = org.insert(org.store("Account"), a, true);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("AccountId", accountId);
        for (String f : List.of("FirstName", "LastName", "Salutation", "Title", "Email", "Phone", "MobilePhone", "Fax",
                "LeadSource", "HasOptedOutOfEmail", "DoNotCall", "Description")) {
            copy(ld, lead, c, f, f);
        }
        copy(ld, lead, c, "Street", "MailingStreet");
        copy(ld, lead, c, "City", "MailingCity");
        copy(ld, lead, c, "State", "MailingState");
        copy(ld, lead, c, "PostalCode", "MailingPostalCode");
        copy(ld, lead, c, "Country", "MailingCountry");
        c.put("OwnerId", owner);
        String contactId = org.insert(org.store("Contact"), c, true);
        String opportunityId = null;
        if (o.createOpportunity()) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("Name", o.opportunityName() != null ? o.opportunityName() : get(ld, lead, "Company") + "-");
            op.put("AccountId", accountId);
            op.put("StageName", "Prospecting");
            op.put("CloseDate", endOfQuarter(rules.today()));
            copy(ld, lead, op, "LeadSource", "LeadSource");
            op.put("OwnerId", owner);
            opportunityId = org.insert(org.store("Opportunity"), op, true);
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("OpportunityId", opportunityId);
            role.put("ContactId", contactId);
            role.put("IsPrimary", true);
            org.insert(org.store("OpportunityContactRole"), role, true);
        }
        Map<String, Object> upd = new LinkedHashMap<>();
        upd.put("IsConverted", Boolean.TRUE);
        upd.put("ConvertedDate", rules.today());
        upd.put("ConvertedAccountId", accountId);
        upd.put("ConvertedContactId", contactId);
        upd.put("ConvertedOpportunityId", opportunityId);
        upd.put("Status", status);
        String id18 = SfIds.to18(leadId);
        rules.write(leads, id18, upd, true);
        ObjectStore members = org.store("CampaignMember");
        for (Object[] m : scan(members, r -> id18.equals(get(members.def, r, "LeadId")))) {
            rules.campaigns().recountCampaign((String) get(members.def, m, "CampaignId"));
        }
        return new ConvertOptions.Result(id18, accountId, contactId, opportunityId);
    }

    static LocalDate endOfQuarter(LocalDate d) {
        int q = d.get(IsoFields.QUARTER_OF_YEAR);
        return LocalDate.of(d.getYear(), q * 3, 1).plusMonths(1).minusDays(1);
    }

    private static void copy(SObjectDef from, Object[] row, Map<String, Object> to, String src, String dst) {
        Object v = get(from, row, src);
        if (v != null) {
            to.put(dst, v);
        }
    }
}
