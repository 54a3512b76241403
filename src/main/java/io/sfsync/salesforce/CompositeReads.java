package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET requests bundled into Salesforce's Composite resource ({@code POST /services/data/vXX.X/composite}), which counts
 * as one API call whatever it holds: the requests packed within Salesforce's limits (at most
 * {@link #MAX_SUBREQUESTS} subrequests, of which at most {@link #MAX_QUERIES} queries), the JSON body of each, and
 * the answers read back per subrequest. Plain Java: the route sends the bodies through camel-salesforce.
 */
public final class CompositeReads {

    /** Salesforce's limit of subrequests in one composite request. */
    public static final int MAX_SUBREQUESTS = 25;
    /** Salesforce's limit of query (and collection) subrequests in one composite request. */
    public static final int MAX_QUERIES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompositeReads() {
    }

    /**
     * One GET subrequest: {@code url} from {@code /services/data/} on, its own headers (e.g. If-Modified-Since), and
     * whether it is a query (Salesforce allows {@link #MAX_QUERIES} of those per request).
     */
    public record Subrequest(String referenceId, String url, Map<String, String> headers, boolean query) {
    }

    /** One subrequest's answer: its HTTP status, the headers the composite answer gives for it, and its body's JSON. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public boolean failed() {
            return status >= 300;
        }
    }

    /** A query subrequest: {@code GET .../query?q=<soql>}. */
    public static Subrequest query(String referenceId, String apiVersion, String soql) {
        return new Subrequest(referenceId, "/services/data/v" + apiVersion + "/query?q=" + encode(soql), Map.of(), true);
    }

    /** A GET of {@code path} with query parameters in the given order, e.g. getDeleted's start and end. */
    public static Subrequest get(String referenceId, String path, Map<String, String> parameters,
                                 Map<String, String> headers) {
        StringBuilder url = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            url.append(sep).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
            sep = '&';
        }
        return new Subrequest(referenceId, url.toString(), headers, false);
    }

    /** The subrequests in order, packed into as few requests as Salesforce's limits allow. */
    public static List<List<Subrequest>> pack(List<Subrequest> subrequests) {
        List<List<Subrequest>> requests = new ArrayList<>();
        List<Subrequest> current = new ArrayList<>();
        int queries = 0;
        for (Subrequest s : subrequests) {
            if (current.size() == MAX_SUBREQUESTS || (s.query() && queries == MAX_QUERIES)) {
                requests.add(current);
                current = new ArrayList<>();
                queries = 0;
            }
            current.add(s);
            queries += s.query() ? 1 : 0;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    /** The JSON body of one composite request: independent GETs, {@code allOrNone} false. */
    public static String body(List<Subrequest> request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("allOrNone", false);
            g.writeArrayFieldStart("compositeRequest");
            for (Subrequest s : request) {
                g.writeStartObject();
                g.writeStringField("method", "GET");
                g.writeStringField("url", s.url());
                g.writeStringField("referenceId", s.referenceId());
                if (!s.headers().isEmpty()) {
                    g.writeObjectFieldStart("httpHeaders");
                    for (Map.Entry<String, String> h : s.headers().entrySet()) {
                        g.writeStringField(h.getKey(), h.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The answers of a composite response ({@code compositeResponse}), by referenceId. */
    public static Map<String, Answer> parse(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        JsonNode list = root == null ? null : root.get("compositeResponse");
        if (list == null || !list.isArray()) {
            throw new IOException("Salesforce's composite answer has no compositeResponse array");
        }
        Map<String, Answer> out = new LinkedHashMap<>();
        for (JsonNode n : list) {
            Map<String, String> headers = new LinkedHashMap<>();
            n.path("httpHeaders").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            JsonNode body = n.get("body");
            byte[] bytes = body == null || body.isNull() ? new byte[0] : JSON.writeValueAsBytes(body);
            out.put(n.path("referenceId").asText(), new Answer(n.path("httpStatusCode").asInt(), headers, bytes));
        }
        return out;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
