package io.sfsync.emulator.soql;

import io.sfsync.emulator.org.ModstampIndex;
import io.sfsync.emulator.org.ObjectStore;
import io.sfsync.emulator.org.Replication;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the positions of the rows matching a compiled query, through the {@link ModstampIndex} when the planner
 * found a SystemModstamp lower bound, else by a full scan. Records in the recycle bin for longer than
 * {@link Replication#RECYCLE_BIN_DAYS} days count as purged and are invisible even to queryAll.
 * Caller holds the store's read lock.
 */
public final class QueryScan {

    private QueryScan() {
    }

    public static int[] matching(ObjectStore store, CompiledQuery q, boolean includeDeleted, long nowMillis,
                          List<Object[]> matchedRows) {
        int[] candidates = null;
        int n = store.size();
        if (q.modstampFrom() != QueryPlanner.NO_BOUND && store.modstampIndex != null) {
            candidates = store.modstampIndex.positionsFrom(q.modstampFrom());
            n = candidates.length;
        }
        long purgeBefore = Replication.purgeBefore(nowMillis);
        int[] matched = new int[Math.min(n, 1024)];
        int count = 0;
        CompiledQuery.RowPredicate where = q.where();
        for (int k = 0; k < n; k++) {
            int i = candidates == null ? k : candidates[k];
            Object[] row = store.row(i);
            if (store.isDeleted(row) && (!includeDeleted || Replication.isPurged(store, row, purgeBefore))) {
                continue;
            }
            if (where == null || where.test(row)) {
                if (count == matched.length) {
                    matched = Arrays.copyOf(matched, Math.min(n, matched.length * 2));
                }
                matched[count++] = i;
                if (q.order() != null) {
                    matchedRows.add(row);
                }
            }
        }
        store.rowsExamined.add(n);
        return Arrays.copyOf(matched, count);
    }
}
