package io.sfsync.emulator.http;

import io.sfsync.emulator.org.AccessView;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.Schema;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** describeGlobal and sObject describe documents in Salesforce's JSON shape. */
final class Describe {

    private Describe() {
    }

    static byte[] global(Schema schema, String version) {
        return global(schema, version, AccessView.ALL);
    }

    /** describeGlobal as the integration user sees it (hidden objects left out). */
    static byte[] global(Schema schema, String version, AccessView view) {
        return Http.json(g -> {
            g.writeStartObject();
            g.writeStringField("encoding", "UTF-8");
            g.writeNumberField("maxBatchSize", 200);
            g.writeArrayFieldStart("sobjects");
            for (SObjectDef o : schema.objects()) {
                if (!view.objectVisible(o)) {
                    continue;
                }
                g.writeStartObject();
                objectProperties(g, o, version, false, view);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** GET /sobjects/Type: objectDescribe plus recentItems. */
    static byte[] basicInfo(SObjectDef o, String version) {
        return Http.json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("objectDescribe");
            objectProperties(g, o, version, false, AccessView.ALL);
            g.writeEndObject();
            g.writeArrayFieldStart("recentItems");
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static byte[] object(SObjectDef o, String version) {
        return object(o, version, AccessView.ALL, java.util.List.of());
    }

    /**
     * sObject describe as the integration user sees it (hidden fields left out, read-only ones not writable), with
     * the object's child relationships (those whose child object and reference field the user can see).
     */
    static byte[] object(SObjectDef o, String version, AccessView view, java.util.List<Schema.ChildRelationship> children) {
        return Http.json(g -> {
            g.writeStartObject();
            objectProperties(g, o, version, true, view);
            g.writeArrayFieldStart("childRelationships");
            for (Schema.ChildRelationship r : children) {
                if (view.objectVisible(r.child()) && view.fieldVisible(r.child(), r.field())) {
                    childRelationship(g, r);
                }
            }
            g.writeEndArray();
            g.writeBooleanField("compactLayoutable", true);
            g.writeArrayFieldStart("fields");
            for (FieldDef f : o.fields) {
                if (view.fieldVisible(o, f)) {
                    field(g, f, view.fieldWritable(o, f));
                }
            }
            g.writeEndArray();
            g.writeNullField("listviewable");
            g.writeNullField("lookupLayoutable");
            g.writeArrayFieldStart("namedLayoutInfos");
            g.writeEndArray();
            g.writeNullField("networkScopeFieldName");
            g.writeArrayFieldStart("recordTypeInfos");
            g.writeEndArray();
            g.writeBooleanField("searchLayoutable", true);
            g.writeArrayFieldStart("supportedScopes");
            g.writeStartObject();
            g.writeStringField("label", "All " + o.labelPlural.toLowerCase());
            g.writeStringField("name", "everything");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void childRelationship(JsonGenerator g, Schema.ChildRelationship r) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("cascadeDelete", false);
        g.writeStringField("childSObject", r.child().name);
        g.writeBooleanField("deprecatedAndHidden", false);
        g.writeStringField("field", r.field().name);
        g.writeArrayFieldStart("junctionIdListNames");
        g.writeEndArray();
        g.writeArrayFieldStart("junctionReferenceTo");
        g.writeEndArray();
        g.writeStringField("relationshipName", r.name());
        g.writeBooleanField("restrictedDelete", false);
        g.writeEndObject();
    }

    private static void objectProperties(JsonGenerator g, SObjectDef o, String version, boolean full, AccessView view)
            throws IOException {
        boolean writable = view.objectWritable(o);
        String base = "/services/data/v" + version + "/sobjects/" + o.name;
        g.writeNullField("actionOverrides");
        g.writeBooleanField("activateable", false);
        g.writeNullField("associateEntityType");
        g.writeNullField("associateParentEntity");
        g.writeBooleanField("createable", o.createable && writable);
        g.writeBooleanField("custom", o.custom);
        g.writeBooleanField("customSetting", false);
        g.writeBooleanField("deepCloneable", false);
        g.writeNullField("defaultImplementation");
        g.writeBooleanField("deletable", o.deletable && view.objectDeletable(o));
        g.writeBooleanField("deprecatedAndHidden", false);
        g.writeNullField("extendedBy");
        g.writeNullField("extendsInterfaces");
        g.writeBooleanField("feedEnabled", true);
        g.writeBooleanField("hasSubtypes", false);
        g.writeNullField("implementedBy");
        g.writeNullField("implementsInterfaces");
        g.writeBooleanField("isInterface", false);
        g.writeBooleanField("isSubtype", false);
        g.writeStringField("keyPrefix", o.keyPrefix);
        g.writeStringField("label", o.label);
        g.writeStringField("labelPlural", o.labelPlural);
        g.writeBooleanField("layoutable", true);
        g.writeBooleanField("mergeable", o.deletable);
        g.writeBooleanField("mruEnabled", true);
        g.writeStringField("name", o.name);
        g.writeBooleanField("queryable", o.queryable);
        g.writeBooleanField("replicateable", true);
        g.writeBooleanField("retrieveable", true);
        g.writeBooleanField("searchable", true);
        g.writeBooleanField("triggerable", true);
        g.writeBooleanField("undeletable", o.deletable);
        g.writeBooleanField("updateable", o.updateable && writable);
        g.writeObjectFieldStart("urls");
        if (full) {
            g.writeStringField("uiEditTemplate", "/" + "{ID}/e");
            g.writeStringField("uiDetailTemplate", "/" + "{ID}");
            g.writeStringField("uiNewRecord", "/" + o.keyPrefix + "/e");
        }
        g.writeStringField("rowTemplate", base + "/{ID}");
        g.writeStringField("defaultValues", base + "/defaultValues?recordTypeId&fields");
        g.writeStringField("describe", base + "/describe");
        g.writeStringField("sobject", base);
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, FieldDef f, boolean writable) throws IOException {
        boolean text = f.type.isText() || f.type.isId();
        g.writeStartObject();
        g.writeBooleanField("aggregatable", f.filterable());
        g.writeBooleanField("aiPredictionField", false);
        g.writeBooleanField("autoNumber", false);
        g.writeNumberField("byteLength", text ? f.length * 3 : 0);
        g.writeBooleanField("calculated", f.isCalculated());
        if (f.formula != null) {
            g.writeStringField("calculatedFormula", f.formula.text());
        } else {
            g.writeNullField("calculatedFormula");
        }
        g.writeBooleanField("cascadeDelete", false);
        g.writeBooleanField("caseSensitive", false);
        g.writeNullField("compoundFieldName");
        g.writeNullField("controllerName");
        g.writeBooleanField("createable", f.createable && writable);
        g.writeBooleanField("custom", f.custom);
        if (f.defaultValue != null && f.type == FieldType.BOOLEAN) {
            g.writeBooleanField("defaultValue", (Boolean) f.defaultValue);
        } else {
            g.writeNullField("defaultValue");
        }
        g.writeNullField("defaultValueFormula");
        g.writeBooleanField("defaultedOnCreate", f.defaultedOnCreate);
        g.writeBooleanField("dependentPicklist", false);
        g.writeBooleanField("deprecatedAndHidden", false);
        g.writeNumberField("digits", f.digits);
        g.writeBooleanField("displayLocationInDecimal", false);
        g.writeBooleanField("encrypted", false);
        g.writeBooleanField("externalId", f.externalId);
        g.writeNullField("extraTypeInfo");
        g.writeBooleanField("filterable", f.filterable());
        g.writeNullField("filteredLookupInfo");
        g.writeBooleanField("formulaTreatNullNumberAsZero", false);
        g.writeBooleanField("groupable", f.filterable() && f.type != FieldType.DATETIME && !f.type.isNumber());
        g.writeBooleanField("highScaleNumber", false);
        g.writeBooleanField("htmlFormatted", false);
        g.writeBooleanField("idLookup", f.idLookup);
        g.writeNullField("inlineHelpText");
        g.writeStringField("label", f.label);
        g.writeNumberField("length", text ? f.length : 0);
        g.writeNullField("mask");
        g.writeNullField("maskType");
        g.writeStringField("name", f.name);
        g.writeBooleanField("nameField", f.nameField);
        g.writeBooleanField("namePointing", f.type == FieldType.REFERENCE && f.referenceTo.size() > 1);
        g.writeBooleanField("nillable", f.nillable);
        g.writeBooleanField("permissionable", f.nillable && f.createable);
        g.writeArrayFieldStart("picklistValues");
        for (String v : f.picklist) {
            g.writeStartObject();
            g.writeBooleanField("active", true);
            g.writeBooleanField("defaultValue", v.equals(f.defaultValue));
            g.writeStringField("label", v);
            g.writeNullField("validFor");
            g.writeStringField("value", v);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("polymorphicForeignKey", f.type == FieldType.REFERENCE && f.referenceTo.size() > 1);
        g.writeNumberField("precision", f.precision);
        g.writeBooleanField("queryByDistance", false);
        g.writeNullField("referenceTargetField");
        g.writeArrayFieldStart("referenceTo");
        for (String r : f.referenceTo) {
            g.writeString(r);
        }
        g.writeEndArray();
        if (f.relationshipName == null) {
            g.writeNullField("relationshipName");
        } else {
            g.writeStringField("relationshipName", f.relationshipName);
        }
        g.writeNullField("relationshipOrder");
        g.writeBooleanField("restrictedDelete", false);
        g.writeBooleanField("restrictedPicklist", f.restrictedPicklist);
        g.writeNumberField("scale", f.scale);
        g.writeBooleanField("searchPrefilterable", f.type == FieldType.REFERENCE);
        g.writeStringField("soapType", f.type.soapType);
        g.writeBooleanField("sortable", f.sortable());
        g.writeStringField("type", f.type.apiName);
        g.writeBooleanField("unique", f.unique);
        g.writeBooleanField("updateable", f.updateable && writable);
        g.writeBooleanField("writeRequiresMasterRead", false);
        g.writeEndObject();
    }
}
