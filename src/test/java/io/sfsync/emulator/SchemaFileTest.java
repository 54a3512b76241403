package io.sfsync.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A user-editable schema file adds custom objects and fields; its mistakes are reported with the file name. */
class SchemaFileTest {

    private static final String EXTRA = """
            {"objects": [
              {"name": "Lead", "fields": [
                {"name": "Score__c", "type": "double", "label": "Score", "precision": 3, "scale": 0},
                {"name": "Score_Band__c", "type": "string", "label": "Score Band",
                 "formula": {"op": "band", "args": ["Score__c"], "bands": {"0": "Cold", "40": "Warm", "70": "Hot"}}}
              ]},
              {"name": "Invoice__c", "label": "Invoice", "keyPrefix": "a0X", "fields": [
                {"name": "Amount__c", "type": "currency", "label": "Amount", "required": true},
                {"name": "Account__c", "type": "reference", "label": "Account", "referenceTo": ["Account"], "relationshipName": "Account__r"},
                {"name": "Status__c", "type": "picklist", "label": "Status", "restrictedPicklist": true, "picklist": ["Draft", "Sent", "Paid"]}
              ]}
            ]}
            """;

    @TempDir
    Path dir;

    private EmulatorOrg orgWith(String json) throws Exception {
        Path file = dir.resolve("schema-extra.json");
        Files.writeString(file, json);
        return EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0).withSchemaFile(file));
    }

    @Test
    void a_schema_file_adds_a_custom_object_with_its_key_prefix_and_standard_fields() throws Exception {
        EmulatorOrg org = orgWith(EXTRA);
        String acc = (String) org.create("Account", Map.of("Name", "Acme")).get("Id");
        Map<String, Object> inv = org.create("Invoice__c", Map.of("Name", "INV-1", "Amount__c", 120.5,
                "Account__c", acc, "Status__c", "Draft"));
        assertThat((String) inv.get("Id")).startsWith("a0X");
        assertThat(inv).containsEntry("OwnerId", org.userId()).containsKey("SystemModstamp");
        assertThat(org.query("SELECT Name, Amount__c FROM Invoice__c WHERE Account__c = '" + acc + "'"))
                .containsExactly(Map.of("Name", "INV-1", "Amount__c", 120.5));
        assertThatThrownBy(() -> org.create("Invoice__c", Map.of("Name", "INV-2", "Amount__c", 1, "Status__c", "Lost")))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"));
        org.seed("Invoice__c", 25);
        assertThat(org.count("Invoice__c")).isEqualTo(26);
    }

    @Test
    void a_formula_field_follows_its_input_and_is_never_writable() throws Exception {
        EmulatorOrg org = orgWith(EXTRA);
        String id = (String) org.create("Lead", Map.of("LastName", "L", "Company", "C", "Score__c", 55)).get("Id");
        assertThat(org.get("Lead", id).orElseThrow()).containsEntry("Score_Band__c", "Warm")
                .containsEntry("Do_Not_Sync__c", false);
        org.update("Lead", id, Map.of("Score__c", 90));
        assertThat(org.query("SELECT Score_Band__c FROM Lead WHERE Score_Band__c = 'Hot'")).hasSize(1);
        assertThatThrownBy(() -> org.update("Lead", id, Map.of("Score_Band__c", "Cold")))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE"));
    }

    @Test
    void mistakes_in_the_schema_file_name_the_file_and_what_is_wrong() throws Exception {
        assertThatThrownBy(() -> orgWith("{\"objects\": [{\"name\": \"Invoice__c\", \"keyPrefix\": \"a0X\", \"fields\": ["
                + "{\"name\": \"Amount__c\", \"type\": \"money\"}]}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema-extra.json")
                .hasMessageContaining("'Invoice__c'").hasMessageContaining("field 'Amount__c'")
                .hasMessageContaining("unknown type 'money'");
        assertThatThrownBy(() -> orgWith("{\"objects\": [{\"name\": \"Invoice__c\", \"keyPrefix\": \"00Q\", \"fields\": []}]}"))
                .hasMessageContaining("schema-extra.json").hasMessageContaining("keyPrefix '00Q' is already used");
        assertThatThrownBy(() -> orgWith("{\"objects\": [{\"name\": \"Lead\", \"fields\": [{\"name\": \"Score\", \"type\": \"double\"}]}]}"))
                .hasMessageContaining("field 'Score'").hasMessageContaining("'__c'");
        assertThatThrownBy(() -> orgWith("{\"objects\": [{\"name\": \"Lead\", \"fields\": [{\"name\": \"Band__c\","
                + " \"formula\": {\"op\": \"band\", \"args\": [\"Nope__c\"], \"bands\": {\"0\": \"x\"}}}]}]}"))
                .hasMessageContaining("schema-extra.json").hasMessageContaining("unknown field Nope__c");
        assertThatThrownBy(() -> orgWith("{\"objects\": [ {\"name\": }"))
                .hasMessageContaining("schema-extra.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EmulatorOrg.inMemory(EmulatorConfig.defaults().withSchemaFile(dir.resolve("missing.json"))))
                .hasMessageContaining("missing.json").hasMessageContaining("cannot read");
    }

    @Test
    void the_documented_example_schema_file_loads() {
        EmulatorOrg org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0)
                .withSchemaFile(Path.of("docs/examples/schema-extra.json")));
        assertThat(org.sobjectNames()).contains("Invoice__c");
        org.seed("Lead", 3);
        assertThat(org.query("SELECT Score__c, Score_Band__c FROM Lead")).hasSize(3);
    }
}
