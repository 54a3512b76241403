package io.sfsync.cli;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.status.StepJson;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepRow;
import io.sfsync.status.StepTable;
import io.sfsync.store.Database;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints the latest steps of the sync-status log, newest first.",
            "Asks the running service when there is one (the embedded database is then in use), "
                + "else reads the database directly."})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "50",
            description = "How many steps to show, 1 to 10000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > StepJson.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(),
                    "--limit must be a whole number between 1 and " + StepJson.MAX_LIMIT + ", got " + limit);
        }
        SfsyncSettings settings = new SfsyncSettings(config.load());
        List<StepRow> rows = fromRunningService(settings);
        if (rows == null) {
            rows = fromDatabase(settings);
            if (rows == null) {
                spec.commandLine().getOut().println("No sync has run yet: there is no database under " + settings.dataDir()
                        + " (sfsync.data-dir).");
                return 0;
            }
        }
        spec.commandLine().getOut().print(StepTable.render(rows));
        return 0;
    }

    private List<StepRow> fromRunningService(SfsyncSettings settings) throws IOException, InterruptedException {
        URI uri = ServiceApi.uri(settings, "/api/sync-steps?limit=" + limit);
        try {
            HttpResponse<String> r = ServiceApi.get(uri, Duration.ofSeconds(10));
            if (r.statusCode() != 200 || !r.body().startsWith("[")) {
                return null;
            }
            return StepJson.parse(r.body());
        } catch (ConnectException e) {
            return null;
        }
    }

    private List<StepRow> fromDatabase(SfsyncSettings settings) throws Exception {
        if (!Database.exists(settings)) {
            return null;
        }
        try (Database db = Database.connect(settings)) {
            return new StepLog(db.dataSource()).latest(limit);
        }
    }
}
