package io.sfsync.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Makes one route per object of {@code sfsync.objects} from the {@code object-sync} route
 * template ({@code routes/cycle/object-sync.camel.yaml}), once the route files are loaded.
 */
final class ObjectRoutes extends MainListenerSupport {

    static final String TEMPLATE = "object-sync";

    private final List<String> objects;

    ObjectRoutes(List<String> objects) {
        this.objects = List.copyOf(objects);
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        for (String object : objects) {
            try {
                camel.addRouteFromTemplate(routeId(object), TEMPLATE, Map.of("object", object));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the route of " + object + " from the route template '"
                        + TEMPLATE + "' (routes/cycle/object-sync.camel.yaml): " + e.getMessage(), e);
            }
        }
    }

    /** {@code OpportunityContactRole} → {@code sync-opportunity-contact-role}; {@code Invoice__c} → {@code sync-invoice-c}. */
    static String routeId(String object) {
        String kebab = object.replaceAll("__", "_").replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-');
        return "sync-" + kebab.toLowerCase(Locale.ROOT);
    }
}
