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
              {"name":"Company","type":"string","length":255,"nillable":false,"calculated":false,"createable":true,"updateable":true},
              {"name":"Title","type":"string","length":128,"calculated":false,"createable":true,"updateable":true},
              {"name":"Phone","type":"phone","length":40,"calculated":false,"createable":true,"updateable":true},
              {"name":"Rating","type":"picklist","length":255,"calculated":false,"createable":true,"updateable":true,
               "picklistValues":[{"value":"Hot","active":true},{"value":"Lukewarm","active":true},
                                 {"value":"Very very warm","active":false}]},
              {"name":"NumberOfEmployees","type":"int","calculated":false,"createable":true,"updateable":true},
              {"name":"Score_Band__c","type":"string","calculated":true,"createable":false,"updateable":false},
              {"name":"ConvertedDate","type":"date","calculated":false,"createable":false,"updateable":false},
              {"name":"Do_Not_Sync__c","type":"boolean","nillable":false,"calculated":false,"createable":true,"updateable":true}]}
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

    @Test
    void push_deletes_on_an_object_the_sync_user_may_not_delete_is_a_problem_naming_file_and_line() throws Exception {
        Path f = dir.resolve("lead.yaml");
        Files.writeString(f, """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                push-deletes: true
                fields:
                  - { sf: Email, column: email }
                """);
        ObjectMapping m = MappingLoader.load(f);
        ObjectDescribe deletable = ObjectDescribe.parse(new ByteArrayInputStream(
                DESCRIBE.replace("{\"name\":\"Lead\",", "{\"name\":\"Lead\",\"deletable\":true,").getBytes(StandardCharsets.UTF_8)));
        ObjectDescribe notDeletable = ObjectDescribe.parse(new ByteArrayInputStream(
                DESCRIBE.replace("{\"name\":\"Lead\",", "{\"name\":\"Lead\",\"deletable\":false,").getBytes(StandardCharsets.UTF_8)));

        assertThat(MappingValidator.problems(m, deletable, Map.of("email", "text"))).isEmpty();
        assertThat(MappingValidator.problems(m, notDeletable, Map.of("email", "text")))
                .map(problem -> problem.substring(problem.indexOf("lead.yaml")))
                .containsExactly("lead.yaml line 4: push-deletes is true, but the sync user may not delete Lead records "
                        + "(Salesforce's describe of Lead says deletable: false); give the sync user the Delete permission "
                        + "on Lead, or set push-deletes: false");
        // without push-deletes, what the sync user may delete does not matter
        Files.writeString(f, Files.readString(f).replace("push-deletes: true", "push-deletes: false"));
        assertThat(MappingValidator.problems(MappingLoader.load(f), notDeletable, Map.of("email", "text"))).isEmpty();
    }

    @Test
    void warns_of_text_columns_shorter_than_their_field_and_not_null_columns_for_fields_that_can_be_empty()
            throws Exception {
        Path f = dir.resolve("lead.yaml");
        Files.writeString(f, """
                object: Lead
                table: person
                id-column: sfdc_lead_id
                fields:
                  - { sf: Email, column: email }
                  - { sf: Company, column: company }
                  - { sf: Title, column: title }
                  - { sf: Phone, column: phone, direction: push }
                  - { sf: NumberOfEmployees, column: employees }
                  - { sf: Do_Not_Sync__c, column: do_not_sync }
                  - { sf: Rating, column: rating }
                """);
        ObjectMapping m = MappingLoader.load(f);
        ObjectDescribe d = ObjectDescribe.parse(new ByteArrayInputStream(DESCRIBE.getBytes(StandardCharsets.UTF_8)));
        Map<String, MappingValidator.ColumnLimits> columns = Map.of(
                "email", new MappingValidator.ColumnLimits(80, false),
                "company", new MappingValidator.ColumnLimits(100, true), // never empty in Salesforce: no NOT NULL warning
                "title", new MappingValidator.ColumnLimits(0, true),
                "phone", new MappingValidator.ColumnLimits(10, true),
                "employees", new MappingValidator.ColumnLimits(0, false),
                // Salesforce checkboxes are never empty (nillable false)
                "do_not_sync", new MappingValidator.ColumnLimits(0, true),
                "rating", new MappingValidator.ColumnLimits(6, false));

        assertThat(MappingValidator.warnings(m, d, columns))
                .map(warning -> warning.substring(warning.indexOf("lead.yaml")))
                .containsExactly(
                        "lead.yaml line 6: field 'Company' (Salesforce string of up to 255 characters) goes into column "
                                + "'company' of person, which holds 100: longer values will fail and go to the "
                                + "dead-letter store; widen the column to 255 characters",
                        "lead.yaml line 7: field 'Title' can be empty in Salesforce but column 'title' of person "
                                + "is NOT NULL: records without a value will fail and go to the dead-letter store; "
                                + "allow null in the column",
                        "lead.yaml line 11: field 'Rating' (Salesforce picklist whose longest value has 8 characters) "
                                + "goes into column 'rating' of person, which holds 6: longer values will fail and go to "
                                + "the dead-letter store; widen the column to 8 characters");
    }
}
