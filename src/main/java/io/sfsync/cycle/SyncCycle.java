package io.sfsync.cycle;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean behind {@code routes/cycle/sync-cycle.camel.yaml}: names each cycle and lists its objects. As a main
 * listener it learns first that the service stops (SIGTERM, Ctrl-C), before Camel waits for the running cycle:
 * from then on the pull steps stop at their next page boundary and the cycle starts no further step, so the
 * process exits within seconds instead of waiting {@code camel.main.shutdown-timeout} for a long pull.
 */
public final class SyncCycle extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);

    private final List<String> objects;
    private final CountDownLatch checked = new CountDownLatch(1);
    private volatile Exception checkFailure;
    private volatile boolean stopping;

    public SyncCycle(List<String> objects) {
        this.objects = List.copyOf(objects);
    }

    /**
     * Lets cycles run once the start-up check of the mappings against Salesforce is done;
     * after a failed check no cycle runs (the service is stopping).
     */
    public void open(Exception failure) {
        checkFailure = failure;
        checked.countDown();
    }

    /** A new cycle id; every step row of the cycle carries it. */
    public String begin() throws InterruptedException {
        checked.await();
        if (checkFailure != null) {
            throw new IllegalStateException("no cycle runs: the mappings did not pass the start-up check: "
                    + checkFailure.getMessage());
        }
        String id = UUID.randomUUID().toString();
        LOG.info("Sync cycle {} started: {}", id, String.join(", ", objects));
        return id;
    }

    /** The objects the cycle syncs, in order; the iteration ends early when the service is stopping. */
    public Iterator<String> objects() {
        Iterator<String> all = objects.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !stopping && all.hasNext();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return all.next();
            }
        };
    }

    @Override
    public void beforeStop(BaseMainSupport main) {
        stop();
    }

    /** The service is stopping: the running step ends at its next page boundary and no further step starts. */
    public void stop() {
        if (!stopping) {
            stopping = true;
            LOG.info("sfsync is stopping: a running pull stops at its next page boundary, no further step starts");
        }
    }

    /** True once the service is stopping. */
    public boolean isStopping() {
        return stopping;
    }

    public String end(String cycleId) {
        LOG.info("Sync cycle {} finished", cycleId);
        return cycleId;
    }
}
