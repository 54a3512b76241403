package io.sfsync.testing;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.config.ConfigLoader;
import io.sfsync.emulator.EmulatorOrg;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Boots the real application (routes from ./routes, mappings from ./mappings, HSQLDB file
 * mode in a temporary data directory, the in-process Salesforce emulator) the way the
 * command line does, and reads what it wrote.
 */
public final class TestApp implements AutoCloseable {

    private final SfsyncApplication app;

    private TestApp(SfsyncApplication app) {
        this.app = app;
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

    public static TestApp start(Properties config) throws Exception {
        return new TestApp(SfsyncApplication.create(config).start());
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
