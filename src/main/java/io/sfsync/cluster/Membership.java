package io.sfsync.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as one instance of the sfsync processes that share a database (issue #18). Each instance that runs
 * cycles records itself in {@code sync_instance}, and its steps carry its name.
 *
 * <p>On PostgreSQL the instance holds, for as long as it lives, a session-level advisory lock (its key kept in its row) on a
 * connection of its own. The database releases that lock the moment the process dies (kill -9 included: the
 * connection goes), so "which instances are alive" is read from {@code pg_locks}, with no heartbeat to tune and no
 * clock to trust. The same connection takes the cycle lock (one cycle at a time across all instances) and the object
 * locks (a priority sync on one instance waits while another instance syncs the object). Advisory locks of one
 * session are re-entrant, so within this process the in-process locks keep holders apart; these locks keep processes
 * apart.
 *
 * <p>On the embedded database only this process can use the data directory, so every lock is granted at once and the
 * only live instance is this one.
 */
public final class Membership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /**
     * Advisory locks belong to the whole database, not to a schema: the cycle and object locks are keyed by a hash
     * of the schema's name (several orgs, or several tests, in schemas of one database do not wait for each other),
     * and an instance's liveness lock by a random key kept in its {@code sync_instance} row.
     */
    private static final String CYCLE_KEY = "hashtextextended('sfsync cycle ' || current_schema(), 0)";
    private static final String OBJECT_KEY = "hashtextextended('sfsync object ' || current_schema() || ' ' || ?, 0)";
    private static final SecureRandom KEYS = new SecureRandom();

    private final String name;
    private final int id;
    private final Connection held;
    private final String description;

    private Membership(String name, int id, Connection held, String description) {
        this.name = name;
        this.id = id;
        this.held = held;
        this.description = description;
    }

    /**
     * Records this process as an instance and, on PostgreSQL ({@code held} not null), takes its liveness lock on
     * {@code held}, a connection that stays open until {@link #close()}.
     *
     * @param name the instance name, or blank for {@code <host>-<pid>}
     */
    public static Membership join(DataSource dataSource, Connection held, String name) throws SQLException {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        String chosen = name == null || name.isBlank() ? host + "-" + pid : name.strip();
        int id;
        long lockKey = KEYS.nextLong() & Long.MAX_VALUE;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO sync_instance (name, host, pid, started_at, lock_key) VALUES (?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, chosen);
            ps.setString(2, host);
            ps.setLong(3, pid);
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(5, lockKey);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getInt(1);
            }
        }
        if (held != null) {
            held.setAutoCommit(true);
            try (PreparedStatement ps = held.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, lockKey);
                ps.execute();
            }
        }
        String description = "sfsync instance '" + chosen + "' (pid " + pid + " on " + host + ", started "
                + OffsetDateTime.now(ZoneOffset.UTC).withNano(0) + ")";
        LOG.info("This process is {}", description);
        return new Membership(chosen, id, held, description);
    }

    /** For commands that run no cycle ({@code mappings validate}): not recorded, never holds a lock. */
    public static Membership readOnly() {
        String name = hostName() + "-" + ProcessHandle.current().pid();
        return new Membership(name, -1, null, name);
    }

    public String name() {
        return name;
    }

    /** This instance's {@code sync_instance} row; -1 for {@link #readOnly()}. */
    public int id() {
        return id;
    }

    /** Who this process is, for people: name, pid, host and start time. */
    public String description() {
        return description;
    }

    /** True when this instance may run a cycle now: no other instance is running one. Release with {@link #endCycle()}. */
    public boolean tryCycle() throws SQLException {
        return held == null || lock("SELECT pg_try_advisory_lock(" + CYCLE_KEY + ")", null);
    }

    public void endCycle() throws SQLException {
        if (held != null) {
            lock("SELECT pg_advisory_unlock(" + CYCLE_KEY + ")", null);
        }
    }

    /** True when no other instance holds the object's lock; this instance holds it then. */
    public boolean tryObject(String object) throws SQLException {
        return held == null || lock("SELECT pg_try_advisory_lock(" + OBJECT_KEY + ")", object);
    }

    public void releaseObject(String object) throws SQLException {
        if (held != null) {
            lock("SELECT pg_advisory_unlock(" + OBJECT_KEY + ")", object);
        }
    }

    /** The ids ({@code sync_instance.id}) of the instances alive now, this one included. */
    public Set<Integer> alive() throws SQLException {
        Set<Integer> ids = new HashSet<>();
        ids.add(id);
        if (held == null) {
            return ids;
        }
        synchronized (held) {
            // a lock on one bigint key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits), objsubid 1
            try (PreparedStatement ps = held.prepareStatement("SELECT i.id FROM sync_instance i JOIN pg_locks l"
                    + " ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                    + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND ((l.classid::bigint << 32) | l.objid::bigint) = i.lock_key")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                }
            }
        }
        return ids;
    }

    /** Runs one advisory-lock function on the instance's connection; its answer (a try's success) is returned. */
    private boolean lock(String sql, String object) throws SQLException {
        synchronized (held) {
            try (PreparedStatement ps = held.prepareStatement(sql)) {
                if (object != null) {
                    ps.setString(1, object);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }
    }

    /** Leaves the cluster: the stop time is recorded and the liveness lock goes with the connection. */
    public void leave(DataSource dataSource) {
        if (id < 0) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sync_instance SET stopped_at = ? WHERE id = ?")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setInt(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not record that instance '{}' stopped: {}", name, e.getMessage());
        }
        close();
    }

    @Override
    public void close() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                LOG.debug("closing the instance connection: {}", e.getMessage());
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
