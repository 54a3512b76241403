package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldReaderTest {

    private static List<Map<String, Object>> page(String csv) throws Exception {
        return CsvPage.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reads_the_fields_of_a_bulk_page_and_null_for_a_field_the_page_lacks() throws Exception {
        List<Map<String, Object>> page = page("Id,Email,LastName\n00Q1,a@x.io,Ada\n00Q2,,Bo\n");
        FieldReader read = FieldReader.of(List.of("LastName", "Id", "Phone", "Email"), page);
        assertThat(read.get(page.get(0), 0)).isEqualTo("Ada");
        assertThat(read.get(page.get(0), 1)).isEqualTo("00Q1");
        assertThat(read.get(page.get(0), 2)).isNull();
        assertThat(read.get(page.get(0), 3)).isEqualTo("a@x.io");
        assertThat(read.get(page.get(1), 3)).isNull();
        assertThat(read.get(page.get(1), 0)).isEqualTo("Bo");
    }

    @Test
    void reads_records_of_another_page_or_rest_records_by_name() throws Exception {
        List<Map<String, Object>> first = page("Id,LastName\n00Q1,Ada\n");
        List<Map<String, Object>> other = page("LastName,Id\nBo,00Q2\n");
        FieldReader read = FieldReader.of(List.of("Id", "LastName"), first);
        assertThat(read.get(other.get(0), 0)).isEqualTo("00Q2");
        assertThat(read.get(other.get(0), 1)).isEqualTo("Bo");
        Map<String, Object> rest = new LinkedHashMap<>(Map.of("Id", "00Q3", "LastName", "Cy"));
        assertThat(read.get(rest, 0)).isEqualTo("00Q3");
        FieldReader restReader = FieldReader.of(List.of("LastName", "Id"), List.of(rest, new HashMap<>()));
        assertThat(restReader.get(rest, 0)).isEqualTo("Cy");
        assertThat(restReader.get(first.get(0), 1)).isEqualTo("00Q1");
        assertThat(FieldReader.of(List.of("Id"), List.of()).get(first.get(0), 0)).isEqualTo("00Q1");
    }
}
