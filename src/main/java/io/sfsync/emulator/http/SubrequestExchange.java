package io.sfsync.emulator.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One subrequest of a composite request, handled by the same endpoint code as a request of its own: the request is
 * given, the answer (status, headers, body) is kept in memory for the composite answer.
 */
final class SubrequestExchange extends HttpExchange {

    private final String method;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final InputStream requestBody;
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private final HttpExchange outer;
    private final Map<String, Object> attributes = new HashMap<>();
    private int status = -1;

    SubrequestExchange(HttpExchange outer, String method, URI uri, byte[] body, Map<String, String> headers) {
        this.outer = outer;
        this.method = method;
        this.uri = uri;
        this.requestBody = new ByteArrayInputStream(body == null ? new byte[0] : body);
        headers.forEach(requestHeaders::add);
    }

    int status() {
        return status;
    }

    byte[] body() {
        return responseBody.toByteArray();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return outer.getHttpContext();
    }

    @Override
    public void close() {
        // nothing to release: the answer stays in memory
    }

    @Override
    public InputStream getRequestBody() {
        return requestBody;
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        status = rCode;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return outer.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return outer.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return outer.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        throw new UnsupportedOperationException("a subrequest's streams are fixed");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
