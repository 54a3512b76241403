package io.sfsync.mapping;

import io.sfsync.config.Suggest;
import io.sfsync.salesforce.ObjectDescribe;
import io.sfsync.salesforce.ObjectDescribe.FieldInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a mapping against the object's describe metadata: fields that do not exist (with the
 * nearest valid name), formula or read-only fields marked for push, and Salesforce types that
 * cannot go into the mapped column.
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
    public static List<String> problems(ObjectMapping m, ObjectDescribe describe, java.util.Map<String, String> columnKinds) {
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
        if (m.skipWhen() != null && describe.field(m.skipWhen().field()) == null) {
            String near = Suggest.nearest(m.skipWhen().field(), describe.fieldNames());
            out.add(MappingException.at(m.file(), m.skipWhen().line(), "skip-when field '" + m.skipWhen().field()
                    + "' does not exist on " + m.object() + (near != null ? " (did you mean '" + near + "'?)" : "")));
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
