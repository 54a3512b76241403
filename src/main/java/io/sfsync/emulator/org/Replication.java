package io.sfsync.emulator.org;

import io.sfsync.emulator.EmulatorOrg;
import io.sfsync.emulator.SalesforceApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * Data-replication support: merge, the recycle bin's 15-day retention, getUpdated (30-day window) and getDeleted
 * (15-day window). Deleted records keep their deletion time in SystemModstamp; a record deleted more than 15 days ago
 * counts as purged from the recycle bin (invisible to queryAll and getDeleted). The API ignores seconds: start and end
 * are truncated to the minute and latestDateCovered is rounded down to the minute, as Salesforce documents.
 */
public final class Replication {

    static final int RECYCLE_BIN_DAYS = 15;
    static final int UPDATED_WINDOW_DAYS = 30;
    static final int MAX_IDS = 600_000;
    private static final long MINUTE = 60_000L;

    private Replication() {
    }

    public static long purgeBefore(long nowMillis) {
        return nowMillis - Duration.ofDays(RECYCLE_BIN_DAYS).toMillis();
    }

    public static boolean isPurged(ObjectStore store, Object[] row, long purgeBefore) {
        if (!store.isDeleted(row) || store.systemModstampIdx < 0) {
            return false;
        }
        Long stamp = (Long) row[store.systemModstampIdx];
        return stamp != null && stamp < purgeBefore;
    }

    static long floorMinute(long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }

    /** Merges {@code duplicateId} into {@code masterId}: the duplicate goes to the recycle bin with MasterRecordId. */
    public static void merge(EmulatorOrg org, String sobject, String masterId, String duplicateId) {
        ObjectStore store = org.store(sobject);
        FieldDef masterField = store.def.field("MasterRecordId");
        if (masterField == null || store.isDeletedIdx < 0 || !store.def.deletable) {
            throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be merged: "
                    + store.def.name);
        }
        Lock w = store.lock.writeLock();
        w.lock();
        try {
            int master = live(store, masterId);
            int duplicate = live(store, duplicateId);
            if (master == duplicate) {
                throw new SalesforceApiException(400, "INVALID_ID_FIELD", "Cannot merge a record with itself",
                        List.of("Id"));
            }
            Long now = org.clock().nowMillis();
            Object[] dup = store.row(duplicate).clone();
            dup[masterField.index] = store.row(master)[store.idIdx];
            stamp(store, dup, now, org.userId());
            store.markDeleted(duplicate, dup);
            Object[] m = store.row(master).clone();
            stamp(store, m, now, org.userId());
            store.replace(master, m);
        } finally {
            w.unlock();
        }
    }

    private static void stamp(ObjectStore store, Object[] row, Long now, String userId) {
        if (store.lastModifiedDateIdx >= 0) {
            row[store.lastModifiedDateIdx] = now;
        }
        if (store.lastModifiedByIdx >= 0) {
            row[store.lastModifiedByIdx] = userId;
        }
        if (store.systemModstampIdx >= 0) {
            row[store.systemModstampIdx] = now;
        }
    }

    private static int live(ObjectStore store, String id) {
        if (!SfIds.isValid(id)) {
            throw new SalesforceApiException(400, "MALFORMED_ID", store.def.label + " ID: id value of incorrect type: "
                    + id, List.of("Id"));
        }
        int pos = store.indexOf(id);
        if (pos < 0) {
            throw new SalesforceApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (store.isDeleted(store.row(pos))) {
            throw new SalesforceApiException(400, "ENTITY_IS_DELETED", "entity is deleted");
        }
        return pos;
    }

    public record Updated(List<String> ids, long latestDateCovered) {
    }

    public record DeletedRecord(String id, long deletedDate) {
    }

    public record Deleted(List<DeletedRecord> records, long earliestDateAvailable, long latestDateCovered) {
    }

    /** Ids of live records whose SystemModstamp is in [start, end) (minutes), within the last 30 days. */
    public static Updated updated(EmulatorOrg org, String sobject, long start, long end) {
        ObjectStore store = org.store(sobject);
        long now = org.clock().nowMillis();
        long from = floorMinute(start);
        long to = floorMinute(end);
        checkRange(from, to);
        if (from < now - Duration.ofDays(UPDATED_WINDOW_DAYS).toMillis()) {
            throw new SalesforceApiException(400, "INVALID_REPLICATION_DATE",
                    "startDate cannot be more than " + UPDATED_WINDOW_DAYS + " days ago");
        }
        List<String> ids = new ArrayList<>();
        scan(store, from, to, (row, stamp) -> {
            if (!store.isDeleted(row)) {
                ids.add((String) row[store.idIdx]);
                return true;
            }
            return false;
        });
        return new Updated(ids, Math.min(to, floorMinute(now)));
    }

    /** Records moved to the recycle bin in [start, end) (minutes), not older than the 15-day retention. */
    public static Deleted deleted(EmulatorOrg org, String sobject, long start, long end) {
        ObjectStore store = org.store(sobject);
        long now = org.clock().nowMillis();
        long from = floorMinute(start);
        long to = floorMinute(end);
        checkRange(from, to);
        long earliest = floorMinute(purgeBefore(now));
        if (from < earliest) {
            throw new SalesforceApiException(400, "INVALID_REPLICATION_DATE", "startDate must be on or after "
                    + "earliestDateAvailable " + Values.formatDateTime(earliest)
                    + " (the recycle bin keeps deleted records for " + RECYCLE_BIN_DAYS + " days)");
        }
        List<DeletedRecord> records = new ArrayList<>();
        long purgeBefore = purgeBefore(now);
        scan(store, from, to, (row, stamp) -> {
            if (store.isDeleted(row) && !isPurged(store, row, purgeBefore)) {
                records.add(new DeletedRecord((String) row[store.idIdx], stamp));
                return true;
            }
            return false;
        });
        return new Deleted(records, earliest, Math.min(to, floorMinute(now)));
    }

    private static void checkRange(long from, long to) {
        if (to < from) {
            throw new SalesforceApiException(400, "INVALID_REPLICATION_DATE",
                    "startDate must chronologically precede endDate");
        }
    }

    private interface RowSink {
        /** True when the row is part of the answer (and counts toward the id limit). */
        boolean accept(Object[] row, long stamp);
    }

    private static void scan(ObjectStore store, long from, long to, RowSink sink) {
        if (store.modstampIndex == null) {
            throw new SalesforceApiException(400, "INVALID_TYPE_FOR_OPERATION",
                    "entity type does not support replication: " + store.def.name);
        }
        Lock r = store.lock.readLock();
        r.lock();
        try {
            int count = 0;
            for (int pos : store.modstampIndex.positionsBetween(from, to)) {
                Object[] row = store.row(pos);
                long stamp = (Long) row[store.systemModstampIdx];
                // Only the ids of the answer count toward the limit: getDeleted's limit is on deleted records.
                if (sink.accept(row, stamp) && ++count > MAX_IDS) {
                    throw new SalesforceApiException(400, "EXCEEDED_ID_LIMIT", "Too many ids: more than "
                            + MAX_IDS + " records found; choose start and end dates that are closer together");
                }
            }
        } finally {
            r.unlock();
        }
    }
}
