package io.sfsync.emulator.org;

import java.util.List;

/** One field of an sObject as described in {@code emulator/schema.json}. */
public final class FieldDef {
    public final int index;
    public final String name;
    public final String label;
    public final FieldType type;
    public final int length;
    public final int precision;
    public final int scale;
    public final int digits;
    public final boolean nillable;
    public final boolean createable;
    public final boolean updateable;
    public final boolean defaultedOnCreate;
    public final boolean system;
    public final boolean nameField;
    public final boolean idLookup;
    public final boolean externalId;
    public final boolean unique;
    public final boolean custom;
    public final boolean restrictedPicklist;
    public final Object defaultValue;
    public final List<String> picklist;
    public final List<String> referenceTo;
    public final String relationshipName;
    /** Non-empty for calculated compound fields such as Name. */
    final int[] calculatedFrom;
    final List<String> calculatedFromNames;
    /** Non-null for formula fields (see {@link Formula}); set once while the schema is parsed. */
    public Formula formula;
    /**
     * For a reference: the name of the parent-to-child relationship it forms on the referenced objects (Contacts
     * for Contact.AccountId), usable as a SOQL subquery's FROM; null when it forms none. Set while parsing.
     */
    String childRelationshipName;

    public FieldDef(int index, String name, String label, FieldType type, int length, int precision, int scale, int digits,
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
    public FieldDef renamed(String newName) {
        FieldDef r = new FieldDef(index, newName, label, type, length, precision, scale, digits, nillable, createable,
                updateable, defaultedOnCreate, system, nameField, idLookup, externalId, unique, restrictedPicklist,
                defaultValue, picklist, referenceTo, relationshipName, calculatedFromNames);
        System.arraycopy(calculatedFrom, 0, r.calculatedFrom, 0, calculatedFrom.length);
        r.formula = formula;
        r.childRelationshipName = childRelationshipName;
        return r;
    }

    public boolean isCalculated() {
        return !calculatedFromNames.isEmpty();
    }

    /** Required in the Salesforce sense: must be supplied on create. */
    public boolean isRequiredOnCreate() {
        return !nillable && createable && !defaultedOnCreate;
    }

    public boolean filterable() {
        return !(type == FieldType.TEXTAREA && length > 255);
    }

    public boolean sortable() {
        return filterable();
    }
}
