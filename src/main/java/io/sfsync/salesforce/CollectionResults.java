package io.sfsync.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of an sObject Collections request ({@code /composite/sobjects}: create, update, upsert): one result
 * per record, in the order of the request, {@code {"id", "success", "created", "errors": [{"statusCode",
 * "message", "fields"}]}}.
 */
public final class CollectionResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CollectionResults() {
    }

    /** One record's error: Salesforce's status code (e.g. REQUIRED_FIELD_MISSING), message and the fields it names. */
    public record Error(String statusCode, String message, List<String> fields) {
        @Override
        public String toString() {
            return statusCode + ": " + message + (fields.isEmpty() ? "" : " (fields: " + String.join(", ", fields) + ")");
        }
    }

    /** One record's result; {@code created} is true for an upsert that created the record. */
    public record Result(String id, boolean success, boolean created, List<Error> errors) {
        /** The first error's status code, or null. */
        public String errorCode() {
            return errors.isEmpty() ? null : errors.get(0).statusCode();
        }

        /** Every error in words. */
        public String errorText() {
            List<String> out = new ArrayList<>();
            errors.forEach(e -> out.add(e.toString()));
            return String.join("; ", out);
        }
    }

    public static List<Result> parse(InputStream body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isArray()) {
            throw new IOException("Salesforce answered an sObject Collections request with something other than a list of "
                    + "results: " + (root == null ? "nothing" : abbreviate(root.toString())));
        }
        List<Result> out = new ArrayList<>(root.size());
        for (JsonNode r : root) {
            List<Error> errors = new ArrayList<>();
            for (JsonNode e : r.path("errors")) {
                List<String> fields = new ArrayList<>();
                e.path("fields").forEach(f -> fields.add(f.asText()));
                errors.add(new Error(e.path("statusCode").asText(null), e.path("message").asText(""), fields));
            }
            out.add(new Result(r.path("id").isNull() ? null : r.path("id").asText(null), r.path("success").asBoolean(false),
                    r.path("created").asBoolean(false), errors));
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
