package io.sfsync.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
            + "count_new, count_updated, count_deleted, count_failed, count_skipped, message, expected, instance_name, api_calls";

    private final DataSource dataSource;
    /** The instance whose steps this log writes (sync_step.instance_name, instance_id); null for tools that only read. */
    private final String instance;
    private final Integer instanceId;
    private final List<Consumer<StepRow>> finishListeners = new CopyOnWriteArrayList<>();
    /** The calls each step sent, written with its final status; null for tools that only read. */
    private volatile ApiCalls apiCalls;

    public StepLog(DataSource dataSource) {
        this(dataSource, null, null);
    }

    public StepLog(DataSource dataSource, String instance, Integer instanceId) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.instanceId = instanceId;
    }

    /** Each step's Salesforce API calls are taken from {@code calls} when it finishes (sync_step.api_calls). */
    public void countCalls(ApiCalls calls) {
        this.apiCalls = calls;
    }

    /** {@code listener} gets each step's row once {@link #finish} has written it (the metrics count records there). */
    public void onFinish(Consumer<StepRow> listener) {
        finishListeners.add(listener);
    }

    /** Records the start of a step (status In Progress) and returns its id. */
    public long start(String cycleId, String object, String operation) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO sync_step (cycle_id, object_name, operation, status, started_at, instance_name,"
                             + " instance_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, cycleId);
            ps.setString(2, object);
            ps.setString(3, operation);
            ps.setString(4, StepStatus.IN_PROGRESS.label());
            ps.setObject(5, now());
            ps.setString(6, instance);
            ps.setObject(7, instanceId, java.sql.Types.INTEGER);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Records how many records the step expects to handle (its progress is its counts over this), on a connection of
     * its own: called before the step's transaction wrote anything to the step's row, so nothing waits for it.
     */
    public void expect(long stepId, long expected) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE sync_step SET expected = ? WHERE id = ?")) {
            ps.setLong(1, expected);
            ps.setLong(2, stepId);
            ps.executeUpdate();
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
                     + "count_deleted = ?, count_failed = ?, count_skipped = ?, status = ?, finished_at = ?, message = ?,"
                     + " api_calls = ? WHERE id = ?")) {
            bindCounts(ps, counts);
            ps.setString(6, status.label());
            ps.setObject(7, now());
            ps.setString(8, message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX));
            ApiCalls calls = apiCalls;
            ps.setObject(9, calls == null ? null : calls.takeStep(stepId), java.sql.Types.INTEGER);
            ps.setLong(10, stepId);
            ps.executeUpdate();
        }
        if (!finishListeners.isEmpty()) {
            try {
                get(stepId).ifPresent(row -> finishListeners.forEach(l -> l.accept(row)));
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
        return closeInterrupted(Set.of(), null);
    }

    /**
     * Closes, as {@link #closeInterrupted()} does, the In Progress steps of every instance whose id is not in {@code alive}
     * (several instances share a PostgreSQL database: a live instance's running steps are left alone).
     *
     * @param closer null at start-up; else the instance that closes them before its cycle (named in the message)
     * @return the number of steps closed
     */
    public int closeInterrupted(Set<Integer> alive, String closer) throws SQLException {
        OffsetDateTime now = now();
        String stopped = "sfsync stopped while this step ran (killed or crashed); "
                + (closer == null ? "closed at the next start on " + now : "closed by instance '" + closer + "' on " + now);
        String counted = "count_new + count_updated + count_deleted + count_failed + count_skipped";
        String dead = alive.isEmpty() ? ""
                : " AND (instance_id IS NULL OR instance_id NOT IN (" + "?, ".repeat(alive.size() - 1) + "?))";
        List<Integer> ids = List.copyOf(alive);
        try (Connection c = dataSource.getConnection()) {
            return closeInterrupted(c, counted + " > 0" + dead, ids, StepStatus.FAILED, now, stopped
                    + " (the records counted here were committed and are kept; the next cycle resumes after them)")
                    + closeInterrupted(c, counted + " = 0" + dead, ids, StepStatus.ROLLED_BACK, now, stopped
                    + " (nothing it wrote was committed; the next cycle runs it again)");
        }
    }

    private static int closeInterrupted(Connection c, String condition, List<Integer> alive, StepStatus status,
                                        OffsetDateTime now, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_step SET status = ?, finished_at = ?, message = ?"
                + " WHERE status = ? AND " + condition)) {
            ps.setString(1, status.label());
            ps.setObject(2, now);
            ps.setString(3, message);
            ps.setString(4, StepStatus.IN_PROGRESS.label());
            for (int i = 0; i < alive.size(); i++) {
                ps.setInt(5 + i, alive.get(i));
            }
            return ps.executeUpdate();
        }
    }

    /** {@link #closeInterrupted()} at start-up: says how many steps it closed; a database that cannot do it stops the start. */
    public void closeInterruptedAtStart(Set<Integer> alive) {
        try {
            int closed = closeInterrupted(alive, null);
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
        return find(StepFilter.latest(limit));
    }

    /** The steps of one cycle, in the order they ran. */
    public List<StepRow> cycle(String cycleId) throws SQLException {
        List<StepRow> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM sync_step WHERE cycle_id = ? ORDER BY id", List.of(cycleId), out::add);
        return out;
    }

    /** One step, if there is one with this id. */
    public Optional<StepRow> get(long id) throws SQLException {
        List<StepRow> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM sync_step WHERE id = ?", List.of(id), out::add);
        return out.stream().findFirst();
    }

    /** The page of steps the filter asks for, in its order. */
    public List<StepRow> find(StepFilter filter) throws SQLException {
        List<StepRow> out = new ArrayList<>();
        each(filter, out::add);
        return out;
    }

    /**
     * Every step the filter matches, in its order, one at a time (the CSV export reads them all without holding them);
     * a filter of {@link StepFilter#unpaged()} has no limit.
     */
    public void each(StepFilter filter, Consumer<StepRow> each) throws SQLException {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sync_step").append(where(filter, params));
        String dir = filter.ascending() ? " ASC" : " DESC";
        if (filter.sort() == StepFilter.Sort.FINISHED) {
            // running steps (no finish time yet) are the newest: first when newest first, last when oldest first
            sql.append(" ORDER BY CASE WHEN finished_at IS NULL THEN ").append(filter.ascending() ? 1 : 0)
                    .append(" ELSE ").append(filter.ascending() ? 0 : 1).append(" END, finished_at").append(dir);
        } else {
            sql.append(" ORDER BY started_at").append(dir);
        }
        sql.append(", id").append(dir);
        if (filter.limit() != Integer.MAX_VALUE || filter.offset() > 0) {
            sql.append(" LIMIT ? OFFSET ?");
            params.add(filter.limit());
            params.add(filter.offset());
        }
        query(sql.toString(), params, each);
    }

    /** How many steps the filter matches, whatever its limit and offset. */
    public long count(StepFilter filter) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM sync_step" + where(filter, params);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The distinct values of one column ({@code object_name} or {@code operation}), sorted. */
    public List<String> distinct(String column) throws SQLException {
        if (!column.equals("object_name") && !column.equals("operation")) {
            throw new IllegalArgumentException("no facet of sync_step column " + column);
        }
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT " + column + " FROM sync_step ORDER BY " + column);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The steps that finished at or after {@code since} or still run, oldest first (throughput). */
    public void finishedSince(OffsetDateTime since, Consumer<StepRow> each) throws SQLException {
        query("SELECT " + COLUMNS + " FROM sync_step WHERE finished_at >= ? OR finished_at IS NULL ORDER BY id",
                List.of(since), each);
    }

    /** The newest step of this object and operation, if any ran. */
    public Optional<StepRow> newest(String object, String operation) throws SQLException {
        List<StepRow> out = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM sync_step WHERE object_name = ? AND operation = ? ORDER BY id DESC LIMIT 1",
                List.of(object, operation), out::add);
        return out.stream().findFirst();
    }

    private static String where(StepFilter f, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (f.from() != null) {
            sql.append(" AND started_at >= ?");
            params.add(f.from());
        }
        if (f.to() != null) {
            sql.append(" AND started_at < ?");
            params.add(f.to());
        }
        in(sql, "object_name", f.objects(), params);
        in(sql, "operation", f.operations(), params);
        in(sql, "status", f.statuses(), params);
        return sql.toString();
    }

    private static void in(StringBuilder sql, String column, List<String> values, List<Object> params) {
        if (!values.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (").append(String.join(", ", Collections.nCopies(values.size(), "?")))
                    .append(')');
            params.addAll(values);
        }
    }

    private void query(String sql, List<?> params, Consumer<StepRow> each) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long expectedValue = rs.getLong(14);
                    Long expected = rs.wasNull() ? null : expectedValue; // wasNull() speaks of the column read last
                    String instanceName = rs.getString(15);
                    int callsValue = rs.getInt(16);
                    Integer calls = rs.wasNull() ? null : callsValue;
                    each.accept(new StepRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getString(13), expected,
                            instanceName, calls));
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
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
