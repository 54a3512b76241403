package io.sfsync.emulator;

import io.sfsync.emulator.org.ObjectStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Parent relationship fields, the SystemModstamp index and NULLS FIRST/LAST, in process. */
class QueryIndexAndRelationshipTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static EmulatorOrg org(int leads) {
        EmulatorOrg org = EmulatorOrg.inMemory(EmulatorConfig.defaults().withSeed(0, 0));
        org.clock().freeze(T0);
        if (leads > 0) {
            org.seed("Lead", leads);
        }
        return org;
    }

    private static long examined(EmulatorOrg org, String soql) {
        ObjectStore store = org.store("Lead");
        long before = store.rowsExamined.sum();
        org.query(soql);
        return store.rowsExamined.sum() - before;
    }

    @Test
    void watermark_queries_examine_only_the_changed_tail_of_the_index() {
        EmulatorOrg org = org(100_000);
        List<Map<String, Object>> all = org.all("Lead");
        org.clock().advance(Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            org.update("Lead", (String) all.get(i * 9_000).get("Id"), Map.of("Title", "changed " + i));
        }
        String x = "2026-11-20T10:01:00Z";
        assertThat(org.query("SELECT Id FROM Lead WHERE SystemModstamp > " + x)).hasSize(10);
        assertThat(examined(org, "SELECT Id FROM Lead WHERE SystemModstamp > " + x)).isEqualTo(10);
        assertThat(examined(org, "SELECT Id FROM Lead WHERE SystemModstamp >= " + x + " AND Title LIKE 'changed%'"))
                .isEqualTo(10);
        String firstChanged = (String) all.get(0).get("Id");
        String keyset = "SELECT Id, SystemModstamp FROM Lead WHERE (SystemModstamp > 2026-11-20T10:05:00Z OR"
                + " (SystemModstamp = 2026-11-20T10:05:00Z AND Id > '" + firstChanged + "')) AND IsDeleted = false"
                + " ORDER BY SystemModstamp, Id";
        assertThat(org.query(keyset)).hasSize(9);
        assertThat(examined(org, keyset)).isEqualTo(10);
        assertThat(examined(org, "SELECT Id FROM Lead WHERE Title LIKE 'changed%'")).isEqualTo(100_000);
    }

    @Test
    void index_follows_updates_and_deletes_so_results_equal_a_full_scan() {
        EmulatorOrg org = org(50);
        List<Map<String, Object>> all = org.all("Lead");
        org.clock().advance(Duration.ofMinutes(1));
        org.update("Lead", (String) all.get(3).get("Id"), Map.of("Title", "a"));
        org.clock().advance(Duration.ofMinutes(1));
        org.update("Lead", (String) all.get(3).get("Id"), Map.of("Title", "b"));
        org.delete("Lead", (String) all.get(7).get("Id"));
        String since = "SystemModstamp > 2026-11-20T10:00:30Z";
        assertThat(org.query("SELECT Id, Title FROM Lead WHERE " + since)).extracting(m -> m.get("Title"))
                .containsExactly("b");
        assertThat(org.store("Lead").modstampIndex.size()).isEqualTo(50);
        assertThat(org.query("SELECT Id FROM Lead WHERE " + since + " OR LastName != null")).hasSize(49);
    }

    @Test
    void parent_fields_come_back_as_nested_records_or_null() {
        EmulatorOrg org = org(0);
        String acme = (String) org.create("Account", Map.of("Name", "Acme")).get("Id");
        Map<String, Object> withAccount = new HashMap<>(Map.of("LastName", "Doe", "AccountId", acme));
        org.create("Contact", withAccount);
        org.create("Contact", Map.of("LastName", "Solo"));
        List<Map<String, Object>> rows = org.query(
                "SELECT LastName, Account.Name, Owner.Name, CreatedBy.Alias FROM Contact ORDER BY LastName");
        assertThat(rows.get(0)).containsEntry("Account", Map.of("Name", "Acme"))
                .containsEntry("Owner", Map.of("Name", "Integration Sync"))
                .containsEntry("CreatedBy", Map.of("Alias", "sync"));
        assertThat(rows.get(1)).containsEntry("Account", null);
        assertThat(org.query("SELECT LastName FROM Contact WHERE Account.Name = 'acme'"))
                .extracting(m -> m.get("LastName")).containsExactly("Doe");
        assertThat(org.query("SELECT LastName FROM Contact ORDER BY Account.Name DESC NULLS LAST"))
                .extracting(m -> m.get("LastName")).containsExactly("Doe", "Solo");
        assertThat(org.query("SELECT LastName FROM Contact ORDER BY Account.Name"))
                .extracting(m -> m.get("LastName")).containsExactly("Solo", "Doe");
    }

    @Test
    void nulls_first_and_last_apply_in_both_directions() {
        EmulatorOrg org = org(0);
        for (String title : new String[] {"b", null, "a"}) {
            Map<String, Object> m = new HashMap<>(Map.of("LastName", "L", "Company", "C"));
            m.put("Title", title);
            org.create("Lead", m);
        }
        assertThat(titles(org, "ORDER BY Title")).containsExactly(null, "a", "b");
        assertThat(titles(org, "ORDER BY Title NULLS LAST")).containsExactly("a", "b", null);
        assertThat(titles(org, "ORDER BY Title DESC")).containsExactly(null, "b", "a");
        assertThat(titles(org, "ORDER BY Title DESC NULLS LAST")).containsExactly("b", "a", null);
        assertThat(titles(org, "ORDER BY Title ASC NULLS FIRST LIMIT 2 OFFSET 1")).containsExactly("a", "b");
    }

    private static List<Object> titles(EmulatorOrg org, String tail) {
        return org.query("SELECT Title FROM Lead " + tail).stream().map(m -> m.get("Title")).toList();
    }
}
