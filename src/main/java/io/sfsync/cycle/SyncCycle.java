package io.sfsync.cycle;

import io.sfsync.cluster.Membership;
import io.sfsync.status.ApiCalls;
import io.sfsync.status.CycleLog;
import io.sfsync.status.StepLog;
import io.sfsync.store.TableSchema;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.SynchronizationAdapter;
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
    private final StepLog stepLog;
    private final CycleHealth health;
    private final CountDownLatch checked = new CountDownLatch(1);
    /**
     * One cycle at a time: the seda consumer takes the next request as soon as a cycle's exchange
     * continues asynchronously (a Salesforce call), so the route alone does not keep cycles apart.
     */
    private final Semaphore running = new Semaphore(1);
    private volatile boolean stopping;
    private volatile Exception checkFailure;
    private volatile boolean connected;
    private volatile long startedNanos;
    private volatile Consumer<Duration> onEnd = took -> { };
    private volatile OffsetDateTime startedAt;
    private volatile ApiCalls apiCalls;
    private volatile CycleLog cycleLog;

    private final Membership membership;

    public SyncCycle(List<String> objects, StepLog stepLog, CycleHealth health, Membership membership) {
        this.objects = List.copyOf(objects);
        this.stepLog = stepLog;
        this.health = health;
        this.membership = membership;
    }

    /**
     * Lets cycles run once the start-up check of the mappings against Salesforce is done;
     * after a failed check no cycle runs (the service is stopping).
     */
    public void open(Exception failure) {
        checkFailure = failure;
        if (failure == null) {
            connected = true;
            health.connected();
        }
        checked.countDown();
    }

    /**
     * Begins a cycle: sets the exchange property {@code cycleId} (every step row of the cycle carries
     * it). Waits while the service waits for Salesforce, so the first cycle runs as soon as it is
     * connected, and while another cycle of this process runs. When another instance sharing the database runs a
     * cycle, this one is skipped: each scheduled cycle runs once across instances. Called as a {@code bean} step, so
     * it acts on the route's own exchange. When the service stops first or the cycle is skipped, no {@code cycleId}
     * is set and the route ends.
     */
    public void begin(Exchange exchange) throws InterruptedException, SQLException {
        checked.await();
        if (checkFailure != null || !connected || stopping) {
            // the mappings failed the start-up check (already reported), or the service is stopping
            return;
        }
        running.acquire();
        if (!membership.tryCycle()) {
            running.release();
            LOG.info("Sync cycle skipped: another sfsync instance sharing the database is running one");
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    membership.endCycle();
                } catch (SQLException e) {
                    LOG.warn("Could not release the cycle lock: {}", e.getMessage());
                } finally {
                    running.release();
                }
            }
        });
        if (stopping) {
            return;
        }
        // Steps an instance that died left In Progress (its liveness lock went with it) are closed now, by the
        // instance that runs the next cycle, not at that instance's next start, which may never come.
        int closed = stepLog.closeInterrupted(membership.alive(), membership.name());
        if (closed > 0) {
            LOG.warn("{} step(s) of an sfsync instance that stopped (killed or crashed) were still In Progress;"
                    + " closed as Failed or Rolled back before this cycle (see 'sfsync status')", closed);
        }
        String id = UUID.randomUUID().toString();
        exchange.setProperty("cycleId", id);
        startedNanos = System.nanoTime();
        startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        health.cycleStarted();
        TableSchema.newCycle(); // a table changed since the last cycle is read afresh
        LOG.info("Sync cycle {} started: {}", id, String.join(", ", objects));
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

    /**
     * The service is stopping: the running step ends at its next page boundary and no further step starts;
     * a cycle still waiting to begin (the service never connected to Salesforce) ends quietly.
     */
    public void stop() {
        if (!stopping) {
            stopping = true;
            LOG.info("sfsync is stopping: a running pull stops at its next page boundary, no further step starts");
        }
        checked.countDown();
    }

    /** True once the service is stopping. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Ends the cycle: its health, its duration, and its API budget report (its row in sync_cycle with the Salesforce
     * API calls it used, also in the log line).
     */
    public String end(String cycleId) throws SQLException {
        health.cycleFinished(stepLog.cycle(cycleId));
        onEnd.accept(Duration.ofNanos(System.nanoTime() - startedNanos));
        ApiCalls calls = apiCalls;
        if (calls == null) {
            LOG.info("Sync cycle {} finished", cycleId);
            return cycleId;
        }
        ApiCalls.CycleCalls used = calls.takeCycle(cycleId);
        cycleLog.finished(cycleId, startedAt, OffsetDateTime.now(ZoneOffset.UTC), used);
        LOG.info("Sync cycle {} finished: {} Salesforce API call(s) ({} reading ahead, {} in steps)", cycleId, used.all(),
                used.outsideSteps(), used.all() - used.outsideSteps());
        return cycleId;
    }

    /** Each cycle's API calls are taken from {@code calls} when it ends, and recorded in {@code log}. */
    public void reportCalls(ApiCalls calls, CycleLog log) {
        this.cycleLog = log;
        this.apiCalls = calls;
    }

    /** {@code listener} is told how long each cycle took when it ends (the metrics' cycle timer). */
    public void onEnd(Consumer<Duration> listener) {
        onEnd = listener;
    }

    public CycleHealth health() {
        return health;
    }
}
