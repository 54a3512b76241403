package io.sfsync.emulator.org;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Schema of one sObject type. Field lookups are case-insensitive, as in Salesforce. */
public final class SObjectDef {
    public final String name;
    public final String label;
    public final String labelPlural;
    public final String keyPrefix;
    public final boolean createable;
    public final boolean updateable;
    public final boolean deletable;
    public final boolean queryable;
    public final boolean custom;
    public final List<FieldDef> fields;
    private final Map<String, FieldDef> byLowerName;

    public SObjectDef(String name, String label, String labelPlural, String keyPrefix, boolean createable, boolean updateable,
               boolean deletable, boolean queryable, List<FieldDef> fields) {
        this.name = name;
        this.label = label;
        this.labelPlural = labelPlural;
        this.keyPrefix = keyPrefix;
        this.createable = createable;
        this.updateable = updateable;
        this.deletable = deletable;
        this.queryable = queryable;
        this.custom = name.endsWith("__c");
        this.fields = Collections.unmodifiableList(fields);
        Map<String, FieldDef> map = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            map.put(f.name.toLowerCase(Locale.ROOT), f);
        }
        this.byLowerName = map;
        for (FieldDef f : fields) {
            for (int i = 0; i < f.calculatedFromNames.size(); i++) {
                FieldDef part = field(f.calculatedFromNames.get(i));
                if (part == null) {
                    throw new IllegalStateException(name + "." + f.name + " is calculated from unknown field "
                            + f.calculatedFromNames.get(i));
                }
                f.calculatedFrom[i] = part.index;
            }
        }
    }

    /** Field by case-insensitive name, or null. */
    public FieldDef field(String fieldName) {
        return byLowerName.get(fieldName.toLowerCase(Locale.ROOT));
    }

    public FieldDef requiredField(String fieldName) {
        FieldDef f = field(fieldName);
        if (f == null) {
            throw new IllegalStateException(name + " has no field " + fieldName);
        }
        return f;
    }

    int fieldCount() {
        return fields.size();
    }
}
