package io.sfsync.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.cycle.CycleHealth;
import io.sfsync.health.DatabaseCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The service's health as one JSON document, served by {@code routes/admin/health-api.camel.yaml}:
 * the database ({@link DatabaseCheck}), Camel's health checks (context, routes, consumers), then the
 * sync's own verdict (Salesforce reachable, last cycles, see {@link CycleHealth}) with its reason;
 * every check, sfsync's own ({@code sfsync-database}, {@code sfsync-salesforce}, {@code sfsync-cycles})
 * included, is listed under "checks". The rule: docs/operations.md, "Health and metrics". Served on the admin
 * HTTP server rather than Camel's management server: with two HTTP servers, platform-http routes
 * only bind to 8080.
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CycleHealth cycles;

    public HealthReport(CycleHealth cycles) {
        this.cycles = cycles;
    }

    /** Every check's result ("full" exposure); Camel passes its context when the route calls the bean. */
    public String json(CamelContext camel) throws JsonProcessingException {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(camel, check -> Map.of(), check -> false, "full");
        List<String> down = new ArrayList<>();
        String database = null;
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result r : results) {
            if (r.getState() == HealthCheck.State.DOWN && r.getCheck().getId().equals(DatabaseCheck.ID)) {
                database = r.getMessage().orElse("the database does not answer");
            } else if (r.getState() == HealthCheck.State.DOWN && !"sfsync".equals(r.getCheck().getGroup())) {
                down.add(r.getCheck().getId());
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.getCheck().getId());
            c.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> c.put("message", m));
            checks.add(c);
        }
        CycleHealth.Verdict verdict = cycles.verdict();
        Map<String, Object> doc = new LinkedHashMap<>();
        if (database != null) {
            doc.put("status", CycleHealth.State.DOWN.name());
            doc.put("reason", database);
        } else if (!down.isEmpty()) {
            doc.put("status", CycleHealth.State.DOWN.name());
            doc.put("reason", "Camel health check(s) DOWN: " + String.join(", ", down));
        } else {
            doc.put("status", verdict.state().name());
            doc.put("reason", verdict.reason());
        }
        doc.put("checks", checks);
        return JSON.writeValueAsString(doc);
    }
}
