package io.sfsync.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sync-status log (requirement L1): one {@code sync_step} row per step of every cycle. */
public final class StepLog {

    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);
    private static final int MESSAGE_MAX = 4000;
    private static final String COLUMNS = "id, cycle_id, object_name, operation, status, started_at, finished_at, "
            + "count_new, count_updated, count_deleted, count_failed, count_skipped, message";

    private final DataSource dataSource;
    private final List<Consumer<StepRow>> finishListeners = new CopyOnWriteArrayList<>();

    public StepLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code listener} gets each step's row once {@link #finish} has written it (the metrics count records there). */
    public void onFinish(Consumer<StepRow> listener) {
        finishListeners.add(listener);
    }

    /** Records the start of a step (status In Progress) and returns its id. */
    public long start(String cycleId, String object, String operation) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO sync_step (cycle_id, object_name, operation, status, started_at) VALUES (?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, cycleId);
            ps.setString(2, object);
            ps.setString(3, operation);
            ps.setString(4, StepStatus.IN_PROGRESS.label());
            ps.setObject(5, now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Writes the running counts on the caller's transaction, so they commit with the rows they count. */
    public void progress(Connection c, long stepId, StepCounts counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_step SET count_new = ?, count_updated = ?, "
                + "count_deleted = ?, count_failed = ?, count_skipped = ? WHERE id = ?")) {
            bindCounts(ps, counts);
            ps.setLong(6, stepId);
            ps.executeUpdate();
        }
    }

    /** Completes a step with its final status, counts and an optional message. */
    public void finish(long stepId, StepStatus status, StepCounts counts, String message) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sync_step SET count_new = ?, count_updated = ?, "
                     + "count_deleted = ?, count_failed = ?, count_skipped = ?, status = ?, finished_at = ?, message = ? WHERE id = ?")) {
            bindCounts(ps, counts);
            ps.setString(6, status.label());
            ps.setObject(7, now());
            ps.setString(8, message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX));
            ps.setLong(9, stepId);
            ps.executeUpdate();
        }
        if (!finishListeners.isEmpty()) {
            try {
                for (StepRow row : query("SELECT " + COLUMNS + " FROM sync_step WHERE id = ?", stepId)) {
                    finishListeners.forEach(l -> l.accept(row));
                }
            } catch (SQLException | RuntimeException e) {
                // the step is finished and logged; only what listens (the metrics) misses it
                LOG.warn("step {} is finished, but its listeners were not told: {}", stepId, e.getMessage());
            }
        }
    }

    /**
     * Closes the steps a stopped process left In Progress (kill -9, a crash, a shutdown that outlasted its grace
     * period): called once at start, before any cycle runs, so no step stays In Progress for ever. A step whose
     * counts are committed (a first pull commits them with each page) keeps them and is Failed: its pages are kept
     * and the next cycle resumes after them. A step with none committed is Rolled back: its transaction never
     * committed, its watermark stayed, and the next cycle reads the same changes again.
     *
     * @return the number of steps closed
     */
    public int closeInterrupted() throws SQLException {
        OffsetDateTime now = now();
        String stopped = "sfsync stopped while this step ran (killed or crashed); closed at the next start on " + now;
        String counted = "count_new + count_updated + count_deleted + count_failed + count_skipped";
        try (Connection c = dataSource.getConnection()) {
            return closeInterrupted(c, counted + " > 0", StepStatus.FAILED, now, stopped
                    + " (the records counted here were committed and are kept; the next cycle resumes after them)")
                    + closeInterrupted(c, counted + " = 0", StepStatus.ROLLED_BACK, now, stopped
                    + " (nothing it wrote was committed; the next cycle runs it again)");
        }
    }

    private static int closeInterrupted(Connection c, String countsCondition, StepStatus status, OffsetDateTime now,
                                        String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_step SET status = ?, finished_at = ?, message = ?"
                + " WHERE status = ? AND " + countsCondition)) {
            ps.setString(1, status.label());
            ps.setObject(2, now);
            ps.setString(3, message);
            ps.setString(4, StepStatus.IN_PROGRESS.label());
            return ps.executeUpdate();
        }
    }

    /** {@link #closeInterrupted()} at start-up: says how many steps it closed; a database that cannot do it stops the start. */
    public void closeInterruptedAtStart() {
        try {
            int closed = closeInterrupted();
            if (closed > 0) {
                LOG.warn("{} step(s) were still In Progress from a run that stopped without closing them (killed or"
                        + " crashed); they are closed as Failed or Rolled back (see 'sfsync status')", closed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the steps an earlier run left In Progress in sync_step: "
                    + e.getMessage(), e);
        }
    }

    /** The newest steps first. */
    public List<StepRow> latest(int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM sync_step ORDER BY started_at DESC, id DESC LIMIT ?", limit);
    }

    /** The steps of one cycle, in the order they ran. */
    public List<StepRow> cycle(String cycleId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM sync_step WHERE cycle_id = ? ORDER BY id", cycleId);
    }

    private List<StepRow> query(String sql, Object param) throws SQLException {
        List<StepRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StepRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getString(13)));
                }
            }
        }
        return out;
    }

    private static void bindCounts(PreparedStatement ps, StepCounts counts) throws SQLException {
        ps.setInt(1, counts.created());
        ps.setInt(2, counts.updated());
        ps.setInt(3, counts.deleted());
        ps.setInt(4, counts.failed());
        ps.setInt(5, counts.skipped());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
