package io.sfsync.emulator.org;

/** Reads a field's stored value from a row, computing calculated compound fields (e.g. Name) on the fly. */
@FunctionalInterface
public interface ValueAccessor {

    Object get(Object[] row);

    static ValueAccessor of(FieldDef f) {
        if (f.formula != null) {
            return f.formula.accessor(f.calculatedFrom);
        }
        if (!f.isCalculated()) {
            int idx = f.index;
            return row -> row[idx];
        }
        int[] parts = f.calculatedFrom;
        return row -> {
            StringBuilder sb = null;
            for (int p : parts) {
                Object v = row[p];
                if (v != null) {
                    if (sb == null) {
                        sb = new StringBuilder();
                    } else {
                        sb.append(' ');
                    }
                    sb.append(v);
                }
            }
            return sb == null ? null : sb.toString();
        };
    }
}
