package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
    void a_page_read_a_few_bytes_at_a_time_or_with_a_value_wider_than_the_window_is_read_the_same() throws IOException {
        String page = "\"Id\",\"Company\",\"Street\",\"Title\"\r\n"
                + "\"00Q1\",\"Acme, Inc.\",\"1 Main St\nSuite 5\",\"The \"\"Boss\"\"\"\r\n"
                + "00Q2,,Ölgasse 3,\"\"\"\"\n"
                + "00Q3,\"東京 🙂\",\"\",x\n"
                + "00Q4,\"" + "a\"\"b,".repeat(CsvPage.WINDOW / 3) + "\"," + "é".repeat(CsvPage.WINDOW) + ",z";
        List<Map<String, Object>> whole = parse(page);
        assertThat(whole).hasSize(4);
        assertThat(whole.get(3).get("Company")).isEqualTo("a\"b,".repeat(CsvPage.WINDOW / 3));
        assertThat(whole.get(3).get("Street")).isEqualTo("é".repeat(CsvPage.WINDOW));
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        for (int most : new int[] {1, 2, 3, 7}) {
            // a stream that hands out at most a few bytes per read, as a network stream may
            InputStream trickle = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, most));
                }
            };
            assertThat(CsvPage.parse(trickle)).as("read %d byte(s) at a time", most).isEqualTo(whole);
        }
        IOException open = assertThrows(IOException.class, () -> CsvPage.parse(new ByteArrayInputStream(
                "Id,Name\n00Q1,\"Acme".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        }));
        assertThat(open.getMessage()).contains("line 2").contains("never closed");
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
