package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bulk API 2.0 results pages as Salesforce writes them, and the ways a value can be written in RFC 4180. */
class CsvPageTest {

    private static List<Map<String, Object>> parse(String csv) throws IOException {
        return CsvPage.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void quoted_values_keep_commas_line_breaks_and_doubled_quotes_and_empty_values_are_null() throws IOException {
        List<Map<String, Object>> records = parse("\"Id\",\"Company\",\"Street\",\"Title\"\n"
                + "\"00Q1\",\"Acme, Inc.\",\"1 Main St\nSuite 5\",\"The \"\"Boss\"\"\"\n"
                + "\"00Q2\",\"\",\"Ölgasse 3\",\"\"\"\"\n");
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).containsExactly(Map.entry("Id", "00Q1"), Map.entry("Company", "Acme, Inc."),
                Map.entry("Street", "1 Main St\nSuite 5"), Map.entry("Title", "The \"Boss\""));
        Map<String, Object> second = new HashMap<>();
        second.put("Id", "00Q2");
        second.put("Company", null);
        second.put("Street", "Ölgasse 3");
        second.put("Title", "\"");
        assertThat(records.get(1)).isEqualTo(second);
    }

    @Test
    void unquoted_values_crlf_rows_short_rows_and_no_final_line_break_are_read() throws IOException {
        List<Map<String, Object>> records = parse("Id,AnnualRevenue,IsDeleted\r\n00Q1,1200.5,false\r\n00Q2,,true\r\n00Q3");
        assertThat(records).extracting(r -> r.get("Id")).containsExactly("00Q1", "00Q2", "00Q3");
        assertThat(records.get(0)).containsEntry("AnnualRevenue", "1200.5").containsEntry("IsDeleted", "false");
        assertThat(records.get(1).get("AnnualRevenue")).isNull();
        assertThat(records.get(2)).containsKeys("AnnualRevenue", "IsDeleted");
        assertThat(records.get(2).get("IsDeleted")).isNull();
    }

    @Test
    void characters_of_two_three_and_four_bytes_are_decoded_whole_next_to_separators_and_quotes() throws IOException {
        List<Map<String, Object>> records = parse("Id,City,Note\n"
                + "00Q1,Zürich,東京\n"
                + "00Q2,\"São Paulo, BR\",\"\"\"🙂\"\" ß\"\n"
                + "00Q3,\"\"\"\"\"\",é\n");
        assertThat(records.get(0)).containsEntry("City", "Zürich").containsEntry("Note", "東京");
        assertThat(records.get(1)).containsEntry("City", "São Paulo, BR").containsEntry("Note", "\"🙂\" ß");
        assertThat(records.get(2)).containsEntry("City", "\"\"").containsEntry("Note", "é");
        // records keep the header's order, as a dead letter shows them
        assertThat(records.get(0).keySet()).containsExactly("Id", "City", "Note");
    }

    @Test
    void a_header_alone_is_a_page_without_records() throws IOException {
        assertThat(parse("\"Id\",\"Name\"\n")).isEmpty();
        assertThat(parse("")).isEmpty();
    }

    @Test
    void a_value_whose_quote_is_never_closed_or_that_goes_on_after_it_names_its_line() {
        IOException open = assertThrows(IOException.class, () -> parse("\"Id\",\"Name\"\n\"00Q1\",\"Acme\n"));
        assertThat(open.getMessage()).contains("line 2").contains("never closed");
        IOException after = assertThrows(IOException.class, () -> parse("\"Id\",\"Name\"\n\"00Q1\",\"Acme\"x\n"));
        assertThat(after.getMessage()).contains("line 2").contains("'x' after a closing quote");
    }
}
