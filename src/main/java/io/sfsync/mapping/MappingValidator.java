package io.sfsync.mapping;

import io.sfsync.config.Suggest;
import io.sfsync.salesforce.ObjectDescribe;
import io.sfsync.salesforce.ObjectDescribe.FieldInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a mapping against the object's describe metadata: fields that do not exist (with the
 * nearest valid name), formula or read-only fields marked for push, {@code push-deletes} on an
 * object the sync user may not delete, and Salesforce types that cannot go into the mapped
 * column (problems, which stop the sync); and columns that some
 * Salesforce values will not fit, too short or NOT NULL (warnings: those records would go to
 * the dead-letter store).
 */
public final class MappingValidator {

    private static final Set<String> TEXT_TYPES = Set.of("string", "textarea", "picklist", "multipicklist", "email", "phone",
            "url", "id", "reference", "combobox", "encryptedstring");
    private static final Set<String> NUMBER_TYPES = Set.of("int", "double", "currency", "percent", "long");

    private MappingValidator() {
    }

    /**
     * @param columnKinds local column → "text", "number", "boolean", "date", "datetime" or
     *                    "other"; columns without an entry are not type-checked
     */
    public static List<String> problems(ObjectMapping m, ObjectDescribe describe, Map<String, String> columnKinds) {
        List<String> out = new ArrayList<>();
        for (FieldMapping f : m.fields()) {
            FieldInfo info = describe.field(f.sf());
            if (info == null) {
                String near = Suggest.nearest(f.sf(), describe.fieldNames());
                out.add(MappingException.at(m.file(), f.line(), "field '" + f.sf() + "' does not exist on " + m.object()
                        + (near != null ? " (did you mean '" + near + "'?)" : "")));
                continue;
            }
            if (f.direction() != Direction.PULL && info.calculated()) {
                out.add(MappingException.at(m.file(), f.line(), "field '" + f.sf() + "' is a formula field and cannot be "
                        + "pushed; use direction: pull"));
            } else if (f.direction() != Direction.PULL && !info.updateable() && !info.createable()) {
                out.add(MappingException.at(m.file(), f.line(), "field '" + f.sf() + "' is read-only for the sync user and "
                        + "cannot be pushed; use direction: pull"));
            }
            String kind = columnKinds.get(f.column());
            String mismatch = kind == null ? null : mismatch(info.type(), kind);
            if (mismatch != null) {
                out.add(MappingException.at(m.file(), f.line(), "field '" + f.sf() + "' is a Salesforce " + info.type()
                        + " but column '" + f.column() + "' is " + kind + ": " + mismatch));
            }
        }
        if (m.externalId() != null && describe.field(m.externalId()) == null) {
            String near = Suggest.nearest(m.externalId(), describe.fieldNames());
            out.add(MappingException.at(m.file(), m.lineOf("external-id"), "external-id field '" + m.externalId()
                    + "' does not exist on " + m.object() + (near != null ? " (did you mean '" + near + "'?)" : "")));
        }
        if (m.pushDeletes() && !describe.deletable()) {
            out.add(MappingException.at(m.file(), m.lineOf("push-deletes"), "push-deletes is true, but the sync user may not "
                    + "delete " + m.object() + " records (Salesforce's describe of " + m.object() + " says deletable: false); "
                    + "give the sync user the Delete permission on " + m.object() + ", or set push-deletes: false"));
        }
        if (m.skipWhen() != null && describe.field(m.skipWhen().field()) == null) {
            String near = Suggest.nearest(m.skipWhen().field(), describe.fieldNames());
            out.add(MappingException.at(m.file(), m.skipWhen().line(), "skip-when field '" + m.skipWhen().field()
                    + "' does not exist on " + m.object() + (near != null ? " (did you mean '" + near + "'?)" : "")));
        }
        return out;
    }

    /**
     * What a local column accepts.
     *
     * @param maxChars the declared size of a text column, 0 when not text or unbounded
     * @param notNull  declared NOT NULL
     */
    public record ColumnLimits(int maxChars, boolean notNull) {
    }

    /**
     * Columns that some values of the Salesforce field they receive will not fit: a text column
     * shorter than the field's {@code length} (for a picklist: than its longest value), or a NOT
     * NULL column for a field that can be empty ({@code nillable}). Fields that are only pushed are
     * not checked.
     */
    public static List<String> warnings(ObjectMapping m, ObjectDescribe describe, Map<String, ColumnLimits> columns) {
        List<String> out = new ArrayList<>();
        for (FieldMapping f : m.fields()) {
            FieldInfo info = describe.field(f.sf());
            ColumnLimits column = columns.get(f.column().toLowerCase(Locale.ROOT));
            if (info == null || column == null || !f.direction().pulls()) {
                continue;
            }
            // a picklist holds one of its values: the longest one counts, not the field's nominal length
            boolean picklist = info.type().equals("picklist") && info.longestPicklistValue() > 0;
            int longest = picklist ? info.longestPicklistValue() : info.length();
            if (TEXT_TYPES.contains(info.type()) && longest > 0 && column.maxChars() > 0 && column.maxChars() < longest) {
                out.add(MappingException.at(m.file(), f.line(), "field '" + f.sf() + "' (Salesforce " + info.type()
                        + (picklist ? " whose longest value has " : " of up to ") + longest + " characters) goes into "
                        + "column '" + f.column() + "' of " + m.table() + ", which holds " + column.maxChars()
                        + ": longer values will fail and go to the dead-letter store; widen the column to " + longest
                        + " characters"));
            }
            if (column.notNull() && info.nillable()) {
                out.add(MappingException.at(m.file(), f.line(), "field '" + f.sf() + "' can be empty in Salesforce but "
                        + "column '" + f.column() + "' of " + m.table() + " is NOT NULL: records without a value will "
                        + "fail and go to the dead-letter store; allow null in the column"));
            }
        }
        return out;
    }

    private static String mismatch(String sfType, String kind) {
        if (kind.equals("text") || kind.equals("other")) {
            return null;
        }
        boolean ok = switch (kind) {
            case "number" -> NUMBER_TYPES.contains(sfType);
            case "boolean" -> sfType.equals("boolean");
            case "date" -> sfType.equals("date") || sfType.equals("datetime");
            case "datetime" -> sfType.equals("datetime") || sfType.equals("date");
            default -> true;
        };
        return ok ? null : "map it to a " + (TEXT_TYPES.contains(sfType) ? "text" : sfType) + " column";
    }
}
