package io.sfsync.mapping;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a pulled record changes its stored row (S4): a record whose mapped values equal the row's
 * is skipped, so changes to unmapped fields and system-only changes do not rewrite rows. Formula
 * fields are written with a record but their changes alone do not count (S6). A tombstoned row of
 * the record's own type counts as changed: the record was undeleted in Salesforce and is revived.
 * Plain Java: values are compared as the database returns them (numbers by value, timestamps by instant).
 */
public final class ChangeDetection {

    private final List<String> columns;
    private final Set<String> formulaColumns;
    private final String object;
    private final String typeColumn;
    private final String tombstoneColumn;

    /**
     * @param columns         the mapped columns that are pulled
     * @param formulaColumns  columns of formula fields among them
     * @param object          the Salesforce object, as the type column holds it
     * @param typeColumn      the column telling objects of a shared table apart, or null
     * @param tombstoneColumn the column a row's deletion is recorded in, or null when the table has none
     */
    public ChangeDetection(List<String> columns, Set<String> formulaColumns, String object, String typeColumn,
                           String tombstoneColumn) {
        this.columns = List.copyOf(columns);
        this.formulaColumns = Set.copyOf(formulaColumns);
        this.object = object;
        this.typeColumn = typeColumn;
        this.tombstoneColumn = tombstoneColumn;
    }

    /** {@code stored}: the row's values by column; {@code incoming}: the record's values converted to the columns' types. */
    public boolean changed(Map<String, Object> stored, Map<String, Object> incoming) {
        if (tombstoneColumn != null && stored.get(tombstoneColumn) != null
                && (typeColumn == null || object.equals(stored.get(typeColumn)))) {
            return true;
        }
        for (String col : columns) {
            if (!formulaColumns.contains(col) && !same(stored.get(col), incoming.get(col))) {
                return true;
            }
        }
        return false;
    }

    /** Equal as stored values: 10 and 10.00 are the same number, two offsets of one instant the same time. */
    public static boolean same(Object stored, Object incoming) {
        if (stored == null || incoming == null) {
            return stored == incoming;
        }
        if (stored instanceof BigDecimal || incoming instanceof BigDecimal
                || stored instanceof Number || incoming instanceof Number) {
            return new BigDecimal(stored.toString()).compareTo(new BigDecimal(incoming.toString())) == 0;
        }
        if (stored instanceof OffsetDateTime a && incoming instanceof OffsetDateTime b) {
            return a.toInstant().equals(b.toInstant());
        }
        return stored.equals(incoming);
    }
}
