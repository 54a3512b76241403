package io.sfsync.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Aggregates, GROUP BY / HAVING, parent-to-child subqueries, semi-joins, FIELDS() and toLabel() over hand-made rows. */
class SoqlAggregatesAndRelationshipsTest {

    private EmulatorOrg org;
    private String acme;
    private String globex;
    private String initech;
    private String ann;
    private String bob;
    private String cid;
    private String webLead;
    private String phoneLead;

    @BeforeEach
    void setUp() {
        org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.clock().freeze(Instant.parse("2026-11-23T05:26:51Z"));
        acme = create("Account", Map.of("Name", "Acme"));
        globex = create("Account", Map.of("Name", "Globex"));
        initech = create("Account", Map.of("Name", "Initech"));
        ann = create("Contact", Map.of("LastName", "Zimmer", "FirstName", "Ann", "AccountId", acme));
        bob = create("Contact", Map.of("LastName", "Adams", "FirstName", "Bob", "AccountId", acme));
        cid = create("Contact", Map.of("LastName", "Cole", "AccountId", globex));
        webLead = lead("Web", "Open - Not Contacted", 1000.0);
        lead("Web", "Working - Contacted", 3000.0);
        lead("web", "Working - Contacted", null);
        phoneLead = lead("Phone Inquiry", "Open - Not Contacted", 500.0);
        lead(null, "Open - Not Contacted", 10.0);
        create("Task", Map.of("Subject", "Call", "WhoId", webLead));
        create("Task", Map.of("Subject", "Email", "WhoId", ann));
    }

    private String create(String type, Map<String, Object> fields) {
        return (String) org.create(type, new HashMap<>(fields)).get("Id");
    }

    private String lead(String source, String status, Double revenue) {
        Map<String, Object> m = new HashMap<>();
        m.put("LastName", "L" + source);
        m.put("Company", "C");
        m.put("LeadSource", source);
        m.put("Status", status);
        m.put("AnnualRevenue", revenue);
        return create("Lead", m);
    }

    private SalesforceApiException error(String soql) {
        try {
            org.query(soql);
        } catch (SalesforceApiException e) {
            return e;
        }
        throw new AssertionError("expected an error for " + soql);
    }

    @Test
    void group_by_counts_per_value_with_aliases_and_expr_names() {
        List<Map<String, Object>> rows = org.query(
                "SELECT LeadSource, COUNT(Id) n, MAX(AnnualRevenue) FROM Lead GROUP BY LeadSource ORDER BY LeadSource");
        // text groups case-insensitively (Web and web are one group); the null group sorts first
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(entry("LeadSource", null), entry("n", 1), entry("expr0", 10.0));
        assertThat(rows.subList(1, 3)).containsExactly(
                Map.of("LeadSource", "Phone Inquiry", "n", 1, "expr0", 500.0),
                Map.of("LeadSource", "Web", "n", 3, "expr0", 3000.0));
        assertThat(org.query("SELECT COUNT(Id), LeadSource src FROM Lead GROUP BY LeadSource ORDER BY LeadSource"
                + " NULLS LAST").get(2)).containsExactly(entry("expr0", 1), entry("src", null));
    }

    @Test
    void aggregates_without_group_by_answer_one_row_even_over_no_rows() {
        assertThat(org.query("SELECT MAX(AnnualRevenue), MIN(AnnualRevenue), SUM(AnnualRevenue), AVG(AnnualRevenue),"
                + " COUNT(AnnualRevenue), COUNT(Id), COUNT_DISTINCT(LeadSource) FROM Lead"))
                .containsExactly(Map.of("expr0", 3000.0, "expr1", 10.0, "expr2", 4510.0, "expr3", 1127.5,
                        "expr4", 4, "expr5", 5, "expr6", 2));
        List<Map<String, Object>> none = org.query("SELECT MAX(AnnualRevenue) top FROM Lead WHERE Company = 'none'");
        assertThat(none).hasSize(1);
        assertThat(none.get(0)).containsExactly(entry("top", null));
    }

    @Test
    void having_order_by_aggregate_and_limit() {
        assertThat(org.query("SELECT Status, COUNT(Id) FROM Lead GROUP BY Status HAVING COUNT(Id) > 2"))
                .containsExactly(Map.of("Status", "Open - Not Contacted", "expr0", 3));
        assertThat(org.query("SELECT Status s, COUNT(Id) c FROM Lead GROUP BY Status ORDER BY COUNT(Id) ASC LIMIT 1"))
                .containsExactly(Map.of("s", "Working - Contacted", "c", 2));
        assertThat(org.query("SELECT Status FROM Lead GROUP BY Status HAVING Status LIKE 'Work%'"))
                .containsExactly(Map.of("Status", "Working - Contacted"));
        assertThat(org.query("SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name ORDER BY Account.Name"))
                .containsExactly(Map.of("Name", "Acme", "expr0", 2), Map.of("Name", "Globex", "expr0", 1));
    }

    @Test
    void aggregate_errors_are_salesforce_shaped() {
        SalesforceApiException e = error("SELECT LastName, COUNT(Id) FROM Lead GROUP BY LeadSource");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT LastName, COUNT(Id) FROM Lead GROUP BY LeadSource\n       ^\n"
                + "ERROR at Row:1:Column:8\nField must be grouped or aggregated: LastName");
        assertThat(error("SELECT SUM(LastName) FROM Lead").getMessage())
                .endsWith("field LastName does not support aggregate operator SUM");
        assertThat(error("SELECT MAX(AnnualRevenue) FROM Lead LIMIT 1").errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(error("SELECT LeadSource FROM Lead GROUP BY LeadSource ORDER BY Status").getMessage())
                .endsWith("Ordered field must be grouped or aggregated: Status");
        assertThat(error("SELECT LastName n FROM Lead").getMessage())
                .endsWith("Only aggregate expressions use field aliasing");
        assertThat(error("SELECT COUNT(Id) a, MAX(AnnualRevenue) a FROM Lead").getMessage())
                .endsWith("duplicate alias: a");
    }

    @Test
    void subqueries_nest_child_records_under_the_relationship_name() {
        List<Map<String, Object>> rows = org.query("SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName)"
                + " FROM Account ORDER BY Name");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(entry("Name", "Acme"), entry("Contacts", Map.of("totalSize", 2,
                "done", true, "records", List.of(Map.of("LastName", "Adams"), Map.of("LastName", "Zimmer")))));
        assertThat(rows.get(1).get("Contacts")).isEqualTo(Map.of("totalSize", 1, "done", true,
                "records", List.of(Map.of("LastName", "Cole"))));
        assertThat(rows.get(2)).containsEntry("Contacts", null);
        assertThat(org.query("SELECT Id, (SELECT FirstName FROM contacts WHERE FirstName != null ORDER BY FirstName DESC"
                + " LIMIT 1) FROM Account WHERE Id = '" + acme + "'").get(0).get("Contacts"))
                .isEqualTo(Map.of("totalSize", 1, "done", true, "records", List.of(Map.of("FirstName", "Bob"))));
        assertThat(org.query("SELECT Id, (SELECT Subject FROM Tasks) FROM Lead WHERE Id = '" + webLead + "'")
                .get(0).get("Tasks")).isEqualTo(Map.of("totalSize", 1, "done", true,
                "records", List.of(Map.of("Subject", "Call"))));
    }

    @Test
    void unknown_child_relationship_is_invalid_type() {
        SalesforceApiException e = error("SELECT Id, (SELECT Id FROM Contact) FROM Account");
        assertThat(e.errorCode()).isEqualTo("INVALID_TYPE");
        assertThat(e.getMessage()).contains("Column:28\nDidn't understand relationship 'Contact' in FROM part of query"
                + " call.");
    }

    @Test
    void semi_and_anti_joins_filter_by_the_ids_of_an_inner_query() {
        List<String> withTasks = org.query("SELECT Id FROM Lead WHERE Id IN (SELECT WhoId FROM Task)").stream()
                .map(r -> (String) r.get("Id")).toList();
        assertThat(withTasks).containsExactly(webLead);
        assertThat(org.query("SELECT Id FROM Contact WHERE Id NOT IN (SELECT WhoId FROM Task WHERE Subject = 'Email')")
                .stream().map(r -> r.get("Id")).toList()).containsExactly(bob, cid);
        assertThat(org.query("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE"
                + " LastName LIKE 'C%') AND Name != null")).containsExactly(Map.of("Name", "Globex"));
        assertThat(error("SELECT Id FROM Lead WHERE Id IN (SELECT Subject FROM Task)").getMessage())
                .contains("Invalid semi join");
        assertThat(error("SELECT Id FROM Lead WHERE LastName IN (SELECT WhoId FROM Task)").getMessage())
                .contains("Invalid semi join");
    }

    @Test
    void fields_function_expands_to_the_objects_fields() {
        Map<String, Object> account = org.query("SELECT FIELDS(STANDARD) FROM Account WHERE Id = '" + acme + "'").get(0);
        assertThat(account).containsEntry("Name", "Acme").containsEntry("Id", acme).containsKey("SystemModstamp");
        assertThat(account.keySet()).containsExactlyElementsOf(
                org.schema().object("Account").fields.stream().filter(f -> !f.custom).map(f -> f.name).toList());
        assertThat(org.query("SELECT FIELDS(ALL) FROM Account LIMIT 200")).hasSize(3);
        SalesforceApiException e = error("SELECT FIELDS(ALL) FROM Account");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).endsWith("The SOQL FIELDS function must have a LIMIT of at most 200");
        assertThat(error("SELECT FIELDS(CUSTOM) FROM Account LIMIT 201").getMessage())
                .endsWith("The SOQL FIELDS function must have a LIMIT of at most 200");
        assertThat(error("SELECT Id, FIELDS(STANDARD) FROM Account").getMessage())
                .endsWith("duplicate field selected: Id");
    }

    @Test
    void to_label_answers_the_picklist_label_under_the_field_name_or_alias() {
        assertThat(org.query("SELECT toLabel(Status) FROM Lead WHERE Id = '" + phoneLead + "'"))
                .containsExactly(Map.of("Status", "Open - Not Contacted"));
        assertThat(org.query("SELECT Status, toLabel(Status) statusLabel FROM Lead WHERE Id = '" + phoneLead + "'"))
                .containsExactly(Map.of("Status", "Open - Not Contacted", "statusLabel", "Open - Not Contacted"));
        assertThat(error("SELECT Status, toLabel(Status) FROM Lead").getMessage())
                .endsWith("duplicate field selected: Status");
    }

    @Test
    void hidden_fields_are_left_out_of_fields_and_refused_in_group_by() {
        org.setFieldAccess("Lead", "LeadSource", Access.HIDDEN);
        assertThat(org.query("SELECT FIELDS(STANDARD) FROM Lead").get(0)).doesNotContainKey("LeadSource")
                .containsKey("Status");
        SalesforceApiException e = error("SELECT COUNT(Id) FROM Lead GROUP BY LeadSource");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).contains("No such column 'LeadSource' on entity 'Lead'");
    }

    @Test
    void count_query_still_answers_the_count_alone() {
        assertThatThrownBy(() -> org.query("SELECT COUNT(), Id FROM Lead")).isInstanceOf(SalesforceApiException.class);
        EmulatorOrg.QueryPage page = org.query("SELECT COUNT() FROM Lead WHERE LeadSource = 'Web'", false, 2000);
        assertThat(page.totalSize()).isEqualTo(3);
        assertThat(page.rows()).isEmpty();
    }
}
