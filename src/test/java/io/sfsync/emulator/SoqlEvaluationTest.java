package io.sfsync.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** WHERE / ORDER BY / LIMIT semantics over a small, hand-made data set. */
class SoqlEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-11-23T05:26:51Z");
    private EmulatorOrg org;
    private String smith;
    private String jones;
    private String brown;
    private String nobody;

    @BeforeEach
    void setUp() {
        org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.clock().freeze(T0);
        smith = lead("Ann", "Smith", "Acme", Map.of("NumberOfEmployees", 10, "AnnualRevenue", 1000.5,
                "DoNotCall", true, "Email", "ann@acme.com", "Status", "Working - Contacted"));
        org.clock().advance(Duration.ofSeconds(1));
        jones = lead("bob", "jones", "Globex 100%", Map.of("NumberOfEmployees", 250, "Email", "bob_jones@globex.com"));
        org.clock().advance(Duration.ofSeconds(1));
        brown = lead(null, "Brown", "acme", Map.of("NumberOfEmployees", 5000));
        nobody = lead("Zed", "Adams", "Initech", Map.of());
    }

    private String lead(String first, String last, String company, Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>(extra);
        m.put("FirstName", first);
        m.put("LastName", last);
        m.put("Company", company);
        return (String) org.create("Lead", m).get("Id");
    }

    private List<String> ids(String where) {
        return org.query("SELECT Id FROM Lead " + where).stream().map(r -> (String) r.get("Id")).toList();
    }

    @Test
    void text_equality_is_case_insensitive_and_not_equal_includes_nulls() {
        assertThat(ids("WHERE LastName = 'SMITH'")).containsExactly(smith);
        assertThat(ids("WHERE FirstName != 'ann'")).containsExactly(jones, brown, nobody);
        assertThat(ids("WHERE FirstName <> 'ann'")).containsExactly(jones, brown, nobody);
        assertThat(ids("WHERE FirstName = null")).containsExactly(brown);
        assertThat(ids("WHERE FirstName != null")).containsExactly(smith, jones, nobody);
    }

    @Test
    void numeric_comparisons() {
        assertThat(ids("WHERE NumberOfEmployees > 10")).containsExactly(jones, brown);
        assertThat(ids("WHERE NumberOfEmployees >= 10")).containsExactly(smith, jones, brown);
        assertThat(ids("WHERE NumberOfEmployees < 250")).containsExactly(smith);
        assertThat(ids("WHERE NumberOfEmployees <= 250")).containsExactly(smith, jones);
        assertThat(ids("WHERE AnnualRevenue = 1000.5")).containsExactly(smith);
        assertThat(ids("WHERE NumberOfEmployees IN (5000, 10)")).containsExactly(smith, brown);
    }

    @Test
    void in_and_not_in_match_case_insensitively() {
        assertThat(ids("WHERE Company IN ('ACME', 'initech')")).containsExactly(smith, brown, nobody);
        assertThat(ids("WHERE Company NOT IN ('ACME')")).containsExactly(jones, nobody);
        assertThat(ids("WHERE FirstName IN ('Zed', null)")).containsExactly(brown, nobody);
    }

    @Test
    void like_supports_percent_underscore_and_escapes() {
        assertThat(ids("WHERE Email LIKE '%@acme.com'")).containsExactly(smith);
        assertThat(ids("WHERE LastName LIKE '_ones'")).containsExactly(jones);
        assertThat(ids("WHERE Company LIKE 'ACM%'")).containsExactly(smith, brown);
        assertThat(ids("WHERE Company LIKE '%100\\%'")).containsExactly(jones);
        assertThat(ids("WHERE Email LIKE 'bob\\_%'")).containsExactly(jones);
        assertThat(ids("WHERE Email LIKE 'bob.%'")).isEmpty();
    }

    @Test
    void booleans_and_picklists() {
        assertThat(ids("WHERE DoNotCall = true")).containsExactly(smith);
        assertThat(ids("WHERE DoNotCall = false")).containsExactly(jones, brown, nobody);
        assertThat(ids("WHERE Status = 'open - not contacted'")).containsExactly(jones, brown, nobody);
    }

    @Test
    void date_time_literals_in_all_offset_styles() {
        assertThat(ids("WHERE CreatedDate = 2026-11-23T05:26:51Z")).containsExactly(smith);
        assertThat(ids("WHERE CreatedDate = 2026-11-23T05:26:51.000Z")).containsExactly(smith);
        assertThat(ids("WHERE CreatedDate = 2026-11-23T06:26:52+01:00")).containsExactly(jones);
        assertThat(ids("WHERE CreatedDate >= 2026-11-22T21:26:53-0800")).containsExactly(brown, nobody);
        assertThat(ids("WHERE CreatedDate > 2026-11-23T05:26:51.999Z")).containsExactly(jones, brown, nobody);
    }

    @Test
    void relative_date_literals() {
        org.clock().freeze(Instant.parse("2026-11-25T10:00:00Z"));
        String today = lead("T", "Today", "X", Map.of());
        assertThat(ids("WHERE CreatedDate = TODAY")).containsExactly(today);
        assertThat(ids("WHERE CreatedDate < TODAY")).containsExactly(smith, jones, brown, nobody);
        assertThat(ids("WHERE CreatedDate = YESTERDAY")).isEmpty();
        assertThat(ids("WHERE CreatedDate = LAST_N_DAYS:1")).containsExactly(today);
        assertThat(ids("WHERE CreatedDate = LAST_N_DAYS:2")).containsExactly(smith, jones, brown, nobody, today);
        org.clock().advance(Duration.ofDays(1));
        assertThat(ids("WHERE CreatedDate = YESTERDAY")).containsExactly(today);
        assertThat(ids("WHERE CreatedDate > YESTERDAY")).isEmpty();
    }

    @Test
    void date_fields_compare_with_date_literals() {
        String c1 = (String) org.create("Contact", Map.of("LastName", "Old", "Birthdate", "1970-05-01")).get("Id");
        String c2 = (String) org.create("Contact", Map.of("LastName", "Young", "Birthdate", LocalDate.of(2001, 1, 2))).get("Id");
        List<Map<String, Object>> rows = org.query("SELECT Id, Birthdate FROM Contact WHERE Birthdate < 1990-01-01");
        assertThat(rows).extracting(r -> r.get("Id")).containsExactly(c1);
        assertThat(rows.get(0).get("Birthdate")).isEqualTo(LocalDate.of(1970, 5, 1));
        assertThat(org.query("SELECT Id FROM Contact WHERE Birthdate = 2001-01-02")).extracting(r -> r.get("Id"))
                .containsExactly(c2);
    }

    @Test
    void not_binds_tighter_than_and_and_parentheses_group() {
        assertThat(ids("WHERE NOT LastName = 'Smith' AND Company = 'acme'")).containsExactly(brown);
        assertThat(ids("WHERE NOT (LastName = 'Smith' AND Company = 'acme')")).containsExactly(jones, brown, nobody);
        assertThat(ids("WHERE Company = 'acme' AND (FirstName = null OR NumberOfEmployees = 10)"))
                .containsExactly(smith, brown);
        assertThat(ids("WHERE (Company = 'acme' AND FirstName = null) OR LastName = 'Adams'"))
                .containsExactly(brown, nobody);
        assertThat(ids("WHERE LastName = 'Smith' OR LastName = 'Jones' OR LastName = 'Adams'"))
                .containsExactly(smith, jones, nobody);
    }

    @Test
    void order_by_text_is_case_insensitive_with_nulls_first_by_default() {
        assertThat(ids("ORDER BY LastName")).containsExactly(nobody, brown, jones, smith);
        assertThat(ids("ORDER BY LastName DESC")).containsExactly(smith, jones, brown, nobody);
        assertThat(ids("ORDER BY FirstName")).containsExactly(brown, smith, jones, nobody);
        assertThat(ids("ORDER BY FirstName NULLS LAST")).containsExactly(smith, jones, nobody, brown);
        assertThat(ids("ORDER BY FirstName DESC")).containsExactly(brown, nobody, jones, smith);
        assertThat(ids("ORDER BY Company, LastName DESC")).containsExactly(smith, brown, jones, nobody);
    }

    @Test
    void keyset_pagination_over_shared_system_modstamp() {
        // brown and nobody were created in the same millisecond
        Instant shared = T0.plusSeconds(2);
        List<String> all = ids("ORDER BY SystemModstamp, Id");
        assertThat(all).containsExactly(smith, jones, brown, nobody);
        String soql = "WHERE SystemModstamp > " + shared + " OR (SystemModstamp = " + shared + " AND Id > '"
                + brown.substring(0, 15) + "') ORDER BY SystemModstamp, Id";
        assertThat(ids(soql)).containsExactly(nobody);
        assertThat(ids("WHERE Id = '" + smith.substring(0, 15) + "'")).containsExactly(smith);
        assertThat(ids("WHERE Id IN ('" + jones + "', '" + brown.substring(0, 15) + "')")).containsExactly(jones, brown);
    }

    @Test
    void limit_offset_and_count() {
        assertThat(ids("ORDER BY LastName LIMIT 2")).containsExactly(nobody, brown);
        assertThat(ids("ORDER BY LastName LIMIT 2 OFFSET 1")).containsExactly(brown, jones);
        assertThat(ids("ORDER BY LastName OFFSET 3")).containsExactly(smith);
        assertThat(ids("LIMIT 0")).isEmpty();
        EmulatorOrg.QueryPage count = org.query("SELECT COUNT() FROM Lead WHERE Company = 'acme'", false, 2000);
        assertThat(count.totalSize()).isEqualTo(2);
        assertThat(count.rows()).isEmpty();
        assertThat(count.done()).isTrue();
    }

    @Test
    void fields_come_back_in_select_order_with_canonical_names_and_calculated_name() {
        Map<String, Object> row = org.query("SELECT name, company, ID, systemmodstamp FROM Lead WHERE Id = '" + smith + "'")
                .get(0);
        assertThat(row.keySet()).containsExactly("Name", "Company", "Id", "SystemModstamp");
        assertThat(row.get("Name")).isEqualTo("Ann Smith");
        assertThat(row.get("SystemModstamp")).isEqualTo(T0);
        assertThat(org.query("SELECT Name FROM Lead WHERE Id = '" + brown + "'").get(0).get("Name")).isEqualTo("Brown");
    }

    @Test
    void query_hides_deleted_records_and_query_all_shows_them() {
        org.delete("Lead", jones);
        assertThat(ids("")).containsExactly(smith, brown, nobody);
        EmulatorOrg.QueryPage all = org.query("SELECT Id, IsDeleted FROM Lead", true, 2000);
        assertThat(all.totalSize()).isEqualTo(4);
        assertThat(ids("WHERE IsDeleted = true")).isEmpty();
        assertThat(org.query("SELECT Id FROM Lead WHERE IsDeleted = true", true, 2000).totalSize()).isEqualTo(1);
    }
}
