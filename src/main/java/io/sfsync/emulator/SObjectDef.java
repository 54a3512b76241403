package io.sfsync.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Schema of one sObject type. Field lookups are case-insensitive, as in Salesforce. */
final class SObjectDef {
    final String name;
    final String label;
    final String labelPlural;
    final String keyPrefix;
    final boolean createable;
    final boolean updateable;
    final boolean deletable;
    final boolean queryable;
    final boolean custom;
    final List<FieldDef> fields;
    private final Map<String, FieldDef> byLowerName;

    SObjectDef(String name, String label, String labelPlural, String keyPrefix, boolean createable, boolean updateable,
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
    FieldDef field(String fieldName) {
        return byLowerName.get(fieldName.toLowerCase(Locale.ROOT));
    }

    FieldDef requiredField(String fieldName) {
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
