package io.sfsync.emulator.org;

import io.sfsync.emulator.SalesforceApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Unique fields ({@code "unique": true} in the schema, e.g. User.Username or a unique external id): a second live
 * record with the same value (case-insensitive) fails with DUPLICATE_VALUE, and lookups by external id.
 */
public final class UniqueFields {

    private UniqueFields() {
    }

    /** Checks the unique fields of {@code row} against the other live rows; caller holds the store's write lock. */
    public static void check(ObjectStore store, Object[] row, int ownPos) {
        for (FieldDef f : store.def.fields) {
            if (!f.unique || row[f.index] == null) {
                continue;
            }
            String value = key(row[f.index]);
            for (int i = 0; i < store.size(); i++) {
                Object[] other = store.row(i);
                if (i != ownPos && !store.isDeleted(other) && other[f.index] != null
                        && key(other[f.index]).equals(value)) {
                    throw new SalesforceApiException(400, "DUPLICATE_VALUE", "duplicate value found: " + f.name
                            + " duplicates value on record with id: " + other[store.idIdx]);
                }
            }
        }
    }

    /** Positions of the live rows whose {@code field} equals {@code value}; caller holds a lock. */
    static List<Integer> find(ObjectStore store, FieldDef field, Object value) {
        List<Integer> out = new ArrayList<>();
        String key = key(value);
        for (int i = 0; i < store.size(); i++) {
            Object[] row = store.row(i);
            Object v = row[field.index];
            if (v != null && !store.isDeleted(row) && key(v).equals(key)) {
                out.add(i);
            }
        }
        return out;
    }

    private static String key(Object v) {
        return v.toString().toLowerCase(Locale.ROOT);
    }
}
