package io.sfsync.emulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Network-level faults for the next N requests whose path contains a string: added latency before the request is
 * handled, and/or a dropped connection (the status line, headers and a part of the body are sent, then the socket
 * is closed, so the client sees a premature end of the response).
 */
final class ConnectionFaults {

    /** What a dropped response announces and how much of it is actually written. */
    static final int DROP_ANNOUNCED_BYTES = 4096;
    static final byte[] DROP_PARTIAL_BODY = "{\"totalSize\":".getBytes(StandardCharsets.UTF_8);

    private static final class Entry {
        int remaining;
        final String pathContains;
        final long latencyMillis;
        final boolean drop;

        Entry(int remaining, String pathContains, long latencyMillis, boolean drop) {
            this.remaining = remaining;
            this.pathContains = pathContains;
            this.latencyMillis = latencyMillis;
            this.drop = drop;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The next {@code times} requests whose path contains {@code pathContains} are delayed and/or dropped. */
    void add(int times, String pathContains, long latencyMillis, boolean drop) {
        if (times <= 0) {
            throw new IllegalArgumentException("count must be > 0");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        synchronized (entries) {
            entries.add(new Entry(times, pathContains == null ? "" : pathContains, latencyMillis, drop));
        }
    }

    private Entry take(String path) {
        synchronized (entries) {
            Iterator<Entry> it = entries.iterator();
            while (it.hasNext()) {
                Entry e = it.next();
                if (path.contains(e.pathContains)) {
                    if (--e.remaining <= 0) {
                        it.remove();
                    }
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * Applies a matching fault to a request (admin calls excluded): waits the added latency; for a drop writes the
     * status line, headers and the start of a body, then throws, which makes the server abort the response and close the socket.
     */
    void apply(HttpExchange ex, String path) throws IOException {
        if (path.startsWith("/_emulator/")) {
            return;
        }
        Entry e = take(path);
        if (e == null) {
            return;
        }
        if (e.latencyMillis > 0) {
            try {
                Thread.sleep(e.latencyMillis);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!e.drop) {
            return;
        }
        ex.getResponseHeaders().set("Content-Type", Http.JSON_TYPE);
        ex.sendResponseHeaders(200, DROP_ANNOUNCED_BYTES);
        OutputStream out = ex.getResponseBody();
        out.write(DROP_PARTIAL_BODY);
        out.flush();
        throw new IOException("connection dropped by an injected emulator fault");
    }
}
