package io.sfsync.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * Camel's health checks (context, routes, consumers) as one JSON document, served by
 * {@code routes/admin/health-api.camel.yaml}. Served on the admin HTTP server rather than
 * Camel's management server: with two HTTP servers, platform-http routes only bind to 8080.
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every check's result ("full" exposure); Camel passes its context when the route calls the bean. */
    public String json(CamelContext camel) throws JsonProcessingException {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(camel, check -> Map.of(), check -> false, "full");
        boolean up = true;
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result r : results) {
            up &= r.getState() != HealthCheck.State.DOWN;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", r.getCheck().getId());
            c.put("status", r.getState().name());
            r.getMessage().ifPresent(m -> c.put("message", m));
            checks.add(c);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", up ? "UP" : "DOWN");
        doc.put("checks", checks);
        return JSON.writeValueAsString(doc);
    }
}
