package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of Salesforce's getDeleted ({@code GET sobjects/{T}/deleted/?start=&end=}): the
 * records deleted in the window, the oldest time the delete log still covers, and the time up to
 * which the answer is complete (the next call's start).
 */
public record DeletedLog(List<Deleted> records, OffsetDateTime earliestDateAvailable, OffsetDateTime latestDateCovered) {

    /** A record Salesforce deleted, and when. */
    public record Deleted(String id, OffsetDateTime deletedDate) {
    }

    /** Salesforce writes {@code 2026-11-20T10:04:00.000+0000}; ISO offsets are accepted too. */
    private static final DateTimeFormatter SF_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();
    private static final JsonFactory JSON = new JsonFactory();

    public static DeletedLog parse(InputStream in) throws IOException {
        List<Deleted> records = new ArrayList<>();
        OffsetDateTime earliest = null;
        OffsetDateTime latest = null;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a getDeleted answer must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "deletedRecords" -> {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String id = null;
                            OffsetDateTime at = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String field = p.currentName();
                                p.nextToken();
                                if (field.equals("id")) {
                                    id = p.getText();
                                } else if (field.equals("deletedDate")) {
                                    at = time(p.getText());
                                } else {
                                    p.skipChildren();
                                }
                            }
                            records.add(new Deleted(id, at));
                        }
                    }
                    case "earliestDateAvailable" -> earliest = t == JsonToken.VALUE_NULL ? null : time(p.getText());
                    case "latestDateCovered" -> latest = t == JsonToken.VALUE_NULL ? null : time(p.getText());
                    default -> p.skipChildren();
                }
            }
        }
        if (latest == null) {
            throw new IOException("the getDeleted answer has no latestDateCovered");
        }
        return new DeletedLog(records, earliest, latest);
    }

    static OffsetDateTime time(String text) {
        return OffsetDateTime.parse(text, SF_DATETIME);
    }
}
