package io.sfsync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.salesforce.ApiUsage;
import io.sfsync.status.StepRow;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's Prometheus metrics, served at {@code /metrics} (docs/operations.md, "Health and metrics"). Record
 * counts come from the sync-status log as each step finishes ({@link #stepFinished}), so every step is counted once,
 * whichever route or bean ran it; open dead letters are read from the database at each scrape.
 */
public final class SyncMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DeadLetterStore deadLetters;
    private final Timer cycles;
    private final Set<String> deadLetterObjects = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Long> openDeadLetters = Map.of();
    private volatile ApiUsage apiUsage;

    public SyncMetrics(DeadLetterStore deadLetters, List<String> objects) {
        this.deadLetters = deadLetters;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        cycles = Timer.builder("sfsync.cycle.duration").description("How long each sync cycle took, start to end")
                .register(registry);
        Gauge.builder("sfsync.salesforce.api.requests.used", this, m -> m.apiUsage == null ? Double.NaN : m.apiUsage.used())
                .description("API requests the org has used today, as Salesforce last reported (Sforce-Limit-Info)")
                .register(registry);
        Gauge.builder("sfsync.salesforce.api.requests.limit", this, m -> m.apiUsage == null ? Double.NaN : m.apiUsage.limit())
                .description("The org's daily API request limit, as Salesforce last reported").register(registry);
        Gauge.builder("sfsync.salesforce.api.budget.used", this, m -> m.apiUsage == null ? Double.NaN : m.apiUsage.share())
                .baseUnit("ratio").description("Share of the daily API requests used (sfsync.salesforce.budget.max-share "
                        + "stops pull and push steps at its value)").register(registry);
        objects.forEach(this::deadLetterGauge);
    }

    /** Counts a finished step: its records by direction, the records it sent to the dead-letter store, its status. */
    public void stepFinished(StepRow step) {
        String direction = step.operation().startsWith("Pull ") ? "pulled" : step.operation().startsWith("Push ") ? "pushed" : null;
        if (direction != null) {
            counter("sfsync.records." + direction, "Records " + direction + " (created, updated and deleted) by finished steps",
                    step).increment(step.created() + step.updated() + step.deleted());
            counter("sfsync.records.failed", "Records that failed and went to the dead-letter store", step)
                    .increment(step.failed());
        }
        Counter.builder("sfsync.steps").description("Finished steps by status").tag("object", step.object())
                .tag("operation", step.operation()).tag("status", step.status()).register(registry).increment();
    }

    private Counter counter(String name, String description, StepRow step) {
        return Counter.builder(name).description(description).tag("object", step.object()).tag("operation", step.operation())
                .register(registry);
    }

    public void cycleFinished(Duration took) {
        cycles.record(took);
    }

    /** What Salesforce last reported of the org's daily API requests. */
    public void apiUsage(ApiUsage usage) {
        apiUsage = usage;
    }

    /** The metrics in Prometheus' text format, open dead letters read now. */
    public String scrape() throws SQLException {
        Map<String, Long> open = deadLetters.openByObject();
        open.keySet().forEach(this::deadLetterGauge);
        openDeadLetters = open;
        return registry.scrape();
    }

    private void deadLetterGauge(String object) {
        if (deadLetterObjects.add(object)) {
            Gauge.builder("sfsync.dead.letters.open", this, m -> m.openDeadLetters.getOrDefault(object, 0L))
                    .description("Dead letters still New (to replay or discard)").tag("object", object).register(registry);
        }
    }
}
