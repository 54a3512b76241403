package io.sfsync.health;

import io.sfsync.cycle.CycleHealth;
import java.util.Map;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code sfsync-salesforce}: UP while the salesforce component holds a session (logged in),
 * DOWN while the service waits for Salesforce (it does not answer or refuses the login; the reason says why and
 * when it tries again), UNKNOWN before the first login. It names no user or URL: /api/health is open.
 */
public final class SalesforceSessionCheck extends AbstractHealthCheck {

    public static final String ID = "sfsync-salesforce";

    private final CycleHealth health;
    private final SalesforceComponent salesforce;

    public SalesforceSessionCheck(CycleHealth health, SalesforceComponent salesforce) {
        super("sfsync", ID);
        this.health = health;
        this.salesforce = salesforce;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String waiting = health.waitingForSalesforce();
        if (waiting != null) {
            builder.down().message(waiting);
            return;
        }
        boolean loggedIn = salesforce.getSession() != null && salesforce.getSession().getAccessToken() != null;
        if (loggedIn) {
            builder.up().message("logged in to Salesforce");
        } else {
            builder.unknown().message("not logged in to Salesforce yet");
        }
    }
}
