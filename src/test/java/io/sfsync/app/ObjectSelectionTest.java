package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which mappings and links a cycle uses follows sfsync.objects (docs/configuration.md, docs/mappings.md). */
class ObjectSelectionTest {

    @TempDir
    Path data;

    @Test
    void a_link_to_a_table_no_synced_object_fills_is_inactive_and_the_objects_keep_their_order() {
        Map<String, ObjectMapping> chosen = SfsyncApplication.mappingsFor(
                new SfsyncSettings(TestApp.config(data, "sfsync.objects", "Task,Account")));

        assertThat(chosen.keySet()).containsExactly("Task", "Account");
        // task.person_id links to person, which neither Task nor Account fills.
        assertThat(chosen.get("Task").links()).isEmpty();

        Map<String, ObjectMapping> withPeople = SfsyncApplication.mappingsFor(
                new SfsyncSettings(TestApp.config(data, "sfsync.objects", "Contact,Task")));
        assertThat(withPeople.get("Task").links()).extracting(LinkMapping::column).containsExactly("person_id");
    }
}
