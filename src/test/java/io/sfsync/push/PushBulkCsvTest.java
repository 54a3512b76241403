package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.salesforce.CollectionResults;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV an ingest job is sent and the error cells of its failed results. */
class PushBulkCsvTest {

    @Test
    void null_and_empty_text_are_written_as_na_so_that_they_clear_the_field() {
        assertThat(PushBulk.csvValue(null)).isEqualTo("#N/A");
        assertThat(PushBulk.csvValue("")).isEqualTo("#N/A");
        assertThat(PushBulk.csvValue(" ")).isEqualTo(" ");
    }

    @Test
    void numbers_are_written_without_exponents() {
        assertThat(PushBulk.csvValue(new BigDecimal("1E+7"))).isEqualTo("10000000");
        assertThat(PushBulk.csvValue(1.5e10)).isEqualTo("15000000000");
        assertThat(PushBulk.csvValue(true)).isEqualTo("true");
    }

    @Test
    void cells_with_commas_quotes_line_breaks_or_edge_blanks_are_quoted() {
        assertThat(PushBulk.cell("plain text")).isEqualTo("plain text");
        assertThat(PushBulk.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(PushBulk.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(PushBulk.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(PushBulk.cell(" padded")).isEqualTo("\" padded\"");
    }

    @Test
    void an_error_cell_gives_code_message_with_colons_and_fields() {
        assertThat(PushBulk.error("REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --"))
                .isEqualTo(new CollectionResults.Error("REQUIRED_FIELD_MISSING", "Required fields are missing: [LastName]",
                        List.of("LastName")));
        assertThat(PushBulk.error("FIELD_CUSTOM_VALIDATION_EXCEPTION:City must not be Nowhere:City,State --"))
                .isEqualTo(new CollectionResults.Error("FIELD_CUSTOM_VALIDATION_EXCEPTION", "City must not be Nowhere",
                        List.of("City", "State")));
        assertThat(PushBulk.error("UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record: --"))
                .isEqualTo(new CollectionResults.Error("UNABLE_TO_LOCK_ROW",
                        "unable to obtain exclusive access to this record", List.of()));
    }
}
