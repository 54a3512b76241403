package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.store.ChangeLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Push Deletes step sends a local delete, and why none does: from the mappings and the delete's record alone. */
class UnsentDeletesTest {

    private static final String LEAD_ID = "00Q8d0000Z00001EQA";
    private static final String CONTACT_ID = "0038d0000Z00001EQA";

    @TempDir
    Path dir;

    private ObjectMapping mapping(String file, boolean pushDeletes) throws Exception {
        String text = Files.readString(Path.of("mappings", file));
        if (pushDeletes) {
            text = text.replace("type-column: person_type\n", "type-column: person_type\npush-deletes: true\n");
        }
        Path f = dir.resolve(file);
        Files.writeString(f, text);
        ObjectMapping m = MappingLoader.load(f);
        assertThat(m.pushDeletes()).isEqualTo(pushDeletes);
        return m;
    }

    private static ChangeLog.Delete delete(String... columnValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < columnValues.length; i += 2) {
            values.put(columnValues[i], columnValues[i + 1]);
        }
        return new ChangeLog.Delete(1, 42, values);
    }

    @Test
    void a_delete_goes_to_the_step_of_the_object_its_type_names_when_that_mapping_pushes_deletes() throws Exception {
        ObjectMapping lead = mapping("lead.yaml", true);
        ObjectMapping contact = mapping("contact.yaml", false);
        ChangeLog.Delete leadRow = delete("person_type", "Lead", "sfdc_lead_id", LEAD_ID);
        ChangeLog.Delete convertedRow = delete("person_type", "Contact", "sfdc_lead_id", LEAD_ID, "sfdc_contact_id", CONTACT_ID);

        assertThat(PushDeletes.unsent(List.of(lead, contact), leadRow)).isNull();
        assertThat(PushDeletes.concerns(lead, leadRow)).isTrue();
        assertThat(PushDeletes.concerns(contact, leadRow)).isFalse();
        // a converted Lead's row is the Contact's: the Lead mapping's push-deletes does not make it the Lead's
        assertThat(PushDeletes.concerns(lead, convertedRow)).isFalse();
        assertThat(PushDeletes.unsent(List.of(lead, contact), convertedRow)).startsWith("push-deletes is off for Contact (")
                .endsWith("contact.yaml)");
    }

    @Test
    void deletes_no_step_sends_say_why() throws Exception {
        ObjectMapping lead = mapping("lead.yaml", true);
        ObjectMapping contact = mapping("contact.yaml", true);
        List<ObjectMapping> person = List.of(lead, contact);

        assertThat(PushDeletes.unsent(person, delete())).isEqualTo("the row was deleted before it was created in Salesforce");
        assertThat(PushDeletes.unsent(person, delete("sfdc_lead_id", LEAD_ID)))
                .isEqualTo("the deleted row had no person_type: which object to delete is not known");
        assertThat(PushDeletes.unsent(person, delete("person_type", "Prospect", "sfdc_lead_id", LEAD_ID)))
                .isEqualTo("no object of sfsync.objects is stored in person as 'Prospect'");
        assertThat(PushDeletes.unsent(List.of(contact), delete("person_type", "Lead", "sfdc_lead_id", LEAD_ID)))
                .isEqualTo("no object of sfsync.objects is stored in person as 'Lead'");
        assertThat(PushDeletes.unsent(person, delete("person_type", "Lead", "sfdc_contact_id", CONTACT_ID)))
                .isEqualTo("the row was deleted before it was created in Salesforce as Lead");
    }
}
