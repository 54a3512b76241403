package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {

    @Test
    void quote_escapes_quotes_backslashes_and_newlines() {
        assertThat(Soql.quote("O'Brien")).isEqualTo("'O\\'Brien'");
        assertThat(Soql.quote("a\\b")).isEqualTo("'a\\\\b'");
        assertThat(Soql.quote("line1\nline2\r\t")).isEqualTo("'line1\\nline2\\r\\t'");
        assertThat(Soql.quote("say \"hi\"")).isEqualTo("'say \\\"hi\\\"'");
        assertThat(Soql.quote("' OR Name != '")).isEqualTo("'\\' OR Name != \\''");
    }

    @Test
    void datetime_literals_are_utc_with_milliseconds() {
        assertThat(Soql.datetime(OffsetDateTime.parse("2026-11-23T07:26:51.5+02:00"))).isEqualTo("2026-11-23T05:26:51.500Z");
    }

    @Test
    void the_first_pull_reads_everything_in_watermark_order() {
        assertThat(PullQuery.build("Lead", List.of("Id", "SystemModstamp", "Email"), "IsConverted = false", null))
                .isEqualTo("SELECT Id, SystemModstamp, Email FROM Lead WHERE IsConverted = false ORDER BY SystemModstamp ASC, Id ASC");
    }

    @Test
    void later_pulls_resume_after_the_watermark_breaking_ties_by_id() {
        Watermark w = new Watermark(OffsetDateTime.parse("2026-11-20T10:00:00.123Z"), "00Q000000000001AAA");
        assertThat(PullQuery.build("Contact", List.of("Id", "SystemModstamp"), null, w)).isEqualTo(
                "SELECT Id, SystemModstamp FROM Contact WHERE (SystemModstamp > 2026-11-20T10:00:00.123Z OR "
                        + "(SystemModstamp = 2026-11-20T10:00:00.123Z AND Id > '00Q000000000001AAA')) ORDER BY SystemModstamp ASC, Id ASC");
        assertThat(PullQuery.build("Lead", List.of("Id"), "IsConverted = false OR Email = null", w))
                .contains("AND Id > '00Q000000000001AAA')) AND (IsConverted = false OR Email = null) ORDER BY");
    }

    @Test
    void a_replay_reads_one_record_by_its_escaped_id_within_the_mapping_condition() {
        assertThat(PullQuery.byId("Lead", List.of("Id", "SystemModstamp", "Email"), null, "00Q000000000001AAA"))
                .isEqualTo("SELECT Id, SystemModstamp, Email FROM Lead WHERE Id = '00Q000000000001AAA'");
        assertThat(PullQuery.byId("Lead", List.of("Id"), " IsConverted = false OR Email = null ", "x' OR Id != '"))
                .isEqualTo("SELECT Id FROM Lead WHERE Id = 'x\\' OR Id != \\'' AND (IsConverted = false OR Email = null)");
    }
}
