package io.sfsync.testing;

import io.sfsync.admin.auth.AdminUsers;
import io.sfsync.app.SfsyncApplication;
import io.sfsync.config.ConfigLoader;
import io.sfsync.emulator.EmulatorOrg;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Boots the real application (routes from ./routes, mappings from ./mappings, HSQLDB file
 * mode in a temporary data directory, the in-process Salesforce emulator) the way the
 * command line does, and reads what it wrote. Started from {@link #withAdmin} configuration, its
 * {@link #get}, {@link #post} and {@link #request} log in to the admin HTTP server as that user.
 */
public final class TestApp implements AutoCloseable {

    /** Where {@link #withAdmin} leaves the login for {@link #start} (no sfsync or Camel key: the service ignores it). */
    private static final String TEST_LOGIN = "test.admin-login";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SfsyncApplication app;
    private final String baseUrl;
    /** The Basic Authorization header of the configuration's admin, or null without one. */
    private final String login;

    private TestApp(SfsyncApplication app, String baseUrl, String login) {
        this.app = app;
        this.baseUrl = baseUrl;
        this.login = login;
    }

    /** Configuration for a test: the bundled defaults, a private data directory, free ports, no schedule, short retry waits. */
    public static Properties config(Path dataDir, String... keyValues) {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        p.setProperty("sfsync.data-dir", dataDir.toString());
        p.setProperty("sfsync.cycle.scheduled", "false");
        p.setProperty("sfsync.salesforce.emulator.seed-extra", "");
        p.setProperty("camel.server.port", String.valueOf(freePort()));
        p.setProperty("sfsync.salesforce.retry.initial-delay-ms", "10"); // tests that spend every retry need not wait
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /**
     * {@code config} with one administrator: the admin HTTP server then answers every path but /api/health only to
     * this login ({@code sfsync.admin.users}, hashed with a low bcrypt cost to keep tests fast).
     */
    public static Properties withAdmin(Properties config, String user, String password) {
        config.setProperty("sfsync.admin.users", user + ":" + AdminUsers.hash(password, 4));
        config.setProperty(TEST_LOGIN, basic(user, password));
        return config;
    }

    public static TestApp start(Properties config) throws Exception {
        String baseUrl = "http://127.0.0.1:" + config.getProperty("camel.server.port");
        return new TestApp(SfsyncApplication.create(config).start(), baseUrl, config.getProperty(TEST_LOGIN));
    }

    /** The value of an {@code Authorization} header for HTTP Basic. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The admin HTTP server, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A request to the admin HTTP server, logged in as the {@link #withAdmin} user when there is one. */
    public HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery));
        return login == null ? b : b.header("Authorization", login);
    }

    /** GET on the admin HTTP server (logged in as {@link #request} is). */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET().build());
    }

    /** POST without a body on the admin HTTP server (logged in as {@link #request} is). */
    public HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public SfsyncApplication app() {
        return app;
    }

    public EmulatorOrg org() {
        return app.emulator().org();
    }

    /** Runs one cycle and returns its id. */
    public String cycle() throws Exception {
        return app.runCycle();
    }

    /** Runs one statement as another SQL client would (its own connection, autocommit); returns the rows changed. */
    public int execute(String sql, Object... params) throws SQLException {
        try (Connection c = app.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    public List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = app.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toLowerCase(), rs.getString(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    public long count(String sql, Object... params) throws SQLException {
        return Long.parseLong(String.valueOf(rows(sql, params).get(0).values().iterator().next()));
    }

    @Override
    public void close() {
        app.close();
    }
}
