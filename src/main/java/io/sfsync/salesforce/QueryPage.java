package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a Salesforce query result, parsed by streaming from the raw response.
 * Records are flat maps of field → value (String, Boolean, Long, BigDecimal or null);
 * nested objects other than {@code attributes} are kept as parent-relationship maps.
 */
public record QueryPage(long totalSize, boolean done, String nextRecordsUrl, List<Map<String, Object>> records) {

    private static final JsonFactory JSON = new JsonFactory();

    public static QueryPage parse(InputStream in) throws IOException {
        long total = 0;
        boolean done = true;
        String next = null;
        List<Map<String, Object>> records = new ArrayList<>();
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a query result must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "totalSize" -> total = p.getLongValue();
                    case "done" -> done = p.getBooleanValue();
                    case "nextRecordsUrl" -> next = t == JsonToken.VALUE_NULL ? null : p.getText();
                    case "records" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            records.add(readObject(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new QueryPage(total, done, next, records);
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> rec = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("attributes")) {
                p.skipChildren();
                continue;
            }
            rec.put(field, switch (t) {
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NUMBER_FLOAT -> new BigDecimal(p.getText());
                case START_OBJECT -> readObject(p);
                case START_ARRAY -> {
                    p.skipChildren();
                    yield null;
                }
                default -> p.getText();
            });
        }
        return rec;
    }
}
