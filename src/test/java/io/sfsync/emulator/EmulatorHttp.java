package io.sfsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small JDK HTTP client for wire-level tests against one emulator. Public only for what
 * {@code io.sfsync.bench.EmulatorBenchmark} reads through it; the rest stays package-private.
 */
public final class EmulatorHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String V = "/services/data/v62.0";

    final EmulatorServer server;
    final HttpClient http;
    String token;

    public EmulatorHttp(EmulatorServer server) {
        this(server, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    public EmulatorHttp(EmulatorServer server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    public EmulatorHttp login() throws Exception {
        HttpResponse<String> r = token("grant_type=client_credentials&client_id=sfsync-demo&client_secret=sfsync-demo");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        token = JSON.readTree(r.body()).get("access_token").asText();
        return this;
    }

    /** The bearer token {@link #req} sends: from the last {@link #login()}, null before it. */
    public String accessToken() {
        return token;
    }

    public HttpResponse<String> token(String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public HttpRequest.Builder req(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(req(path).GET());
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return send(req(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> patch(String path, String json) throws Exception {
        return send(req(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String contentType, String body) throws Exception {
        return send(req(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return send(req(path).DELETE());
    }

    public HttpResponse<String> admin(String method, String pathAndQuery) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_emulator/" + pathAndQuery));
        return send(b.method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    public static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json(r);
    }

    public static void assertError(HttpResponse<String> r, int status, String errorCode) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.isArray()).as(r.body()).isTrue();
        assertThat(body.get(0).get("errorCode").asText()).as(r.body()).isEqualTo(errorCode);
        assertThat(body.get(0).has("message")).isTrue();
    }

    /**
     * A started Camel context whose {@code salesforce} component (camel-salesforce, API 62.0) logs in to the emulator
     * with the demo connected app: client credentials, or the demo user's password.
     */
    public static CamelContext camel(EmulatorServer server, AuthenticationType type) throws Exception {
        EmulatorConfig cfg = EmulatorConfig.defaults();
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(server.baseUrl());
        sf.setAuthenticationType(type);
        sf.setClientId(cfg.clientId());
        sf.setClientSecret(cfg.clientSecret());
        if (type == AuthenticationType.USERNAME_PASSWORD) {
            sf.setUserName(cfg.username());
            sf.setPassword(cfg.password());
        }
        SalesforceEndpointConfig endpointConfig = new SalesforceEndpointConfig();
        endpointConfig.setApiVersion("62.0");
        sf.setConfig(endpointConfig);
        sf.setHttpMaxContentLength(64 * 1024 * 1024);
        CamelContext ctx = new DefaultCamelContext();
        ctx.addComponent("salesforce", sf);
        ctx.start();
        return ctx;
    }
}
