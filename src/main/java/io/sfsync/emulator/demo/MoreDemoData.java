package io.sfsync.emulator.demo;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.OpportunityRules;
import io.sfsync.emulator.org.OrgRules;
import io.sfsync.emulator.org.SObjectDef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Demo-data generators for the objects beyond Lead/Contact/Account (and a generic one for custom objects). Related
 * records are linked to existing ones (seeding a few parents first when there are none), derived fields are set the
 * way the org's rules would set them, and campaign roll-ups are recalculated afterwards.
 */
final class MoreDemoData {

    private static final String[] OPP_KINDS = {"New Business", "Renewal", "Upgrade", "Expansion", "Services",
        "Pilot", "Add-On Licenses"};
    private static final String[] STAGES = {"Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
        "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won",
        "Closed Lost"};
    private static final String[] OPP_TYPES = {"Existing Customer - Upgrade", "Existing Customer - Replacement",
        "Existing Customer - Downgrade", "New Customer"};
    private static final String[] SOURCES = {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"};
    private static final String[] CAMPAIGN_THEMES = {"Spring Webinar", "Summer Trade Show", "Product Launch",
        "Customer Summit", "Holiday Email Blast", "Partner Roadshow", "Q4 Upsell Drive", "Industry Conference",
        "Free Trial Promotion", "Newsletter"};
    private static final String[] CAMPAIGN_TYPES = {"Advertisement", "Email", "Telemarketing", "Banner Ads",
        "Seminar / Conference", "Public Relations", "Partners", "Referral Program", "Other"};
    private static final String[] CAMPAIGN_STATUSES = {"Planned", "In Progress", "Completed", "Aborted"};
    private static final String[] EXTRA_STATUSES = {"Registered", "Attended", "Opened", "Clicked", "Unsubscribed",
        "No Show"};
    private static final String[] TASK_SUBJECTS = {"Call", "Send Letter", "Send Quote", "Follow up on proposal",
        "Email: intro deck", "Schedule demo", "Check in after trial", "Prepare contract"};
    private static final String[] TASK_STATUSES = {"Not Started", "In Progress", "Completed", "Completed",
        "Waiting on someone else", "Deferred"};
    private static final String[] PRIORITIES = {"Normal", "Normal", "High", "Low"};
    private static final String[] EVENT_SUBJECTS = {"Meeting", "Demo", "Discovery call", "Lunch", "Quarterly review",
        "Onsite workshop"};
    private static final String[] LOCATIONS = {"Zoom", "Microsoft Teams", "Customer office", "Our office", "Phone",
        "Conference room B"};
    private static final String[] ROLES = {"Business User", "Decision Maker", "Economic Buyer",
        "Economic Decision Maker", "Evaluator", "Executive Sponsor", "Influencer", "Technical Buyer", "Other"};
    private static final long DAY = 86_400_000L;

    private final DemoData d;

    MoreDemoData(DemoData d) {
        this.d = d;
    }

    private EmulatorOrg org() {
        return d.org();
    }

    void seed(ObjectStore store, int n) {
        switch (store.def.name) {
            case "Opportunity" -> opportunities(store, n);
            case "OpportunityContactRole" -> contactRoles(store, n);
            case "Campaign" -> campaigns(store, n);
            case "CampaignMemberStatus" -> extraStatuses(store, n);
            case "CampaignMember" -> members(store, n);
            case "Task" -> tasks(store, n);
            case "Event" -> events(store, n);
            default -> generic(store, n);
        }
    }

    private LocalDate today() {
        return org().clock().now().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Ids of live records, seeding {@code ifNone} first when there are none. */
    private List<String> ids(String object, int ifNone) {
        ObjectStore s = org().store(object);
        if (org().count(object) == 0 && ifNone > 0) {
            seed(s, ifNone, object);
        }
        List<String> out = new ArrayList<>();
        for (Object[] r : OrgRules.scan(s, r -> true)) {
            out.add((String) r[s.idIdx]);
        }
        return out;
    }

    private void seed(ObjectStore s, int n, String object) {
        switch (object) {
            case "Lead" -> d.generate(s, n, d::lead);
            case "Contact", "Account" -> d.seed(s, n);
            default -> seed(s, n);
        }
    }

    private Object value(String object, String id, String field) {
        ObjectStore s = org().store(object);
        Object[] r = org().row(s, id);
        return r == null ? null : OrgRules.get(s.def, r, field);
    }

    private void opportunities(ObjectStore store, int n) {
        List<String> accounts = d.accountIds(Math.max(10, Math.min(200, n / 5)));
        LocalDate today = today();
        d.generate(store, n, (s, r, row) -> {
            String account = accounts.get(r.nextInt(accounts.size()));
            String stage = DemoData.pick(r, STAGES);
            d.set(s, row, "AccountId", account);
            d.set(s, row, "Name", value("Account", account, "Name") + " - " + DemoData.pick(r, OPP_KINDS));
            d.set(s, row, "StageName", stage);
            d.set(s, row, "Amount", (double) ((1 + r.nextInt(400)) * 500));
            d.set(s, row, "Probability", OpportunityRules.STAGE_PROBABILITY.get(stage).doubleValue());
            LocalDate close = today.plusDays(r.nextInt(240) - 120);
            d.set(s, row, "CloseDate", close);
            d.set(s, row, "FiscalYear", close.getYear());
            d.set(s, row, "FiscalQuarter", close.get(IsoFields.QUARTER_OF_YEAR));
            d.set(s, row, "Type", DemoData.pick(r, OPP_TYPES));
            d.set(s, row, "LeadSource", DemoData.pick(r, SOURCES));
            d.set(s, row, "IsClosed", stage.startsWith("Closed"));
            d.set(s, row, "IsWon", stage.equals("Closed Won"));
            String category = stage.equals("Closed Won") ? "Closed" : stage.equals("Closed Lost") ? "Omitted" : "Pipeline";
            d.set(s, row, "ForecastCategoryName", category);
            d.set(s, row, "ForecastCategory", category);
        });
    }

    private void contactRoles(ObjectStore store, int n) {
        List<String> opps = ids("Opportunity", Math.max(5, n / 2));
        List<String> contacts = ids("Contact", Math.max(10, n));
        Set<String> primary = new HashSet<>();
        for (Object[] r : OrgRules.scan(store, r -> Boolean.TRUE.equals(OrgRules.get(store.def, r, "IsPrimary")))) {
            primary.add((String) OrgRules.get(store.def, r, "OpportunityId"));
        }
        d.generate(store, n, (s, r, row) -> {
            String opp = opps.get(r.nextInt(opps.size()));
            d.set(s, row, "OpportunityId", opp);
            d.set(s, row, "ContactId", contacts.get(r.nextInt(contacts.size())));
            d.set(s, row, "Role", DemoData.pick(r, ROLES));
            d.set(s, row, "IsPrimary", primary.add(opp));
        });
    }

    private void campaigns(ObjectStore store, int n) {
        int before = store.size();
        LocalDate today = today();
        d.generate(store, n, (s, r, row) -> {
            LocalDate start = today.plusDays(r.nextInt(365) - 270);
            d.set(s, row, "Name", DemoData.pick(r, CAMPAIGN_THEMES) + " " + start.getYear() + " #" + (s.size() + 1));
            d.set(s, row, "Type", DemoData.pick(r, CAMPAIGN_TYPES));
            d.set(s, row, "Status", DemoData.pick(r, CAMPAIGN_STATUSES));
            d.set(s, row, "StartDate", start);
            d.set(s, row, "EndDate", start.plusDays(7 + r.nextInt(60)));
            double budget = (1 + r.nextInt(50)) * 1000.0;
            d.set(s, row, "BudgetedCost", budget);
            d.set(s, row, "ActualCost", Math.floor(budget * (0.5 + r.nextDouble() * 0.7)));
            d.set(s, row, "ExpectedRevenue", budget * (2 + r.nextInt(8)));
            d.set(s, row, "ExpectedResponse", (double) (1 + r.nextInt(20)));
            d.set(s, row, "IsActive", r.nextInt(3) != 0);
            for (String f : List.of("NumberOfLeads", "NumberOfConvertedLeads", "NumberOfContacts", "NumberOfResponses",
                    "NumberOfOpportunities", "NumberOfWonOpportunities")) {
                d.set(s, row, f, 0);
            }
            d.set(s, row, "AmountAllOpportunities", 0.0);
            d.set(s, row, "AmountWonOpportunities", 0.0);
        });
        List<String> created = new ArrayList<>();
        for (int i = before; i < store.size(); i++) {
            created.add((String) store.row(i)[store.idIdx]);
        }
        ObjectStore statuses = org().store("CampaignMemberStatus");
        int[] k = {0};
        d.generate(statuses, created.size() * 2, (s, r, row) -> {
            int i = k[0]++;
            boolean sent = i % 2 == 0;
            d.set(s, row, "CampaignId", created.get(i / 2));
            d.set(s, row, "Label", sent ? "Sent" : "Responded");
            d.set(s, row, "SortOrder", sent ? 1 : 2);
            d.set(s, row, "IsDefault", sent);
            d.set(s, row, "HasResponded", !sent);
        });
    }

    private void extraStatuses(ObjectStore store, int n) {
        List<String> campaigns = ids("Campaign", Math.max(1, n / 2));
        Map<String, Set<String>> labels = new HashMap<>();
        Map<String, Integer> maxSort = new HashMap<>();
        for (Object[] r : OrgRules.scan(store, r -> true)) {
            String c = (String) OrgRules.get(store.def, r, "CampaignId");
            labels.computeIfAbsent(c, x -> new HashSet<>()).add(((String) OrgRules.get(store.def, r, "Label")).toLowerCase());
            maxSort.merge(c, (Integer) OrgRules.get(store.def, r, "SortOrder"), Math::max);
        }
        int[] k = {0};
        d.generate(store, n, (s, r, row) -> {
            String c = campaigns.get(k[0]++ % campaigns.size());
            Set<String> have = labels.computeIfAbsent(c, x -> new HashSet<>());
            String label = EXTRA_STATUSES[have.size() % EXTRA_STATUSES.length];
            for (int j = 2; have.contains(label.toLowerCase()); j++) {
                label = EXTRA_STATUSES[have.size() % EXTRA_STATUSES.length] + " " + j;
            }
            have.add(label.toLowerCase());
            int sort = maxSort.merge(c, 1, Integer::sum);
            d.set(s, row, "CampaignId", c);
            d.set(s, row, "Label", label);
            d.set(s, row, "SortOrder", sort);
            d.set(s, row, "IsDefault", false);
            d.set(s, row, "HasResponded", label.startsWith("Attended") || label.startsWith("Clicked"));
        });
    }

    private record Status(String label, boolean responded, boolean isDefault) {
    }

    private void members(ObjectStore store, int n) {
        List<String> campaigns = ids("Campaign", Math.max(3, Math.min(50, n / 50)));
        List<String> people = new ArrayList<>();
        List<String> leads = ids("Lead", Math.max(20, n / 2));
        List<String> contacts = ids("Contact", Math.max(20, n / 2));
        for (int i = 0; i < Math.max(leads.size(), contacts.size()); i++) {
            if (i < leads.size()) {
                people.add(leads.get(i));
            }
            if (i < contacts.size()) {
                people.add(contacts.get(i));
            }
        }
        SObjectDef md = store.def;
        Set<String> taken = new HashSet<>();
        for (Object[] r : OrgRules.scan(store, r -> true)) {
            Object who = OrgRules.get(md, r, "LeadId") != null ? OrgRules.get(md, r, "LeadId") : OrgRules.get(md, r, "ContactId");
            taken.add(OrgRules.get(md, r, "CampaignId") + "/" + who);
        }
        long free = (long) campaigns.size() * people.size() - taken.size();
        if (n > free) {
            throw new IllegalArgumentException("only " + free + " more campaign memberships are possible with "
                    + campaigns.size() + " campaigns and " + people.size() + " leads/contacts; seed those first");
        }
        ObjectStore cms = org().store("CampaignMemberStatus");
        Map<String, List<Status>> statuses = new HashMap<>();
        for (Object[] r : OrgRules.scan(cms, r -> true)) {
            statuses.computeIfAbsent((String) OrgRules.get(cms.def, r, "CampaignId"), x -> new ArrayList<>())
                    .add(new Status((String) OrgRules.get(cms.def, r, "Label"),
                            Boolean.TRUE.equals(OrgRules.get(cms.def, r, "HasResponded")),
                            Boolean.TRUE.equals(OrgRules.get(cms.def, r, "IsDefault"))));
        }
        LocalDate today = today();
        Set<String> touched = new LinkedHashSet<>();
        int[] cursor = {0};
        d.generate(store, n, (s, r, row) -> {
            String campaign;
            String person;
            do {
                int i = cursor[0]++;
                campaign = campaigns.get(i % campaigns.size());
                person = people.get((i / campaigns.size() + i % campaigns.size() * 7) % people.size());
            } while (!taken.add(campaign + "/" + person));
            touched.add(campaign);
            d.set(s, row, "CampaignId", campaign);
            d.set(s, row, person.startsWith("00Q") ? "LeadId" : "ContactId", person);
            List<Status> options = statuses.getOrDefault(campaign, List.of());
            Status st = null;
            if (!options.isEmpty()) {
                st = r.nextInt(3) == 0 ? options.get(r.nextInt(options.size()))
                        : options.stream().filter(Status::isDefault).findFirst().orElse(options.get(0));
            }
            d.set(s, row, "Status", st == null ? null : st.label());
            boolean responded = st != null && st.responded();
            d.set(s, row, "HasResponded", responded);
            d.set(s, row, "FirstRespondedDate", responded ? today.minusDays(r.nextInt(60)) : null);
        });
        for (String c : touched) {
            org().rules().campaigns().recountCampaign(c);
        }
    }

    private String accountOfWho(String who) {
        return who.startsWith("003") ? (String) value("Contact", who, "AccountId") : null;
    }

    private List<String> whos(int n) {
        List<String> out = new ArrayList<>(ids("Lead", Math.max(10, n / 4)));
        out.addAll(ids("Contact", Math.max(10, n / 4)));
        return out;
    }

    private void tasks(ObjectStore store, int n) {
        List<String> whos = whos(n);
        LocalDate today = today();
        long now = org().clock().nowMillis();
        d.generate(store, n, (s, r, row) -> {
            String who = whos.get(r.nextInt(whos.size()));
            String status = DemoData.pick(r, TASK_STATUSES);
            String priority = DemoData.pick(r, PRIORITIES);
            String account = accountOfWho(who);
            d.set(s, row, "WhoId", who);
            d.set(s, row, "WhatId", account != null && r.nextBoolean() ? account : null);
            d.set(s, row, "AccountId", account);
            d.set(s, row, "Subject", DemoData.pick(r, TASK_SUBJECTS));
            d.set(s, row, "ActivityDate", today.plusDays(r.nextInt(60) - 30));
            d.set(s, row, "Status", status);
            d.set(s, row, "Priority", priority);
            d.set(s, row, "IsClosed", status.equals("Completed"));
            d.set(s, row, "CompletedDateTime", status.equals("Completed") ? now - (long) (r.nextDouble() * 30 * DAY) : null);
            d.set(s, row, "IsHighPriority", priority.equals("High"));
            d.set(s, row, "TaskSubtype", r.nextInt(4) == 0 ? "Call" : "Task");
        });
    }

    private void events(ObjectStore store, int n) {
        List<String> whos = whos(n);
        long base = org().clock().nowMillis() / (30 * 60_000L) * (30 * 60_000L);
        d.generate(store, n, (s, r, row) -> {
            String who = whos.get(r.nextInt(whos.size()));
            long start = base + (r.nextInt(120) - 60) * 4 * 60 * 60_000L;
            int duration = (1 + r.nextInt(4)) * 30;
            String account = accountOfWho(who);
            d.set(s, row, "WhoId", who);
            d.set(s, row, "WhatId", account != null && r.nextBoolean() ? account : null);
            d.set(s, row, "AccountId", account);
            d.set(s, row, "Subject", DemoData.pick(r, EVENT_SUBJECTS));
            d.set(s, row, "Location", DemoData.pick(r, LOCATIONS));
            d.set(s, row, "StartDateTime", start);
            d.set(s, row, "ActivityDateTime", start);
            d.set(s, row, "ActivityDate", Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate());
            d.set(s, row, "DurationInMinutes", duration);
            d.set(s, row, "EndDateTime", start + duration * 60_000L);
            d.set(s, row, "EndDate", Instant.ofEpochMilli(start + duration * 60_000L).atZone(ZoneOffset.UTC).toLocalDate());
            d.set(s, row, "Type", "Meeting");
            d.set(s, row, "ShowAs", "Busy");
            d.set(s, row, "EventSubtype", "Event");
        });
    }

    /** Any other (e.g. custom) object: plausible values for its writable fields, references to existing records. */
    private void generic(ObjectStore store, int n) {
        if (!store.def.createable) {
            throw new IllegalArgumentException("cannot seed " + store.def.name + ": it is not createable");
        }
        Map<String, List<String>> refs = new HashMap<>();
        for (FieldDef f : store.def.fields) {
            if (f.type == FieldType.REFERENCE && f.createable && !f.name.equals("OwnerId")) {
                String target = f.referenceTo.get(0);
                if (!target.equals(store.def.name) && org().schema().object(target) != null) {
                    refs.put(f.name, f.isRequiredOnCreate() ? ids(target, 10) : ids(target, 0));
                }
            }
        }
        LocalDate today = today();
        d.generate(store, n, (s, r, row) -> {
            int k = s.size() + 1;
            for (FieldDef f : s.def.fields) {
                if (f.system || f.isCalculated() || !f.createable || f.name.equals("OwnerId")
                        || (!f.isRequiredOnCreate() && r.nextInt(4) == 0)) {
                    continue;
                }
                Object v = switch (f.type) {
                    case STRING, TEXTAREA -> f.nameField ? s.def.label + " " + k : f.label + " " + k;
                    case PICKLIST -> f.picklist.get(r.nextInt(f.picklist.size()));
                    case EMAIL -> "user" + k + "@example.com";
                    case PHONE -> "(555) " + (200 + r.nextInt(800)) + "-" + (1000 + r.nextInt(9000));
                    case URL -> "https://www.example.com/" + k;
                    case BOOLEAN -> r.nextBoolean();
                    case INT -> r.nextInt(1000);
                    case CURRENCY, DOUBLE -> (double) ((1 + r.nextInt(1000)) * 10);
                    case PERCENT -> (double) r.nextInt(101);
                    case DATE -> today.plusDays(r.nextInt(120) - 60);
                    case DATETIME -> org().clock().nowMillis() - (long) (r.nextDouble() * 60 * DAY);
                    case REFERENCE -> {
                        List<String> ids = refs.get(f.name);
                        yield ids == null || ids.isEmpty() ? null : ids.get(r.nextInt(ids.size()));
                    }
                    default -> null;
                };
                if (v instanceof String str && f.length > 0 && str.length() > f.length) {
                    v = str.substring(0, f.length);
                }
                row[f.index] = v;
            }
        });
    }
}
