package io.sfsync.emulator.http;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.Replication;
import io.sfsync.emulator.org.Values;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Map;

/** {@code GET /sobjects/{T}/updated/?start=&end=} and {@code GET /sobjects/{T}/deleted/?start=&end=}. */
final class ReplicationEndpoints {

    private ReplicationEndpoints() {
    }

    /** Handles the request when seg = [sobjects, T, updated|deleted]; returns false for other paths. */
    static boolean handle(EmulatorOrg org, HttpExchange ex, java.util.List<String> seg, String method)
            throws IOException {
        if (seg.size() != 3 || !(seg.get(2).equals("updated") || seg.get(2).equals("deleted"))) {
            return false;
        }
        if (!method.equals("GET")) {
            throw new SalesforceApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + method
                    + "' not allowed. Allowed are GET");
        }
        Map<String, String> params = Http.query(ex);
        long start = dateParam(params, "start");
        long end = dateParam(params, "end");
        String sobject = seg.get(1);
        if (seg.get(2).equals("updated")) {
            Replication.Updated u = Replication.updated(org, sobject, start, end);
            Http.sendJson(ex, 200, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("ids");
                for (String id : u.ids()) {
                    g.writeString(id);
                }
                g.writeEndArray();
                g.writeStringField("latestDateCovered", Values.formatDateTime(u.latestDateCovered()));
                g.writeEndObject();
            });
        } else {
            Replication.Deleted d = Replication.deleted(org, sobject, start, end);
            Http.sendJson(ex, 200, g -> {
                g.writeStartObject();
                g.writeArrayFieldStart("deletedRecords");
                for (Replication.DeletedRecord r : d.records()) {
                    g.writeStartObject();
                    g.writeStringField("id", r.id());
                    g.writeStringField("deletedDate", Values.formatDateTime(r.deletedDate()));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeStringField("earliestDateAvailable", Values.formatDateTime(d.earliestDateAvailable()));
                g.writeStringField("latestDateCovered", Values.formatDateTime(d.latestDateCovered()));
                g.writeEndObject();
            });
        }
        return true;
    }

    private static long dateParam(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isBlank()) {
            throw new SalesforceApiException(400, "MISSING_ARGUMENT", "Missing argument: " + name);
        }
        try {
            // an unencoded '+' in the offset arrives as a space
            return Values.parseDateTimeLiteral(v.trim().replace(' ', '+'));
        } catch (RuntimeException e) {
            throw new SalesforceApiException(400, "INVALID_REPLICATION_DATE", "Invalid " + name + " date: " + v);
        }
    }
}
