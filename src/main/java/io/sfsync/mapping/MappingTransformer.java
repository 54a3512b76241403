package io.sfsync.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applies a mapping to one Salesforce record: the local column values it should produce. */
public final class MappingTransformer {

    private MappingTransformer() {
    }

    /**
     * Column → value for every pulled field, values as Salesforce sent them (text, number,
     * boolean or null) but for a text value the field's {@code pull-values} lists, which becomes its local value
     * (S10: {@code California} → {@code CA}); the store converts them to the column types. Every pull writes through
     * here (Pull Updates by REST and Bulk API, the pull dead-letter replay, a priority sync's pull-back), before
     * change detection and conflict checks: a record whose Salesforce value maps to the local one is unchanged.
     */
    public static Map<String, Object> pulledColumns(ObjectMapping mapping, Map<String, Object> sfRecord) {
        Map<String, Object> out = new LinkedHashMap<>(mapping.fields().size() * 4 / 3 + 1);
        for (FieldMapping f : mapping.fields()) {
            if (f.direction().pulls()) {
                out.put(f.column(), pulledValue(f, sfRecord.get(f.sf())));
            }
        }
        return out;
    }

    /** One field's value as {@link #pulledColumns} gives it: Salesforce's, or the local value its pull-values list. */
    public static Object pulledValue(FieldMapping f, Object sfValue) {
        // most fields have no pull-values: an empty map would still hash every value to look it up
        if (sfValue instanceof String s && f.pullValues() != null && !f.pullValues().isEmpty()) {
            String local = f.pullValues().get(s);
            return local != null ? local : s;
        }
        return sfValue;
    }

    /**
     * Why the record is not synced because a field with {@code values} (a strict two-way value map) holds a Salesforce
     * value the map does not list (e.g. {@code Status 'In Progress' has no local value in mappings/task.yaml values});
     * null when every such value is listed or empty. Such a record is skipped, never written with the raw value.
     */
    public static String unsynced(ObjectMapping mapping, Map<String, Object> sfRecord) {
        // per record on every pull: no list built, and the file's name (a path to normalise) only for a reason given
        for (FieldMapping f : mapping.fields()) {
            if (f.strict() && f.direction().pulls() && !f.syncs(sfRecord.get(f.sf()), true)) {
                return f.unsynced(sfRecord.get(f.sf()), true, mapping.displayFile());
            }
        }
        return null;
    }

    /** True when the mapping's sync filter (skip-when) excludes the record. */
    public static boolean filteredOut(ObjectMapping mapping, Map<String, Object> sfRecord) {
        return mapping.skipWhen() != null && mapping.skipWhen().matches(sfRecord);
    }
}
