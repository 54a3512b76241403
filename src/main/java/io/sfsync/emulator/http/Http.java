package io.sfsync.emulator.http;

import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.FieldType;
import io.sfsync.emulator.org.Values;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers around {@link HttpExchange}: query/form parsing, JSON responses, Salesforce error bodies. */
public final class Http {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonFactory JSON = MAPPER.getFactory();
    public static final String JSON_TYPE = "application/json;charset=UTF-8";

    private Http() {
    }

    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    public static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    public static Map<String, String> query(HttpExchange ex) {
        return parseForm(ex.getRequestURI().getRawQuery());
    }

    public static byte[] body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    public static byte[] json(JsonWriter writer) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(buf)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    public static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (body == null || status == 204) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @FunctionalInterface
    interface BodyWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Streams a large JSON answer (chunked) that the writer encodes itself; errors must be detected before. */
    static void stream(HttpExchange ex, int status, BodyWriter writer) throws IOException {
        ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        ex.sendResponseHeaders(status, 0);
        try (OutputStream out = ex.getResponseBody()) {
            writer.write(out);
        }
    }

    public static void sendJson(HttpExchange ex, int status, JsonWriter writer) throws IOException {
        send(ex, status, json(writer));
    }

    /** 405 METHOD_NOT_ALLOWED, in Salesforce's wording, unless {@code method} is one of {@code allowed}. */
    public static void requireMethod(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new SalesforceApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method
                + "' not allowed. Allowed are " + String.join(",", allowed));
    }

    /** 300 Multiple Choices: the URLs of the records an external id matched, as Salesforce answers it. */
    static void sendMultipleChoices(HttpExchange ex, String version, String type, List<String> ids) throws IOException {
        sendJson(ex, 300, g -> {
            g.writeStartArray();
            for (String id : ids) {
                g.writeString("/services/data/v" + version + "/sobjects/" + type + "/" + id);
            }
            g.writeEndArray();
        });
    }

    /** Salesforce REST error body: {@code [{"message":"...","errorCode":"...","fields":[...]}]}. */
    public static byte[] errorBody(String errorCode, String message, List<String> fields) {
        return json(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("message", message);
            g.writeStringField("errorCode", errorCode);
            if (fields != null && !fields.isEmpty()) {
                g.writeArrayFieldStart("fields");
                for (String f : fields) {
                    g.writeString(f);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    public static void sendError(HttpExchange ex, SalesforceApiException e) throws IOException {
        send(ex, e.httpStatus(), errorBody(e.errorCode(), e.getMessage(), e.fields()));
    }

    /** OAuth error body: {@code {"error":"...","error_description":"..."}}. */
    public static void sendOAuthError(HttpExchange ex, int status, String error, String description) throws IOException {
        sendJson(ex, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("error_description", description);
            g.writeEndObject();
        });
    }

    /** Writes a stored value as JSON in Salesforce's REST representation. */
    public static void writeValue(JsonGenerator g, FieldDef f, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Long l) {
            if (f.type == FieldType.DATETIME) {
                g.writeString(Values.formatDateTime(l));
            } else {
                g.writeNumber(l);
            }
        } else {
            g.writeString(v.toString()); // LocalDate -> 2026-11-23
        }
    }
}
