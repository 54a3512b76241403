package io.sfsync.emulator;

import io.sfsync.emulator.admin.AdminEndpoints;
import io.sfsync.emulator.admin.ApiFaults;
import io.sfsync.emulator.admin.ConnectionFaults;
import io.sfsync.emulator.auth.OAuthEndpoints;
import io.sfsync.emulator.auth.SoapLogin;
import io.sfsync.emulator.http.Http;
import io.sfsync.emulator.http.RestEndpoints;
import io.sfsync.emulator.http.SelfSignedCertificate;
import io.sfsync.emulator.http.Tls;
import io.sfsync.emulator.org.SchemaFile;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A local Salesforce org emulator speaking the REST API (OAuth token, UserInfo and identity, versions,
 * query/queryMore/queryAll, SOSL search, describe, sObject CRUD, collections, composite and tree, Bulk API 2.0, limits)
 * and the SOAP partner login over HTTP or HTTPS, plus a small non-Salesforce admin API under {@code /_emulator/}.
 *
 * <p>The endpoints are written against the JDK's {@code com.sun.net.httpserver} API and served by Jetty through its
 * implementation of that API: the JDK's own server sends a streamed (chunked) body in 4 KB chunks, one system call
 * each, which made it the slowest part of serving a query page (docs/benchmarks.md).
 */
public final class EmulatorServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmulatorServer.class.getName());

    /** Request threads; Jetty also runs its acceptor and selector on this pool. */
    private static final int MAX_THREADS = 16;

    private final Server jetty;
    private final ServerConnector connector;
    private final EmulatorOrg org;
    private final String baseUrl;
    private SelfSignedCertificate tls;

    private EmulatorServer(Server jetty, ServerConnector connector, EmulatorOrg org, String baseUrl) {
        this.jetty = jetty;
        this.connector = connector;
        this.org = org;
        this.baseUrl = baseUrl;
    }

    /** Loads the schema, seeds demo data as configured and starts serving. Port 0 picks a free port. */
    public static EmulatorServer start(EmulatorConfig config) throws IOException {
        EmulatorOrg org = new EmulatorOrg(config, SchemaFile.load(config.schemaFile()));
        org.seedDefaults();
        SelfSignedCertificate tls = config.https() ? SelfSignedCertificate.forLocalhost() : null;
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("sf-emulator");
        threads.setDaemon(true);
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // "//services/data/..." as Salesforce accepts it: the sf CLI stores an instance URL with a trailing slash
        http.setUriCompliance(UriCompliance.DEFAULT.with("salesforce", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        ServerConnector connector = tls == null
                ? new ServerConnector(jetty, new HttpConnectionFactory(http))
                : new ServerConnector(jetty, Tls.sslContextFactory(tls), new HttpConnectionFactory(secure(http)));
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        jetty.setHandler(new ContextHandlerCollection());
        HttpServer server = new JettyHttpServer(jetty, true);
        // the endpoints need the base URL, known once the port is bound; a request in between waits for them
        CompletableFuture<Endpoints> endpoints = new CompletableFuture<>();
        server.createContext("/", exchange -> dispatch(exchange, org, endpoints.join()));
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            throw e instanceof IOException io ? io
                    : new IOException("the emulator could not listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        String baseUrl = (tls == null ? "http://" : "https://") + host + ":" + connector.getLocalPort();
        endpoints.complete(new Endpoints(new OAuthEndpoints(org, baseUrl), new RestEndpoints(org, baseUrl),
                new AdminEndpoints(org), new SoapLogin(org, baseUrl)));
        EmulatorServer started = new EmulatorServer(jetty, connector, org, baseUrl);
        started.tls = tls;
        return started;
    }

    private record Endpoints(OAuthEndpoints oauth, RestEndpoints rest, AdminEndpoints admin, SoapLogin soap) {
    }

    private static HttpConfiguration secure(HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false); // clients may use 127.0.0.1 or localhost; the certificate names both
        https.addCustomizer(customizer);
        return https;
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // already failing
        }
    }

    private static void dispatch(HttpExchange ex, EmulatorOrg org, Endpoints endpoints) throws IOException {
        String path = collapseSlashes(ex.getRequestURI().getPath());
        // outside the handler's try: a dropped connection must reach the server
        Long holdAnswerMillis = org.connectionFaults().apply(ex, path);
        if (holdAnswerMillis != null) {
            ConnectionFaults.HeldAnswer held = new ConnectionFaults.HeldAnswer(ex);
            handle(held, path, org, endpoints);
            ConnectionFaults.pause(holdAnswerMillis);
            ConnectionFaults.dropAnswer(ex, held);
        }
        handle(ex, path, org, endpoints);
    }

    /** {@code //services//data/} as {@code /services/data/}: empty path segments do not change the resource. */
    static String collapseSlashes(String path) {
        return path.contains("//") ? path.replaceAll("/{2,}", "/") : path;
    }

    private static void handle(HttpExchange ex, String path, EmulatorOrg org, Endpoints endpoints) throws IOException {
        try {
            if (path.startsWith("/_emulator/")) {
                endpoints.admin().handle(ex, path);
                return;
            }
            org.logRequest(ex.getRequestMethod(), path);
            ApiFaults.Fault fault = org.takeFault(path);
            if (path.startsWith("/services/oauth2/")) {
                if (fault != null) {
                    Http.sendOAuthError(ex, fault.status, fault.errorCode, fault.message);
                } else {
                    endpoints.oauth().handle(ex, path);
                }
                return;
            }
            if (path.startsWith("/services/Soap/u/")) {
                if (fault != null) {
                    Http.send(ex, fault.status, Http.errorBody(fault.errorCode, fault.message, null));
                } else {
                    endpoints.soap().handle(ex, path);
                }
                return;
            }
            if (path.startsWith("/services/data") || path.startsWith("/id/")) {
                endpoints.rest().handle(ex, path, fault);
                return;
            }
            Http.sendError(ex, SalesforceApiException.notFound());
        } catch (SalesforceApiException e) {
            Http.sendError(ex, e);
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "emulator request failed: " + ex.getRequestMethod() + " " + path, e);
            try {
                Http.send(ex, 500, Http.errorBody("UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include"
                        + " this ErrorId if you contact support: 0000000000-00000 (" + e + ")", null));
            } catch (IOException | RuntimeException ignored) {
                // response already started
            }
        } finally {
            drainRequestBody(ex);
            ex.close();
        }
    }

    /**
     * Reads what a handler left of the request body (an error answered before the body was read). Jetty closes a
     * connection whose request body was not consumed, and a client reusing it would see the next request fail.
     */
    private static void drainRequestBody(HttpExchange ex) {
        try (java.io.InputStream in = ex.getRequestBody()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone anyway
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** e.g. http://127.0.0.1:43123 — the loginUrl for clients and the instance_url in token responses. */
    public String baseUrl() {
        return baseUrl;
    }

    public EmulatorOrg org() {
        return org;
    }

    /** The self-signed HTTPS certificate (IP:127.0.0.1, DNS:localhost) when started with HTTPS. */
    public java.util.Optional<java.security.cert.X509Certificate> certificate() {
        return java.util.Optional.ofNullable(tls).map(SelfSignedCertificate::certificate);
    }

    /** Writes a PKCS12 trust store with the HTTPS certificate for clients; IllegalStateException without HTTPS. */
    public java.nio.file.Path writeTrustStore(java.nio.file.Path file, String password) throws IOException {
        return Tls.require(tls).writeTrustStore(file, password);
    }

    /** Writes the HTTPS certificate as PEM; IllegalStateException without HTTPS. */
    public java.nio.file.Path writeCertificatePem(java.nio.file.Path file) throws IOException {
        return Tls.require(tls).writePem(file);
    }

    @Override
    public void close() {
        stopQuietly(jetty);
    }
}
