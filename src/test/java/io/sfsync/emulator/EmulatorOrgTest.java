package io.sfsync.emulator;

import io.sfsync.emulator.org.SfIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process org API: CRUD with Salesforce validation, system fields, recycle bin and demo data. */
class EmulatorOrgTest {

    private static final Instant T0 = Instant.parse("2026-11-23T05:26:51Z");
    private EmulatorOrg org;

    @BeforeEach
    void setUp() {
        org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.clock().freeze(T0);
    }

    private static Map<String, Object> lead(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("LastName", "Smith");
        m.put("Company", "Acme");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void create_sets_id_system_fields_defaults_and_owner() {
        Map<String, Object> rec = org.create("Lead", lead("FirstName", "Ann"));
        assertThat((String) rec.get("Id")).hasSize(18).startsWith("00Q");
        assertThat(rec.get("CreatedDate")).isEqualTo(T0);
        assertThat(rec.get("LastModifiedDate")).isEqualTo(T0);
        assertThat(rec.get("SystemModstamp")).isEqualTo(T0);
        assertThat(rec.get("CreatedById")).isEqualTo(org.userId());
        assertThat(rec.get("OwnerId")).isEqualTo(org.userId());
        assertThat(rec.get("Status")).isEqualTo("Open - Not Contacted");
        assertThat(rec.get("IsDeleted")).isEqualTo(false);
        assertThat(rec.get("DoNotCall")).isEqualTo(false);
        assertThat(rec.get("Name")).isEqualTo("Ann Smith");
        assertThat(org.count("Lead")).isEqualTo(1);
    }

    @Test
    void update_bumps_last_modified_and_system_modstamp_but_system_touch_only_the_modstamp() {
        String id = (String) org.create("Lead", lead()).get("Id");
        org.clock().advance(Duration.ofMinutes(1));
        org.update("Lead", id, Map.of("Title", "CTO"));
        Map<String, Object> rec = org.get("Lead", id).orElseThrow();
        assertThat(rec.get("Title")).isEqualTo("CTO");
        assertThat(rec.get("CreatedDate")).isEqualTo(T0);
        assertThat(rec.get("LastModifiedDate")).isEqualTo(T0.plusSeconds(60));
        assertThat(rec.get("SystemModstamp")).isEqualTo(T0.plusSeconds(60));

        org.clock().advance(Duration.ofMinutes(1));
        org.touchSystemOnly("Lead", id);
        rec = org.get("Lead", id).orElseThrow();
        assertThat(rec.get("LastModifiedDate")).isEqualTo(T0.plusSeconds(60));
        assertThat(rec.get("SystemModstamp")).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void delete_moves_to_recycle_bin() {
        String id = (String) org.create("Lead", lead()).get("Id");
        String other = (String) org.create("Lead", lead()).get("Id");
        org.clock().advance(Duration.ofSeconds(5));
        org.delete("Lead", id);
        assertThat(org.count("Lead")).isEqualTo(1);
        assertThat(org.all("Lead")).extracting(m -> m.get("Id")).containsExactly(other);
        Map<String, Object> deleted = org.get("Lead", id).orElseThrow();
        assertThat(deleted.get("IsDeleted")).isEqualTo(true);
        assertThat(deleted.get("SystemModstamp")).isEqualTo(T0.plusSeconds(5));
        assertThatThrownBy(() -> org.update("Lead", id, Map.of("Title", "x")))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("ENTITY_IS_DELETED");
                    assertThat(e.getMessage()).isEqualTo("entity is deleted");
                });
    }

    @Test
    void required_fields_are_reported_together() {
        assertThatThrownBy(() -> org.create("Lead", Map.of("FirstName", "Ann")))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
                    assertThat(e.getMessage()).isEqualTo("Required fields are missing: [LastName, Company]");
                    assertThat(e.fields()).containsExactly("LastName", "Company");
                });
        String id = (String) org.create("Lead", lead()).get("Id");
        Map<String, Object> nulled = new HashMap<>();
        nulled.put("Company", null);
        assertThatThrownBy(() -> org.update("Lead", id, nulled))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.fields()).containsExactly("Company"));
    }

    @Test
    void write_validation_errors() {
        assertThatThrownBy(() -> org.create("Lead", lead("Foo", 1)))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
                    assertThat(e.getMessage()).isEqualTo("No such column 'Foo' on sobject of type Lead");
                });
        assertThatThrownBy(() -> org.create("Lead", lead("CreatedDate", "2020-01-01T00:00:00Z", "IsConverted", true)))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
                    assertThat(e.getMessage()).startsWith("Unable to create/update fields: ").endsWith(
                            ". Please check the security settings of this field and verify that it is read/write for"
                                    + " your profile or permission set.");
                    assertThat(e.fields()).containsExactlyInAnyOrder("CreatedDate", "IsConverted");
                });
        String longName = "x".repeat(81);
        assertThatThrownBy(() -> org.create("Lead", lead("LastName", longName)))
                .isInstanceOfSatisfying(SalesforceApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("STRING_TOO_LONG");
                    assertThat(e.getMessage()).isEqualTo("Last Name: data value too large: " + longName + " (max length=80)");
                    assertThat(e.fields()).containsExactly("LastName");
                });
        assertThatThrownBy(() -> org.create("Lead", lead("Email", "not-an-email")))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("INVALID_EMAIL_ADDRESS"));
        assertThatThrownBy(() -> org.create("Lead", lead("NumberOfEmployees", "many")))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("JSON_PARSER_ERROR"));
        assertThatThrownBy(() -> org.create("Contact", Map.of("LastName", "X", "AccountId", "001000000000000AAA")))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("INVALID_CROSS_REFERENCE_KEY"));
        assertThatThrownBy(() -> org.update("Lead", "bogus", Map.of()))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("MALFORMED_ID"));
        assertThatThrownBy(() -> org.update("Lead", SfIds.make("00Q", SfIds.COUNTER_BASE + 999), Map.of()))
                .isInstanceOfSatisfying(SalesforceApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("NOT_FOUND"));
    }

    @Test
    void references_resolve_and_accept_fifteen_char_ids() {
        String account = (String) org.create("Account", Map.of("Name", "Acme")).get("Id");
        Map<String, Object> contact = org.create("Contact", Map.of("LastName", "X", "AccountId", account.substring(0, 15)));
        assertThat(contact.get("AccountId")).isEqualTo(account);
        assertThat(org.get("Contact", ((String) contact.get("Id")).substring(0, 15))).isPresent();
    }

    @Test
    void empty_strings_are_stored_as_null() {
        String id = (String) org.create("Lead", lead("Title", "")).get("Id");
        assertThat(org.get("Lead", id).orElseThrow().get("Title")).isNull();
    }

    @Test
    void seeding_is_deterministic_and_realistic() {
        EmulatorOrg a = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(50, 30));
        EmulatorOrg b = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(50, 30));
        List<String> fields = List.of("FirstName", "LastName", "Company", "Email", "Phone", "State", "City", "LeadSource",
                "Status", "Title", "Id");
        for (int i = 0; i < 50; i++) {
            Map<String, Object> la = a.all("Lead").get(i);
            Map<String, Object> lb = b.all("Lead").get(i);
            for (String f : fields) {
                assertThat(la.get(f)).as(f).isEqualTo(lb.get(f));
            }
        }
        assertThat(a.count("Contact")).isEqualTo(30);
        assertThat(a.count("Account")).isGreaterThan(0);
        Map<String, Object> first = a.all("Lead").get(0);
        assertThat((String) first.get("Email")).contains("@").endsWith(".com");
        assertThat(first.get("Company")).isNotNull();
        assertThat((Instant) first.get("CreatedDate")).isBefore((Instant) first.get("SystemModstamp"));
        assertThat((Instant) first.get("LastModifiedDate")).isBeforeOrEqualTo((Instant) first.get("SystemModstamp"));
        assertThat(a.all("Lead")).extracting(m -> (String) m.get("State"))
                .anyMatch(s -> s.length() == 2).anyMatch(s -> s.length() > 2);
        assertThat(a.all("Contact")).extracting(m -> m.get("AccountId")).anyMatch(v -> v != null);
    }

    @Test
    void seeding_continues_the_sequence_and_scales() {
        EmulatorOrg a = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        a.seed("Lead", 100_000);
        assertThat(a.count("Lead")).isEqualTo(100_000);
        Instant stamp = (Instant) a.all("Lead").get(50_000).get("SystemModstamp");
        String pivot = (String) a.all("Lead").get(50_000).get("Id");
        EmulatorOrg.QueryPage page = a.query("SELECT Id, SystemModstamp FROM Lead WHERE SystemModstamp > " + stamp
                + " OR (SystemModstamp = " + stamp + " AND Id > '" + pivot + "') ORDER BY SystemModstamp, Id", false, 2000);
        assertThat(page.totalSize()).isGreaterThanOrEqualTo(49_999);
    }
}
