package io.sfsync.salesapp;

import io.sfsync.store.CopyRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;

/**
 * The sales-app copy of the persons (requirement A1): every local person with a Salesforce owner that is a user, in
 * {@code sales_person} of the sales-app database, with exactly the 11 fixed fields. Plain JDBC, set-based: persons are
 * read by key ranges {@link #chunk} ids wide, the copy is written in JDBC batches (a COPY on PostgreSQL when it starts
 * empty), never a round trip per row.
 * <ul>
 * <li>{@link #copyAll}: the initial copy (Sales Feed Copy); into an empty table only inserts, into one that already
 * holds rows (a copy interrupted, a feed turned on again) each chunk is compared and only differences are written,
 * then rows of persons no longer owned are deleted.</li>
 * <li>{@link #followChanges}: the persons the triggers logged ({@link PersonChanges}) since, compared with their copy
 * rows: only a row whose fields differ is written, a person who lost their owner (or was deleted, or deleted in
 * Salesforce) loses their row.</li>
 * </ul>
 * Each chunk commits in the sales-app database before the next is read; the change log of the main database is emptied
 * only once every chunk is written, so a failure leaves it for the next cycle, which compares again (idempotent).
 */
final class PersonCopy {

    /** The person columns read, in the order of {@link #COPY_COLUMNS}. */
    static final List<String> SOURCE_COLUMNS = List.of("id", "first_name", "last_name", "sfdc_contact_id", "sfdc_lead_id",
            "company", "title", "email", "phone", "linkedin_url", "lead_source");
    /** The 11 fields of A1, the columns of {@code sales_person}; the first (the local person id) is its key. */
    static final List<String> COPY_COLUMNS = List.of("person_id", "first_name", "last_name", "sfdc_contact_id",
            "sfdc_lead_id", "company", "title", "email", "phone", "linkedin_url", "source");
    /**
     * A person with a sales owner: its owner is a Salesforce user (id prefix 005), not a queue (00G: a Lead waiting in a
     * queue has no seller yet), and it is not deleted in Salesforce.
     */
    static final String OWNED = "sfdc_owner_id LIKE '005%' AND sf_deleted_at IS NULL";

    private static final String SELECT = "SELECT " + String.join(", ", SOURCE_COLUMNS) + " FROM person";
    private static final String INSERT = "INSERT INTO sales_person (" + String.join(", ", COPY_COLUMNS) + ") VALUES ("
            + String.join(", ", Collections.nCopies(COPY_COLUMNS.size(), "?")) + ")";
    private static final String UPDATE = "UPDATE sales_person SET "
            + String.join(" = ?, ", COPY_COLUMNS.subList(1, COPY_COLUMNS.size())) + " = ? WHERE person_id = ?";

    /** What one run did to the copy. */
    static final class Counts {
        long inserted;
        long updated;
        long deleted;
        long unchanged;

        long total() {
            return inserted + updated + deleted + unchanged;
        }
    }

    private final DataSource main;
    private final SalesAppDatabase salesApp;
    private volatile int chunk;

    PersonCopy(DataSource main, SalesAppDatabase salesApp, int chunk) {
        this.main = main;
        this.salesApp = salesApp;
        this.chunk = chunk;
    }

    /** Persons per chunk from now on (tests watch the progress of a small copy chunk by chunk). */
    void chunk(int rows) {
        chunk = rows;
    }

    /** True when the sales-app database holds a complete copy made from this main database (and kept up since). */
    boolean complete() throws SQLException {
        try (Connection c = main.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sales_feed_copy WHERE sales_app_key = ?")) {
            ps.setString(1, salesApp.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** How many persons the copy holds when complete. */
    long owned() throws SQLException {
        try (Connection c = main.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE " + OWNED);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The initial copy. {@code progress} gets the counts after each committed chunk (and the rows seen so far); it
     * may stop the copy by throwing. {@code stop} is asked between chunks: true ends the copy early (not complete).
     *
     * @return the counts; {@link Counts} of an unfinished copy when {@code stop} ended it
     */
    Counts copyAll(ObjLongConsumer<Counts> progress, BooleanSupplier stop) throws SQLException {
        Counts counts = new Counts();
        long logged = maxLogged();
        // The next chunk is read from the main database while this one is written to the sales-app database: two
        // connections, two chunks in memory at most.
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sfsync-sales-feed-reader");
            t.setDaemon(true);
            return t;
        });
        try (Connection m = main.getConnection(); Connection s = salesApp.dataSource().getConnection();
             PreparedStatement read = m.prepareStatement(SELECT + " WHERE id >= ? AND id < ? AND " + OWNED
                     + " ORDER BY id")) {
            s.setAutoCommit(false);
            boolean empty = isEmpty(s);
            boolean copyIn = empty && salesApp.dialect().copyIn();
            long[] ids = minMax(m, "SELECT MIN(id), MAX(id) FROM person");
            long seen = 0;
            Future<List<Object[]>> next = ids == null ? null : reader.submit(() -> chunk(read, ids[0]));
            for (long lo = ids == null ? 0 : ids[0]; next != null; lo += chunk) {
                List<Object[]> rows = await(next);
                long from = lo + chunk;
                next = from <= ids[1] ? reader.submit(() -> chunk(read, from)) : null;
                if (stop.getAsBoolean()) {
                    if (next != null) {
                        await(next); // the reader uses the connection: done with it before it closes
                    }
                    return counts;
                }
                if (rows.isEmpty()) {
                    continue;
                }
                seen += rows.size();
                if (copyIn) {
                    CopyRows.copy(s, CopyRows.sql("sales_person", COPY_COLUMNS), rows);
                    counts.inserted += rows.size();
                } else if (empty) {
                    insert(s, rows);
                    counts.inserted += rows.size();
                } else {
                    Map<Long, Object[]> current = new LinkedHashMap<>();
                    rows.forEach(r -> current.put((Long) r[0], r));
                    reconcile(s, new ArrayList<>(current.keySet()), current, counts);
                }
                s.commit();
                progress.accept(counts, seen);
            }
            if (!empty) {
                deleteUnowned(m, s, counts);
                s.commit();
            }
        } finally {
            reader.shutdownNow();
        }
        finish(logged, true);
        return counts;
    }

    /** The owned persons with ids from {@code from} (inclusive) to {@code from + chunk} (exclusive). */
    private List<Object[]> chunk(PreparedStatement read, long from) throws SQLException {
        read.setLong(1, from);
        read.setLong(2, from + chunk);
        return rows(read);
    }

    /**
     * {MIN, MAX} of a query of two numbers, or null when there are none. Chunks are key ranges (an index range scan on
     * both databases, whatever else the query asks), not {@code ORDER BY ... LIMIT}, whose plan depends on the database.
     */
    private static long[] minMax(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
            }
        }
    }

    private static List<Object[]> await(Future<List<Object[]>> next) throws SQLException {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading persons for the sales-app copy", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Follows the changes the triggers logged since the last run; see the class comment. */
    Counts followChanges(BooleanSupplier stop) throws SQLException {
        Counts counts = new Counts();
        long logged = maxLogged();
        if (logged == 0) {
            return counts;
        }
        try (Connection m = main.getConnection(); Connection s = salesApp.dataSource().getConnection()) {
            s.setAutoCommit(false);
            long[] span = minMax(m, "SELECT MIN(person_id), MAX(person_id) FROM sales_feed_change WHERE id <= ?", logged);
            try (PreparedStatement changed = m.prepareStatement("SELECT DISTINCT person_id FROM sales_feed_change "
                    + "WHERE person_id >= ? AND person_id < ? AND id <= ?")) {
                for (long lo = span == null ? 0 : span[0]; span != null && lo <= span[1]; lo += chunk) {
                    if (stop.getAsBoolean()) {
                        return counts;
                    }
                    changed.setLong(1, lo);
                    changed.setLong(2, lo + chunk);
                    changed.setLong(3, logged);
                    List<Long> ids = new ArrayList<>();
                    try (ResultSet rs = changed.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                    if (ids.isEmpty()) {
                        continue;
                    }
                    Map<Long, Object[]> current = new LinkedHashMap<>();
                    try (PreparedStatement read = m.prepareStatement(SELECT + " WHERE id IN (" + marks(ids.size())
                            + ") AND " + OWNED)) {
                        bindIds(read, ids, 1);
                        rows(read).forEach(r -> current.put((Long) r[0], r));
                    }
                    reconcile(s, ids, current, counts);
                    s.commit();
                }
            }
        }
        finish(logged, false);
        return counts;
    }

    /**
     * Brings the copy rows of {@code ids} in line with {@code current} (the owned ones among them): inserts the missing,
     * updates those whose fields differ, deletes those not in {@code current}; the others are left untouched.
     */
    private void reconcile(Connection s, List<Long> ids, Map<Long, Object[]> current, Counts counts)
            throws SQLException {
        Map<Long, Object[]> copied = new LinkedHashMap<>();
        try (PreparedStatement ps = s.prepareStatement("SELECT " + String.join(", ", COPY_COLUMNS)
                + " FROM sales_person WHERE person_id IN (" + marks(ids.size()) + ")")) {
            bindIds(ps, ids, 1);
            rows(ps).forEach(r -> copied.put((Long) r[0], r));
        }
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Long> deletes = new ArrayList<>();
        for (Long id : ids) {
            Object[] now = current.get(id);
            Object[] was = copied.get(id);
            if (now == null) {
                if (was != null) {
                    deletes.add(id);
                } else {
                    counts.unchanged++;
                }
            } else if (was == null) {
                inserts.add(now);
            } else if (!Arrays.equals(now, was)) {
                updates.add(now);
            } else {
                counts.unchanged++;
            }
        }
        insert(s, inserts);
        counts.inserted += inserts.size();
        if (!updates.isEmpty()) {
            try (PreparedStatement ps = s.prepareStatement(UPDATE)) {
                for (Object[] row : updates) {
                    for (int i = 1; i < row.length; i++) {
                        ps.setObject(i, row[i]);
                    }
                    ps.setLong(row.length, (Long) row[0]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            counts.updated += updates.size();
        }
        delete(s, deletes);
        counts.deleted += deletes.size();
    }

    /** After a copy into a table that held rows: the rows of persons that are not (or no longer) owned go. */
    private void deleteUnowned(Connection m, Connection s, Counts counts) throws SQLException {
        long[] span = minMax(s, "SELECT MIN(person_id), MAX(person_id) FROM sales_person");
        try (PreparedStatement copied = s.prepareStatement("SELECT person_id FROM sales_person WHERE person_id >= ? "
                + "AND person_id < ?")) {
            for (long lo = span == null ? 0 : span[0]; span != null && lo <= span[1]; lo += chunk) {
                copied.setLong(1, lo);
                copied.setLong(2, lo + chunk);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = copied.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                List<Long> owned = new ArrayList<>();
                try (PreparedStatement ps = m.prepareStatement("SELECT id FROM person WHERE id IN (" + marks(ids.size())
                        + ") AND " + OWNED)) {
                    bindIds(ps, ids, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            owned.add(rs.getLong(1));
                        }
                    }
                }
                ids.removeAll(new HashSet<>(owned));
                delete(s, ids);
                counts.deleted += ids.size();
            }
        }
    }

    /**
     * The main database's side, once the sales-app side committed: the change log up to {@code logged} is done with;
     * after a complete copy, this sales-app database is recorded as holding one.
     */
    private void finish(long logged, boolean copied) throws SQLException {
        try (Connection m = main.getConnection()) {
            m.setAutoCommit(false);
            try {
                try (PreparedStatement ps = m.prepareStatement("DELETE FROM sales_feed_change WHERE id <= ?")) {
                    ps.setLong(1, logged);
                    ps.executeUpdate();
                }
                if (copied) {
                    try (PreparedStatement ps = m.prepareStatement("DELETE FROM sales_feed_copy")) {
                        ps.executeUpdate(); // one sales-app database at a time holds this database's copy
                    }
                    try (PreparedStatement ps = m.prepareStatement("INSERT INTO sales_feed_copy (sales_app_key, "
                            + "completed_at) VALUES (?, ?)")) {
                        ps.setString(1, salesApp.key());
                        ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                        ps.executeUpdate();
                    }
                }
                m.commit();
            } catch (SQLException | RuntimeException e) {
                m.rollback();
                throw e;
            }
        }
    }

    private long maxLogged() throws SQLException {
        try (Connection c = main.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM sales_feed_change");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean isEmpty(Connection s) throws SQLException {
        try (PreparedStatement ps = s.prepareStatement("SELECT 1 FROM sales_person LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return !rs.next();
        }
    }

    private static void insert(Connection s, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = s.prepareStatement(INSERT)) {
            for (Object[] row : rows) {
                ps.setLong(1, (Long) row[0]);
                for (int i = 1; i < row.length; i++) {
                    ps.setString(i + 1, (String) row[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void delete(Connection s, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = s.prepareStatement("DELETE FROM sales_person WHERE person_id = ?")) {
            for (Long id : ids) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The rows of a query of the 11 columns: the key as a Long, the others as text. */
    private static List<Object[]> rows(PreparedStatement ps) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            int n = COPY_COLUMNS.size();
            while (rs.next()) {
                Object[] row = new Object[n];
                row[0] = rs.getLong(1);
                for (int i = 1; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void bindIds(PreparedStatement ps, List<Long> ids, int from) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setLong(from + i, Objects.requireNonNull(ids.get(i)));
        }
    }
}
