package io.sfsync.salesforce;

import java.util.List;
import java.util.Map;

/**
 * Reads given fields of the records of one page. The records of a Bulk API results page ({@link CsvPage}) share the
 * page's field order: their values are read by position, found once for the page, instead of by a name look-up per
 * value (24 a Lead of mappings/lead.yaml for its row alone; the look-ups were more than a quarter of a first pull's
 * writing thread's time in a profile). Any other record, a REST page's, is read by name.
 */
public final class FieldReader {

    private final String[] names;
    private final CsvPage.Header header;
    private final int[] positions;

    private FieldReader(String[] names, CsvPage.Header header, int[] positions) {
        this.names = names;
        this.header = header;
        this.positions = positions;
    }

    /** A reader of {@code names} (read by their index in it) for the records of {@code page}. */
    public static FieldReader of(List<String> names, List<Map<String, Object>> page) {
        String[] fields = names.toArray(String[]::new);
        if (!page.isEmpty() && page.get(0) instanceof CsvPage.Record first) {
            int[] positions = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                Integer p = first.header.positions.get(fields[i]);
                positions[i] = p == null ? -1 : p;
            }
            return new FieldReader(fields, first.header, positions);
        }
        return new FieldReader(fields, null, null);
    }

    /** The value of field {@code field} (its index in the names given) of the record; null when it has none. */
    public Object get(Map<String, Object> record, int field) {
        if (header != null && record instanceof CsvPage.Record r && r.header == header) {
            int p = positions[field];
            return p < 0 ? null : r.values[p];
        }
        return record.get(names[field]);
    }
}
