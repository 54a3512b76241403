package io.sfsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingLoaderTest {

    @TempDir
    Path dir;

    @Test
    void reads_the_bundled_lead_mapping_with_lines_and_directions() {
        ObjectMapping lead = MappingLoader.load(Path.of("mappings/lead.yaml"));
        assertThat(lead.object()).isEqualTo("Lead");
        assertThat(lead.table()).isEqualTo("person");
        assertThat(lead.idColumn()).isEqualTo("sfdc_lead_id");
        assertThat(lead.typeColumn()).isEqualTo("person_type");
        assertThat(lead.soqlWhere()).isEqualTo("IsConverted = false");
        FieldMapping state = lead.fields().stream().filter(f -> f.sf().equals("State")).findFirst().orElseThrow();
        assertThat(state.pushValues()).containsEntry("CA", "California");
        assertThat(state.line()).isGreaterThan(1);
        assertThat(lead.pullSelectFields()).startsWith("Id", "SystemModstamp").contains("FirstName", "Status");
    }

    @Test
    void an_unknown_field_key_names_file_line_and_suggests_the_key() throws Exception {
        Path f = write("lead.yaml", """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                fields:
                  - { sf: FirstName, column: first_name }
                  - { sf: LastName, colum: last_name }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 6")
                .hasMessageContaining("unknown field key 'colum' (did you mean 'column'?)")
                .hasMessageContaining("missing 'column'");
    }

    @Test
    void a_bad_direction_and_a_reused_column_name_the_field() throws Exception {
        Path f = write("contact.yaml", """
                object: Contact
                table: person
                id-column: sfdc_contact_id
                fields:
                  - { sf: FirstName, column: first_name, direction: sideways }
                  - { sf: Email, column: email }
                  - { sf: Phone, column: email }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("contact.yaml line 5: field 'FirstName': direction 'sideways' is not one of both, pull, push")
                .hasMessageContaining("contact.yaml line 7: field 'Phone': column 'email' is already used on line 6");
    }

    @Test
    void broken_yaml_names_the_line() throws Exception {
        Path f = write("lead.yaml", "object: Lead\ntable: person\nfields:\n  - { sf: FirstName, column: first_name\n");
        assertThatThrownBy(() -> MappingLoader.load(f))
                .isInstanceOf(MappingException.class)
                .hasMessageMatching("(?s).*lead\\.yaml line [45]: not valid YAML.*");
    }

    @Test
    void sql_injection_in_a_column_name_is_refused() throws Exception {
        Path f = write("lead.yaml", """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                fields:
                  - { sf: FirstName, column: "first_name; DROP TABLE person" }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).hasMessageContaining("line 5")
                .hasMessageContaining("is not a plain SQL column name");
    }

    @Test
    void two_files_mapping_one_object_are_refused_and_all_problems_are_reported_together() throws Exception {
        write("a.yaml", "object: Lead\ntable: person\nid-column: sfdc_lead_id\nfields:\n  - { sf: Email, column: email }\n");
        write("b.yaml", "object: Lead\ntable: person\nid-column: sfdc_lead_id\nfields:\n  - { sf: Email, column: email }\n");
        write("c.yaml", "object: Contact\ntable: person\nfields:\n  - { sf: Email, column: email }\n");
        write("d.yaml", "object: Account\ntable: account\nid-column: sfdc_id\n");
        assertThatThrownBy(() -> MappingLoader.loadDirectory(dir))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("b.yaml line 1: object 'Lead' is already mapped by")
                .hasMessageContaining("c.yaml line 1: missing 'id-column'")
                .hasMessageContaining("d.yaml line 1: missing 'fields'");
    }

    @Test
    void skip_when_filters_records_by_field_value() throws Exception {
        Path f = write("lead.yaml", """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                skip-when: { field: Do_Not_Sync__c, equals: true }
                fields:
                  - { sf: Email, column: email }
                """);
        ObjectMapping m = MappingLoader.load(f);
        assertThat(m.pullSelectFields()).contains("Do_Not_Sync__c");
        assertThat(MappingTransformer.filteredOut(m, Map.of("Do_Not_Sync__c", true))).isTrue();
        assertThat(MappingTransformer.filteredOut(m, Map.of("Do_Not_Sync__c", false))).isFalse();
    }

    @Test
    void push_deletes_is_off_unless_the_mapping_says_true() throws Exception {
        assertThat(MappingLoader.load(Path.of("mappings/lead.yaml")).pushDeletes()).isFalse();
        assertThat(MappingLoader.load(Path.of("mappings/contact.yaml")).pushDeletes()).isFalse();
        Path on = write("lead.yaml", """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                push-deletes: true
                fields:
                  - { sf: Email, column: email }
                """);
        assertThat(MappingLoader.load(on).pushDeletes()).isTrue();
        assertThat(MappingLoader.load(on).lineOf("push-deletes")).isEqualTo(4);
        Path off = write("contact.yaml", """
                object: Contact
                table: person
                id-column: sfdc_contact_id
                push-deletes: false
                fields:
                  - { sf: Email, column: email }
                """);
        assertThat(MappingLoader.load(off).pushDeletes()).isFalse();
    }

    @Test
    void push_deletes_that_is_not_a_boolean_names_file_and_line() throws Exception {
        Path f = write("lead.yaml", """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                fields:
                  - { sf: Email, column: email }
                push-deletes: yes please
                """);
        assertThatThrownBy(() -> MappingLoader.load(f))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 6: push-deletes 'yes please' is not true or false");
        Path typo = write("contact.yaml", """
                object: Contact
                table: person
                id-column: sfdc_contact_id
                push-delete: true
                fields:
                  - { sf: Email, column: email }
                """);
        assertThatThrownBy(() -> MappingLoader.load(typo))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("contact.yaml line 4: unknown key 'push-delete' (did you mean 'push-deletes'?)");
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
