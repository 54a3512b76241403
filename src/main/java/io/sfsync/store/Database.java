package io.sfsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.dialect.SqlDialect;
import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local database: a HikariCP pool over HSQLDB (embedded default) or PostgreSQL, migrated by Flyway. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final SqlDialect dialect;

    private final java.nio.file.Path dataDir;

    private Database(HikariDataSource dataSource, SqlDialect dialect, java.nio.file.Path dataDir) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.dataDir = dataDir;
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

    /**
     * False when the embedded database was never created (no sync has run under sfsync.data-dir): the read-only
     * commands then say so instead of creating an empty one. A configured database URL always exists.
     */
    public static boolean exists(SfsyncSettings settings) {
        return !settings.get("sfsync.db.url").isEmpty()
                || java.nio.file.Files.exists(settings.dataDir().resolve("db").resolve("sfsync.properties"));
    }

    /** Opens the pool without migrating, for read-only commands such as {@code status}. */
    public static Database connect(SfsyncSettings settings) {
        String url = settings.dbUrl();
        SqlDialect dialect;
        try {
            dialect = SqlDialect.forUrl(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cannot open the database " + redact(url) + " (sfsync.db.url): " + e.getMessage());
        }
        try {
            dialect.beforeConnect(url, settings.dataDir());
        } catch (IOException e) {
            throw new ConfigException("sfsync.data-dir " + settings.dataDir() + ": cannot create it: " + e.getMessage());
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sfsync-db");
        cfg.setJdbcUrl(dialect.connectionUrl(url));
        cfg.setUsername(settings.get("sfsync.db.username"));
        cfg.setPassword(settings.get("sfsync.db.password"));
        cfg.setMaximumPoolSize(settings.intValue("sfsync.db.pool-size"));
        cfg.setAutoCommit(true);
        try {
            return new Database(new HikariDataSource(cfg), dialect, settings.dataDir());
        } catch (RuntimeException e) {
            String inUse = dialect.inUseMessage(settings.dataDir(), rootMessage(e));
            if (inUse != null) {
                throw new ConfigException(inUse);
            }
            throw new ConfigException("cannot open the database " + redact(url) + " (sfsync.db.url): " + rootMessage(e)
                    + dialect.openFailureHint());
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocations().toArray(String[]::new))
                // A vendor folder missing from the jar would silently drop its migrations.
                .failOnMissingLocations(true)
                .callbacks(new MigrationProgress())
                .load();
        MigrateResult result = flyway.migrate();
        // from the result: flyway.info() would scan and read the migrations and the history table once more
        LOG.info("Database schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * Names each migration of an existing database as it starts, and its time when it took a second or more: on a
     * large table one can take minutes (HSQLDB's V20_3 on 1,000,000 persons: about 90 s), and the start says nothing
     * else meanwhile. A new database's tables are empty: one line says it is being made.
     */
    private static final class MigrationProgress extends BaseCallback {

        private long started;
        private boolean newDatabase;

        /** Only these: Flyway warns at every start of a callback that takes its deprecated events. */
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public void handle(Event event, Context context) {
            MigrationInfo m = context.getMigrationInfo();
            if (m == null) {
                return;
            }
            if (event == Event.BEFORE_EACH_MIGRATE) {
                started = System.nanoTime();
                if (m.getVersion() != null && "1".equals(m.getVersion().getVersion())) {
                    newDatabase = true;
                    LOG.info("Database schema: a new database, creating its tables");
                } else if (!newDatabase) {
                    LOG.info("Database schema: applying version {} ({})", m.getVersion(), m.getDescription());
                }
            } else if (event == Event.AFTER_EACH_MIGRATE) {
                long ms = (System.nanoTime() - started) / 1_000_000;
                if (ms >= 1000) {
                    LOG.info("Database schema: version {} applied in {} s", m.getVersion(), ms / 1000);
                }
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Notes which process holds the embedded database, for the message a second process gets; best effort. */
    public void recordHolder(String holder) {
        try {
            dialect.recordHolder(dataDir, holder);
        } catch (IOException e) {
            LOG.debug("cannot note the holder of the database in {}: {}", dataDir, e.getMessage());
        }
    }

    /** True on PostgreSQL, the database several sfsync instances can share (the embedded one has one process). */
    public boolean isShared() {
        return dialect.vendor().equals("postgresql");
    }

    /**
     * A connection outside the pool, for a session that lives as long as the process (an instance's advisory
     * locks): the pool's size and connection lifetime stay the cycles' own.
     */
    public java.sql.Connection openDedicatedConnection() throws SQLException {
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(),
                dataSource.getPassword());
    }

    @Override
    public void close() {
        if (!dataSource.isClosed()) {
            try {
                dialect.forgetHolder(dataDir);
            } catch (IOException e) {
                LOG.debug("cannot remove the holder note in {}: {}", dataDir, e.getMessage());
            }
            try {
                dialect.beforeClose(dataSource);
            } catch (SQLException e) {
                LOG.warn("{}", e.getMessage());
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
