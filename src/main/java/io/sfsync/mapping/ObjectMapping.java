package io.sfsync.mapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mapping of one Salesforce object to one local table, as read from {@code mappings/*.yaml}.
 *
 * @param typeColumn optional: when several objects share a table (Lead and Contact in
 *                   {@code person}), this column receives the object name
 * @param soqlWhere  optional extra SOQL condition for the pull, ANDed with the watermark
 * @param externalId optional: a Salesforce external-id field that Push New fills with the row's sfsync key, so
 *                   that a create repeated after a crash finds the record instead of creating it twice
 * @param pushDeletes rows of this object deleted locally are deleted in Salesforce too (Push Deletes); off by
 *                   default
 * @param links      local foreign keys that Update FKs keeps in step
 * @param keyLines   line of each top-level key in the file
 * @param pushOnlyWhen optional: the rows a push sends, by the value of one column (S11); null: every row
 * @param firstPullWindowHours optional ({@code first-pull-window-hours}): the first pull of the object (no watermark
 *                   yet) reads only the records changed in these last hours, and its first Pull Deletes reads the
 *                   delete log of the last 15 days; null: the first pull reads every record
 * @param createdAfterEnabling optional ({@code push-created-after-enabling}): the column holding when a row was
 *                   created; Push New sends only rows created after the object's sync was enabled; null: every row
 */
public record ObjectMapping(Path file, String object, String table, String idColumn, String typeColumn,
                            String soqlWhere, SkipRule skipWhen, ConflictPolicy conflict, String externalId,
                            boolean pushDeletes, List<FieldMapping> fields,
                            List<LinkMapping> links, Map<String, Integer> keyLines,
                            PushOnlyWhen pushOnlyWhen, Integer firstPullWindowHours, String createdAfterEnabling) {

    /** True when the moment the object's sync is enabled matters (and is recorded at its first pull). */
    public boolean recordsEnabling() {
        return firstPullWindowHours != null || createdAfterEnabling != null;
    }

    /** The line that declares a top-level key such as {@code table}, for error messages. */
    public int lineOf(String key) {
        return keyLines.getOrDefault(key, 1);
    }

    /** The fields that flow Salesforce → local, in file order. */
    public List<FieldMapping> pulledFields() {
        List<FieldMapping> out = new ArrayList<>();
        for (FieldMapping f : fields) {
            if (f.direction().pulls()) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Salesforce fields a pull must select: Id, SystemModstamp (the watermark), the pulled fields, the filter field and
     * the external-id field (which links a record Push New created back to its row).
     */
    public List<String> pullSelectFields() {
        Set<String> out = new LinkedHashSet<>();
        out.add("Id");
        out.add("SystemModstamp");
        for (FieldMapping f : pulledFields()) {
            out.add(f.sf());
        }
        if (skipWhen != null) {
            out.add(skipWhen.field());
        }
        if (externalId != null) {
            out.add(externalId);
        }
        return new ArrayList<>(out);
    }

    /** The Salesforce field mapped to {@code column}, or the column itself when none is. */
    public String fieldOf(String column) {
        for (FieldMapping f : fields) {
            if (f.column().equalsIgnoreCase(column)) {
                return f.sf();
            }
        }
        return column;
    }

    /** The same mapping without the fields Salesforce no longer lets the sync read. */
    public ObjectMapping withoutFields(java.util.Collection<String> sfFields) {
        Set<String> drop = new java.util.HashSet<>();
        sfFields.forEach(f -> drop.add(f.toLowerCase(java.util.Locale.ROOT)));
        List<FieldMapping> kept = fields.stream().filter(f -> !drop.contains(f.sf().toLowerCase(java.util.Locale.ROOT))).toList();
        return new ObjectMapping(file, object, table, idColumn, typeColumn, soqlWhere, skipWhen, conflict, externalId, pushDeletes, kept, links,
                keyLines, pushOnlyWhen, firstPullWindowHours, createdAfterEnabling);
    }

    /** The same mapping with only these links. */
    public ObjectMapping withLinks(List<LinkMapping> active) {
        return new ObjectMapping(file, object, table, idColumn, typeColumn, soqlWhere, skipWhen, conflict, externalId, pushDeletes, fields,
                List.copyOf(active), keyLines, pushOnlyWhen, firstPullWindowHours, createdAfterEnabling);
    }

    /** Path of the file relative to the working directory when possible, as users see it. */
    public String displayFile() {
        return MappingException.display(file);
    }
}
