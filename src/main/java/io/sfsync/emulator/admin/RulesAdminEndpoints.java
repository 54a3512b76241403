package io.sfsync.emulator.admin;

import io.sfsync.emulator.Access;
import io.sfsync.emulator.ConvertOptions;
import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.ValidationRule;
import io.sfsync.emulator.http.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admin API for org rules (not Salesforce): lead conversion, undelete, field/object access of the integration user
 * and validation rules. Errors answer {@code {"error": message, "errorCode": code}}.
 */
final class RulesAdminEndpoints {

    private static final Pattern CONVERT = Pattern.compile("/_emulator/leads/([^/]+)/convert");
    private static final Pattern UNDELETE = Pattern.compile("/_emulator/sobjects/([^/]+)/([^/]+)/undelete");
    private final EmulatorOrg org;

    RulesAdminEndpoints(EmulatorOrg org) {
        this.org = org;
    }

    /** Handles the request when the path is one of ours; returns false otherwise. */
    boolean handle(HttpExchange ex, String path, String method) throws IOException {
        Matcher m = CONVERT.matcher(path);
        boolean convert = m.matches();
        Matcher undelete = UNDELETE.matcher(path);
        boolean undeleting = undelete.matches();
        if (!convert && !undeleting && !path.equals("/_emulator/access") && !path.equals("/_emulator/validation-rules")) {
            return false;
        }
        try {
            if (convert) {
                convert(ex, method, m.group(1));
            } else if (undeleting) {
                undelete(ex, method, undelete.group(1), undelete.group(2));
            } else if (path.equals("/_emulator/access")) {
                access(ex, method);
            } else {
                validationRules(ex, method);
            }
        } catch (SalesforceApiException e) {
            error(ex, e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (IllegalArgumentException e) {
            error(ex, 400, null, e.getMessage());
        }
        return true;
    }

    private void undelete(HttpExchange ex, String method, String sobject, String id) throws IOException {
        requirePost(method);
        org.undelete(sobject, id);
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeBooleanField("success", true);
            g.writeEndObject();
        });
    }

    private void convert(HttpExchange ex, String method, String leadId) throws IOException {
        requirePost(method);
        JsonNode body = body(ex);
        ConvertOptions o = ConvertOptions.defaults();
        if (body.hasNonNull("accountId")) {
            o = o.withAccountId(body.get("accountId").asText());
        }
        if (body.path("doNotCreateOpportunity").asBoolean(false) || !body.path("createOpportunity").asBoolean(true)) {
            o = o.withoutOpportunity();
        }
        if (body.hasNonNull("opportunityName")) {
            o = o.withOpportunityName(body.get("opportunityName").asText());
        }
        if (body.hasNonNull("convertedStatus")) {
            o = o.withConvertedStatus(body.get("convertedStatus").asText());
        }
        ConvertOptions.Result r = org.convertLead(leadId, o);
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("leadId", r.leadId());
            g.writeStringField("accountId", r.accountId());
            g.writeStringField("contactId", r.contactId());
            if (r.opportunityId() == null) {
                g.writeNullField("opportunityId");
            } else {
                g.writeStringField("opportunityId", r.opportunityId());
            }
            g.writeBooleanField("success", true);
            g.writeEndObject();
        });
    }

    private void access(HttpExchange ex, String method) throws IOException {
        Map<String, String> p = Http.query(ex);
        switch (method) {
            case "POST" -> {
                String object = p.get("object");
                String access = p.get("access");
                if (object == null || access == null) {
                    throw new IllegalArgumentException("need query parameters 'object', 'access' (READ_WRITE,"
                            + " READ_ONLY, HIDDEN; for an object also NO_DELETE, OWN_RECORDS_DELETE) and optionally 'field'");
                }
                Access a;
                try {
                    a = Access.valueOf(access.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown access '" + access + "' (READ_WRITE, READ_ONLY, HIDDEN,"
                            + " NO_DELETE, OWN_RECORDS_DELETE)");
                }
                if (p.get("field") != null) {
                    org.setFieldAccess(object, p.get("field"), a);
                } else {
                    org.setObjectAccess(object, a);
                }
            }
            case "DELETE" -> org.rules().access().resetAccess();
            case "GET" -> {
            }
            default -> throw new IllegalArgumentException("use GET, POST or DELETE");
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("objects");
            for (Map.Entry<String, Access> e : new java.util.TreeMap<>(org.rules().access().objectAccessSettings()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue().name());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("fields");
            for (Map.Entry<String, Access> e : new java.util.TreeMap<>(org.rules().access().fieldAccessSettings()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue().name());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private void validationRules(HttpExchange ex, String method) throws IOException {
        switch (method) {
            case "POST" -> {
                JsonNode b = body(ex);
                JsonNode value = b.get("value");
                Object v = value == null || value.isNull() ? null : value.isNumber() ? value.numberValue()
                        : value.isBoolean() ? (Object) value.asBoolean() : value.asText();
                org.addValidationRule(b.path("object").asText(null), b.path("field").asText(null),
                        b.path("message").asText(null), FieldCondition.of(b.path("condition").asText(null), v));
            }
            case "DELETE" -> org.clearValidationRules();
            case "GET" -> {
            }
            default -> throw new IllegalArgumentException("use GET, POST or DELETE");
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartArray();
            for (ValidationRule r : org.validationRules()) {
                g.writeStartObject();
                g.writeStringField("object", r.object());
                g.writeStringField("field", r.field());
                g.writeStringField("message", r.errorMessage());
                g.writeStringField("condition", r.condition().kind());
                g.writeObjectField("value", r.condition().value());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] b = Http.body(ex);
        if (b.length == 0) {
            return Http.MAPPER.createObjectNode();
        }
        try {
            return Http.MAPPER.readTree(b);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage());
        }
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw new IllegalArgumentException("use POST");
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        Http.sendJson(ex, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            if (code != null) {
                g.writeStringField("errorCode", code);
            }
            g.writeEndObject();
        });
    }
}
