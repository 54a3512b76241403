package io.sfsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The CSV cells a spreadsheet would run as a formula are written as text; the others as they are. */
class StepCsvTest {

    @Test
    void each_dangerous_first_character_gets_a_leading_quote() {
        for (String dangerous : new String[] {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
            assertThat(StepCsv.safe(dangerous)).as(dangerous).isEqualTo("'" + dangerous);
        }
        for (String harmless : new String[] {"Lead", "1+1", "a=b", " =1", "'quoted", ""}) {
            assertThat(StepCsv.safe(harmless)).as(harmless).isEqualTo(harmless);
        }
        assertThat(StepCsv.safe(null)).isNull();
    }

    @Test
    void a_row_survives_commas_quotes_line_breaks_and_a_carriage_return() throws Exception {
        StepRow step = new StepRow(7, "c1", "Lead", "Pull Updates", "Failed", OffsetDateTime.parse("2026-11-30T08:00:00Z"),
                null, 1, 2, 3, 4, 5, "\rtrouble, \"quoted\"\nnext line", 15L);
        StringWriter out = new StringWriter();

        StepCsv.steps(List.of(step), out);

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(out.toString()))
                .getRecords();
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.get("message")).isEqualTo("'\rtrouble, \"quoted\"\nnext line");
            assertThat(r.get("startedAt")).isEqualTo("2026-11-30T08:00:00Z");
            assertThat(r.get("finishedAt")).isEmpty();
            assertThat(r.get("expected")).isEqualTo("15");
            assertThat(r.get("skipped")).isEqualTo("5");
        });
    }
}
