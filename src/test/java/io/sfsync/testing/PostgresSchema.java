package io.sfsync.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own on the production database (PostgreSQL at 127.0.0.1:5432, database test,
 * trust authentication as on the project machines; .ci/run starts it), created before each test
 * and dropped after it. Use with {@code @RegisterExtension}.
 */
public final class PostgresSchema implements BeforeEachCallback, AfterEachCallback {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
    /** The postgres role always exists. */
    public static final String USER = "postgres";

    private final String prefix;
    private String name;

    public PostgresSchema(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + name);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        sql("DROP SCHEMA " + name + " CASCADE");
    }

    public String name() {
        return name;
    }

    /** {@link TestApp#config} with the database set to this schema. */
    public Properties appConfig(Path data, String... keyValues) {
        Properties p = TestApp.config(data, keyValues);
        p.setProperty("sfsync.db.url", SERVER + "?currentSchema=" + name);
        p.setProperty("sfsync.db.username", USER);
        return p;
    }

    /** Runs one statement as the postgres role (set-up only: test code, no user values in it). */
    public void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
