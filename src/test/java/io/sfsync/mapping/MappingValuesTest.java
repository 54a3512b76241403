package io.sfsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The value mapping keys of a mapping file: pull-values (S10 on the way in) and push-only-when (S11). */
class MappingValuesTest {

    @TempDir
    Path dir;

    private static final String HEAD = """
            object: Lead
            table: person
            id-column: sfdc_lead_id
            """;

    @Test
    void the_bundled_lead_and_contact_state_fields_read_their_push_values_backwards() {
        for (String file : List.of("mappings/lead.yaml", "mappings/contact.yaml")) {
            FieldMapping state = MappingLoader.load(Path.of(file)).fields().stream()
                    .filter(f -> f.column().equals("state")).findFirst().orElseThrow();
            assertThat(state.pullValues()).as(file)
                    .isEqualTo(Map.of("California", "CA", "New York", "NY", "Texas", "TX"));
        }
    }

    @Test
    void a_listed_salesforce_text_value_is_pulled_as_its_local_value_and_anything_else_as_it_is() throws Exception {
        ObjectMapping m = MappingLoader.load(write("""
                fields:
                  - { sf: State, column: state, pull-values: { California: CA, "New York": NY } }
                  - { sf: NumberOfEmployees, column: number_of_employees, pull-values: { "5": five } }
                  - { sf: City, column: city }
                """));
        Map<String, Object> record = new HashMap<>();
        record.put("State", "California");
        record.put("NumberOfEmployees", 5);
        record.put("City", "California");
        assertThat(MappingTransformer.pulledColumns(m, record))
                .containsEntry("state", "CA").containsEntry("number_of_employees", 5).containsEntry("city", "California");
        record.put("State", "Oregon");
        assertThat(MappingTransformer.pulledColumns(m, record)).containsEntry("state", "Oregon");
        record.put("State", null);
        assertThat(MappingTransformer.pulledColumns(m, record)).containsEntry("state", null);
        // the value a Bulk API CSV carries is text: it maps as the REST value would
        record.put("NumberOfEmployees", "5");
        assertThat(MappingTransformer.pulledColumns(m, record)).containsEntry("number_of_employees", "five");
    }

    @Test
    void inverse_without_push_values_names_file_and_line() throws Exception {
        Path f = write("""
                fields:
                  - { sf: Email, column: email }
                  - { sf: State, column: state, pull-values: inverse }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 6: field 'State': pull-values: inverse needs push-values to read "
                        + "backwards");
    }

    @Test
    void inverse_of_push_values_mapping_two_local_values_to_one_is_ambiguous_and_names_both() throws Exception {
        Path f = write("""
                fields:
                  - { sf: State, column: state,
                      push-values: { CA: California, Calif: California, NY: New York },
                      pull-values: inverse }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 7: field 'State': pull-values: inverse is ambiguous: push-values "
                        + "maps both 'CA' and 'Calif' to 'California'");
    }

    @Test
    void pull_values_on_a_push_only_field_and_push_values_on_a_pull_only_field_are_refused() throws Exception {
        Path f = write("""
                fields:
                  - { sf: State, column: state, direction: push, pull-values: { California: CA } }
                  - { sf: City, column: city, direction: pull, push-values: { SF: San Francisco } }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 5: field 'State' has direction: push: nothing is pulled, so "
                        + "pull-values never applies")
                .hasMessageContaining("lead.yaml line 6: field 'City' has direction: pull: nothing is pushed, so "
                        + "push-values never applies");
    }

    @Test
    void pull_values_must_be_inverse_or_a_map_of_plain_values_each_listed_once() throws Exception {
        Path f = write("""
                fields:
                  - { sf: State, column: state, push-values: { CA: California }, pull-values: reverse }
                  - { sf: City, column: city, pull-values: [California, CA] }
                  - { sf: Street, column: street, pull-values: { Main: [a, b] } }
                  - { sf: Country, column: country, pull-values: { USA: US, USA: United States } }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 5: field 'State': pull-values 'reverse' is neither inverse")
                .hasMessageContaining("lead.yaml line 6: field 'City': pull-values must map Salesforce values to local "
                        + "values, like { California: CA }, or be the word inverse")
                .hasMessageContaining("lead.yaml line 7: field 'Street': pull-values entries must be plain values")
                .hasMessageContaining("lead.yaml line 8: field 'Country': pull-values lists 'USA' twice");
    }

    @Test
    void push_only_when_reads_the_column_and_values_and_admits_only_those_values() throws Exception {
        ObjectMapping m = MappingLoader.load(write("""
                push-only-when: { column: Lead_Source, in: [Web, "Partner Referral"] }
                fields:
                  - { sf: LeadSource, column: lead_source }
                """));
        PushOnlyWhen only = m.pushOnlyWhen();
        assertThat(only.column()).isEqualTo("lead_source");
        assertThat(only.values()).containsExactly("Web", "Partner Referral");
        assertThat(only.line()).isEqualTo(4);
        assertThat(only.admits("Web")).isTrue();
        assertThat(only.admits("Partner Referral")).isTrue();
        assertThat(only.admits("web")).isFalse();
        assertThat(only.admits(null)).isFalse();
        assertThat(only.reason("Phone", m)).isEqualTo("lead_source 'Phone' is not in push-only-when of " + m.displayFile());
        assertThat(only.reason(null, m)).isEqualTo("lead_source is empty, which is not in push-only-when of "
                + m.displayFile());
        assertThat(MappingLoader.load(write("fields:\n  - { sf: LeadSource, column: lead_source }\n")).pushOnlyWhen())
                .isNull();
    }

    @Test
    void push_only_when_compares_numbers_by_value() {
        PushOnlyWhen only = new PushOnlyWhen("type_code", List.of("2", "3"), 4);
        assertThat(only.admits(new BigDecimal("2.00"))).isTrue();
        assertThat(only.admits(3)).isTrue();
        assertThat(only.admits(4L)).isFalse();
    }

    @Test
    void push_only_when_shape_errors_name_file_and_line() throws Exception {
        String fields = "fields:\n  - { sf: LeadSource, column: lead_source }\n";
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: lead_source\n" + fields)))
                .hasMessageContaining("lead.yaml line 4: 'push-only-when' must look like { column: activity_type, in: "
                        + "[Call, Send Email] }");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { column: lead_source }\n" + fields)))
                .hasMessageContaining("lead.yaml line 4: push-only-when: missing 'in'");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { column: lead_source, in: [] }\n" + fields)))
                .hasMessageContaining("lead.yaml line 4: push-only-when: 'in' lists no value");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { column: lead_source, in: Web }\n" + fields)))
                .hasMessageContaining("lead.yaml line 4: push-only-when: 'in' must be a list of values");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { column: lead_source, in: [Web, [a]] }\n"
                + fields))).hasMessageContaining("lead.yaml line 4: push-only-when: each value of 'in' must be a plain value");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { in: [Web] }\n" + fields)))
                .hasMessageContaining("lead.yaml line 4: missing 'column'");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { colum: lead_source, in: [Web] }\n" + fields)))
                .hasMessageContaining("lead.yaml line 4: unknown push-only-when key 'colum' (did you mean 'column'?)");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { column: \"x; DROP TABLE person\", in: [Web] }\n"
                + fields))).hasMessageContaining("lead.yaml line 4: push-only-when column 'x; DROP TABLE person' is not a "
                + "plain SQL name");
        assertThatThrownBy(() -> MappingLoader.load(write("push-only-when: { column: lead_source, in: [Web] }\n"
                + "fields:\n  - { sf: LeadSource, column: lead_source, direction: pull }\n")))
                .hasMessageContaining("lead.yaml line 4: push-only-when: no field is pushed");
    }

    @Test
    void a_strict_value_map_maps_both_ways_and_skips_a_value_it_does_not_list() throws Exception {
        ObjectMapping m = MappingLoader.load(write("""
                fields:
                  - { sf: Status, column: status, values: { Open: Not Started, Complete: Completed } }
                  - { sf: Subject, column: subject }
                """));
        FieldMapping status = m.fields().get(0);
        assertThat(status.strict()).isTrue();
        assertThat(status.pullValues()).isEqualTo(Map.of("Not Started", "Open", "Completed", "Complete"));
        Map<String, Object> record = new HashMap<>();
        record.put("Status", "Completed");
        record.put("Subject", "Call back");
        assertThat(MappingTransformer.unsynced(m, record)).isNull();
        assertThat(MappingTransformer.pulledColumns(m, record)).containsEntry("status", "Complete");
        record.put("Status", "In Progress");
        assertThat(MappingTransformer.unsynced(m, record))
                .isEqualTo("Status 'In Progress' has no local value in " + m.displayFile() + " values");
        record.put("Status", null);
        assertThat(MappingTransformer.unsynced(m, record)).as("empty stays empty").isNull();
    }

    @Test
    void a_strict_value_map_pushes_listed_values_and_refuses_to_send_another_raw() throws Exception {
        ObjectMapping m = MappingLoader.load(write("""
                fields:
                  - { sf: Priority, column: priority, values: { Normal: Normal, High: High } }
                """));
        FieldMapping priority = m.fields().get(0);
        assertThat(PushValues.toSalesforce(priority, "High", "mappings/task.yaml")).isEqualTo("High");
        assertThat(PushValues.toSalesforce(priority, null, "mappings/task.yaml")).isNull();
        assertThatThrownBy(() -> PushValues.toSalesforce(priority, "Urgent", "mappings/task.yaml"))
                .isInstanceOf(PushValues.NotSynced.class)
                .hasMessage("priority 'Urgent' has no Salesforce value for Priority in mappings/task.yaml values");
    }

    @Test
    void a_strict_value_map_listing_a_salesforce_value_twice_or_mixed_with_push_values_names_file_and_line()
            throws Exception {
        Path f = write("""
                fields:
                  - { sf: Status, column: status, values: { Open: Not Started, New: Not Started } }
                  - { sf: Priority, column: priority, values: { High: High }, push-values: { Low: Normal } }
                  - { sf: Subject, column: subject, values: { A: B, A: C } }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 5: field 'Status': values lists the Salesforce value "
                        + "'Not Started' twice (for 'Open' and 'New')")
                .hasMessageContaining("lead.yaml line 6: field 'Priority': push-values together with values")
                .hasMessageContaining("lead.yaml line 7: field 'Subject': values lists 'A' twice");
    }

    @Test
    void the_bundled_task_mapping_syncs_reminder_tasks_both_ways_with_its_enabling_window() {
        ObjectMapping task = MappingLoader.load(Path.of("mappings/task.yaml"));
        assertThat(task.firstPullWindowHours()).isEqualTo(24);
        assertThat(task.createdAfterEnabling()).isEqualTo("created_at");
        assertThat(task.pushDeletes()).isTrue();
        assertThat(task.fields()).filteredOn(FieldMapping::strict).extracting(FieldMapping::sf, FieldMapping::pullValues)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Status", Map.of("Not Started", "Open",
                                "Completed", "Complete")),
                        org.assertj.core.groups.Tuple.tuple("Priority", Map.of("Normal", "Normal", "High", "High")));
        assertThat(task.links()).singleElement().satisfies(l -> assertThat(l.pushes()).isTrue());
    }

    @Test
    void a_bad_window_and_a_two_way_link_from_a_column_not_pushed_name_file_and_line() throws Exception {
        Path f = write("""
                first-pull-window-hours: a day
                fields:
                  - { sf: Email, column: email }
                  - { sf: OwnerId, column: sfdc_owner_id, direction: pull }
                links:
                  - { column: owner_id, from: sfdc_owner_id, to: sf_user, direction: both }
                  - { column: account_id, from: sfdc_account_id, to: account, direction: sideways }
                """);
        assertThatThrownBy(() -> MappingLoader.load(f)).isInstanceOf(MappingException.class)
                .hasMessageContaining("lead.yaml line 4: first-pull-window-hours 'a day' is not a whole number of hours")
                .hasMessageContaining("lead.yaml line 9: link 'owner_id': direction: both needs each 'from' column to be "
                        + "one that a pushed field maps")
                .hasMessageContaining("lead.yaml line 10: link: direction 'sideways' is not pull");
    }

    private Path write(String body) throws Exception {
        Path f = dir.resolve("lead.yaml");
        Files.writeString(f, HEAD + body);
        return f;
    }
}
