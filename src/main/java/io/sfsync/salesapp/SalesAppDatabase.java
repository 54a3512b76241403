package io.sfsync.salesapp;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import io.sfsync.store.dialect.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sales-app database (issue #15): a second JDBC target with a pool of its own, {@code sfsync.sales-app.db.*}
 * (default: an embedded HSQLDB file database in {@code <sfsync.data-dir>/sales-app/}). Its schema is its own
 * ({@code classpath:db/salesapp}, Flyway history table {@value #HISTORY}), so it can live in any database, an
 * existing one included (baselined at version 0), beside the sales app's own tables.
 */
public final class SalesAppDatabase implements AutoCloseable {

    static final String HISTORY = "sfsync_sales_app_history";
    private static final Logger LOG = LoggerFactory.getLogger(SalesAppDatabase.class);

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;
    private final String key;

    private SalesAppDatabase(HikariDataSource dataSource, SqlDialect dialect, String key) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.key = key;
    }

    /** The configured URL, or the embedded default beside the main database. */
    static String url(SfsyncSettings settings) {
        String url = settings.get("sfsync.sales-app.db.url");
        if (!url.isEmpty()) {
            return url;
        }
        return "jdbc:hsqldb:file:" + embeddedDir(settings).resolve("salesapp") + ";shutdown=true;hsqldb.tx=mvcc";
    }

    static Path embeddedDir(SfsyncSettings settings) {
        return settings.dataDir().resolve("sales-app");
    }

    /** Opens the pool, brings the schema up to date and reads (or makes) the database's key. */
    public static SalesAppDatabase open(SfsyncSettings settings) {
        String url = url(settings);
        SqlDialect dialect;
        try {
            dialect = SqlDialect.forUrl(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cannot open the sales-app database " + Database.redact(url)
                    + " (sfsync.sales-app.db.url): " + e.getMessage());
        }
        if (settings.get("sfsync.sales-app.db.url").isEmpty()) {
            try {
                Files.createDirectories(embeddedDir(settings));
            } catch (IOException e) {
                throw new ConfigException("sfsync.data-dir " + settings.dataDir() + ": cannot create "
                        + embeddedDir(settings) + " for the sales-app database: " + e.getMessage());
            }
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sfsync-sales-app-db");
        cfg.setJdbcUrl(dialect.connectionUrl(url));
        cfg.setUsername(settings.get("sfsync.sales-app.db.username"));
        cfg.setPassword(settings.get("sfsync.sales-app.db.password"));
        cfg.setMaximumPoolSize(2);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot open the sales-app database " + Database.redact(url)
                    + " (sfsync.sales-app.db.url): " + rootMessage(e) + (url.startsWith("jdbc:hsqldb:file:")
                    ? " — is another process using " + embeddedDir(settings) + "?" : ""));
        }
        try {
            Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/salesapp").table(HISTORY)
                    .baselineOnMigrate(true).baselineVersion("0").failOnMissingLocations(true).load();
            flyway.migrate();
            String key = key(ds);
            LOG.info("Sales-app database {} at schema version {} (key {})", Database.redact(url),
                    flyway.info().current().getVersion(), key);
            return new SalesAppDatabase(ds, dialect, key);
        } catch (SQLException | RuntimeException e) {
            ds.close();
            throw new ConfigException("cannot prepare the sales-app database " + Database.redact(url)
                    + " (sfsync.sales-app.db.url): " + rootMessage(e));
        }
    }

    private static String key(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT database_key FROM sales_app_database");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            String key = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sales_app_database (database_key) VALUES (?)")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return key;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** This database's identity ({@code sales_app_database.database_key}). */
    public String key() {
        return key;
    }

    @Override
    public void close() {
        if (!dataSource.isClosed()) {
            try {
                dialect.beforeClose(dataSource);
            } catch (SQLException e) {
                LOG.warn("sales-app database: {}", e.getMessage());
            }
        }
        dataSource.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
