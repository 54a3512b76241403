package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.dialect.CaptureTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tables and columns change capture watches, from the mappings alone (no database). */
class CaptureTablesTest {

    private static final Map<String, ObjectMapping> BUNDLED = MappingLoader.loadDirectory(Path.of("mappings"));

    @TempDir
    Path dir;

    @Test
    void the_push_columns_of_a_table_are_the_union_of_its_mappings_both_and_push_fields() {
        Map<String, CaptureTable> tables = ChangeCapture.tables(List.of(BUNDLED.get("Lead"), BUNDLED.get("Contact"),
                BUNDLED.get("Account"), BUNDLED.get("Task")));

        // Account maps only pull fields: nothing to capture on its table; Task pushes its reminder fields
        assertThat(tables).containsOnlyKeys("person", "task");
        assertThat(tables.get("task").pushColumns())
                .containsExactly("subject", "activity_date", "status", "priority", "description", "sfdc_who_id");
        CaptureTable person = tables.get("person");
        assertThat(person.pushColumns()).contains("first_name", "city", "website", "department", "birthdate")
                .doesNotContain("lead_status", "sfdc_owner_id", "sfdc_account_id", "person_type", "sfdc_lead_id");
        assertThat(person.pushColumns()).doesNotHaveDuplicates().startsWith("salutation", "first_name");
        assertThat(person.idColumns()).containsExactly("sfdc_lead_id", "sfdc_contact_id");
        // a delete records the row's type with its ids: Push Deletes deletes the object the row was
        assertThat(person.typeColumns()).containsExactly("person_type");
        assertThat(person.capturesWrites()).isTrue();
    }

    @Test
    void a_table_whose_mapping_pushes_no_field_is_captured_for_its_deletes_only_when_push_deletes_is_on() throws Exception {
        Path off = dir.resolve("off");
        Files.createDirectories(off);
        Files.writeString(off.resolve("task.yaml"), """
                object: Task
                table: task
                id-column: sfdc_id
                fields:
                  - { sf: Subject, column: subject, direction: pull }
                """);
        assertThat(ChangeCapture.tables(MappingLoader.loadDirectory(off).values())).isEmpty();

        Path on = dir.resolve("on");
        Files.createDirectories(on);
        Files.writeString(on.resolve("task.yaml"), Files.readString(off.resolve("task.yaml"))
                .replace("id-column: sfdc_id\n", "id-column: sfdc_id\npush-deletes: true\n"));
        CaptureTable task = ChangeCapture.tables(MappingLoader.loadDirectory(on).values()).get("task");
        assertThat(task.pushColumns()).isEmpty();
        assertThat(task.capturesWrites()).isFalse();
        assertThat(task.idColumns()).containsExactly("sfdc_id");
        assertThat(task.typeColumns()).isEmpty();
    }

    @Test
    void id_and_type_columns_too_long_for_the_deleted_ids_column_are_refused() {
        String longName = "c".repeat(60);
        assertThatThrownBy(() -> new CaptureTable("person", List.of("city"), List.of(longName + "1", longName + "2",
                longName + "3", longName + "4"), List.of("person_type")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the 400 of sync_change.deleted_ids");
    }

    @Test
    void names_that_are_not_plain_sql_or_too_long_for_the_trigger_names_are_refused() {
        assertThatThrownBy(() -> new CaptureTable("person; DROP TABLE x", List.of("city"), List.of("sfdc_id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL name");
        assertThatThrownBy(() -> new CaptureTable("person", List.of("city'--"), List.of("sfdc_id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL name");
        String longest = "t".repeat(52);
        assertThat(new CaptureTable(longest, List.of("city"), List.of("sfdc_id")).triggerName("upd")).hasSize(63);
        assertThatThrownBy(() -> new CaptureTable(longest + "x", List.of("city"), List.of("sfdc_id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would exceed 63 characters; push fields need a table name of at most 52 characters");
    }
}
