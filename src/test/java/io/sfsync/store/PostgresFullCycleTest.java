package io.sfsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.pull.PullDeletes;
import io.sfsync.status.StepRow;
import io.sfsync.testing.BundledMappings;
import io.sfsync.testing.OrgClock;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Salesforce data synced into HSQLDB and into PostgreSQL gives the same rows: one emulator (a stand-alone
 * org, so that every run reads the very same records), four runs of the real application with the bundled mappings
 * and every object of the default sfsync.objects: HSQLDB and PostgreSQL each through REST pages
 * (sfsync.pull.bulk-threshold=0) and through Bulk API 2.0 query jobs (a threshold below the objects' sizes), then an
 * incremental cycle of each after records were changed, created and deleted in the org. After each cycle every
 * synced table, every mapped column (text, compared by meaning: numbers by value, timestamps as instants; local
 * foreign keys as the Salesforce id of the row they point to), is the same in all four databases and equal to the
 * org's records.
 */
class PostgresFullCycleTest {

    private static final int BULK_THRESHOLD = 10;
    private static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    @RegisterExtension
    final PostgresSchema restSchema = new PostgresSchema("sfsync_full_rest_");

    @RegisterExtension
    final PostgresSchema bulkSchema = new PostgresSchema("sfsync_full_bulk_");

    @TempDir
    Path data;

    @Test
    void rest_bulk_and_incremental_cycles_write_the_same_rows_into_hsqldb_and_postgresql_as_salesforce_holds() throws Exception {
        // Task as pulled before reminder tasks (#13): every record, every value as Salesforce holds it
        Path mappingsDir = BundledMappings.withPullOnlyTask(data.resolve("mappings"));
        Map<String, ObjectMapping> mappings = MappingLoader.loadDirectory(mappingsDir);
        try (EmulatorServer org = EmulatorServer.start(EmulatorConfig.defaults().withSeed(150, 100))) {
            for (String extra : List.of("Account:25", "Opportunity:25", "Campaign:3", "CampaignMember:40", "Task:60", "Event:30")) {
                org.org().seed(extra.split(":")[0], Integer.parseInt(extra.split(":")[1]));
            }
            Map<String, Properties> runs = new LinkedHashMap<>();
            runs.put("HSQLDB, REST", orgConfig(TestApp.config(data.resolve("hsqldb-rest")), org, "0"));
            runs.put("PostgreSQL, REST", orgConfig(restSchema.appConfig(data.resolve("pg-rest")), org, "0"));
            runs.put("HSQLDB, Bulk", orgConfig(TestApp.config(data.resolve("hsqldb-bulk")), org, String.valueOf(BULK_THRESHOLD)));
            runs.put("PostgreSQL, Bulk", orgConfig(bulkSchema.appConfig(data.resolve("pg-bulk")), org, String.valueOf(BULK_THRESHOLD)));

            Map<String, TestApp> apps = new LinkedHashMap<>();
            try {
                for (var run : runs.entrySet()) {
                    run.getValue().setProperty("sfsync.mappings-dir", mappingsDir.toString());
                    TestApp t = TestApp.start(run.getValue());
                    apps.put(run.getKey(), t);
                    // the delete log is read up to "now": the org's, which the test moves ahead
                    t.app().camel().getRegistry().lookupByNameAndType("pullDeletes", PullDeletes.class)
                            .useClock(new OrgClock(org.org().clock()));
                }
                List<String> objects = apps.values().iterator().next().app().settings().objects();
                assertThat(objects).contains("Lead", "Contact", "Account", "Opportunity", "CampaignMember", "Task", "Event");

                Map<String, Long> bulkCalls = new HashMap<>();
                for (var app : apps.entrySet()) {
                    long before = bulkCalls(org);
                    String cycle = app.getValue().cycle();
                    bulkCalls.put(app.getKey(), bulkCalls(org) - before);
                    assertCompleted(app.getKey(), app.getValue(), cycle);
                    Map<String, StepRow> pulls = pulls(app.getValue(), cycle);
                    assertThat(pulls.get("Lead").created()).as(app.getKey()).isEqualTo(150);
                    assertThat(pulls.get("Contact").created()).as(app.getKey()).isEqualTo(100);
                    assertThat(pulls.get("Task").created()).as(app.getKey()).isEqualTo(60);
                }
                // the two paths really differ: only the Bulk runs called the Bulk API (jobs of Lead, Contact, Account,
                // Opportunity, CampaignMember, Task, Event at least: several calls each)
                assertThat(bulkCalls.get("HSQLDB, REST")).isZero();
                assertThat(bulkCalls.get("PostgreSQL, REST")).isZero();
                assertThat(bulkCalls.get("HSQLDB, Bulk")).isGreaterThanOrEqualTo(14);
                assertThat(bulkCalls.get("PostgreSQL, Bulk")).isEqualTo(bulkCalls.get("HSQLDB, Bulk"));
                assertSameRowsEverywhereAndAsSalesforce(apps, mappings, objects, org);

                // incremental: changes of every kind, on several objects, then one more cycle of each run
                org.org().clock().advance(Duration.ofMinutes(2));
                List<Map<String, Object>> leads = org.org().query("SELECT Id FROM Lead WHERE IsConverted = false ORDER BY Id");
                List<Map<String, Object>> contacts = org.org().query("SELECT Id FROM Contact ORDER BY Id");
                List<Map<String, Object>> accounts = org.org().query("SELECT Id FROM Account ORDER BY Id");
                List<Map<String, Object>> tasks = org.org().query("SELECT Id FROM Task ORDER BY Id");
                for (int i = 0; i < 20; i++) {
                    org.org().update("Lead", id(leads.get(i * 7)), Map.of("City", "Malmö " + i, "State", "California",
                            "AnnualRevenue", 1234.5 + i, "DoNotCall", i % 2 == 0));
                }
                org.org().update("Lead", id(leads.get(3)), Map.of("Title", "It's \"quoted\", with a\nnewline"));
                org.org().update("Contact", id(contacts.get(5)), Map.of("Email", "changed@example.com", "Title", ""));
                org.org().update("Account", id(accounts.get(2)), Map.of("Name", "Renamed AB"));
                String newLead = (String) org.org().create("Lead", Map.of("LastName", "Åström", "Company", "Nya AB",
                        "State", "Texas", "NumberOfEmployees", 42)).get("Id");
                org.org().create("Task", Map.of("Subject", "Call back", "WhoId", newLead, "ActivityDate", "2026-12-24",
                        "Status", "Not Started", "Priority", "High"));
                org.org().delete("Contact", id(contacts.get(9)));
                org.org().delete("Lead", id(leads.get(11)));
                org.org().delete("Task", id(tasks.get(4)));
                org.org().clock().advance(Duration.ofMinutes(2));

                for (var app : apps.entrySet()) {
                    String cycle = app.getValue().cycle();
                    assertCompleted(app.getKey(), app.getValue(), cycle);
                    Map<String, StepRow> pulls = pulls(app.getValue(), cycle);
                    assertThat(pulls.get("Lead").created()).as(app.getKey()).isEqualTo(1);
                    assertThat(pulls.get("Lead").updated()).as(app.getKey()).isEqualTo(21); // 20 + the quoted Title
                    assertThat(pulls.get("Task").created()).as(app.getKey()).isEqualTo(1);
                    Map<String, StepRow> deletes = steps(app.getValue(), cycle, "Pull Deletes");
                    assertThat(deletes.get("Lead").deleted()).as(app.getKey()).isEqualTo(1);
                    assertThat(deletes.get("Contact").deleted()).as(app.getKey()).isEqualTo(1);
                    assertThat(deletes.get("Task").deleted()).as(app.getKey()).isEqualTo(1);
                }
                assertSameRowsEverywhereAndAsSalesforce(apps, mappings, objects, org);
                for (TestApp t : apps.values()) {
                    assertThat(t.count("SELECT COUNT(*) FROM person WHERE sf_deleted_at IS NOT NULL")).isEqualTo(2);
                    assertThat(t.rows("SELECT state FROM person WHERE sfdc_lead_id = ?", newLead).get(0))
                            .containsEntry("state", "TX");
                }
            } finally {
                apps.values().forEach(TestApp::close);
            }
        }
    }

    /**
     * On PostgreSQL a page's new rows go in by one COPY (RecordWriter, CopyRows): values with the characters COPY's text
     * format escapes arrive unchanged; when the COPY fails (a value too long for its column), it is undone and the page
     * is written by the JDBC batch and then row by row, so the one bad record is a dead letter and the others are written.
     */
    @Test
    void on_postgresql_pages_of_new_rows_are_copied_exactly_and_a_failing_copy_falls_back_to_row_by_row() throws Exception {
        try (TestApp t = TestApp.start(restSchema.appConfig(data.resolve("copy"), "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "150", "sfsync.salesforce.emulator.seed-contacts", "0"))) {
            String tricky = "Back\\slash\ttab\nnew line\r\\N, Ünïcødé 🚀 'quote' \"dq\"";
            String lead = id(t.org().query("SELECT Id FROM Lead ORDER BY Id").get(0));
            t.org().update("Lead", lead, Map.of("Title", tricky, "Street", "\\N"));

            String first = t.cycle();
            assertThat(pulls(t, first).get("Lead").created()).isEqualTo(150);
            assertThat(t.rows("SELECT title, street, city FROM person WHERE sfdc_lead_id = ?", lead).get(0))
                    .containsEntry("title", tricky).containsEntry("street", "\\N")
                    .containsEntry("city", t.org().get("Lead", lead).orElseThrow().get("City"));
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE street IS NULL")).isEqualTo(
                    t.org().query("SELECT Id FROM Lead WHERE Street = null").size());

            t.execute("ALTER TABLE person ALTER COLUMN city TYPE VARCHAR(30)");
            t.org().clock().advance(Duration.ofMinutes(1));
            String tooLong = null;
            for (int i = 0; i < 120; i++) {
                String id = (String) t.org().create("Lead", Map.of("LastName", "New " + i, "Company", "Copy AB",
                        "City", i == 60 ? "Llanfairpwllgwyngyllgogerychwyrndrobwll" : "Lund")).get("Id");
                tooLong = i == 60 ? id : tooLong;
            }
            String second = t.cycle();
            StepRow pull = pulls(t, second).get("Lead");
            assertThat(pull.created()).isEqualTo(119);
            assertThat(pull.failed()).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE company = 'Copy AB' AND city = 'Lund'")).isEqualTo(119);
            assertThat(t.rows("SELECT record_id, error_code FROM dead_letter")).containsExactly(
                    Map.of("record_id", tooLong, "error_code", "LOCAL_VALUE_REJECTED"));
        }
    }

    /**
     * A Bulk API first pull into an empty table streams its pages into one COPY as their records are converted; a COPY
     * the server refuses (a value too long for the column) is undone, its pages are read again and written one COPY
     * each, and the refused page by the JDBC batch, then row by row: the one bad record is a dead letter, every other
     * record is written exactly.
     */
    @Test
    void on_postgresql_a_bulk_first_pull_streams_pages_into_copy_and_a_refused_copy_falls_back_to_row_by_row() throws Exception {
        try (TestApp t = TestApp.start(bulkSchema.appConfig(data.resolve("bulk-copy"), "sfsync.objects", "Lead",
                "sfsync.salesforce.emulator.seed-leads", "300", "sfsync.salesforce.emulator.seed-contacts", "0",
                "sfsync.pull.bulk-threshold", "1", "sfsync.pull.bulk-page-size", "120",
                "sfsync.pull.bulk-poll-interval-ms", "50"))) {
            String tricky = "Back\\slash\ttab\nnew line\r\\N, Ünïcødé 🚀 'quote' \"dq\"";
            List<Map<String, Object>> leads = t.org().query("SELECT Id FROM Lead ORDER BY Id");
            String lead = id(leads.get(0));
            String tooLong = id(leads.get(leads.size() / 2));
            t.org().update("Lead", lead, Map.of("Title", tricky, "Street", "\\N"));
            t.org().update("Lead", tooLong, Map.of("City", "Llanfairpwllgwyngyllgogerychwyrndrobwll"));
            t.execute("ALTER TABLE person ALTER COLUMN city TYPE VARCHAR(30)");
            long bulkBefore = t.org().apiCallsByEndpoint().getOrDefault("jobs/query", 0L);

            String first = t.cycle();
            StepRow pull = pulls(t, first).get("Lead");
            assertThat(t.org().apiCallsByEndpoint().getOrDefault("jobs/query", 0L)).as("read through a Bulk API job")
                    .isGreaterThan(bulkBefore);
            assertThat(pull.created()).isEqualTo(299);
            assertThat(pull.failed()).isEqualTo(1);
            assertThat(t.rows("SELECT record_id, error_code FROM dead_letter")).containsExactly(
                    Map.of("record_id", tooLong, "error_code", "LOCAL_VALUE_REJECTED"));
            assertThat(t.rows("SELECT title, street FROM person WHERE sfdc_lead_id = ?", lead).get(0))
                    .containsEntry("title", tricky).containsEntry("street", "\\N");
            for (Map<String, Object> rec : t.org().query("SELECT Id, City, AnnualRevenue, DoNotCall FROM Lead WHERE Id != '"
                    + tooLong + "'")) {
                Map<String, Object> row = t.rows("SELECT city, annual_revenue, do_not_call FROM person WHERE sfdc_lead_id = ?",
                        id(rec)).get(0);
                assertThat(row.get("city")).as(id(rec)).isEqualTo(rec.get("City"));
                assertThat(number(row.get("annual_revenue"))).as(id(rec)).isEqualTo(number(rec.get("AnnualRevenue")));
                assertThat(Set.of("t", "true").contains(row.get("do_not_call"))).as(id(rec))
                        .isEqualTo(Boolean.parseBoolean(String.valueOf(rec.get("DoNotCall"))));
            }
        }
    }

    /** A number's value without trailing zeros (1200.50 and 1200.5 alike), or null. */
    private static String number(Object value) {
        return value == null ? null : new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }

    private static Properties orgConfig(Properties p, EmulatorServer org, String bulkThreshold) {
        p.setProperty("sfsync.salesforce.mode", "org");
        p.setProperty("sfsync.salesforce.login-url", org.baseUrl());
        p.setProperty("sfsync.salesforce.client-id", EmulatorConfig.DEFAULT_CLIENT_ID);
        p.setProperty("sfsync.salesforce.client-secret", EmulatorConfig.DEFAULT_CLIENT_SECRET);
        p.setProperty("sfsync.salesforce.username", EmulatorConfig.DEFAULT_USERNAME);
        p.setProperty("sfsync.salesforce.password", EmulatorConfig.DEFAULT_PASSWORD);
        p.setProperty("sfsync.pull.bulk-threshold", bulkThreshold);
        p.setProperty("sfsync.pull.bulk-poll-interval-ms", "50");
        return p;
    }

    private static void assertCompleted(String run, TestApp t, String cycle) throws Exception {
        assertThat(t.app().stepLog().cycle(cycle)).isNotEmpty().allSatisfy(s -> assertThat(s.status())
                .as("%s: %s %s: %s", run, s.object(), s.operation(), s.message()).isEqualTo("Completed"));
    }

    private static Map<String, StepRow> pulls(TestApp t, String cycle) throws Exception {
        return steps(t, cycle, "Pull Updates");
    }

    private static Map<String, StepRow> steps(TestApp t, String cycle, String operation) throws Exception {
        return t.app().stepLog().cycle(cycle).stream().filter(s -> s.operation().equals(operation))
                .collect(Collectors.toMap(StepRow::object, s -> s));
    }

    /** The org's count of Bulk API 2.0 query calls so far. */
    private static long bulkCalls(EmulatorServer org) {
        return org.org().apiCallsByEndpoint().getOrDefault("jobs/query", 0L);
    }

    private static String id(Map<String, Object> record) {
        return (String) record.get("Id");
    }

    /**
     * Every run's tables equal the first run's, row by row, and each live row (not a tombstone) equals the org's record
     * field by field; the live rows are exactly the records the mapping pulls.
     */
    private static void assertSameRowsEverywhereAndAsSalesforce(Map<String, TestApp> apps, Map<String, ObjectMapping> mappings,
                                                                List<String> objects, EmulatorServer org) throws Exception {
        Map<String, Map<String, Map<String, Map<String, String>>>> tables = new LinkedHashMap<>();
        for (var app : apps.entrySet()) {
            tables.put(app.getKey(), snapshot(app.getValue(), mappings, objects));
        }
        var reference = tables.values().iterator().next();
        for (var run : tables.entrySet()) {
            for (String object : objects) {
                assertThat(run.getValue().get(object).keySet()).as("%s %s: the Salesforce ids", run.getKey(), object)
                        .containsExactlyElementsOf(reference.get(object).keySet());
                for (var row : reference.get(object).entrySet()) {
                    assertThat(run.getValue().get(object).get(row.getKey())).as("%s %s %s", run.getKey(), object, row.getKey())
                            .isEqualTo(row.getValue());
                }
            }
        }
        for (String object : objects) {
            ObjectMapping m = mappings.get(object);
            String where = m.soqlWhere() == null ? "" : " WHERE " + m.soqlWhere();
            Set<String> pulled = org.org().query("SELECT Id FROM " + object + where).stream()
                    .map(PostgresFullCycleTest::id).collect(Collectors.toSet());
            Map<String, Map<String, String>> live = new TreeMap<>();
            reference.get(object).forEach((id, row) -> {
                if (row.get("sf_deleted_at") == null) {
                    live.put(id, row);
                }
            });
            assertThat(live.keySet()).as("%s: live rows", object).containsExactlyInAnyOrderElementsOf(pulled);
            for (var row : live.entrySet()) {
                Map<String, Object> rec = org.org().get(object, row.getKey()).orElseThrow();
                for (FieldMapping f : m.pulledFields()) {
                    Object value = rec.get(f.sf()) instanceof String s ? f.pullValues().getOrDefault(s, s) : rec.get(f.sf());
                    assertThat(row.getValue().get(f.column())).as("%s %s field %s (Salesforce %s)", object, row.getKey(), f.sf(),
                            rec.get(f.sf())).isEqualTo(salesforceText(value));
                }
            }
        }
    }

    /**
     * Per object: Salesforce id -> the row's columns as text (mapped columns, the tombstone time, local foreign keys as
     * the Salesforce id of the row they point to). Local-only columns (id, created_at, updated_at, sf_pull_rev) are left
     * out: they differ between databases by design.
     */
    private static Map<String, Map<String, Map<String, String>>> snapshot(TestApp t, Map<String, ObjectMapping> mappings,
                                                                    List<String> objects) throws Exception {
        Map<String, Map<Long, String>> sfIdsByTable = new HashMap<>();
        for (String object : objects) {
            ObjectMapping m = mappings.get(object);
            Map<Long, String> ids = sfIdsByTable.computeIfAbsent(m.table(), k -> new HashMap<>());
            try (Connection c = t.app().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT id, " + m.idColumn() + " FROM " + m.table()
                         + " WHERE " + m.idColumn() + " IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        Map<String, Map<String, Map<String, String>>> out = new LinkedHashMap<>();
        for (String object : objects) {
            ObjectMapping m = mappings.get(object);
            List<String> columns = new ArrayList<>();
            for (FieldMapping f : m.pulledFields()) {
                columns.add(f.column());
            }
            columns.add("sf_deleted_at");
            for (LinkMapping l : m.links()) {
                columns.add(l.column());
            }
            Map<String, Map<String, String>> rows = new TreeMap<>();
            String sql = "SELECT " + m.idColumn() + ", " + String.join(", ", columns) + " FROM " + m.table()
                    + (m.typeColumn() == null ? "" : " WHERE " + m.typeColumn() + " = ?");
            try (Connection c = t.app().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                if (m.typeColumn() != null) {
                    ps.setString(1, object);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < columns.size(); i++) {
                            row.put(columns.get(i), databaseText(rs.getObject(i + 2)));
                        }
                        for (LinkMapping l : m.links()) {
                            String local = row.get(l.column());
                            row.put(l.column(), local == null ? null : "-> " + sfIdsByTable.getOrDefault(l.to(), Map.of())
                                    .getOrDefault(Long.parseLong(local), "row " + local + " of " + l.to() + " without a Salesforce id"));
                        }
                        assertThat(rows.put(rs.getString(1), row)).as("%s: one row per Salesforce id", object).isNull();
                    }
                }
            }
            out.put(object, rows);
        }
        return out;
    }

    /** A column value as text by meaning: numbers without trailing zeros, timestamps as UTC instants, dates ISO. */
    private static String databaseText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof java.sql.Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        return v.toString();
    }

    /** A Salesforce value as {@link #databaseText} writes the column it is pulled into. */
    private static String salesforceText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (v instanceof String s && s.matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
            return OffsetDateTime.parse(s, SF_DATETIME).toInstant().toString();
        }
        return v.toString();
    }
}
