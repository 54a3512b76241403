package io.sfsync.emulator.soql;

import io.sfsync.emulator.EmulatorClock;
import io.sfsync.emulator.EmulatorOrg.QueryPage;
import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.FieldDef;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.OrgRules;
import io.sfsync.emulator.org.Records;
import io.sfsync.emulator.org.SObjectDef;
import io.sfsync.emulator.org.Schema;
import io.sfsync.emulator.org.SfIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * Runs SOQL against the org's stores and keeps the query cursors that {@code queryMore} pages through: a query
 * snapshots the positions of its matching records, a page reads them. Cursors expire after 15 minutes unused; at most
 * 10 stay open, as in Salesforce.
 */
public final class QueryCursors {

    static final Duration CURSOR_TTL = Duration.ofMinutes(15);
    static final int MAX_OPEN_CURSORS = 10;

    private final Schema schema;
    private final Map<String, ObjectStore> stores;
    private final Records records;
    private final EmulatorClock clock;
    private final OrgRules rules;
    private final Map<String, QueryCursor> cursors = new ConcurrentHashMap<>();
    private final AtomicLong cursorCounter = new AtomicLong(SfIds.COUNTER_BASE);

    public QueryCursors(Schema schema, Map<String, ObjectStore> stores, Records records, EmulatorClock clock,
                        OrgRules rules) {
        this.schema = schema;
        this.stores = stores;
        this.records = records;
        this.clock = clock;
        this.rules = rules;
    }

    static final class QueryCursor {
        final String id;
        final ObjectStore store;
        final List<FieldDef> select;
        final List<SelectColumn> columns;
        final int[] positions;
        final int batchSize;
        volatile long lastUsedMillis;

        QueryCursor(String id, ObjectStore store, List<FieldDef> select, List<SelectColumn> columns, int[] positions,
                    int batchSize, long now) {
            this.id = id;
            this.store = store;
            this.select = select;
            this.columns = columns;
            this.positions = positions;
            this.batchSize = batchSize;
            this.lastUsedMillis = now;
        }
    }

    /** Checks and compiles a query without running it (the {@code columns=true} answer describes its columns). */
    public CompiledQuery compile(String soql) {
        rules.access().checkQuery(soql);
        return SoqlCompiler.compile(soql, schema, clock.nowMillis(), querySource);
    }

    /** Runs a query; {@code includeDeleted} = queryAll. Snapshots the matching record positions into a cursor. */
    public QueryPage query(String soql, boolean includeDeleted, int batchSize) {
        long now = clock.nowMillis();
        expireCursors(now);
        rules.access().checkQuery(soql);
        CompiledQuery q = SoqlCompiler.compile(soql, schema, now, querySource);
        ObjectStore store = stores.get(q.object().name);
        int[] positions;
        List<Object[]> matchedRows = new ArrayList<>();
        int[] matched;
        Lock r = store.lock.readLock();
        r.lock();
        try {
            matched = QueryScan.matching(store, q, includeDeleted, now, matchedRows);
            if (q.aggregation() != null) {
                matchedRows = store.rows(matched, 0, matched.length);
            }
        } finally {
            r.unlock();
        }
        if (q.aggregation() != null) {
            // aggregate results are never paged: one page, done
            List<Object[]> rows = q.aggregation().run(matchedRows);
            SObjectDef type = q.aggregation().resultType();
            return new QueryPage(type, rows.size(), true, null, type.fields, rows, false, q.columns());
        }
        if (q.order() != null && matched.length > 1) {
            Integer[] order = new Integer[matched.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            List<Object[]> rowsRef = matchedRows;
            java.util.Arrays.sort(order, (a, b) -> q.order().compare(rowsRef.get(a), rowsRef.get(b)));
            int[] sorted = new int[matched.length];
            for (int i = 0; i < order.length; i++) {
                sorted[i] = matched[order[i]];
            }
            matched = sorted;
        }
        int from = Math.min(q.offset(), matched.length);
        int to = q.limit() < 0 ? matched.length : (int) Math.min(matched.length, (long) from + q.limit());
        positions = (from == 0 && to == matched.length) ? matched : java.util.Arrays.copyOfRange(matched, from, to);
        if (q.count()) {
            return new QueryPage(q.object(), positions.length, true, null, List.of(), List.of(), true, List.of());
        }
        String cursorId = null;
        if (positions.length > batchSize) {
            cursorId = SfIds.make("01g", cursorCounter.incrementAndGet());
            cursors.put(cursorId, new QueryCursor(cursorId, store, q.select(), q.columns(), positions, batchSize, now));
            closeOldestCursorsBeyondLimit();
        }
        return page(store, q.select(), q.columns(), positions, 0, batchSize, cursorId);
    }

    /** Next page of a cursor; locator = "cursorId-offset". */
    public QueryPage queryMore(String locator) {
        long now = clock.nowMillis();
        expireCursors(now);
        int dash = locator.lastIndexOf('-');
        QueryCursor c = dash > 0 ? cursors.get(locator.substring(0, dash)) : null;
        int offset = -1;
        if (c != null) {
            try {
                offset = Integer.parseInt(locator.substring(dash + 1));
            } catch (NumberFormatException e) {
                offset = -1;
            }
        }
        if (c == null || offset < 0 || offset >= c.positions.length) {
            throw new SalesforceApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        c.lastUsedMillis = now;
        return page(c.store, c.select, c.columns, c.positions, offset, c.batchSize, c.id);
    }

    private QueryPage page(ObjectStore store, List<FieldDef> select, List<SelectColumn> columns, int[] positions,
                           int offset, int batchSize, String cursorId) {
        int end = (int) Math.min(positions.length, (long) offset + batchSize);
        List<Object[]> rows;
        Lock r = store.lock.readLock();
        r.lock();
        try {
            rows = store.rows(positions, offset, end);
        } finally {
            r.unlock();
        }
        boolean done = end >= positions.length;
        return new QueryPage(store.def, positions.length, done, done ? null : cursorId + "-" + end, select,
                Collections.unmodifiableList(rows), false, columns);
    }

    /** Salesforce keeps at most 10 open query cursors per user and closes the oldest one. */
    private void closeOldestCursorsBeyondLimit() {
        while (cursors.size() > MAX_OPEN_CURSORS) {
            cursors.values().stream().min(java.util.Comparator.comparingLong((QueryCursor c) -> c.lastUsedMillis)
                            .thenComparing(c -> c.id))
                    .ifPresent(c -> cursors.remove(c.id));
        }
    }

    private void expireCursors(long now) {
        long ttl = CURSOR_TTL.toMillis();
        cursors.values().removeIf(c -> now - c.lastUsedMillis > ttl);
    }

    /** What SOQL reads besides the queried object: parents, semi-join and subquery rows, visible fields. */
    private final QuerySource querySource = new QuerySource() {
        @Override
        public SelectColumn.ParentRow parentRow(String id) {
            return QueryCursors.this.parentRow(id);
        }

        @Override
        public List<Object[]> liveRows(SObjectDef object, CompiledQuery.RowPredicate where) {
            ObjectStore store = stores.get(object.name);
            List<Object[]> out = new ArrayList<>();
            Lock r = store.lock.readLock();
            r.lock();
            try {
                for (int i = 0; i < store.size(); i++) {
                    Object[] row = store.row(i);
                    if (!store.isDeleted(row) && (where == null || where.test(row))) {
                        out.add(row.clone());
                    }
                }
                store.rowsExamined.add(store.size());
            } finally {
                r.unlock();
            }
            return out;
        }

        @Override
        public boolean fieldVisible(SObjectDef object, FieldDef field) {
            return rules.access().fieldVisible(object, field);
        }
    };

    /** The live (not deleted) row with this id in whichever object its key prefix names, or null. */
    public SelectColumn.ParentRow parentRow(String id) {
        if (id == null || id.length() < 3) {
            return null;
        }
        SObjectDef def = schema.objectByKeyPrefix(id.substring(0, 3));
        if (def == null) {
            return null;
        }
        ObjectStore store = stores.get(def.name);
        Object[] row = records.row(store, id);
        return row == null || store.isDeleted(row) ? null : new SelectColumn.ParentRow(def, row);
    }

    public int openCursors() {
        return cursors.size();
    }
}
