package io.sfsync.emulator.org;

import io.sfsync.emulator.Access;
import io.sfsync.emulator.ConvertOptions;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.ValidationRule;
import io.sfsync.emulator.soql.SoqlAst;
import io.sfsync.emulator.soql.SoqlCompiler;
import io.sfsync.emulator.soql.SoqlErrors;
import io.sfsync.emulator.soql.SoqlParser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;

/**
 * Org behaviour beyond plain CRUD: field/object access of the integration user, validation rules, derived fields
 * (Opportunity stage, Task status, Event times, campaign member response), campaign member statuses, campaign
 * roll-ups and lead conversion. {@link EmulatorOrg} calls the hooks from its write paths.
 *
 * <p>Locking: {@code before*} hooks of inserts and {@link #prepareUpdate} run without any store lock held;
 * {@link #beforeUpdate} and {@link #beforeDelete} run under the written store's write lock and only read that store
 * (or stores nobody locks for writing while reading this one); {@code after*} hooks run without locks.</p>
 */
public final class OrgRules implements AccessView {

    public static final Map<String, Integer> STAGE_PROBABILITY = Map.of("Prospecting", 10, "Qualification", 10,
            "Needs Analysis", 20, "Value Proposition", 50, "Id. Decision Makers", 60, "Perception Analysis", 70,
            "Proposal/Price Quote", 75, "Negotiation/Review", 90, "Closed Won", 100, "Closed Lost", 0);
    private static final Map<String, String> FORECAST_API = Map.of("Omitted", "Omitted", "Pipeline", "Pipeline",
            "Best Case", "BestCase", "Commit", "Forecast", "Closed", "Closed");

    private final EmulatorOrg org;
    private final Map<String, Access> objectAccess = new ConcurrentHashMap<>();
    private final Map<String, Access> fieldAccess = new ConcurrentHashMap<>();
    private final List<ValidationRule> validationRules = new CopyOnWriteArrayList<>();
    /** Per object, when its describe last changed (epoch ms, whole seconds); absent: {@link #schemaLoaded}. */
    private final Map<String, Long> schemaModified = new ConcurrentHashMap<>();
    private final long schemaLoaded;

    public OrgRules(EmulatorOrg org) {
        this.org = org;
        this.schemaLoaded = wholeSeconds(org.clock().nowMillis());
    }

    // ------------------------------------------------------------------ describe's Last-Modified

    /** When the object's describe (as the integration user sees it) last changed, in whole seconds like HTTP dates. */
    public Instant schemaModified(String object) {
        return Instant.ofEpochMilli(schemaModified.getOrDefault(object, schemaLoaded));
    }

    /**
     * The object's describe changed. HTTP dates have whole seconds, so each change moves the time to a later second
     * than any {@code Last-Modified} given out before: an {@code If-Modified-Since} with that date then sees it.
     */
    private void schemaChanged(String object) {
        long next = wholeSeconds(org.clock().nowMillis()) + 1000;
        schemaModified.merge(object, Math.max(next, schemaLoaded + 1000), (old, n) -> Math.max(old + 1000, n));
    }

    private static long wholeSeconds(long millis) {
        return Math.floorDiv(millis, 1000) * 1000;
    }

    // ------------------------------------------------------------------ access (field-level security)

    public void setObjectAccess(String object, Access access) {
        SObjectDef d = def(object);
        objectAccess.put(d.name, access == null ? Access.READ_WRITE : access);
        schemaChanged(d.name);
    }

    public void setFieldAccess(String object, String field, Access access) {
        SObjectDef d = def(object);
        FieldDef f = d.field(field);
        if (f == null) {
            throw new IllegalArgumentException("no field " + field + " on " + d.name);
        }
        if (access != null && access.objectOnly()) {
            throw new IllegalArgumentException(access + " is an object's access, not a field's");
        }
        if (f.type == FieldType.ID && access != Access.READ_WRITE) {
            throw new IllegalArgumentException("the Id field is always readable");
        }
        fieldAccess.put(d.name + "." + f.name, access == null ? Access.READ_WRITE : access);
        schemaChanged(d.name);
    }

    public void resetAccess() {
        objectAccess.keySet().forEach(this::schemaChanged);
        fieldAccess.keySet().forEach(k -> schemaChanged(k.substring(0, k.indexOf('.'))));
        objectAccess.clear();
        fieldAccess.clear();
    }

    public Map<String, Access> objectAccessSettings() {
        return Map.copyOf(objectAccess);
    }

    public Map<String, Access> fieldAccessSettings() {
        return Map.copyOf(fieldAccess);
    }

    private Access access(SObjectDef o) {
        return objectAccess.getOrDefault(o.name, Access.READ_WRITE);
    }

    private Access access(SObjectDef o, FieldDef f) {
        return fieldAccess.getOrDefault(o.name + "." + f.name, Access.READ_WRITE);
    }

    @Override
    public boolean objectVisible(SObjectDef o) {
        return access(o) != Access.HIDDEN;
    }

    @Override
    public boolean objectWritable(SObjectDef o) {
        Access a = access(o);
        return a != Access.READ_ONLY && a != Access.HIDDEN;
    }

    @Override
    public boolean objectDeletable(SObjectDef o) {
        return objectWritable(o) && access(o) != Access.NO_DELETE;
    }

    @Override
    public boolean fieldVisible(SObjectDef o, FieldDef f) {
        return objectVisible(o) && access(o, f) != Access.HIDDEN;
    }

    @Override
    public boolean fieldWritable(SObjectDef o, FieldDef f) {
        return objectWritable(o) && access(o, f) == Access.READ_WRITE;
    }

    /** Create/update access check on the incoming field names (before type conversion). */
    public void checkWrite(SObjectDef def, Set<String> names, boolean create) {
        checkObjectWrite(def);
        List<String> readOnly = new ArrayList<>();
        for (String name : names) {
            FieldDef f = name.equals("attributes") ? null : def.field(name);
            if (f == null) {
                continue;
            }
            Access a = access(def, f);
            if (a == Access.HIDDEN) {
                throw new SalesforceApiException(400, "INVALID_FIELD",
                        "No such column '" + name + "' on sobject of type " + def.name);
            }
            if (a == Access.READ_ONLY) {
                readOnly.add(f.name);
            }
        }
        if (!readOnly.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                    + String.join(", ", readOnly) + ". Please check the security settings of this field and verify"
                    + " that it is read/write for your profile or permission set.", readOnly);
        }
    }

    public void checkObjectWrite(SObjectDef def) {
        Access a = access(def);
        if (a == Access.HIDDEN) {
            throw SalesforceApiException.notFound();
        }
        if (a == Access.READ_ONLY) {
            throw new SalesforceApiException(400, "INSUFFICIENT_ACCESS_OR_READONLY",
                    "insufficient access rights on object id");
        }
    }

    /** The integration user's Delete permission on the object ({@link Access#NO_DELETE}: none). */
    public void checkObjectDelete(SObjectDef def) {
        if (access(def) == Access.NO_DELETE) {
            throw insufficientAccess();
        }
    }

    /**
     * The integration user's right to delete this live record: without Modify All ({@link Access#OWN_RECORDS_DELETE}),
     * only its own records.
     */
    public void checkRecordDelete(SObjectDef def, String ownerId) {
        if (access(def) == Access.OWN_RECORDS_DELETE && !org.userId().equals(ownerId)) {
            throw insufficientAccess();
        }
    }

    private static SalesforceApiException insufficientAccess() {
        return new SalesforceApiException(400, "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id");
    }

    /** SOQL against hidden objects or fields fails as if they did not exist. */
    public void checkQuery(String soql) {
        if (objectAccess.isEmpty() && fieldAccess.isEmpty()) {
            return;
        }
        SoqlAst.Query q;
        try {
            q = SoqlParser.parse(soql);
        } catch (SalesforceApiException syntax) {
            return; // the compiler reports it
        }
        SObjectDef o = org.schema().object(q.objectName());
        if (o == null) {
            return;
        }
        if (!objectVisible(o)) {
            throw SoqlErrors.at("INVALID_TYPE", soql, q.objectToken(), "sObject type '" + q.objectName()
                    + "' is not supported. If you are attempting to use a custom object, be sure to append the '__c'"
                    + " after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
        }
        List<SoqlAst.FieldRef> refs = new ArrayList<>(q.fields());
        refs.addAll(q.groupBy());
        collect(q.where(), refs);
        q.orderBy().forEach(i -> refs.add(i.field()));
        for (SoqlAst.FieldRef ref : refs) {
            String path = ref.path();
            int dot = path.indexOf('.');
            if (dot >= 0) {
                if (!path.substring(0, dot).equalsIgnoreCase(o.name)) {
                    continue;
                }
                path = path.substring(dot + 1);
            }
            FieldDef f = o.field(path);
            if (f != null && !fieldVisible(o, f)) {
                throw SoqlErrors.at("INVALID_FIELD", soql, ref.token(), "No such column '" + path + "' on entity '"
                        + o.name + "'. If you are attempting to use a custom field, be sure to append the '__c' after"
                        + " the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
            }
        }
    }

    private static void collect(SoqlAst.Expr e, List<SoqlAst.FieldRef> out) {
        if (e instanceof SoqlAst.And and) {
            and.parts().forEach(p -> collect(p, out));
        } else if (e instanceof SoqlAst.Or or) {
            or.parts().forEach(p -> collect(p, out));
        } else if (e instanceof SoqlAst.Not not) {
            collect(not.inner(), out);
        } else if (e instanceof SoqlAst.Comparison c) {
            out.add(c.field());
        } else if (e instanceof SoqlAst.InList in) {
            out.add(in.field());
        }
    }

    // ------------------------------------------------------------------ validation rules

    public ValidationRule addValidationRule(String object, String field, String message, FieldCondition condition) {
        SObjectDef d = def(object);
        FieldDef f = d.field(field);
        if (f == null) {
            throw new IllegalArgumentException("no field " + field + " on " + d.name);
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a validation rule needs an error message");
        }
        if (condition == null) {
            throw new IllegalArgumentException("a validation rule needs a condition");
        }
        ValidationRule rule = new ValidationRule(d.name, f.name, message, condition);
        validationRules.add(rule);
        return rule;
    }

    public List<ValidationRule> validationRules() {
        return List.copyOf(validationRules);
    }

    public void clearValidationRules() {
        validationRules.clear();
    }

    private void runValidationRules(SObjectDef def, Object[] row) {
        for (ValidationRule r : validationRules) {
            if (r.object().equals(def.name)) {
                FieldDef f = def.field(r.field());
                if (!r.condition().test(ValueAccessor.of(f).get(row))) {
                    throw new SalesforceApiException(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", r.errorMessage(),
                            List.of(f.name));
                }
            }
        }
    }

    // ------------------------------------------------------------------ write hooks

    /** New record, fields applied and validated, no id yet. No lock held. */
    public void beforeInsert(ObjectStore store, Object[] row, Set<String> written) {
        SObjectDef def = store.def;
        switch (def.name) {
            case "Opportunity" -> opportunity(def, row, written, true);
            case "Task" -> task(def, row, null, true);
            case "Event" -> event(def, row, written, true);
            case "Campaign" -> {
                for (String f : List.of("NumberOfLeads", "NumberOfConvertedLeads", "NumberOfContacts",
                        "NumberOfResponses", "NumberOfOpportunities", "NumberOfWonOpportunities")) {
                    set(def, row, f, 0);
                }
                set(def, row, "AmountAllOpportunities", 0.0);
                set(def, row, "AmountWonOpportunities", 0.0);
            }
            case "CampaignMemberStatus" -> memberStatusInsert(def, row);
            case "CampaignMember" -> memberInsert(def, row);
            default -> {
            }
        }
        runValidationRules(def, row);
    }

    /** Update about to be applied; may add derived values that need reads of other objects. No lock held. */
    public void prepareUpdate(ObjectStore store, String id, Map<String, Object> values) {
        if (store.def.name.equals("CampaignMember") && values.containsKey("Status")) {
            Object[] old = org.row(store, id);
            if (old != null) {
                String campaignId = (String) get(store.def, old, "CampaignId");
                Object[] status = memberStatus(campaignId, (String) values.get("Status"));
                boolean responded = Boolean.TRUE.equals(get(org.store("CampaignMemberStatus").def, status, "HasResponded"));
                values.put("HasResponded", responded);
                if (responded && get(store.def, old, "FirstRespondedDate") == null) {
                    values.put("FirstRespondedDate", today());
                }
            }
        }
    }

    /** Update of {@code old} into {@code row}; caller holds the store's write lock. */
    public void beforeUpdate(ObjectStore store, Object[] old, Object[] row, Set<String> written) {
        SObjectDef def = store.def;
        switch (def.name) {
            case "Lead" -> {
                if (Boolean.TRUE.equals(get(def, old, "IsConverted"))) {
                    throw new SalesforceApiException(400, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead");
                }
            }
            case "Opportunity" -> opportunity(def, row, written, false);
            case "Task" -> task(def, row, old, false);
            case "Event" -> event(def, row, written, false);
            case "CampaignMemberStatus" -> memberStatusUpdate(store, old, row);
            default -> {
            }
        }
        runValidationRules(def, row);
    }

    public void afterInsert(ObjectStore store, String id) {
        switch (store.def.name) {
            case "Campaign" -> {
                createStatus(id, "Sent", 1, true, false);
                createStatus(id, "Responded", 2, false, true);
            }
            case "CampaignMemberStatus" -> exclusiveFlag(store, id, "CampaignId", "IsDefault");
            case "OpportunityContactRole" -> exclusiveFlag(store, id, "OpportunityId", "IsPrimary");
            case "CampaignMember" -> recountCampaignOf(store, id);
            default -> {
            }
        }
    }

    public void afterUpdate(ObjectStore store, String id) {
        if (!store.def.name.equals("Campaign")) {
            afterInsert(store, id);
        }
    }

    /** Caller holds the store's write lock. */
    public void beforeDelete(ObjectStore store, Object[] row) {
        if (!store.def.name.equals("CampaignMemberStatus")) {
            return;
        }
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

    public void afterDelete(ObjectStore store, String id) {
        if (store.def.name.equals("CampaignMember")) {
            recountCampaignOf(store, id);
        }
    }

    // ------------------------------------------------------------------ per-object rules

    private void opportunity(SObjectDef def, Object[] row, Set<String> written, boolean create) {
        String stage = (String) get(def, row, "StageName");
        boolean stageChanged = create || written.contains("StageName");
        if (stageChanged && stage != null) {
            set(def, row, "IsClosed", stage.startsWith("Closed"));
            set(def, row, "IsWon", stage.equals("Closed Won"));
            if (!written.contains("Probability") && STAGE_PROBABILITY.containsKey(stage)) {
                set(def, row, "Probability", STAGE_PROBABILITY.get(stage).doubleValue());
            }
            if (!written.contains("ForecastCategoryName")) {
                set(def, row, "ForecastCategoryName", stage.equals("Closed Won") ? "Closed"
                        : stage.equals("Closed Lost") ? "Omitted" : "Pipeline");
            }
        }
        Object category = get(def, row, "ForecastCategoryName");
        set(def, row, "ForecastCategory", category == null ? null : FORECAST_API.get(category));
        Object p = get(def, row, "Probability");
        if (p instanceof Double d && (d < 0 || d > 100)) {
            throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION",
                    "Probability (%): value outside of valid range on numeric field: " + d, List.of("Probability"));
        }
        if (get(def, row, "CloseDate") instanceof LocalDate close) {
            set(def, row, "FiscalYear", close.getYear());
            set(def, row, "FiscalQuarter", close.get(IsoFields.QUARTER_OF_YEAR));
        }
    }

    private void task(SObjectDef def, Object[] row, Object[] old, boolean create) {
        boolean closed = "Completed".equals(get(def, row, "Status"));
        boolean wasClosed = old != null && Boolean.TRUE.equals(get(def, old, "IsClosed"));
        set(def, row, "IsClosed", closed);
        if (closed && !wasClosed) {
            set(def, row, "CompletedDateTime", org.clock().nowMillis());
        } else if (!closed) {
            set(def, row, "CompletedDateTime", null);
        }
        set(def, row, "IsHighPriority", "High".equals(get(def, row, "Priority")));
        if (create && get(def, row, "TaskSubtype") == null) {
            set(def, row, "TaskSubtype", "Task");
        }
        set(def, row, "AccountId", accountOf((String) get(def, row, "WhatId"), (String) get(def, row, "WhoId")));
    }

    private void event(SObjectDef def, Object[] row, Set<String> written, boolean create) {
        if (create && get(def, row, "EventSubtype") == null) {
            set(def, row, "EventSubtype", "Event");
        }
        set(def, row, "AccountId", accountOf((String) get(def, row, "WhatId"), (String) get(def, row, "WhoId")));
        boolean allDay = Boolean.TRUE.equals(get(def, row, "IsAllDayEvent"));
        Long start;
        if (allDay) {
            LocalDate day = (LocalDate) get(def, row, "ActivityDate");
            if (day == null && get(def, row, "StartDateTime") instanceof Long s) {
                day = java.time.Instant.ofEpochMilli(s).atZone(ZoneOffset.UTC).toLocalDate();
            }
            if (day == null) {
                throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [ActivityDate]",
                        List.of("ActivityDate"));
            }
            start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } else {
            start = written.contains("ActivityDateTime") && !written.contains("StartDateTime")
                    ? (Long) get(def, row, "ActivityDateTime") : (Long) get(def, row, "StartDateTime");
            if (start == null) {
                start = (Long) get(def, row, "ActivityDateTime");
            }
            if (start == null) {
                throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING",
                        "Required fields are missing: [ActivityDateTime]", List.of("ActivityDateTime"));
            }
        }
        Long end = (Long) get(def, row, "EndDateTime");
        Integer duration = (Integer) get(def, row, "DurationInMinutes");
        if (written.contains("DurationInMinutes") && duration != null) {
            end = start + duration * 60_000L;
        } else if (end != null && (written.contains("EndDateTime") || duration == null)) {
            duration = (int) ((end - start) / 60_000L);
        } else if (duration != null) {
            end = start + duration * 60_000L;
        } else if (allDay) {
            duration = 1440;
            end = start + duration * 60_000L;
        } else {
            throw new SalesforceApiException(400, "REQUIRED_FIELD_MISSING",
                    "Required fields are missing: [DurationInMinutes]", List.of("DurationInMinutes"));
        }
        if (end < start) {
            throw new SalesforceApiException(400, "FIELD_INTEGRITY_EXCEPTION",
                    "End Date Time: End date can't be before the start date", List.of("EndDateTime"));
        }
        set(def, row, "StartDateTime", start);
        set(def, row, "ActivityDateTime", allDay ? null : start);
        set(def, row, "ActivityDate", java.time.Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC).toLocalDate());
        set(def, row, "EndDateTime", end);
        set(def, row, "EndDate", java.time.Instant.ofEpochMilli(end).atZone(ZoneOffset.UTC).toLocalDate());
        set(def, row, "DurationInMinutes", duration);
    }

    /** AccountId of an activity: the What's account (Account itself or an Opportunity's), else a Contact Who's. */
    private String accountOf(String whatId, String whoId) {
        if (whatId != null) {
            if (whatId.startsWith("001")) {
                return SfIds.to18(whatId);
            }
            if (whatId.startsWith("006")) {
                return (String) field("Opportunity", whatId, "AccountId");
            }
        }
        if (whoId != null && whoId.startsWith("003")) {
            return (String) field("Contact", whoId, "AccountId");
        }
        return null;
    }

    private void memberStatusInsert(SObjectDef def, Object[] row) {
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

    private void memberStatusUpdate(ObjectStore store, Object[] old, Object[] row) {
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

    private void memberInsert(SObjectDef def, Object[] row) {
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
        set(def, row, "FirstRespondedDate", responded ? today() : null);
    }

    /** The campaign's status with this label, or its default when label is null; error when there is none. */
    private Object[] memberStatus(String campaignId, String label) {
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

    private List<Object[]> statuses(String campaignId, Predicate<Object[]> filter) {
        ObjectStore store = org.store("CampaignMemberStatus");
        int idx = store.def.field("CampaignId").index;
        String key = SfIds.to18(campaignId);
        return scan(store, r -> key.equals(r[idx]) && filter.test(r));
    }

    private void createStatus(String campaignId, String label, int sort, boolean isDefault, boolean responded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CampaignId", campaignId);
        m.put("Label", label);
        m.put("SortOrder", sort);
        m.put("IsDefault", isDefault);
        m.put("HasResponded", responded);
        org.insert(org.store("CampaignMemberStatus"), m, true);
    }

    /** When record {@code id} has {@code flag} = true, clears it on its siblings (same {@code parentField}). */
    private void exclusiveFlag(ObjectStore store, String id, String parentField, String flag) {
        if (store == null) {
            return;
        }
        Object[] row = org.row(store, id);
        SObjectDef def = store.def;
        if (row == null || !Boolean.TRUE.equals(get(def, row, flag))) {
            return;
        }
        Object parent = get(def, row, parentField);
        String self = (String) row[store.idIdx];
        for (Object[] other : scan(store, r -> parent.equals(get(def, r, parentField)) && Boolean.TRUE.equals(get(def, r, flag))
                && !self.equals(r[store.idIdx]))) {
            write(store, (String) other[store.idIdx], Map.of(flag, Boolean.FALSE), true);
        }
    }

    // ------------------------------------------------------------------ campaign roll-ups

    private void recountCampaignOf(ObjectStore members, String memberId) {
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
            write(campaigns, campaignId, counts, false);
        }
    }

    // ------------------------------------------------------------------ lead conversion

    public ConvertOptions.Result convertLead(String leadId, ConvertOptions options) {
        ConvertOptions o = options == null ? ConvertOptions.defaults() : options;
        ObjectStore leads = org.store("Lead");
        SObjectDef ld = leads.def;
        checkObjectWrite(ld);
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
            op.put("CloseDate", endOfQuarter(today()));
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
        upd.put("ConvertedDate", today());
        upd.put("ConvertedAccountId", accountId);
        upd.put("ConvertedContactId", contactId);
        upd.put("ConvertedOpportunityId", opportunityId);
        upd.put("Status", status);
        String id18 = SfIds.to18(leadId);
        write(leads, id18, upd, true);
        ObjectStore members = org.store("CampaignMember");
        for (Object[] m : scan(members, r -> id18.equals(get(members.def, r, "LeadId")))) {
            recountCampaign((String) get(members.def, m, "CampaignId"));
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

    // ------------------------------------------------------------------ helpers

    private LocalDate today() {
        return org.clock().now().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private SObjectDef def(String object) {
        SObjectDef d = object == null ? null : org.schema().object(object);
        if (d == null) {
            throw new IllegalArgumentException("no such object: " + object);
        }
        return d;
    }

    private Object field(String object, String id, String field) {
        ObjectStore s = org.store(object);
        Object[] r = org.row(s, id);
        return r == null ? null : get(s.def, r, field);
    }

    public static Object get(SObjectDef def, Object[] row, String field) {
        FieldDef f = def.field(field);
        return f == null ? null : row[f.index];
    }

    static void set(SObjectDef def, Object[] row, String field, Object value) {
        FieldDef f = def.field(field);
        if (f != null) {
            row[f.index] = value;
        }
    }

    /** Live rows matching the filter (read lock held while scanning). */
    public static List<Object[]> scan(ObjectStore store, Predicate<Object[]> filter) {
        List<Object[]> out = new ArrayList<>();
        Lock r = store.lock.readLock();
        r.lock();
        try {
            for (int i = 0; i < store.size(); i++) {
                Object[] row = store.row(i);
                if (!store.isDeleted(row) && filter.test(row)) {
                    out.add(row);
                }
            }
        } finally {
            r.unlock();
        }
        return out;
    }

    /**
     * Writes stored values straight into a record (no validation). {@code userChange} bumps LastModifiedDate and
     * SystemModstamp; otherwise it is a system change that bumps only SystemModstamp.
     */
    void write(ObjectStore store, String id, Map<String, Object> values, boolean userChange) {
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int pos = store.indexOf(id);
            if (pos < 0) {
                return;
            }
            Object[] row = store.row(pos).clone();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                row[store.def.requiredField(e.getKey()).index] = e.getValue();
            }
            long now = org.clock().nowMillis();
            if (userChange) {
                if (store.lastModifiedDateIdx >= 0) {
                    row[store.lastModifiedDateIdx] = now;
                }
                if (store.lastModifiedByIdx >= 0) {
                    row[store.lastModifiedByIdx] = org.userId();
                }
            }
            if (store.systemModstampIdx >= 0) {
                row[store.systemModstampIdx] = now;
            }
            store.replace(pos, row);
        } finally {
            w.unlock();
        }
    }

    /** Id equality, tolerant of 15/18-character forms. */
    static boolean sameId(String a, String b) {
        return a != null && b != null && SoqlCompiler.compareIds(a, b) == 0;
    }
}
