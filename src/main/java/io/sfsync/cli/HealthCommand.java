package io.sfsync.cli;

import io.sfsync.config.SfsyncSettings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** For container health checks: exit 0 when the running service reports itself UP or STARTING (its first cycle runs), 1 when DOWN. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Asks the running service's health endpoint and prints its answer (status and reason);",
            "exits 0 when it is UP or STARTING (the first cycle runs), 1 when it is DOWN or does not answer."})
public final class HealthCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SfsyncSettings settings = new SfsyncSettings(config.load());
        URI uri = ServiceApi.uri(settings, "/api/health");
        try {
            HttpResponse<String> r = ServiceApi.get(uri, Duration.ofSeconds(5));
            spec.commandLine().getOut().println(r.body());
            return r.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            spec.commandLine().getOut().println("DOWN: " + uri + " does not answer (" + e.getMessage() + ")");
            return 1;
        }
    }
}
