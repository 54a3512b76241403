package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.StatusLogFixture;
import io.sfsync.testing.TestApp;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CSV downloads (L4) over real HTTP, on HSQLDB and on PostgreSQL: the filtered status log and a step's failed
 * records, quoted so that commas, quotes and line breaks survive, every cell a spreadsheet would run neutralised.
 */
class StatusCsvExportTest {

    enum Db { HSQLDB, POSTGRESQL }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_statuscsv_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void the_filtered_log_and_a_steps_failed_records_download_as_safe_csv(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead", "sfsync.salesforce.emulator.seed-leads", "0",
            "sfsync.salesforce.emulator.seed-contacts", "0"};
        Properties config = db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv);
        String base = "http://127.0.0.1:" + config.getProperty("camel.server.port");
        try (TestApp t = TestApp.start(config)) {
            StatusLogFixture f = new StatusLogFixture().insertSteps(t);
            f.insertFailedRecords(t);

            HttpResponse<String> log = get(base + "/api/sync-steps/export?object=Lead&sort=started&order=asc&limit=1");
            assertThat(log.statusCode()).isEqualTo(200);
            assertThat(log.headers().firstValue("Content-Type")).hasValue("text/csv; charset=UTF-8");
            assertThat(log.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"sync-steps.csv\"");
            Csv steps = parse(log.body());
            assertThat(steps.header()).containsExactly("id", "cycleId", "object", "operation", "status",
                    "startedAt", "finishedAt", "created", "updated", "deleted", "failed", "skipped", "expected", "message", "instance",
                    "apiCalls");
            // no paging: limit is not an export's parameter, every matching step is there, in the order asked
            assertThat(steps.rows()).hasSize(2);
            assertThat(steps.rows().get(0).values()).containsExactly(String.valueOf(f.leadPull), "fixture", "Lead", "Pull Updates",
                    "Completed", ISO.format(f.t0), ISO.format(f.t0.plusMinutes(1)), "10", "2", "0", "1", "0", "13", "", "", "");
            assertThat(steps.rows().get(1).get("id")).isEqualTo(String.valueOf(f.leadPush));
            // the message keeps its comma, quotes and line break, behind the quote that stops a formula
            assertThat(steps.rows().get(1).get("message")).isEqualTo("'" + StatusLogFixture.FORMULA_MESSAGE);
            assertThat(parse(get(base + "/api/sync-steps/export").body()).rows()).hasSize(5);

            HttpResponse<String> failed = get(base + "/api/sync-steps/" + f.leadPush + "/failed-records/export");
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.headers().firstValue("Content-Type")).hasValue("text/csv; charset=UTF-8");
            assertThat(failed.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"step-" + f.leadPush + "-failed-records.csv\"");
            Csv failedCsv = parse(failed.body());
            assertThat(failedCsv.header()).containsExactly("id", "createdAt", "stepId", "object", "operation",
                    "recordId", "errorCode", "errorMessage", "status", "resolvedAt", "attempts", "lastAttemptAt",
                    "lastError", "payload");
            List<CSVRecord> records = failedCsv.rows();
            assertThat(records).extracting(r -> r.get("recordId"))
                    .containsExactly("00Q000000000001", "00Q000000000002", "00Q000000000003");
            assertThat(records).extracting(r -> r.get("errorMessage"))
                    .containsExactly("'+1 field is wrong", "'-minus, \"quoted\"\nand a new line", "'@at\tand tab");
            assertThat(records).extracting(r -> r.get("payload"))
                    .containsExactly("{\"Company\":\"=HYPERLINK(\\\"x\\\")\"}", "{\"LastName\":\"@sum\"}", "'\t{\"x\":1}");
            assertThat(records.get(0).get("stepId")).isEqualTo(String.valueOf(f.leadPush));
            assertThat(records.get(0).get("status")).isEqualTo("New");

            HttpResponse<String> none = get(base + "/api/sync-steps/" + f.leadPull + "/failed-records/export");
            assertThat(parse(none.body()).rows()).isEmpty();
            // the temporary files the downloads were streamed from are deleted once sent
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                    assertThat(left.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("sfsync-sync-steps-") || n.startsWith("sfsync-failed-records-")))
                            .isEmpty();
                }
            });
        }
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The header and the rows after it. */
    private record Csv(List<String> header, List<CSVRecord> rows) {
    }

    private static Csv parse(String csv) throws Exception {
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(csv));
        return new Csv(p.getHeaderNames(), p.getRecords());
    }
}
