package io.sfsync.cycle;

import org.apache.camel.Exchange;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One lock per Salesforce object (bean {@code objectLocks}): the cycle holds an object's lock while that object's steps
 * run, and a priority sync of one of its records waits for it, so the two never write the same object's records at
 * the same time.
 */
public final class ObjectLocks {

    private static final String HELD = "sfsyncHeldObjectLocks";

    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();

    /** Waits until no one else holds the object's lock, then holds it. */
    public void hold(String object) throws InterruptedException {
        locks.computeIfAbsent(object, o -> new Semaphore(1)).acquire();
    }

    /**
     * As {@link #hold}, for a priority sync: the objects it holds are remembered on its exchange (once each, however
     * many of its records it syncs) and released together by {@link #releaseHeld} when the exchange completes.
     */
    public void holdFor(Exchange exchange, String object) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<String> held = exchange.getProperty(HELD, Set.class);
        if (held == null) {
            held = new LinkedHashSet<>();
            exchange.setProperty(HELD, held);
        }
        if (held.add(object)) {
            hold(object);
        }
    }

    /** Releases every object lock {@link #holdFor} took for this exchange. */
    public void releaseHeld(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Set<String> held = exchange.getProperty(HELD, Set.class);
        if (held != null) {
            held.forEach(this::release);
            held.clear();
        }
    }

    public void release(String object) {
        Semaphore s = locks.get(object);
        if (s != null) {
            s.release();
        }
    }
}
