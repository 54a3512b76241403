package io.sfsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.salesforce.ObjectDescribe;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingValidatorTest {

    private static final String DESCRIBE = """
            {"name":"Lead","fields":[
              {"name":"Id","type":"id","calculated":false,"createable":false,"updateable":false},
              {"name":"Email","type":"email","length":80,"calculated":false,"createable":true,"updateable":true},
              {"name":"NumberOfEmployees","type":"int","calculated":false,"createable":true,"updateable":true},
              {"name":"Score_Band__c","type":"string","calculated":true,"createable":false,"updateable":false},
              {"name":"ConvertedDate","type":"date","calculated":false,"createable":false,"updateable":false},
              {"name":"Do_Not_Sync__c","type":"boolean","calculated":false,"createable":true,"updateable":true}]}
            """;

    @TempDir
    Path dir;

    @Test
    void reports_unknown_fields_formulas_and_read_only_fields_marked_for_push_and_type_mismatches() throws Exception {
        Path f = dir.resolve("lead.yaml");
        Files.writeString(f, """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                skip-when: { field: Do_Not_Sink__c, equals: true }
                fields:
                  - { sf: Emial, column: email }
                  - { sf: Score_Band__c, column: rating }
                  - { sf: ConvertedDate, column: birthdate, direction: both }
                  - { sf: Email, column: number_of_employees, direction: pull }
                  - { sf: NumberOfEmployees, column: city }
                """);
        ObjectMapping m = MappingLoader.load(f);
        ObjectDescribe d = ObjectDescribe.parse(new ByteArrayInputStream(DESCRIBE.getBytes(StandardCharsets.UTF_8)));

        assertThat(MappingValidator.problems(m, d, Map.of("email", "text", "rating", "text", "birthdate", "date",
                "number_of_employees", "number", "city", "text")))
                .map(problem -> problem.substring(problem.indexOf("lead.yaml")))
                .containsExactly(
                        "lead.yaml line 6: field 'Emial' does not exist on Lead (did you mean 'Email'?)",
                        "lead.yaml line 7: field 'Score_Band__c' is a formula field and cannot be pushed; use direction: pull",
                        "lead.yaml line 8: field 'ConvertedDate' is read-only for the sync user and cannot be pushed; use direction: pull",
                        "lead.yaml line 9: field 'Email' is a Salesforce email but column 'number_of_employees' is number: map it to a text column",
                        "lead.yaml line 4: skip-when field 'Do_Not_Sink__c' does not exist on Lead (did you mean 'Do_Not_Sync__c'?)");
    }
}
