package io.sfsync.emulator.org;

import io.sfsync.emulator.SalesforceApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injected row lock contention: a locked record makes the next N write attempts on it fail with Salesforce's
 * {@code UNABLE_TO_LOCK_ROW}, as when another transaction holds the record longer than the 10 seconds Salesforce
 * waits for a lock. Each failed attempt uses one; after the last the record is writable again.
 */
public final class RecordLocks {

    static final String ERROR_CODE = "UNABLE_TO_LOCK_ROW";

    /** Remaining failing attempts by 15-character id (the case-sensitive key), in locking order. */
    private final Map<String, Lock> locks = new LinkedHashMap<>();

    /** One locked record as reported by the admin API. */
    public record Lock(String sobject, String id, int remaining) {
    }

    public void lock(String sobject, String id18, int failedAttempts) {
        if (failedAttempts <= 0) {
            throw new IllegalArgumentException("attempts must be > 0");
        }
        synchronized (locks) {
            locks.put(SfIds.key15(id18), new Lock(sobject, id18, failedAttempts));
        }
    }

    /** Throws UNABLE_TO_LOCK_ROW and uses one attempt when the record is locked; does nothing otherwise. */
    public void checkWrite(String id) {
        if (id == null || !SfIds.isValid(id)) {
            return; // the write fails with MALFORMED_ID on its own
        }
        String key = SfIds.key15(id);
        Lock lock;
        synchronized (locks) {
            lock = locks.get(key);
            if (lock == null) {
                return;
            }
            if (lock.remaining() <= 1) {
                locks.remove(key);
            } else {
                locks.put(key, new Lock(lock.sobject(), lock.id(), lock.remaining() - 1));
            }
        }
        throw new SalesforceApiException(400, ERROR_CODE,
                "unable to obtain exclusive access to this record or 1 records: " + lock.id());
    }

    public List<Lock> all() {
        synchronized (locks) {
            return List.copyOf(locks.values());
        }
    }

    public void clear() {
        synchronized (locks) {
            locks.clear();
        }
    }
}
