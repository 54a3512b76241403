package io.sfsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A local Salesforce org emulator speaking the REST API (OAuth token endpoint, versions, query/queryMore/queryAll,
 * describe, sObject CRUD, limits) over plain HTTP, plus a small non-Salesforce admin API under {@code /_emulator/}.
 */
public final class EmulatorServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmulatorServer.class.getName());

    static {
        // TCP_NODELAY for the JDK server (read once, when its first server is created): without it every response's
        // last segment waits for the client's delayed ACK, ~40 ms a query page on Linux loopback
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final EmulatorOrg org;
    private final String baseUrl;
    private SelfSignedCertificate tls;

    private EmulatorServer(HttpServer server, ExecutorService executor, EmulatorOrg org, String baseUrl) {
        this.server = server;
        this.executor = executor;
        this.org = org;
        this.baseUrl = baseUrl;
    }

    /** Loads the schema, seeds demo data as configured and starts serving. Port 0 picks a free port. */
    public static EmulatorServer start(EmulatorConfig config) throws IOException {
        EmulatorOrg org = new EmulatorOrg(config, SchemaFile.load(config.schemaFile()));
        org.seedDefaults();
        SelfSignedCertificate tls = config.https() ? SelfSignedCertificate.forLocalhost() : null;
        HttpServer server = tls == null ? HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128)
                : Tls.httpsServer(new InetSocketAddress(config.host(), config.port()), tls);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "sf-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(8, tf);
        server.setExecutor(executor);
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        String baseUrl = (tls == null ? "http://" : "https://") + host + ":" + server.getAddress().getPort();
        OAuthEndpoints oauth = new OAuthEndpoints(org, baseUrl);
        RestEndpoints rest = new RestEndpoints(org, baseUrl);
        AdminEndpoints admin = new AdminEndpoints(org);
        server.createContext("/", exchange -> dispatch(exchange, org, oauth, rest, admin));
        server.start();
        EmulatorServer started = new EmulatorServer(server, executor, org, baseUrl);
        started.tls = tls;
        return started;
    }

    private static void dispatch(HttpExchange ex, EmulatorOrg org, OAuthEndpoints oauth, RestEndpoints rest,
                                 AdminEndpoints admin) throws IOException {
        String path = ex.getRequestURI().getPath();
        org.connectionFaults().apply(ex, path); // outside the try: a dropped connection must reach the JDK server
        try {
            if (path.startsWith("/_emulator/")) {
                admin.handle(ex, path);
                return;
            }
            org.logRequest(ex.getRequestMethod(), path);
            EmulatorOrg.Fault fault = org.takeFault(path);
            if (path.startsWith("/services/oauth2/")) {
                if (fault != null) {
                    Http.sendOAuthError(ex, fault.status, fault.errorCode, fault.message);
                } else {
                    oauth.handle(ex, path);
                }
                return;
            }
            if (path.startsWith("/services/data") || path.startsWith("/id/")) {
                rest.handle(ex, path, fault);
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
            ex.close();
        }
    }

    public int port() {
        return server.getAddress().getPort();
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
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
