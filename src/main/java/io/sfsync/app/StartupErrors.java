package io.sfsync.app;

import io.sfsync.config.ConfigException;
import io.sfsync.config.Suggest;
import io.sfsync.cycle.CyclePeriod;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * Camel's start-up failures that are mistakes in the route files, as one message naming the file,
 * line or route and what to do. Anything else is returned as it is.
 */
final class StartupErrors {

    private static final Pattern YAML_MARK = Pattern.compile("in (\\S+), line (\\d+), column (\\d+):");
    private static final Pattern RESOURCE = Pattern.compile("resource: (\\S+)");

    private StartupErrors() {
    }

    static Exception translate(Exception e, CamelContext camel) {
        NoSuchBeanException noBean = find(e, NoSuchBeanException.class);
        if (noBean != null) {
            return unknownBean(e, noBean, camel);
        }
        String yaml = yamlProblem(e);
        if (yaml != null) {
            return new ConfigException(yaml);
        }
        FailedToCreateRouteException route = find(e, FailedToCreateRouteException.class);
        if (route != null) {
            Throwable deepest = route;
            while (deepest.getCause() != null && deepest.getCause() != deepest) {
                deepest = deepest.getCause();
            }
            String file = routeFile(camel, route.getRouteId());
            String why = deepest == route ? route.getMessage() : deepest.getMessage();
            return new ConfigException((file != null ? file + ": " : "") + "route '" + route.getRouteId()
                    + "' cannot be created: " + (why == null ? deepest.getClass().getSimpleName() : why.lines().findFirst().orElse(why))
                    + "; fix the route file (route files are read from sfsync.routes-dir)");
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("CronExpression '")) {
                String cron = t.getMessage().substring("CronExpression '".length(), t.getMessage().lastIndexOf('\''));
                try {
                    CyclePeriod.parse(cron);
                } catch (ConfigException named) {
                    return named;
                }
            }
        }
        return e;
    }

    private static Exception unknownBean(Exception e, NoSuchBeanException noBean, CamelContext camel) {
        FailedToCreateRouteException route = find(e, FailedToCreateRouteException.class);
        String routeId = route == null ? null : route.getRouteId();
        String file = routeFile(camel, routeId);
        TreeSet<String> beans = new TreeSet<>();
        try {
            beans.addAll(camel.getRegistry().findByTypeWithName(Object.class).keySet());
        } catch (RuntimeException ignored) {
            // the names only help the message
        }
        beans.removeIf(b -> b.startsWith("org.apache.camel") || b.contains("."));
        String near = Suggest.nearest(noBean.getName(), beans);
        return new ConfigException((file != null ? file + ": " : "") + (routeId != null ? "route '" + routeId + "' " : "a route ")
                + "calls bean '" + noBean.getName() + "', which does not exist"
                + (near != null ? " (did you mean '" + near + "'?)" : "") + "; the beans are: " + String.join(", ", beans));
    }

    private static String routeFile(CamelContext camel, String routeId) {
        if (routeId == null) {
            return null;
        }
        try {
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            RouteDefinition def = model.getRouteDefinition(routeId);
            if (def != null && def.getLocation() != null) {
                String loc = def.getLocation();
                return loc.startsWith("file:") ? loc.substring(5) : loc;
            }
        } catch (RuntimeException ignored) {
            // the file only helps the message
        }
        return null;
    }

    /** snakeyaml's message names the file and, last, the line of the problem; the line before it says what. */
    private static String yamlProblem(Throwable e) {
        String resource = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            Matcher r = RESOURCE.matcher(m);
            if (resource == null && m.contains("resource") && r.find()) {
                resource = r.group(1);
            }
            Matcher mark = YAML_MARK.matcher(m);
            String file = null;
            String line = null;
            String column = null;
            int markStart = -1;
            while (mark.find()) {
                file = mark.group(1);
                line = mark.group(2);
                column = mark.group(3);
                markStart = mark.start();
            }
            if (file != null) {
                List<String> before = m.substring(0, markStart).lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
                String problem = before.isEmpty() ? m.lines().findFirst().orElse("") : before.get(before.size() - 1);
                String context = m.lines().findFirst().orElse("");
                return "route file " + strip(file) + " line " + line + ", column " + column + ": " + problem
                        + (context.equals(problem) || context.startsWith("in ") ? "" : " (" + context + ")")
                        + "; fix the YAML (route files are read from sfsync.routes-dir)";
            }
        }
        if (resource != null) {
            Throwable deepest = e;
            while (deepest.getCause() != null && deepest.getCause() != deepest) {
                deepest = deepest.getCause();
            }
            String m = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
            return "route file " + strip(resource) + ": " + m.lines().findFirst().orElse(m)
                    + "; fix it (route files are read from sfsync.routes-dir)";
        }
        return null;
    }

    private static String strip(String location) {
        return location.startsWith("file:") ? location.substring(5) : location;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
