package io.sfsync.emulator.http;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.admin.ApiFaults;
import io.sfsync.emulator.admin.ConnectionFaults;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.SObjectDef;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /composite} (up to 25 subrequests, each handled by the ordinary endpoints, {@code @{ref.path}}
 * references to earlier answers, {@code allOrNone}), {@code POST /composite/graph} (up to 75 graphs of sObject
 * subrequests, 500 nodes in all, each graph all or nothing on its own), {@code POST /composite/batch} (up to 25
 * independent subrequests, {@code haltOnError}) and the sObject Tree {@code POST /composite/tree/{Type}} (up to 200
 * records with nested children, all or nothing). Each counts as one API call; its subrequests are counted apart, per
 * endpoint.
 */
final class CompositeEndpoints {

    static final int MAX_SUBREQUESTS = 25;
    static final int MAX_TREE_RECORDS = 200;
    static final double GRAPH_SINCE_VERSION = 50.0;
    static final int MAX_GRAPHS = 75;
    static final int MAX_GRAPH_NODES = 500;
    private static final Pattern GRAPH_ID = Pattern.compile("[A-Za-z0-9][^.]{0,38}");
    /** The sObject resources a graph node may call: method and the path after the version. */
    private static final Pattern GRAPH_NODE = Pattern.compile("POST /sobjects/[^/]+/?"
            + "|(GET|PATCH|DELETE) /sobjects/[^/]+/[^/]+"
            + "|(GET|PATCH|DELETE|POST) /sobjects/[^/]+/[^/]+/[^/]+");
    private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)((?:\\.[A-Za-z0-9_]+|\\[\\d+])+)}");
    private static final String BATCH_HALTED = "Batch processing halted per request";
    /** Headers of a subrequest's answer that its entry in the composite answer carries. */
    private static final List<String> ANSWER_HEADERS = List.of("Last-Modified", "ETag");
    private static final String HALTED = "The transaction was rolled back since another operation in the same"
            + " transaction failed.";

    /** The REST resources below {@code /services/data/vXX.X/}, as {@link RestEndpoints} routes them. */
    @FunctionalInterface
    interface Resources {
        void serve(HttpExchange ex, String version, List<String> seg, String method) throws IOException;
    }

    private final EmulatorOrg org;
    private final Resources resources;

    CompositeEndpoints(EmulatorOrg org, Resources resources) {
        this.org = org;
        this.resources = resources;
    }

    // ------------------------------------------------------------------ composite

    private record Sub(String method, String url, JsonNode body, Map<String, String> headers, String referenceId) {
    }

    private record Answer(int status, Map<String, String> headers, JsonNode body, String referenceId) {
    }

    void composite(HttpExchange ex, String version) throws IOException {
        JsonNode root = readJson(ex);
        JsonNode list = root.path("compositeRequest");
        if (!list.isArray() || list.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "compositeRequest must be a non-empty array");
        }
        if (list.size() > MAX_SUBREQUESTS) {
            throw new SalesforceApiException(400, "LIMIT_EXCEEDED", "Exceeded max limit of subrequests: "
                    + MAX_SUBREQUESTS);
        }
        List<Sub> subs = subrequests(list);
        boolean allOrNone = root.path("allOrNone").asBoolean(false);
        List<Answer> answers;
        try {
            answers = allOrNone ? allOrNone(ex, subs) : runAll(ex, subs, false);
        } catch (java.io.UncheckedIOException dropped) {
            throw dropped.getCause(); // a connection fault cut the answer: the server closes the connection
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            writeCompositeResponse(g, answers);
            g.writeEndObject();
        });
    }

    /** The subrequests of a composite request or graph, checked: method, url and a unique referenceId each. */
    private static List<Sub> subrequests(JsonNode list) {
        List<Sub> subs = new ArrayList<>();
        Set<String> refs = new HashSet<>();
        for (JsonNode n : list) {
            String method = n.path("method").asText("").toUpperCase(Locale.ROOT);
            String url = n.path("url").asText("");
            String ref = n.path("referenceId").asText("");
            if (method.isEmpty() || url.isEmpty() || ref.isEmpty()) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Each subrequest needs method, url and referenceId");
            }
            if (!ref.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Invalid reference id: " + ref);
            }
            if (!refs.add(ref)) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Duplicate reference id: " + ref);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            n.path("httpHeaders").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            subs.add(new Sub(method, url, n.get("body"), headers, ref));
        }
        return subs;
    }

    /**
     * Runs the subrequests in one transaction: when one fails, every change is rolled back and each subrequest
     * that had succeeded answers PROCESSING_HALTED instead.
     */
    private List<Answer> allOrNone(HttpExchange ex, List<Sub> subs) {
        List<Answer> answers = CollectionEndpoints.atomically(org, () -> runAll(ex, subs, true),
                CompositeEndpoints::anyFailed);
        if (!anyFailed(answers)) {
            return answers;
        }
        List<Answer> halted = new ArrayList<>();
        for (Answer a : answers) {
            halted.add(a.status() < 400 ? haltedAnswer(a.referenceId(), HALTED) : a);
        }
        return halted;
    }

    private static void writeCompositeResponse(JsonGenerator g, List<Answer> answers) throws IOException {
        g.writeArrayFieldStart("compositeResponse");
        for (Answer a : answers) {
            g.writeStartObject();
            g.writeFieldName("body");
            if (a.body() == null) {
                g.writeNull();
            } else {
                Http.MAPPER.writeTree(g, a.body());
            }
            g.writeObjectFieldStart("httpHeaders");
            for (Map.Entry<String, String> h : a.headers().entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("httpStatusCode", a.status());
            g.writeStringField("referenceId", a.referenceId());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    // ------------------------------------------------------------------ composite graph

    private record Graph(String graphId, List<Sub> nodes) {
    }

    /**
     * {@code POST /composite/graph}: the graphs run one after the other, each in a transaction of its own (a failing
     * node rolls back its graph only: {@code isSuccessful: false}, the other nodes PROCESSING_HALTED); references
     * {@code @{ref.path}} point to earlier nodes of the same graph. The request is refused before anything runs when
     * it breaks a documented limit: more than 75 graphs, more than 500 nodes in all, a missing, malformed or repeated
     * graphId, or a node that is not an sObject resource a graph may call.
     */
    void graph(HttpExchange ex, String version) throws IOException {
        if (Double.parseDouble(version) < GRAPH_SINCE_VERSION) {
            throw SalesforceApiException.notFound(); // composite graph exists since API version 50.0
        }
        JsonNode list = readJson(ex).path("graphs");
        if (!list.isArray() || list.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "graphs must be a non-empty array");
        }
        if (list.size() > MAX_GRAPHS) {
            throw new SalesforceApiException(400, "LIMIT_EXCEEDED", "Exceeded max limit of graphs: " + MAX_GRAPHS);
        }
        List<Graph> graphs = new ArrayList<>();
        Set<String> graphIds = new HashSet<>();
        int nodes = 0;
        for (JsonNode g : list) {
            String graphId = g.path("graphId").asText("");
            if (!GRAPH_ID.matcher(graphId).matches()) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Invalid graphId '" + graphId + "': a graphId"
                        + " starts with a letter or digit, has fewer than 40 characters and no period");
            }
            if (!graphIds.add(graphId)) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Duplicate graphId: " + graphId);
            }
            JsonNode requests = g.path("compositeRequest");
            if (!requests.isArray() || requests.isEmpty()) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "graph " + graphId
                        + ": compositeRequest must be a non-empty array");
            }
            nodes += requests.size();
            if (nodes > MAX_GRAPH_NODES) {
                throw new SalesforceApiException(400, "LIMIT_EXCEEDED", "Exceeded max limit of nodes in one request: "
                        + MAX_GRAPH_NODES);
            }
            List<Sub> subs = subrequests(requests);
            for (Sub sub : subs) {
                checkGraphNode(graphId, sub);
            }
            graphs.add(new Graph(graphId, subs));
        }
        List<List<Answer>> results = new ArrayList<>();
        for (Graph graph : graphs) {
            results.add(allOrNone(ex, graph.nodes()));
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("graphs");
            for (int i = 0; i < graphs.size(); i++) {
                Graph graph = graphs.get(i);
                List<Answer> answers = results.get(i);
                g.writeStartObject();
                g.writeStringField("graphId", graph.graphId());
                g.writeObjectFieldStart("graphResponse");
                writeCompositeResponse(g, answers);
                g.writeEndObject();
                g.writeBooleanField("isSuccessful", !anyFailed(answers));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A graph node calls sObject resources only: create, a record by id, or a record by external id. */
    private static void checkGraphNode(String graphId, Sub sub) {
        String path = sub.url().replaceFirst("[?#].*", "").replaceFirst("^/services/data/v\\d+\\.\\d", "");
        if (!GRAPH_NODE.matcher(sub.method() + " " + path).matches()) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "graph " + graphId + ", node " + sub.referenceId()
                    + ": " + sub.method() + " " + sub.url() + " is not supported in a composite graph (supported:"
                    + " POST sobjects/{type}; GET, PATCH, DELETE sobjects/{type}/{id}; GET, PATCH, DELETE, POST"
                    + " sobjects/{type}/{field}/{value})");
        }
    }

    /**
     * {@code POST /composite/batch}: up to 25 independent subrequests ({@code method}, {@code url} relative to
     * {@code /services/data/}, e.g. {@code v62.0/query?q=...}, {@code richInput} as body), run one after another; with
     * {@code haltOnError} the ones after a failed subrequest are not run and answer 412 {@code BATCH_PROCESSING_HALTED}.
     * Answers 200 {@code {"hasErrors", "results":[{"statusCode","result"}]}}.
     */
    void batch(HttpExchange ex) throws IOException {
        JsonNode root = readJson(ex);
        JsonNode list = root.path("batchRequests");
        if (!list.isArray() || list.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "batchRequests must be a non-empty array");
        }
        if (list.size() > MAX_SUBREQUESTS) {
            throw new SalesforceApiException(400, "LIMIT_EXCEEDED", "Exceeded max limit of subrequests: "
                    + MAX_SUBREQUESTS);
        }
        List<Sub> subs = new ArrayList<>();
        for (JsonNode n : list) {
            String method = n.path("method").asText("").toUpperCase(Locale.ROOT);
            String url = n.path("url").asText("");
            if (method.isEmpty() || url.isEmpty()) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Each subrequest needs method and url");
            }
            String full = url.startsWith("/services/data/") ? url : "/services/data/" + (url.startsWith("/") ? url.substring(1) : url);
            subs.add(new Sub(method, full, n.get("richInput"), Map.of(), "batch" + subs.size()));
        }
        boolean haltOnError = root.path("haltOnError").asBoolean(false);
        List<Answer> answers = new ArrayList<>();
        boolean failed = false;
        for (Sub sub : subs) {
            Answer a;
            if (failed && haltOnError) {
                Map<String, String> error = new LinkedHashMap<>();
                error.put("errorCode", "BATCH_PROCESSING_HALTED");
                error.put("message", BATCH_HALTED);
                a = new Answer(412, Map.of(), Http.MAPPER.valueToTree(List.of(error)), sub.referenceId());
            } else {
                try {
                    a = run(ex, sub, Map.of());
                } catch (SalesforceApiException e) {
                    a = new Answer(e.httpStatus(), Map.of(), Http.MAPPER.valueToTree(List.of(errorMap(e))), sub.referenceId());
                }
            }
            failed |= a.status() >= 400;
            answers.add(a);
        }
        boolean hasErrors = failed;
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeBooleanField("hasErrors", hasErrors);
            g.writeArrayFieldStart("results");
            for (Answer a : answers) {
                g.writeStartObject();
                g.writeNumberField("statusCode", a.status());
                g.writeFieldName("result");
                if (a.body() == null) {
                    g.writeNull();
                } else {
                    Http.MAPPER.writeTree(g, a.body());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static boolean anyFailed(List<Answer> answers) {
        return answers.stream().anyMatch(a -> a.status() >= 400);
    }

    private List<Answer> runAll(HttpExchange ex, List<Sub> subs, boolean allOrNone) {
        List<Answer> answers = new ArrayList<>();
        Map<String, JsonNode> results = new LinkedHashMap<>();
        boolean failed = false;
        for (Sub sub : subs) {
            if (failed && allOrNone) {
                answers.add(haltedAnswer(sub.referenceId(), HALTED));
                continue;
            }
            Answer a;
            try {
                a = run(ex, sub, results);
            } catch (SalesforceApiException e) {
                a = new Answer(e.httpStatus(), Map.of(), Http.MAPPER.valueToTree(List.of(errorMap(e))), sub.referenceId());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            failed |= a.status() >= 400;
            if (a.body() != null) {
                results.put(sub.referenceId(), a.body());
            }
            answers.add(a);
        }
        return answers;
    }

    private static Map<String, Object> errorMap(SalesforceApiException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorCode", e.errorCode());
        m.put("message", e.getMessage());
        if (!e.fields().isEmpty()) {
            m.put("fields", e.fields());
        }
        return m;
    }

    private static Answer haltedAnswer(String referenceId, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("errorCode", "PROCESSING_HALTED");
        error.put("message", message);
        return new Answer(400, Map.of(), Http.MAPPER.valueToTree(List.of(error)), referenceId);
    }

    private Answer run(HttpExchange outer, Sub sub, Map<String, JsonNode> results) throws IOException {
        String url = resolve(sub.url(), results, true);
        JsonNode body = sub.body() == null ? null : resolveBody(sub.body(), results);
        URI uri = lenientUri(url);
        String path = uri.getRawPath();
        Matcher m = Pattern.compile("/services/data/v(\\d+\\.\\d)(/.*)?").matcher(path);
        if (!m.matches() || !ApiVersions.supported(m.group(1))) {
            return new Answer(404, Map.of(), Http.MAPPER.valueToTree(List.of(errorMap(SalesforceApiException.notFound()))),
                    sub.referenceId());
        }
        List<String> seg = new ArrayList<>();
        for (String s : (m.group(2) == null ? "" : m.group(2)).split("/")) {
            if (!s.isEmpty()) {
                seg.add(java.net.URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        if (!seg.isEmpty() && seg.get(0).equals("composite") && (seg.size() == 1 || !seg.get(1).equals("sobjects"))) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "A composite subrequest cannot be " + path);
        }
        org.endpointStats().recordSubrequest(seg);
        // faults injected for a path apply to the subrequests that reach it, as to requests of their own
        boolean dropAfter = org.connectionFaults().applyToSubrequest(outer, path);
        ApiFaults.Fault fault = org.takeFault(path);
        if (fault != null) {
            return new Answer(fault.status, Map.of(), Http.MAPPER.readTree(Http.errorBody(fault.errorCode, fault.message,
                    null)), sub.referenceId());
        }
        Map<String, String> headers = new LinkedHashMap<>(sub.headers());
        headers.putIfAbsent("Content-Type", "application/json");
        SubrequestExchange ex = new SubrequestExchange(outer, sub.method(), uri,
                body == null ? null : Http.MAPPER.writeValueAsBytes(body), headers);
        try {
            resources.serve(ex, m.group(1), seg, sub.method());
        } catch (SalesforceApiException e) {
            Http.sendError(ex, e);
        }
        if (dropAfter) {
            ConnectionFaults.dropWhole(outer);
        }
        byte[] out = ex.body();
        JsonNode answer = out.length == 0 ? null : Http.MAPPER.readTree(out);
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        for (String h : ANSWER_HEADERS) {
            String value = ex.getResponseHeaders().getFirst(h);
            if (value != null) {
                answerHeaders.put(h, value);
            }
        }
        if (ex.status() == 201 && answer != null && answer.hasNonNull("id") && seg.size() == 2 && seg.get(0).equals("sobjects")) {
            answerHeaders.put("Location", "/services/data/v" + m.group(1) + "/sobjects/" + seg.get(1) + "/"
                    + answer.get("id").asText());
        }
        return new Answer(ex.status(), answerHeaders, answer, sub.referenceId());
    }

    /**
     * The subrequest's URL; one with characters a URI may not hold unquoted (camel-salesforce's batch {@code addQuery}
     * sends the SOQL as it is: {@code v62.0/query/?q=SELECT Id FROM Account}) is taken as Salesforce takes it, quoted.
     */
    private static URI lenientUri(String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException unquoted) {
            int q = url.indexOf('?');
            try {
                return new URI(null, null, q < 0 ? url : url.substring(0, q), q < 0 ? null : url.substring(q + 1), null);
            } catch (java.net.URISyntaxException e) {
                throw new SalesforceApiException(400, "INVALID_INPUT", "Invalid subrequest url: " + url);
            }
        }
    }

    private JsonNode resolveBody(JsonNode node, Map<String, JsonNode> results) {
        if (node.isTextual()) {
            return Http.MAPPER.getNodeFactory().textNode(resolve(node.asText(), results, false));
        }
        if (node.isObject()) {
            ObjectNode copy = Http.MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolveBody(e.getValue(), results)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Http.MAPPER.createArrayNode();
            node.forEach(n -> copy.add(resolveBody(n, results)));
            return copy;
        }
        return node;
    }

    /** Replaces each {@code @{ref.path}} by the value at that path of an earlier subrequest's answer. */
    private static String resolve(String text, Map<String, JsonNode> results, boolean inUrl) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            JsonNode node = results.get(ref);
            String expression = ref + m.group(2);
            if (node != null) {
                for (String step : m.group(2).split("(?=[.\\[])")) {
                    if (step.startsWith(".")) {
                        node = node.get(step.substring(1));
                    } else if (step.startsWith("[")) {
                        node = node.get(Integer.parseInt(step.substring(1, step.length() - 1)));
                    }
                    if (node == null) {
                        break;
                    }
                }
            }
            if (node == null || node.isNull() || node.isContainerNode()) {
                throw new SalesforceApiException(400, "PROCESSING_HALTED", "Invalid reference specified. No value for "
                        + expression + " found in " + ref + ". Provided referenceId ('" + ref + "') must be"
                        + " referenced by a successful subrequest earlier in the request.");
            }
            String value = node.asText();
            m.appendReplacement(out, Matcher.quoteReplacement(inUrl
                    ? java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20") : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ------------------------------------------------------------------ sObject Tree

    private record TreeResult(String referenceId, String id, SalesforceApiException error) {
    }

    void tree(HttpExchange ex, String type) throws IOException {
        SObjectDef root = org.schema().object(type);
        if (root == null || !org.rules().access().objectVisible(root)) {
            throw new SalesforceApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        JsonNode body = readJson(ex);
        JsonNode records = body.path("records");
        if (!records.isArray() || records.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "records must be a non-empty array");
        }
        List<TreeNode> nodes = new ArrayList<>();
        Set<String> refs = new HashSet<>();
        for (JsonNode r : records) {
            parseNode(r, root, null, null, 1, nodes, refs);
        }
        if (nodes.size() > MAX_TREE_RECORDS) {
            throw new SalesforceApiException(400, "LIMIT_EXCEEDED", "Exceeded max limit of " + MAX_TREE_RECORDS
                    + " records in a single request");
        }
        List<TreeResult> results = CollectionEndpoints.atomically(org, () -> insertAll(nodes),
                rs -> rs.stream().anyMatch(r -> r.error() != null));
        boolean hasErrors = results.stream().anyMatch(r -> r.error() != null);
        Http.sendJson(ex, hasErrors ? 400 : 201, g -> {
            g.writeStartObject();
            g.writeBooleanField("hasErrors", hasErrors);
            g.writeArrayFieldStart("results");
            for (TreeResult r : results) {
                if (hasErrors && r.error() == null) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("referenceId", r.referenceId());
                if (r.error() == null) {
                    g.writeStringField("id", r.id());
                } else {
                    writeTreeError(g, r.error());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeTreeError(JsonGenerator g, SalesforceApiException e) throws IOException {
        g.writeArrayFieldStart("errors");
        g.writeStartObject();
        g.writeStringField("statusCode", e.errorCode());
        g.writeStringField("message", e.getMessage());
        g.writeArrayFieldStart("fields");
        for (String f : e.fields()) {
            g.writeString(f);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    /** A record of the tree; {@code parent} and {@code parentField} link a child to the record above it. */
    private static final class TreeNode {
        final SObjectDef def;
        final String referenceId;
        final Map<String, Object> fields;
        final TreeNode parent;
        final FieldDef parentField;
        String id;

        TreeNode(SObjectDef def, String referenceId, Map<String, Object> fields, TreeNode parent, FieldDef parentField) {
            this.def = def;
            this.referenceId = referenceId;
            this.fields = fields;
            this.parent = parent;
            this.parentField = parentField;
        }
    }

    private void parseNode(JsonNode r, SObjectDef def, TreeNode parent, FieldDef parentField, int depth,
                           List<TreeNode> nodes, Set<String> refs) {
        if (depth > 5) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "A tree can be at most 5 levels deep");
        }
        JsonNode attributes = r.path("attributes");
        String type = attributes.path("type").asText("");
        String ref = attributes.path("referenceId").asText("");
        if (!type.equalsIgnoreCase(def.name)) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "Record type '" + type + "' does not match '"
                    + def.name + "'");
        }
        if (ref.isEmpty()) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "Include a reference ID for each record in the request.");
        }
        if (!refs.add(ref)) {
            throw new SalesforceApiException(400, "INVALID_INPUT", "Duplicate ReferenceId provided in the request: " + ref);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
        r.fields().forEachRemaining(e -> {
            if (e.getKey().equals("attributes")) {
                return;
            }
            if (e.getValue().isObject() && e.getValue().has("records")) {
                children.add(e);
            } else {
                fields.put(e.getKey(), Http.MAPPER.convertValue(e.getValue(), Object.class));
            }
        });
        TreeNode node = new TreeNode(def, ref, fields, parent, parentField);
        nodes.add(node);
        for (Map.Entry<String, JsonNode> child : children) {
            ChildRelationship rel = childRelationship(def, child.getKey());
            for (JsonNode c : child.getValue().path("records")) {
                parseNode(c, rel.child(), node, rel.field(), depth + 1, nodes, refs);
            }
        }
    }

    private record ChildRelationship(SObjectDef child, FieldDef field) {
    }

    /**
     * The child object and its reference field behind a child relationship name such as {@code Contacts} on Account:
     * an object with a createable reference to the parent whose plural label, without spaces, is the name (custom
     * objects: that name plus {@code __r}).
     */
    private ChildRelationship childRelationship(SObjectDef parent, String name) {
        for (SObjectDef o : org.schema().objects()) {
            String plural = o.labelPlural.replace(" ", "");
            boolean matches = name.equalsIgnoreCase(plural) || (o.custom && name.equalsIgnoreCase(plural + "__r"));
            if (!matches || !org.rules().access().objectVisible(o)) {
                continue;
            }
            for (FieldDef f : o.fields) {
                if (f.type == FieldType.REFERENCE && f.createable && f.referenceTo.contains(parent.name)) {
                    return new ChildRelationship(o, f);
                }
            }
        }
        throw new SalesforceApiException(400, "INVALID_FIELD", "No such column '" + name + "' on entity '" + parent.name
                + "'. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom"
                + " relationship name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    private List<TreeResult> insertAll(List<TreeNode> nodes) {
        List<TreeResult> results = new ArrayList<>();
        for (TreeNode n : nodes) {
            if (n.parent != null && n.parent.id == null) {
                continue; // its parent failed; Salesforce reports only the failing record
            }
            Map<String, Object> fields = new LinkedHashMap<>(n.fields);
            if (n.parent != null) {
                fields.put(n.parentField.name, n.parent.id);
            }
            try {
                n.id = (String) org.create(n.def.name, fields).get("Id");
                results.add(new TreeResult(n.referenceId, n.id, null));
            } catch (SalesforceApiException e) {
                results.add(new TreeResult(n.referenceId, null, e));
            }
        }
        return results;
    }

    // ------------------------------------------------------------------ JSON

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] raw = Http.body(ex);
        if (raw.length == 0) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR",
                    "The HTTP entity body is required, but this request has no entity body.");
        }
        try {
            JsonNode n = Http.MAPPER.readTree(raw);
            if (n == null || !n.isObject()) {
                throw new SalesforceApiException(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new SalesforceApiException(400, "JSON_PARSER_ERROR", e.getOriginalMessage());
        }
    }
}
