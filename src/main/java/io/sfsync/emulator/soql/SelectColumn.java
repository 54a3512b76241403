package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.ValueAccessor;
import java.util.List;
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
 * @param children         for a parent-to-child subquery column ({@code (SELECT LastName FROM Contacts)}): the
 *                         child rows; then {@code field} is the queried object's Id and relationshipName the child
 *                         relationship (Contacts)
 */
public record SelectColumn(FieldDef field, FieldDef reference, String relationshipName,
                    Function<Object[], ParentRow> parentRow, ValueAccessor value, Children children) {

    static SelectColumn plain(FieldDef f) {
        return new SelectColumn(f, null, null, null, ValueAccessor.of(f), null);
    }

    static SelectColumn subquery(FieldDef parentId, String relationshipName, Children children) {
        return new SelectColumn(parentId, null, relationshipName, null, ValueAccessor.of(parentId), children);
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
        return new SelectColumn(field, reference, reference.relationshipName, parent, value, null);
    }

    public boolean isRelationship() {
        return reference != null;
    }

    boolean isSubquery() {
        return children != null;
    }

    /** Key for duplicate detection: "email", "owner.name" or "contacts" (a subquery). */
    String key() {
        String k = isSubquery() ? relationshipName : isRelationship() ? relationshipName + "." + field.name : field.name;
        return k.toLowerCase(Locale.ROOT);
    }

    /**
     * The rows of a parent-to-child subquery: {@code rows} maps a parent id to its matching child rows, already
     * ordered and limited (empty when none), rendered with {@code columns}.
     */
    record Children(SObjectDef object, List<SelectColumn> columns, Function<String, List<Object[]>> rows) {
    }

    /** A live parent record and its object. */
    public record ParentRow(SObjectDef object, Object[] row) {
    }
}
