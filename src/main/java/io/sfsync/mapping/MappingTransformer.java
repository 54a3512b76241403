package io.sfsync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applies a mapping to one Salesforce record: the local column values it should produce. */
public final class MappingTransformer {

    private MappingTransformer() {
    }

    /**
     * Column → value for every pulled field, values as Salesforce sent them (text, number,
     * boolean or null); the store converts them to the column types.
     */
    public static Map<String, Object> pulledColumns(ObjectMapping mapping, Map<String, Object> sfRecord) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldMapping f : mapping.pulledFields()) {
            out.put(f.column(), sfRecord.get(f.sf()));
        }
        return out;
    }

    /** True when the mapping's sync filter (skip-when) excludes the record. */
    public static boolean filteredOut(ObjectMapping mapping, Map<String, Object> sfRecord) {
        return mapping.skipWhen() != null && mapping.skipWhen().matches(sfRecord);
    }
}
