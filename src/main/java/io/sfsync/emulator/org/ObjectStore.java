package io.sfsync.emulator.org;

import io.sfsync.emulator.soql.SoqlCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Records of one sObject type. Each record is an {@code Object[]} indexed by {@link FieldDef#index}; the position
 * in {@link #rows} is derived from the id counter, so id lookups need no hash map and rows are kept in id
 * (= creation) order. Rows are copy-on-write: an update replaces the array, so a reader holding a row reference
 * always sees a consistent record. Deleted records stay (IsDeleted = true) like Salesforce's recycle bin.
 */
public final class ObjectStore {

    public final SObjectDef def;
    public final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ArrayList<Object[]> rows = new ArrayList<>();
    private int deleted;

    public final int idIdx;
    public final int isDeletedIdx;
    public final int createdDateIdx;
    public final int createdByIdx;
    public final int lastModifiedDateIdx;
    public final int lastModifiedByIdx;
    public final int systemModstampIdx;
    public final int ownerIdx;

    /** Deterministic demo-data generator state; successive seed calls continue the sequence. */
    public final Random seedRandom;

    /** Sorted (SystemModstamp, position) index for watermark queries; null when the object has no SystemModstamp. */
    public final ModstampIndex modstampIndex;

    /** Rows visited by query scans (tests check that watermark queries use the index). */
    public final java.util.concurrent.atomic.LongAdder rowsExamined = new java.util.concurrent.atomic.LongAdder();

    /** The id counter of the first record; ids of later records count up from it. */
    private final long counterBase;

    public ObjectStore(SObjectDef def) {
        this(def, SfIds.COUNTER_BASE);
    }

    public ObjectStore(SObjectDef def, long counterBase) {
        this.def = def;
        this.counterBase = counterBase;
        this.idIdx = idx("Id");
        this.isDeletedIdx = idx("IsDeleted");
        this.createdDateIdx = idx("CreatedDate");
        this.createdByIdx = idx("CreatedById");
        this.lastModifiedDateIdx = idx("LastModifiedDate");
        this.lastModifiedByIdx = idx("LastModifiedById");
        this.systemModstampIdx = idx("SystemModstamp");
        this.ownerIdx = idx("OwnerId");
        this.seedRandom = new Random(0x5F5F_0000L ^ def.name.hashCode());
        this.modstampIndex = systemModstampIdx < 0 ? null : new ModstampIndex(systemModstampIdx);
        if (idIdx < 0) {
            throw new IllegalStateException(def.name + " needs an Id field");
        }
    }

    private int idx(String field) {
        FieldDef f = def.field(field);
        return f == null ? -1 : f.index;
    }

    public Object[] newRow() {
        return new Object[def.fieldCount()];
    }

    /** The rows not deleted that match {@code filter}, in store order, read under the read lock. */
    public List<Object[]> liveRows(Predicate<Object[]> filter) {
        List<Object[]> out = new ArrayList<>();
        Lock r = lock.readLock();
        r.lock();
        try {
            for (int i = 0; i < size(); i++) {
                Object[] row = row(i);
                if (!isDeleted(row) && filter.test(row)) {
                    out.add(row);
                }
            }
        } finally {
            r.unlock();
        }
        return out;
    }

    /** Next id; caller holds the write lock. */
    public String nextId() {
        return SfIds.make(def.keyPrefix, counterBase + rows.size());
    }

    /** Appends a row whose Id was produced by {@link #nextId()}; caller holds the write lock. */
    public int append(Object[] row) {
        rows.add(row);
        indexUpdate(rows.size() - 1, null, row);
        return rows.size() - 1;
    }

    public void ensureCapacity(int extra) {
        rows.ensureCapacity(rows.size() + extra);
    }

    /** Position of the row with this id (15 or 18 chars), or -1. Caller holds a lock. */
    public int indexOf(String id) {
        long counter = SfIds.counterOf(def.keyPrefix, id);
        if (counter < 0) {
            return -1;
        }
        long pos = counter - counterBase;
        if (pos < 0 || pos >= rows.size()) {
            return -1;
        }
        Object[] row = rows.get((int) pos);
        return SoqlCompiler.compareIds((String) row[idIdx], id) == 0 ? (int) pos : -1;
    }

    public Object[] row(int index) {
        return rows.get(index);
    }

    public void replace(int index, Object[] row) {
        indexUpdate(index, rows.set(index, row), row);
    }

    private void indexUpdate(int index, Object[] oldRow, Object[] newRow) {
        if (modstampIndex != null) {
            modstampIndex.update(index, oldRow, newRow);
        }
    }

    public int size() {
        return rows.size();
    }

    public boolean isDeleted(Object[] row) {
        return isDeletedIdx >= 0 && Boolean.TRUE.equals(row[isDeletedIdx]);
    }

    public void markDeleted(int index, Object[] newRow) {
        newRow[isDeletedIdx] = Boolean.TRUE;
        indexUpdate(index, rows.set(index, newRow), newRow);
        deleted++;
    }

    /** Takes a row out of the recycle bin (undelete); caller holds the write lock. */
    public void markUndeleted(int index, Object[] newRow) {
        newRow[isDeletedIdx] = Boolean.FALSE;
        indexUpdate(index, rows.set(index, newRow), newRow);
        deleted--;
    }

    /** Puts back an earlier version of a row (rollback of an update or delete); caller holds the write lock. */
    public void restore(int index, Object[] oldRow) {
        Object[] current = rows.get(index);
        if (isDeleted(current) && !isDeleted(oldRow)) {
            deleted--;
        }
        indexUpdate(index, rows.set(index, oldRow), oldRow);
    }

    /** Drops the rows appended after the store had {@code size} rows (rollback of inserts); caller holds the write lock. */
    public void truncate(int size) {
        while (rows.size() > size) {
            int last = rows.size() - 1;
            Object[] row = rows.remove(last);
            if (isDeleted(row)) {
                deleted--;
            }
            indexUpdate(last, row, null);
        }
    }

    public int liveCount() {
        return rows.size() - deleted;
    }

    /** Copies the row references at the given positions; caller holds a lock. */
    public List<Object[]> rows(int[] positions, int from, int to) {
        List<Object[]> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(rows.get(positions[i]));
        }
        return out;
    }
}
