package io.sfsync.emulator;

import java.util.List;

/** One field of an sObject as described in {@code emulator/schema.json}. */
final class FieldDef {
    final int index;
    final String name;
    final String label;
    final FieldType type;
    final int length;
    final int precision;
    final int scale;
    final int digits;
    final boolean nillable;
    final boolean createable;
    final boolean updateable;
    final boolean defaultedOnCreate;
    final boolean system;
    final boolean nameField;
    final boolean idLookup;
    final boolean externalId;
    final boolean unique;
    final boolean custom;
    final boolean restrictedPicklist;
    final Object defaultValue;
    final List<String> picklist;
    final List<String> referenceTo;
    final String relationshipName;
    /** Non-empty for calculated compound fields such as Name. */
    final int[] calculatedFrom;
    final List<String> calculatedFromNames;
    /** Non-null for formula fields (see {@link Formula}); set once while the schema is parsed. */
    Formula formula;
    /**
     * For a reference: the name of the parent-to-child relationship it forms on the referenced objects (Contacts
     * for Contact.AccountId), usable as a SOQL subquery's FROM; null when it forms none. Set while parsing.
     */
    String childRelationshipName;

    FieldDef(int index, String name, String label, FieldType type, int length, int precision, int scale, int digits,
             boolean nillable, boolean createable, boolean updateable, boolean defaultedOnCreate, boolean system,
             boolean nameField, boolean idLookup, boolean externalId, boolean unique, boolean restrictedPicklist,
             Object defaultValue, List<String> picklist, List<String> referenceTo, String relationshipName,
             List<String> calculatedFromNames) {
        this.index = index;
        this.name = name;
        this.label = label;
        this.type = type;
        this.length = length;
        this.precision = precision;
        this.scale = scale;
        this.digits = digits;
        this.nillable = nillable;
        this.createable = createable;
        this.updateable = updateable;
        this.defaultedOnCreate = defaultedOnCreate;
        this.system = system;
        this.nameField = nameField;
        this.idLookup = idLookup;
        this.externalId = externalId;
        this.unique = unique;
        this.custom = name.endsWith("__c");
        this.restrictedPicklist = restrictedPicklist;
        this.defaultValue = defaultValue;
        this.picklist = picklist;
        this.referenceTo = referenceTo;
        this.relationshipName = relationshipName;
        this.calculatedFromNames = calculatedFromNames;
        this.calculatedFrom = new int[calculatedFromNames.size()];
    }

    /** The same field under another name (a SOQL alias such as {@code toLabel(Status) StatusLabel}). */
    FieldDef renamed(String newName) {
        FieldDef r = new FieldDef(index, newName, label, type, length, precision, scale, digits, nillable, createable,
                updateable, defaultedOnCreate, system, nameField, idLookup, externalId, unique, restrictedPicklist,
                defaultValue, picklist, referenceTo, relationshipName, calculatedFromNames);
        System.arraycopy(calculatedFrom, 0, r.calculatedFrom, 0, calculatedFrom.length);
        r.formula = formula;
        r.childRelationshipName = childRelationshipName;
        return r;
    }

    boolean isCalculated() {
        return !calculatedFromNames.isEmpty();
    }

    /** Required in the Salesforce sense: must be supplied on create. */
    boolean isRequiredOnCreate() {
        return !nillable && createable && !defaultedOnCreate;
    }

    boolean filterable() {
        return !(type == FieldType.TEXTAREA && length > 255);
    }

    boolean sortable() {
        return filterable();
    }
}
