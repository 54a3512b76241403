package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.salesforce.CsvPage;
import io.sfsync.salesforce.Watermark;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Bulk API first pull saves the greatest (SystemModstamp, Id) of all its rows, which come in no order. */
class BulkWatermarkTest {

    private static Map<String, Object> rec(String id, String stamp) {
        return Map.of("Id", id, "SystemModstamp", stamp);
    }

    @Test
    void the_greatest_timestamp_wins_and_ties_go_to_the_greatest_id() {
        Watermark w = PullUpdatesBulk.maxWatermark(List.of(
                rec("00Q000000000003AAA", "2026-11-23T08:20:00.000Z"),
                rec("00Q000000000009AAA", "2026-11-23T08:20:01.000Z"),
                rec("00Q000000000001AAA", "2026-11-23T08:20:01.000Z"),
                rec("00Q000000000002AAA", "2025-12-31T23:59:59.999Z")));
        assertThat(w).isEqualTo(new Watermark(OffsetDateTime.parse("2026-11-23T08:20:01Z"), "00Q000000000009AAA"));
    }

    @Test
    void timestamps_in_different_forms_are_compared_as_instants() {
        // "+0100" is one hour ahead: 09:20:05+0100 is 08:20:05Z, earlier than 08:20:06Z
        Watermark w = PullUpdatesBulk.maxWatermark(List.of(
                rec("00Q000000000001AAA", "2026-11-23T09:20:05.000+0100"),
                rec("00Q000000000002AAA", "2026-11-23T08:20:06.000+0000"),
                rec("00Q000000000003AAA", "2026-11-23T08:20:04.000Z")));
        assertThat(w.lastId()).isEqualTo("00Q000000000002AAA");
        assertThat(w.systemModstamp().toInstant()).isEqualTo(OffsetDateTime.parse("2026-11-23T08:20:06Z").toInstant());
        assertThat(PullUpdatesBulk.maxWatermark(List.of())).isNull();
    }

    @Test
    void the_records_of_a_results_page_as_parsed() throws Exception {
        String csv = "\"Id\",\"LastName\",\"SystemModstamp\"\n"
                + "\"00Q000000000003AAA\",\"Ada\",\"2026-11-23T08:20:00.000Z\"\n"
                + "\"00Q000000000009AAA\",\"Bo\",\"2026-11-23T08:20:01.000Z\"\n"
                + "\"00Q000000000001AAA\",\"Cy\",\"2026-11-23T08:20:01.000Z\"\n";
        Watermark w = PullUpdatesBulk.maxWatermark(CsvPage.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(w).isEqualTo(new Watermark(OffsetDateTime.parse("2026-11-23T08:20:01Z"), "00Q000000000009AAA"));
    }
}
