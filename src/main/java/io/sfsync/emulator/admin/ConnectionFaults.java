package io.sfsync.emulator.admin;

import io.sfsync.emulator.http.Http;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Network-level faults for the next N requests whose path contains a string: added latency before the request is
 * handled, and/or a dropped connection (the status line, headers and a part of the body are sent, then the socket
 * is closed, so the client sees a premature end of the response). The drop happens either instead of handling the
 * request, or after handling it in full ({@code dropAfter}): then a write is committed but its answer is lost, after
 * the latency, if one is given.
 */
public final class ConnectionFaults {

    /** What a dropped response announces and how much of it is actually written. */
    static final int DROP_ANNOUNCED_BYTES = 4096;
    static final byte[] DROP_PARTIAL_BODY = "{\"totalSize\":".getBytes(StandardCharsets.UTF_8);

    private static final class Entry {
        int remaining;
        final String pathContains;
        final long latencyMillis;
        final boolean drop;
        final boolean dropAfter;

        Entry(int remaining, String pathContains, long latencyMillis, boolean drop, boolean dropAfter) {
            this.remaining = remaining;
            this.pathContains = pathContains;
            this.latencyMillis = latencyMillis;
            this.drop = drop;
            this.dropAfter = dropAfter;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** The next {@code times} requests whose path contains {@code pathContains} are delayed and/or dropped. */
    public void add(int times, String pathContains, long latencyMillis, boolean drop) {
        add(times, pathContains, latencyMillis, drop, false);
    }

    /** The next {@code times} matching requests are handled, then lose their connection while the answer is sent. */
    public void addDropAfterHandling(int times, String pathContains) {
        add(times, pathContains, 0, false, true);
    }

    /** {@code drop} and {@code dropAfter} exclude each other: a request is either handled or not. */
    public void add(int times, String pathContains, long latencyMillis, boolean drop, boolean dropAfter) {
        if (drop && dropAfter) {
            throw new IllegalArgumentException("drop (before handling) and dropAfter (after handling) exclude each other");
        }
        if (times <= 0) {
            throw new IllegalArgumentException("count must be > 0");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        synchronized (entries) {
            entries.add(new Entry(times, pathContains == null ? "" : pathContains, latencyMillis, drop, dropAfter));
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
     *
     * With {@code dropAfter}, the latency is waited after the request was handled instead: its write is committed
     * and visible while the client still waits for the answer it will not get (a process killed meanwhile never
     * learns the outcome).
     *
     * @return null, or when the request is to be handled and its answer then dropped ({@link #dropAnswer}), how many
     *         milliseconds to hold the answer first ({@link #pause})
     */
    public Long apply(HttpExchange ex, String path) throws IOException {
        if (path.startsWith("/_emulator/")) {
            return null;
        }
        Entry e = take(path);
        if (e == null) {
            return null;
        }
        if (e.dropAfter) {
            return e.latencyMillis;
        }
        pause(e.latencyMillis);
        if (e.drop) {
            cut(ex, 200, DROP_ANNOUNCED_BYTES, DROP_PARTIAL_BODY);
        }
        return null;
    }

    /**
     * Applies a fault matching a composite or batch subrequest's path to the request that carries it: waits the
     * added latency; a drop cuts the whole request's answer (a subrequest has no connection of its own).
     *
     * @return true when the answer is to be dropped after this subrequest was handled ({@code dropAfter})
     */
    public boolean applyToSubrequest(HttpExchange outer, String path) throws IOException {
        Entry e = take(path);
        if (e == null) {
            return false;
        }
        if (e.dropAfter) {
            return true;
        }
        pause(e.latencyMillis);
        if (e.drop) {
            cut(outer, 200, DROP_ANNOUNCED_BYTES, DROP_PARTIAL_BODY);
        }
        return false;
    }

    /** Drops the answer of a request one of whose subrequests was handled with a {@code dropAfter} fault. */
    public static void dropWhole(HttpExchange outer) throws IOException {
        cut(outer, 200, DROP_ANNOUNCED_BYTES, DROP_PARTIAL_BODY);
    }

    /** Waits {@code millis}, or less when the server's thread is interrupted (the server stops). */
    public static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends the start of the answer a handler produced into {@code answer}, then throws to close the connection: the
     * real status and headers and the first half of the body, with the full length announced. An answer without a
     * body (204) cannot be cut short, so it is replaced by the same partial 200 answer as a drop before handling.
     */
    public static void dropAnswer(HttpExchange ex, HeldAnswer answer) throws IOException {
        byte[] body = answer.body.toByteArray();
        if (answer.status >= 200 && answer.status != 204 && answer.status != 304 && body.length > 1) {
            cut(ex, answer.status, body.length, Arrays.copyOf(body, body.length / 2));
        }
        cut(ex, 200, DROP_ANNOUNCED_BYTES, DROP_PARTIAL_BODY);
    }

    private static void cut(HttpExchange ex, int status, long announced, byte[] part) throws IOException {
        if (ex.getResponseHeaders().getFirst("Content-Type") == null) {
            ex.getResponseHeaders().set("Content-Type", Http.JSON_TYPE);
        }
        ex.sendResponseHeaders(status, announced);
        OutputStream out = ex.getResponseBody();
        out.write(part);
        out.flush();
        throw new IOException("connection dropped by an injected emulator fault");
    }

    /**
     * The exchange a handler sees when its answer is to be dropped: request side and response headers are the real
     * ones; the status and body are held back, and closing does not finish the real response.
     */
    public static final class HeldAnswer extends HttpExchange {
        private final HttpExchange real;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = -1;

        public HeldAnswer(HttpExchange real) {
            this.real = real;
        }

        @Override
        public Headers getRequestHeaders() {
            return real.getRequestHeaders();
        }

        @Override
        public Headers getResponseHeaders() {
            return real.getResponseHeaders();
        }

        @Override
        public URI getRequestURI() {
            return real.getRequestURI();
        }

        @Override
        public String getRequestMethod() {
            return real.getRequestMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return real.getHttpContext();
        }

        @Override
        public void close() {
            // the real response is finished by dropAnswer
        }

        @Override
        public InputStream getRequestBody() {
            return real.getRequestBody();
        }

        @Override
        public OutputStream getResponseBody() {
            return body;
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            status = rCode;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return real.getRemoteAddress();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return real.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return real.getProtocol();
        }

        @Override
        public Object getAttribute(String name) {
            return real.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            real.setAttribute(name, value);
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
            throw new UnsupportedOperationException("the emulator does not replace exchange streams");
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return real.getPrincipal();
        }
    }
}
