package io.sfsync.store.dialect;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * What differs between the two databases sfsync runs on, HSQLDB (embedded default) and PostgreSQL (production):
 * upsert, the case of unquoted names in metadata, Flyway locations, the change-capture triggers and the vendor's
 * connection tweaks. Everything
 * else is plain SQL that both accept. One instance per vendor; chosen by {@link #forUrl} or {@link #of}.
 */
public interface SqlDialect {

    /** The dialect of a JDBC URL; {@link IllegalArgumentException} naming the supported ones for any other. */
    static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:hsqldb:")) {
            return HsqldbDialect.INSTANCE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return PostgresDialect.INSTANCE;
        }
        throw new IllegalArgumentException("sfsync supports HSQLDB (jdbc:hsqldb:...) and PostgreSQL (jdbc:postgresql://...)");
    }

    /** The dialect of an open connection, from the product name its driver reports (no round trip). */
    static SqlDialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return switch (product) {
            case "HSQL Database Engine" -> HsqldbDialect.INSTANCE;
            case "PostgreSQL" -> PostgresDialect.INSTANCE;
            default -> throw new IllegalStateException("database " + product + ": sfsync supports HSQLDB and PostgreSQL");
        };
    }

    /** The vendor's name, also the folder of its own migrations: {@code hsqldb} or {@code postgresql}. */
    String vendor();

    /** Flyway's locations: the migrations both databases run, then this vendor's own. */
    default List<String> migrationLocations() {
        return List.of("classpath:db/migration/common", "classpath:db/migration/" + vendor());
    }

    /**
     * An unquoted name as the database's metadata (getColumns, getExportedKeys) spells it: the SQL standard folds
     * it to upper case (HSQLDB), PostgreSQL to lower case.
     */
    String metadataName(String identifier);

    /** The statement that inserts a row, or updates it when a row with the same key exists. */
    UpsertStatement upsert(Upsert upsert);

    /**
     * The statements that install change capture on one table: its triggers {@code sfsync_<table>_ins}, {@code _upd}
     * and {@code _del} (and whatever they call), which log into {@code sync_change}, in the writer's transaction, a
     * change made by any client but sfsync (see {@link CaptureTable}). {@code schema}: the connection's schema, where
     * the table and {@code sync_change} are.
     */
    List<String> createChangeCapture(String schema, CaptureTable table);

    /** The statements that remove what {@link #createChangeCapture} installed on a table; none fails on a missing part. */
    List<String> dropChangeCapture(String schema, String table);

    /**
     * True when "column is one of these ids" is best written as {@code column = ANY(?)} with one array parameter
     * (one statement, one plan whatever the number of ids); false: {@code column IN (?, ..., ?)} in chunks.
     */
    default boolean idArrays() {
        return false;
    }

    /**
     * True when many new rows are best written with {@code COPY ... FROM STDIN} ({@link io.sfsync.store.CopyRows}):
     * one statement, no parameters to bind, the database's fastest way in.
     */
    default boolean copyIn() {
        return false;
    }

    /** The URL to connect with: the configured one with this vendor's defaults. */
    default String connectionUrl(String configuredUrl) {
        return configuredUrl;
    }

    /** Prepares what must exist before the first connection (HSQLDB's files under the data folder). */
    default void beforeConnect(String configuredUrl, Path dataDir) throws IOException {
    }

    /** Appended to the message when the database cannot be opened: the vendor's usual cause, or empty. */
    default String openFailureHint() {
        return "";
    }

    /**
     * The whole message when the database could not be opened because another process holds it ({@code failure} is
     * the driver's message), or null when that is not the cause.
     */
    default String inUseMessage(Path dataDir, String failure) {
        return null;
    }

    /** Notes which process holds a database only one process may open (see {@link #inUseMessage}); empty by default. */
    default void recordHolder(Path dataDir, String holder) throws IOException {
    }

    default void forgetHolder(Path dataDir) throws IOException {
    }

    /** Runs just before the pool closes; a failure's message says what did not happen. */
    default void beforeClose(DataSource dataSource) throws SQLException {
    }
}
