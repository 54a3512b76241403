package io.sfsync.app;

import io.sfsync.config.ConfigException;
import io.sfsync.config.Suggest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.WhenDefinition;

/**
 * Checked once the routes are built: every {@code to: direct:...} must reach a route that consumes
 * it. A typo would otherwise only show at the first cycle that gets there, after a long pull.
 */
final class RouteWiring {

    private RouteWiring() {
    }

    static void check(CamelContext camel) {
        Set<String> consumed = new LinkedHashSet<>();
        for (Route route : camel.getRoutes()) {
            String name = directName(route.getEndpoint().getEndpointUri());
            if (name != null) {
                consumed.add(name);
            }
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        // A template's 'to:' is one line for every route made from it: one message, naming them all.
        Map<String, List<String>> routesByProblem = new LinkedHashMap<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Set<ProcessorDefinition<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (ToDefinition to : sends(route.getOutputs(), seen, new ArrayList<>())) {
                String uri;
                try {
                    uri = camel.resolvePropertyPlaceholders(to.getUri());
                } catch (RuntimeException unresolved) {
                    continue;
                }
                String name = directName(uri);
                if (name == null || consumed.contains(name)) {
                    continue;
                }
                String near = Suggest.nearest(name, consumed);
                String problem = where(to, route) + "\u0000 sends to 'direct:" + name + "', but no route consumes it"
                        + (near != null ? " (did you mean 'direct:" + near + "'?)" : "")
                        + "; fix the 'to:' or add a route 'from: direct:" + name + "'";
                routesByProblem.computeIfAbsent(problem, k -> new ArrayList<>()).add(route.getRouteId());
            }
        }
        if (!routesByProblem.isEmpty()) {
            List<String> problems = new ArrayList<>();
            routesByProblem.forEach((problem, routes) -> problems.add(problem.replace("\u0000 sends",
                    routes.size() == 1 ? ": route '" + routes.get(0) + "' sends"
                            : ": routes '" + String.join("', '", routes) + "' send")));
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private static List<ToDefinition> sends(List<ProcessorDefinition<?>> outputs, Set<ProcessorDefinition<?>> seen,
                                            List<ToDefinition> found) {
        for (ProcessorDefinition<?> p : outputs) {
            if (!seen.add(p)) {
                continue;
            }
            if (p instanceof ToDefinition to) {
                found.add(to);
            }
            if (p instanceof ChoiceDefinition choice) {
                for (WhenDefinition when : choice.getWhenClauses()) {
                    sends(when.getOutputs(), seen, found);
                }
                if (choice.getOtherwise() != null) {
                    sends(choice.getOtherwise().getOutputs(), seen, found);
                }
            }
            sends(p.getOutputs(), seen, found);
        }
        return found;
    }

    private static String where(ToDefinition to, RouteDefinition route) {
        String location = to.getLocation() != null ? to.getLocation() : route.getLocation();
        if (location == null) {
            return "routes";
        }
        location = location.startsWith("file:") ? location.substring(5) : location;
        return location + (to.getLineNumber() > 0 ? " line " + to.getLineNumber() : "");
    }

    /** "direct:pull-updates", "direct://pull-updates?timeout=1" give "pull-updates"; other schemes give null. */
    static String directName(String uri) {
        if (uri == null || !uri.startsWith("direct:")) {
            return null;
        }
        String rest = uri.substring("direct:".length());
        rest = rest.startsWith("//") ? rest.substring(2) : rest;
        int q = rest.indexOf('?');
        return q >= 0 ? rest.substring(0, q) : rest;
    }
}
