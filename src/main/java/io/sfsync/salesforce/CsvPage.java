package io.sfsync.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One page of Bulk API 2.0 query results (CSV with a header row). Records are flat maps of
 * field → text; Salesforce writes an empty value for null, so empty becomes null.
 */
public final class CsvPage {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();

    private CsvPage() {
    }

    public static List<Map<String, Object>> parse(InputStream in) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(r, FORMAT)) {
            List<String> header = p.getHeaderNames();
            for (CSVRecord row : p) {
                Map<String, Object> rec = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String v = i < row.size() ? row.get(i) : "";
                    rec.put(header.get(i), v.isEmpty() ? null : v);
                }
                records.add(rec);
            }
        }
        return records;
    }
}
