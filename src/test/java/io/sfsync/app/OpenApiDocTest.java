package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** docs/openapi.yaml stays true: every /api route of routes/admin/ is described with its method, and nothing else. */
class OpenApiDocTest {

    private static final Pattern ROUTE = Pattern.compile("platform-http:(/api/[^?\"\\s]*)\\?httpMethodRestrict=(\\w+)");

    @Test
    void every_api_route_is_in_openapi_yaml_and_every_described_endpoint_is_a_route() throws Exception {
        TreeSet<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes/admin"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = ROUTE.matcher(Files.readString(f));
                while (m.find()) {
                    routes.add(m.group(2).toUpperCase(Locale.ROOT) + " " + m.group(1));
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("docs/openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        TreeSet<String> described = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().forEach(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + path)));

        assertThat(doc.get("openapi")).asString().startsWith("3.0");
        assertThat(routes).contains("GET /api/sync-steps", "GET /api/sync-steps/{id}/failed-records/export");
        assertThat(described).as("docs/openapi.yaml").isEqualTo(routes);
    }
}
