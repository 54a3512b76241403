package io.sfsync.cycle;

import io.sfsync.cluster.Membership;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One lock per Salesforce object (bean {@code objectLocks}): the cycle holds an object's lock while that object's steps
 * run, and a priority sync of one of its records waits for it, so the two never write the same object's records at
 * the same time. Across sfsync instances sharing a PostgreSQL database the object's advisory lock does the same
 * (see {@link Membership}).
 */
public final class ObjectLocks {

    /** How often a holder waiting for another instance asks again: locks are held for one object's steps. */
    private static final long RETRY_MILLIS = 200;

    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final Membership membership;

    public ObjectLocks(Membership membership) {
        this.membership = membership;
    }

    /** Waits until no one else, in this process or another instance, holds the object's lock, then holds it. */
    public void hold(String object) throws InterruptedException, SQLException {
        Semaphore local = locks.computeIfAbsent(object, o -> new Semaphore(1));
        local.acquire();
        try {
            while (!membership.tryObject(object)) {
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (InterruptedException | SQLException | RuntimeException e) {
            local.release();
            throw e;
        }
    }

    public void release(String object) throws SQLException {
        Semaphore s = locks.get(object);
        if (s != null) {
            try {
                membership.releaseObject(object);
            } finally {
                s.release();
            }
        }
    }
}
