package io.sfsync.cycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One lock per Salesforce object (bean {@code objectLocks}): the cycle holds an object's lock while that object's steps
 * run, and a priority sync of one of its records waits for it, so the two never write the same object's records at
 * the same time.
 */
public final class ObjectLocks {

    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();

    /** Waits until no one else holds the object's lock, then holds it. */
    public void hold(String object) throws InterruptedException {
        locks.computeIfAbsent(object, o -> new Semaphore(1)).acquire();
    }

    public void release(String object) {
        Semaphore s = locks.get(object);
        if (s != null) {
            s.release();
        }
    }
}
