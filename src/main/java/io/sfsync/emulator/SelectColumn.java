package io.sfsync.emulator;

import java.util.Locale;
import java.util.function.Function;

/**
 * One field of a SOQL query: a field of the queried object ({@code Email}) or a parent relationship field one level
 * up ({@code Owner.Name}, {@code Account.Name}), resolved through the reference field's {@code relationshipName}.
 *
 * @param field            the field read (on the parent object for relationship columns)
 * @param reference        the reference field on the queried object (OwnerId), null for plain fields
 * @param relationshipName canonical relationship name (Owner), null for plain fields
 * @param parentRow        reads the live parent row of a queried row (null when the reference is empty)
 * @param value            reads the column's stored value from a row of the queried object
 */
record SelectColumn(FieldDef field, FieldDef reference, String relationshipName,
                    Function<Object[], ParentRow> parentRow, ValueAccessor value) {

    static SelectColumn plain(FieldDef f) {
        return new SelectColumn(f, null, null, null, ValueAccessor.of(f));
    }

    /**
     * A parent field. {@code lookup} maps an id to its live row and object (null when missing or deleted); for a
     * polymorphic reference (OwnerId: User or Group) the field is read by name from the actual parent's object.
     */
    static SelectColumn related(FieldDef reference, FieldDef field, Function<String, ParentRow> lookup) {
        int refIdx = reference.index;
        Function<Object[], ParentRow> parent = row -> {
            Object id = row[refIdx];
            return id == null ? null : lookup.apply((String) id);
        };
        String fieldName = field.name;
        ValueAccessor value = row -> {
            Object id = row[refIdx];
            ParentRow p = id == null ? null : lookup.apply((String) id);
            if (p == null) {
                return null;
            }
            FieldDef actual = p.object().field(fieldName);
            return actual == null ? null : ValueAccessor.of(actual).get(p.row());
        };
        return new SelectColumn(field, reference, reference.relationshipName, parent, value);
    }

    boolean isRelationship() {
        return reference != null;
    }

    /** Key for duplicate detection: "email" or "owner.name". */
    String key() {
        String k = isRelationship() ? relationshipName + "." + field.name : field.name;
        return k.toLowerCase(Locale.ROOT);
    }

    /** A live parent record and its object. */
    record ParentRow(SObjectDef object, Object[] row) {
    }
}
