package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.dialect.CaptureTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tables and columns change capture watches, from the mappings alone (no database). */
class CaptureTablesTest {

    private static final Map<String, ObjectMapping> BUNDLED = MappingLoader.loadDirectory(Path.of("mappings"));

    @Test
    void the_push_columns_of_a_table_are_the_union_of_its_mappings_both_and_push_fields() {
        Map<String, CaptureTable> tables = ChangeCapture.tables(List.of(BUNDLED.get("Lead"), BUNDLED.get("Contact"),
                BUNDLED.get("Account"), BUNDLED.get("Task")));

        // Account and Task map only pull fields: nothing to capture on their tables
        assertThat(tables).containsOnlyKeys("person");
        CaptureTable person = tables.get("person");
        assertThat(person.pushColumns()).contains("first_name", "city", "website", "department", "birthdate")
                .doesNotContain("lead_status", "sfdc_owner_id", "sfdc_account_id", "person_type", "sfdc_lead_id");
        assertThat(person.pushColumns()).doesNotHaveDuplicates().startsWith("salutation", "first_name");
        assertThat(person.idColumns()).containsExactly("sfdc_lead_id", "sfdc_contact_id");
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
