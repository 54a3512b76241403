package io.sfsync.cycle;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bean behind {@code routes/cycle/sync-cycle.camel.yaml}: names each cycle and lists its objects. */
public final class SyncCycle {

    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);

    private final List<String> objects;

    public SyncCycle(List<String> objects) {
        this.objects = List.copyOf(objects);
    }

    /** A new cycle id; every step row of the cycle carries it. */
    public String begin() {
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
