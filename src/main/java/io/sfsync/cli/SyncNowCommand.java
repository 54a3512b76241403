package io.sfsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.config.SfsyncSettings;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sfsync sync-now --table person --id 42 | --email ada@example.org}: priority sync (S8) through the running service. */
@Command(name = "sync-now", mixinStandardHelpOptions = true,
        description = {"Pushes one local row (or every row with one email address) to Salesforce now, outside the "
                + "cycle's rhythm, and pulls it back (priority sync).",
            "Runs in the service (java -jar sfsync.jar run), which waits while the cycle's steps for that object run."})
public final class SyncNowCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--table", required = true, paramLabel = "TABLE", description = "The local table, e.g. person.")
    String table;

    @Option(names = "--id", paramLabel = "ID", description = "The row's id.")
    String id;

    @Option(names = "--email", paramLabel = "EMAIL", description = "Every row of the table with this email address.")
    String email;

    @Override
    public Integer call() throws Exception {
        if ((id == null) == (email == null)) {
            throw new ParameterException(spec.commandLine(), "give either --id or --email");
        }
        SfsyncSettings settings = new SfsyncSettings(config.load());
        List<String> query = new ArrayList<>();
        query.add("table=" + URLEncoder.encode(table, StandardCharsets.UTF_8));
        query.add(id != null ? "id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                : "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<String> r;
        try {
            r = ServiceApi.post(ServiceApi.uri(settings, "/api/sync-now?" + String.join("&", query)), Duration.ofMinutes(10));
        } catch (ConnectException e) {
            err.println("sfsync: sync-now runs in the service, and no service answers at "
                    + ServiceApi.uri(settings, "") + "; start it with: java -jar sfsync.jar run");
            return 1;
        }
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            err.println("sfsync: " + (body.has("error") ? body.get("error").asText() : r.body()));
            return r.statusCode() == 400 ? 2 : 1;
        }
        boolean failed = false;
        for (JsonNode row : body) {
            StringBuilder line = new StringBuilder(row.get("table").asText() + " " + row.get("id").asText() + " ("
                    + row.get("object").asText() + (row.path("salesforceId").isTextual() ? " "
                    + row.get("salesforceId").asText() : "") + "): ");
            List<String> pushed = new ArrayList<>();
            row.path("pushed").fields().forEachRemaining(e -> pushed.add(e.getValue().asInt() + " " + e.getKey()));
            line.append(pushed.isEmpty() ? "nothing to push" : "pushed " + String.join(", ", pushed));
            if (row.path("pulledBack").isTextual()) {
                line.append("; pulled back: ").append(row.get("pulledBack").asText());
            }
            if (row.has("error")) {
                line.append("; failed: ").append(row.get("error").asText());
                failed = true;
            }
            failed |= row.path("pushed").path("failed").asInt(0) > 0;
            out.println(line);
        }
        return failed ? 1 : 0;
    }
}
