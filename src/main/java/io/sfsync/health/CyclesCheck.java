package io.sfsync.health;

import io.sfsync.cycle.CycleHealth;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code sfsync-cycles}: the verdict of {@link CycleHealth} on the last cycles (one finished
 * within two periods of sfsync.cycle.cron, not all steps failed, ...); STARTING is UNKNOWN to Camel.
 */
public final class CyclesCheck extends AbstractHealthCheck {

    public static final String ID = "sfsync-cycles";

    private final CycleHealth health;

    public CyclesCheck(CycleHealth health) {
        super("sfsync", ID);
        this.health = health;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CycleHealth.Verdict v = health.verdict();
        switch (v.state()) {
            case UP -> builder.up();
            case DOWN -> builder.down();
            default -> builder.unknown();
        }
        builder.message(v.reason());
    }
}
