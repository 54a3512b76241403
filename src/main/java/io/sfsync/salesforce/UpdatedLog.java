package io.sfsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of Salesforce's getUpdated ({@code GET sobjects/{T}/updated/?start=&end=}): the ids of the records
 * changed in the window, and the time up to which the answer is complete.
 */
public record UpdatedLog(List<String> ids, OffsetDateTime latestDateCovered) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static UpdatedLog parse(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject() || !root.path("ids").isArray()
                || !root.path("latestDateCovered").isTextual()) {
            throw new IOException("a getUpdated answer must be a JSON object with ids and latestDateCovered");
        }
        List<String> ids = new ArrayList<>();
        root.get("ids").forEach(id -> ids.add(id.asText()));
        return new UpdatedLog(ids, DeletedLog.time(root.get("latestDateCovered").asText()));
    }
}
