package io.sfsync.emulator.admin;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.http.Http;
import io.sfsync.emulator.org.RecordLocks;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Map;

/**
 * Admin operations added to {@link AdminEndpoints}: connection faults (latency, dropped responses), record locks,
 * expiring all sessions, setting the API budget, and the per-endpoint call counts in {@code /_emulator/stats}.
 */
final class AdminExtensions {

    private AdminExtensions() {
    }

    /**
     * {@code POST /_emulator/faults?path=...&count=N&latencyMs=N&drop=true} or {@code dropAfter=true} (the request is
     * handled, its answer held latencyMs, then dropped), plus status/errorCode = both kinds.
     */
    static void connectionFault(HttpExchange ex, EmulatorOrg org, Map<String, String> p) throws IOException {
        int count = Integer.parseInt(p.getOrDefault("count", "1"));
        long latency = Long.parseLong(p.getOrDefault("latencyMs", "0"));
        boolean drop = Boolean.parseBoolean(p.getOrDefault("drop", "false"));
        boolean dropAfter = Boolean.parseBoolean(p.getOrDefault("dropAfter", "false"));
        String path = p.getOrDefault("path", "");
        org.connectionFaults().add(count, path, latency, drop, dropAfter);
        boolean withError = p.containsKey("status") || p.containsKey("errorCode");
        int status = Integer.parseInt(p.getOrDefault("status", "503"));
        String code = p.getOrDefault("errorCode", "SERVER_UNAVAILABLE");
        String message = p.getOrDefault("message", "Server unavailable (injected by emulator)");
        if (withError) {
            org.failNext(count, path, status, code, message);
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("path", path);
            g.writeNumberField("count", count);
            g.writeNumberField("latencyMs", latency);
            g.writeBooleanField("drop", drop);
            g.writeBooleanField("dropAfter", dropAfter);
            if (withError) {
                g.writeNumberField("status", status);
                g.writeStringField("errorCode", code);
                g.writeStringField("message", message);
            }
            g.writeEndObject();
        });
    }

    /**
     * {@code GET /_emulator/locks} lists the locked records, {@code POST /_emulator/locks?object=Lead&id=...&attempts=N}
     * locks one for its next N write attempts, {@code DELETE /_emulator/locks} releases all. Answers the list:
     * {@code [{"object","id","remaining"}]}.
     */
    static void recordLocks(HttpExchange ex, EmulatorOrg org, Map<String, String> p, String method) throws IOException {
        switch (method) {
            case "POST" -> {
                String object = p.get("object");
                String id = p.get("id");
                if (object == null || id == null) {
                    throw new IllegalArgumentException("need query parameters 'object', 'id' and optionally 'attempts'"
                            + " (write attempts that fail, default 1)");
                }
                org.lockRecord(object, id, Integer.parseInt(p.getOrDefault("attempts", "1")));
            }
            case "DELETE" -> org.unlockAllRecords();
            case "GET" -> {
            }
            default -> throw new IllegalArgumentException("use GET, POST or DELETE");
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartArray();
            for (RecordLocks.Lock l : org.recordLockList()) {
                g.writeStartObject();
                g.writeStringField("object", l.sobject());
                g.writeStringField("id", l.id());
                g.writeNumberField("remaining", l.remaining());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** {@code POST /_emulator/sessions/expire}: every access token becomes invalid. */
    static void expireSessions(HttpExchange ex, EmulatorOrg org) throws IOException {
        int active = org.activeSessions();
        org.expireSessions();
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeNumberField("expired", active);
            g.writeEndObject();
        });
    }

    /** {@code GET /_emulator/limits}, {@code POST /_emulator/limits?daily=N&used=M}. */
    static void limits(HttpExchange ex, EmulatorOrg org, Map<String, String> p, String method) throws IOException {
        if (method.equals("POST")) {
            String daily = p.get("daily");
            String used = p.get("used");
            if (daily == null && used == null) {
                throw new IllegalArgumentException("give 'daily' and/or 'used'");
            }
            org.setApiBudget(daily == null ? null : Long.valueOf(daily), used == null ? null : Long.valueOf(used));
        } else if (!method.equals("GET")) {
            throw new IllegalArgumentException("use GET or POST");
        }
        Http.sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeNumberField("dailyApiLimit", org.dailyApiLimit());
            g.writeNumberField("apiCallsUsed", org.apiCallsUsed());
            g.writeNumberField("remaining", Math.max(0, org.dailyApiLimit() - org.apiCallsUsed()));
            g.writeEndObject();
        });
    }

    /**
     * The {@code "calls"} object of the stats (API calls per endpoint) and the {@code "subrequests"} object (the
     * subrequests of composite and batch requests per endpoint, which are not API calls of their own).
     */
    static void writeCalls(JsonGenerator g, EmulatorOrg org) throws IOException {
        g.writeObjectFieldStart("calls");
        for (Map.Entry<String, Long> e : org.apiCallsByEndpoint().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("subrequests");
        for (Map.Entry<String, Long> e : org.subrequestsByEndpoint().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
