package io.sfsync.cycle;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bean behind {@code routes/cycle/sync-cycle.camel.yaml}: names each cycle and lists its objects. */
public final class SyncCycle {

    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);

    private final List<String> objects;
    private final CountDownLatch checked = new CountDownLatch(1);
    private volatile Exception checkFailure;

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

    /** The objects the cycle syncs, in order. */
    public List<String> objects() {
        return objects;
    }

    public String end(String cycleId) {
        LOG.info("Sync cycle {} finished", cycleId);
        return cycleId;
    }
}
