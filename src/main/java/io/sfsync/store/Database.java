package io.sfsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local database: a HikariCP pool over HSQLDB (embedded default) or PostgreSQL, migrated by Flyway. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final boolean hsqldb;

    private Database(HikariDataSource dataSource, boolean hsqldb) {
        this.dataSource = dataSource;
        this.hsqldb = hsqldb;
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(SfsyncSettings settings) {
        Database db = connect(settings);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Opens the pool without migrating, for read-only commands such as {@code status}. */
    public static Database connect(SfsyncSettings settings) {
        String url = settings.dbUrl();
        boolean hsqldb = url.startsWith("jdbc:hsqldb:");
        if (hsqldb && url.startsWith("jdbc:hsqldb:file:")) {
            try {
                Files.createDirectories(settings.dataDir().resolve("db"));
            } catch (IOException e) {
                throw new ConfigException("sfsync.data-dir " + settings.dataDir() + ": cannot create it: " + e.getMessage());
            }
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sfsync-db");
        cfg.setJdbcUrl(hsqldb ? withDefaults(url) : url);
        cfg.setUsername(settings.get("sfsync.db.username"));
        cfg.setPassword(settings.get("sfsync.db.password"));
        cfg.setMaximumPoolSize(settings.intValue("sfsync.db.pool-size"));
        cfg.setAutoCommit(true);
        try {
            return new Database(new HikariDataSource(cfg), hsqldb);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot open the database " + redact(url) + " (sfsync.db.url): " + rootMessage(e)
                    + (hsqldb ? " — is another sfsync process using the same sfsync.data-dir?" : ""));
        }
    }

    /** Large tables must live on disk, not in memory: HSQLDB's default table type is MEMORY. */
    private static String withDefaults(String url) {
        return url.contains("hsqldb.default_table_type") ? url : url + ";hsqldb.default_table_type=cached";
    }

    private void migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common")
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("Database schema at version {} ({} migration(s) applied now)",
                flyway.info().current().getVersion(), result.migrationsExecuted);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (hsqldb && !dataSource.isClosed()) {
            // Closing the pool closes every connection; HSQLDB then shuts down (shutdown=true)
            // and writes a clean checkpoint, so the next start does not replay its log.
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                LOG.warn("CHECKPOINT before close failed: {}", e.getMessage());
            }
        }
        dataSource.close();
    }

    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
