package io.sfsync.emulator.org;

import io.sfsync.emulator.ConvertOptions;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.soql.SoqlCompiler;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;

/**
 * Org behaviour beyond plain CRUD, called by {@link Records} from its write paths: the hooks below dispatch to
 * {@link UserAccess} (field/object access of the integration user), {@link ValidationRules}, the per-object rules
 * ({@link OpportunityRules}, {@link ActivityRules}, {@link CampaignRules}) and {@link LeadConversion}.
 *
 * <p>Locking: {@code before*} hooks of inserts and {@link #prepareUpdate} run without any store lock held;
 * {@link #beforeUpdate} and {@link #beforeDelete} run under the written store's write lock and only read that store
 * (or stores nobody locks for writing while reading this one); {@code after*} hooks run without locks.</p>
 */
public final class OrgRules {

    private final EmulatorOrg org;
    private final UserAccess access;
    private final ValidationRules validation;
    private final ActivityRules activities;
    private final CampaignRules campaigns;
    private final LeadConversion leadConversion;

    public OrgRules(EmulatorOrg org) {
        this.org = org;
        this.access = new UserAccess(org);
        this.validation = new ValidationRules(org);
        this.activities = new ActivityRules(org);
        this.campaigns = new CampaignRules(org, this);
        this.leadConversion = new LeadConversion(org, this);
    }

    /** The integration user's object and field access. */
    public UserAccess access() {
        return access;
    }

    public ValidationRules validation() {
        return validation;
    }

    public CampaignRules campaigns() {
        return campaigns;
    }

    /** Converts a lead; see {@link LeadConversion}. */
    public ConvertOptions.Result convertLead(String leadId, ConvertOptions options) {
        return leadConversion.convert(leadId, options);
    }

    // ------------------------------------------------------------------ write hooks

    /** New record, fields applied and validated, no id yet. No lock held. */
    public void beforeInsert(ObjectStore store, Object[] row, Set<String> written) {
        SObjectDef def = store.def;
        switch (def.name) {
            case "Opportunity" -> OpportunityRules.apply(def, row, written, true);
            case "Task" -> activities.task(def, row, null, true);
            case "Event" -> activities.event(def, row, written, true);
            case "Campaign" -> campaigns.campaignInsert(def, row);
            case "CampaignMemberStatus" -> campaigns.memberStatusInsert(def, row);
            case "CampaignMember" -> campaigns.memberInsert(def, row);
            default -> {
            }
        }
        validation.check(def, row);
    }

    /** Update about to be applied; may add derived values that need reads of other objects. No lock held. */
    public void prepareUpdate(ObjectStore store, String id, Map<String, Object> values) {
        if (store.def.name.equals("CampaignMember")) {
            campaigns.memberUpdate(store, id, values);
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
            case "Opportunity" -> OpportunityRules.apply(def, row, written, false);
            case "Task" -> activities.task(def, row, old, false);
            case "Event" -> activities.event(def, row, written, false);
            case "CampaignMemberStatus" -> campaigns.memberStatusUpdate(store, old, row);
            default -> {
            }
        }
        validation.check(def, row);
    }

    public void afterInsert(ObjectStore store, String id) {
        switch (store.def.name) {
            case "Campaign" -> campaigns.campaignCreated(id);
            case "CampaignMemberStatus" -> exclusiveFlag(store, id, "CampaignId", "IsDefault");
            case "OpportunityContactRole" -> exclusiveFlag(store, id, "OpportunityId", "IsPrimary");
            case "CampaignMember" -> campaigns.recountCampaignOf(store, id);
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
        if (store.def.name.equals("CampaignMemberStatus")) {
            campaigns.memberStatusDelete(store, row);
        }
    }

    public void afterDelete(ObjectStore store, String id) {
        if (store.def.name.equals("CampaignMember")) {
            campaigns.recountCampaignOf(store, id);
        }
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

    // ------------------------------------------------------------------ helpers of the rules

    LocalDate today() {
        return org.clock().now().atZone(ZoneOffset.UTC).toLocalDate();
    }

    static SObjectDef def(EmulatorOrg org, String object) {
        SObjectDef d = object == null ? null : org.schema().object(object);
        if (d == null) {
            throw new IllegalArgumentException("no such object: " + object);
        }
        return d;
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
        return store.liveRows(filter);
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
