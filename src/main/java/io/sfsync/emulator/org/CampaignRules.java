package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.sfsync.emulator.org.OrgRules.get;
import static io.sfsync.emulator.org.OrgRules.sameId;
import static io.sfsync.emulator.org.OrgRules.scan;
import static io.sfsync.emulator.org.OrgRules.set;

/**
 * Campaigns: every new campaign gets the member statuses Sent (default) and Responded; member statuses keep one
 * default, at least one responded status and unique labels; a member's Status must be one of its campaign's
 * statuses and sets HasResponded / FirstRespondedDate; the campaign's member counts are rolled up as a system change.
 */
public final class CampaignRules {

    private final EmulatorOrg org;
    private final OrgRules rules;

    CampaignRules(EmulatorOrg org, OrgRules rules) {
        this.org = org;
        this.rules = rules;
    }

    /** A new campaign's roll-up counts start at zero. */
    void campaignInsert(SObjectDef def, Object[] row) {
        for (String f : List.of("NumberOfLeads", "NumberOfConvertedLeads", "NumberOfContacts",
                "NumberOfResponses", "NumberOfOpportunities", "NumberOfWonOpportunities")) {
            set(def, row, f, 0);
        }
        set(def, row, "AmountAllOpportunities", 0.0);
        set(def, row, "AmountWonOpportunities", 0.0);
    }

    /** Every new campaign gets the member statuses Sent (default) and Responded. */
    void campaignCreated(String campaignId) {
        createStatus(campaignId, "Sent", 1, true, false);
        createStatus(campaignId, "Responded", 2, false, true);
    }

    /** A member's new Status must be one of its campaign's statuses; sets HasResponded and FirstRespondedDate. */
    void memberUpdate(ObjectStore store, String id, Map<String, Object> values) {
        if (values.containsKey("Status")) {
            Object[] old = org.row(store, id);
            if (old != null) {
                String campaignId = (String) get(store.def, old, "CampaignId");
                Object[] status = memberStatus(campaignId, (String) values.get("Status"));
                boolean responded = Boolean.TRUE.equals(get(org.store("CampaignMemberStatus").def, status, "HasResponded"));
                values.put("HasResponded", responded);
                if (responded && get(store.def, old, "FirstRespondedDate") == null) {
                    values.put("FirstRespondedDate", rules.today());
                }
            }
        }
    }

    /** A status may go unless it is the default, the last responded one, or campaign members have it. */
    void memberStatusDelete(ObjectStore store, Object[] row) {
        SObjectDef def = store.def;
        String campaignId = (String) get(def, row, "CampaignId");
        String label = (String) get(def, row, "Label");
        if (Boolean.TRUE.equals(get(def, row, "IsDefault"))) {
            throw new SalesforceApiException(400, "DELETE_FAILED",
                    "You can't delete the default member status of a campaign: " + label);
        }
        if (Boolean.TRUE.equals(get(def, row, "HasResponded"))
                && statuses(campaignId, s -> Boolean.TRUE.equals(get(def, s, "HasResponded"))).size() <= 1) {
            throw new SalesforceApiException(400, "DELETE_FAILED",
                    "A campaign needs at least one member status with HasResponded = true: " + label);
        }
        ObjectStore members = org.store("CampaignMember");
        SObjectDef m = members.def;
        if (!scan(members, r -> campaignId.equals(get(m, r, "CampaignId")) && label.equals(get(m, r, "Status"))).isEmpty()) {
            throw new SalesforceApiException(400, "DELETE_FAILED",
                    "You can't delete a member status that campaign members have: " + label);
        }
    }

    void memberStatusInsert(SObjectDef def, Object[] row) {
        String campaignId = (String) get(def, row, "CampaignId");
        String label = (String) get(def, row, "Label");
        List<Object[]> existing = statuses(campaignId, s -> true);
        for (Object[] s : existing) {
            if (label.equalsIgnoreCase((String) get(def, s, "Label"))) {
                throw duplicateLabel(def, s);
            }
        }
        if (get(def, row, "SortOrder") == null) {
            int max = 0;
            for (Object[] s : existing) {
                if (get(def, s, "SortOrder") instanceof Integer i) {
                    max = Math.max(max, i);
                }
            }
            set(def, row, "SortOrder", max + 1);
        }
        if (existing.isEmpty()) {
            set(def, row, "IsDefault", Boolean.TRUE);
        }
    }

    void memberStatusUpdate(ObjectStore store, Object[] old, Object[] row) {
        SObjectDef def = store.def;
        String campaignId = (String) get(def, row, "CampaignId");
        String id = (String) row[store.idIdx];
        if (Boolean.TRUE.equals(get(def, old, "IsDefault")) && !Boolean.TRUE.equals(get(def, row, "IsDefault"))) {
            throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION", "A campaign must have a default member"
                    + " status: set IsDefault = true on another status instead", List.of("IsDefault"));
        }
        if (Boolean.TRUE.equals(get(def, old, "HasResponded")) && !Boolean.TRUE.equals(get(def, row, "HasResponded"))
                && statuses(campaignId, s -> Boolean.TRUE.equals(get(def, s, "HasResponded"))).size() <= 1) {
            throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION",
                    "A campaign needs at least one member status with HasResponded = true", List.of("HasResponded"));
        }
        String label = (String) get(def, row, "Label");
        for (Object[] s : statuses(campaignId, s -> !sameId((String) s[store.idIdx], id))) {
            if (label.equalsIgnoreCase((String) get(def, s, "Label"))) {
                throw duplicateLabel(def, s);
            }
        }
    }

    private static SalesforceApiException duplicateLabel(SObjectDef def, Object[] other) {
        return new SalesforceApiException(400, "DUPLICATE_VALUE", "duplicate value found: Label duplicates value on"
                + " record with id: " + other[def.field("Id").index], List.of("Label"));
    }

    void memberInsert(SObjectDef def, Object[] row) {
        String campaignId = (String) get(def, row, "CampaignId");
        String leadId = (String) get(def, row, "LeadId");
        String contactId = (String) get(def, row, "ContactId");
        if (leadId == null && contactId == null) {
            throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING",
                    "Required fields are missing: [ContactId, LeadId]", List.of("ContactId", "LeadId"));
        }
        ObjectStore members = org.store("CampaignMember");
        List<Object[]> dup = scan(members, r -> campaignId.equals(get(def, r, "CampaignId"))
                && ((leadId != null && leadId.equals(get(def, r, "LeadId")))
                || (contactId != null && contactId.equals(get(def, r, "ContactId")))));
        if (!dup.isEmpty()) {
            throw new SalesforceApiException(400, "DUPLICATE_VALUE", "Already a campaign member.");
        }
        Object[] status = memberStatus(campaignId, (String) get(def, row, "Status"));
        SObjectDef sd = org.store("CampaignMemberStatus").def;
        set(def, row, "Status", get(sd, status, "Label"));
        boolean responded = Boolean.TRUE.equals(get(sd, status, "HasResponded"));
        set(def, row, "HasResponded", responded);
        set(def, row, "FirstRespondedDate", responded ? rules.today() : null);
    }

    /** The campaign's status with this label, or its default when label is null; error when there is none. */
    Object[] memberStatus(String campaignId, String label) {
        SObjectDef sd = org.store("CampaignMemberStatus").def;
        List<Object[]> all = statuses(campaignId, s -> true);
        for (Object[] s : all) {
            if (label == null ? Boolean.TRUE.equals(get(sd, s, "IsDefault")) : label.equals(get(sd, s, "Label"))) {
                return s;
            }
        }
        throw new SalesforceApiException(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                "Status: bad value for restricted picklist field: " + label, List.of("Status"));
    }

    List<Object[]> statuses(String campaignId, Predicate<Object[]> filter) {
        ObjectStore store = org.store("CampaignMemberStatus");
        int idx = store.def.field("CampaignId").index;
        String key = SfIds.to18(campaignId);
        return scan(store, r -> key.equals(r[idx]) && filter.test(r));
    }

    void createStatus(String campaignId, String label, int sort, boolean isDefault, boolean responded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CampaignId", campaignId);
        m.put("Label", label);
        m.put("SortOrder", sort);
        m.put("IsDefault", isDefault);
        m.put("HasResponded", responded);
        org.insert(org.store("CampaignMemberStatus"), m, true);
    }

    void recountCampaignOf(ObjectStore members, String memberId) {
        Object[] m = org.row(members, memberId);
        if (m != null) {
            recountCampaign((String) get(members.def, m, "CampaignId"));
        }
    }

    /** Recomputes a campaign's member counts; a change bumps only its SystemModstamp (a system recalculation). */
    public void recountCampaign(String campaignId) {
        ObjectStore members = org.store("CampaignMember");
        SObjectDef md = members.def;
        ObjectStore leads = org.store("Lead");
        int nLeads = 0;
        int nContacts = 0;
        int nResponses = 0;
        int nConverted = 0;
        for (Object[] r : scan(members, r -> campaignId.equals(get(md, r, "CampaignId")))) {
            if (get(md, r, "ContactId") != null) {
                nContacts++;
            } else if (get(md, r, "LeadId") instanceof String leadId) {
                nLeads++;
                Object[] lead = org.row(leads, leadId);
                if (lead != null && Boolean.TRUE.equals(get(leads.def, lead, "IsConverted"))) {
                    nConverted++;
                }
            }
            if (Boolean.TRUE.equals(get(md, r, "HasResponded"))) {
                nResponses++;
            }
        }
        ObjectStore campaigns = org.store("Campaign");
        Object[] c = org.row(campaigns, campaignId);
        if (c == null) {
            return;
        }
        Map<String, Object> counts = Map.of("NumberOfLeads", nLeads, "NumberOfContacts", nContacts,
                "NumberOfResponses", nResponses, "NumberOfConvertedLeads", nConverted);
        boolean changed = false;
        for (Map.Entry<String, Object> e : counts.entrySet()) {
            changed |= !e.getValue().equals(get(campaigns.def, c, e.getKey()));
        }
        if (changed) {
            rules.write(campaigns, campaignId, counts, false);
        }
    }
}
