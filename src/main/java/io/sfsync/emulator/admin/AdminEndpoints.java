package io.sfsync.emulator.admin;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.http.Http;
import io.sfsync.emulator.org.Values;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Emulator control API (not part of Salesforce, no authentication): seed data, move the clock, inject faults,
 * read statistics. All responses are JSON.
 */
public final class AdminEndpoints {

    private final EmulatorOrg org;

    public AdminEndpoints(EmulatorOrg org) {
        this.org = org;
    }

    public void handle(HttpExchange ex, String path) throws IOException {
        Map<String, String> p = Http.query(ex);
        String method = ex.getRequestMethod();
        try {
            if (new RulesAdminEndpoints(org).handle(ex, path, method)) {
                return;
            }
            switch (path) {
                case "/_emulator/seed" -> {
                    post(method);
                    String object = require(p, "object");
                    int count = Integer.parseInt(require(p, "count"));
                    org.seed(object, count);
                    int total = org.count(object);
                    Http.sendJson(ex, 200, g -> {
                        g.writeStartObject();
                        g.writeStringField("object", org.schema().object(object).name);
                        g.writeNumberField("seeded", count);
                        g.writeNumberField("count", total);
                        g.writeEndObject();
                    });
                }
                case "/_emulator/clock/advance" -> {
                    post(method);
                    org.clock().advance(Duration.ofSeconds(Long.parseLong(require(p, "seconds"))));
                    clock(ex);
                }
                case "/_emulator/clock/freeze" -> {
                    post(method);
                    String at = p.get("at");
                    org.clock().freeze(at == null ? org.clock().now() : Instant.parse(at));
                    clock(ex);
                }
                case "/_emulator/clock/unfreeze" -> {
                    post(method);
                    org.clock().unfreeze();
                    clock(ex);
                }
                case "/_emulator/clock" -> clock(ex);
                case "/_emulator/faults" -> {
                    post(method);
                    if (p.containsKey("latencyMs") || p.containsKey("drop") || p.containsKey("dropAfter")) {
                        AdminExtensions.connectionFault(ex, org, p);
                        return;
                    }
                    int count = Integer.parseInt(p.getOrDefault("count", "1"));
                    int status = Integer.parseInt(p.getOrDefault("status", "503"));
                    String code = p.getOrDefault("errorCode", "SERVER_UNAVAILABLE");
                    String message = p.getOrDefault("message", "Server unavailable (injected by emulator)");
                    org.failNext(count, p.getOrDefault("path", ""), status, code, message);
                    Http.sendJson(ex, 200, g -> {
                        g.writeStartObject();
                        g.writeStringField("path", p.getOrDefault("path", ""));
                        g.writeNumberField("count", count);
                        g.writeNumberField("status", status);
                        g.writeStringField("errorCode", code);
                        g.writeStringField("message", message);
                        g.writeEndObject();
                    });
                }
                case "/_emulator/stats" -> Http.sendJson(ex, 200, g -> {
                    g.writeStartObject();
                    g.writeNumberField("apiCallsUsed", org.apiCallsUsed());
                    g.writeNumberField("dailyApiLimit", org.dailyApiLimit());
                    g.writeNumberField("openCursors", org.openCursors());
                    g.writeStringField("now", Values.formatDateTime(org.clock().nowMillis()));
                    g.writeObjectFieldStart("records");
                    for (String name : org.sobjectNames()) {
                        g.writeNumberField(name, org.count(name));
                    }
                    g.writeEndObject();
                    AdminExtensions.writeCalls(g, org);
                    g.writeEndObject();
                });
                case "/_emulator/sessions/expire" -> {
                    post(method);
                    AdminExtensions.expireSessions(ex, org);
                }
                case "/_emulator/limits" -> AdminExtensions.limits(ex, org, p, method);
                case "/_emulator/locks" -> AdminExtensions.recordLocks(ex, org, p, method);
                default -> adminError(ex, 404, "unknown emulator endpoint " + path);
            }
        } catch (SalesforceApiException e) {
            adminError(ex, e.httpStatus(), e.getMessage());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            adminError(ex, 400, e.getMessage());
        }
    }

    private void clock(HttpExchange ex) throws IOException {
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("now", Values.formatDateTime(org.clock().nowMillis()));
            g.writeBooleanField("frozen", org.clock().isFrozen());
            g.writeEndObject();
        });
    }

    private static void post(String method) {
        if (!method.equals("POST")) {
            throw new IllegalArgumentException("use POST");
        }
    }

    private static String require(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing query parameter '" + name + "'");
        }
        return v;
    }

    private static void adminError(HttpExchange ex, int status, String message) throws IOException {
        Http.sendJson(ex, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }
}
