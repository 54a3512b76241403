package io.sfsync.emulator.org;

import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Sorted index on (SystemModstamp, row position) of one {@link ObjectStore}, maintained by the store on every
 * append / replace / delete. The query planner uses it to visit only the records changed since a watermark instead
 * of scanning the whole object. Not thread-safe on its own: guarded by the store's lock like the rows.
 */
public final class ModstampIndex {

    private record Key(long stamp, int pos) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(stamp, o.stamp);
            return c != 0 ? c : Integer.compare(pos, o.pos);
        }
    }

    private final int stampIdx;
    private final TreeSet<Key> keys = new TreeSet<>();

    ModstampIndex(int stampIdx) {
        this.stampIdx = stampIdx;
    }

    /** Called when the row at {@code pos} changes from {@code oldRow} (null for an insert) to {@code newRow}. */
    void update(int pos, Object[] oldRow, Object[] newRow) {
        Long before = oldRow == null ? null : (Long) oldRow[stampIdx];
        Long after = newRow == null ? null : (Long) newRow[stampIdx];
        if (before != null && before.equals(after)) {
            return;
        }
        if (before != null) {
            keys.remove(new Key(before, pos));
        }
        if (after != null) {
            keys.add(new Key(after, pos));
        }
    }

    /**
     * Positions of the rows whose SystemModstamp is {@code >= from}, ascending by position (= Id order), so a
     * plan through the index returns rows in the same order as a full scan.
     */
    public int[] positionsFrom(long from) {
        return positions(keys.tailSet(new Key(from, Integer.MIN_VALUE), true));
    }

    /** Positions of the rows whose SystemModstamp is in {@code [from, to)}, ascending by position. */
    int[] positionsBetween(long from, long to) {
        if (to <= from) {
            return new int[0];
        }
        return positions(keys.subSet(new Key(from, Integer.MIN_VALUE), true, new Key(to, Integer.MIN_VALUE), false));
    }

    private static int[] positions(NavigableSet<Key> range) {
        int[] out = new int[range.size()];
        int i = 0;
        for (Key k : range) {
            out[i++] = k.pos;
        }
        java.util.Arrays.sort(out);
        return out;
    }

    public int size() {
        return keys.size();
    }
}
