package io.sfsync.emulator.org;

import io.sfsync.emulator.Access;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.soql.SoqlAst;
import io.sfsync.emulator.soql.SoqlErrors;
import io.sfsync.emulator.soql.SoqlParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the integration user may see and do (its profile and permission sets): object and field access set through
 * {@code EmulatorOrg.setObjectAccess} / {@code setFieldAccess} or the admin API, the checks the write and query paths
 * make against it, and when each object's describe (as this user sees it) last changed.
 */
public final class UserAccess implements AccessView {

    private final EmulatorOrg org;
    private final Map<String, Access> objectAccess = new ConcurrentHashMap<>();
    private final Map<String, Access> fieldAccess = new ConcurrentHashMap<>();
    /** Per object, when its describe last changed (epoch ms, whole seconds); absent: {@link #schemaLoaded}. */
    private final Map<String, Long> schemaModified = new ConcurrentHashMap<>();
    private final long schemaLoaded;

    UserAccess(EmulatorOrg org) {
        this.org = org;
        this.schemaLoaded = wholeSeconds(org.clock().nowMillis());
    }

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

    private SObjectDef def(String object) {
        return OrgRules.def(org, object);
    }
}
