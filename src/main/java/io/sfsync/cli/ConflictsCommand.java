package io.sfsync.cli;

import io.sfsync.admin.BadParameterException;
import io.sfsync.admin.ConflictJson;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.status.StepCsv;
import io.sfsync.status.StepJson;
import io.sfsync.store.ConflictStore;
import io.sfsync.store.Database;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sfsync conflicts list}: fields changed on both sides, which side won, and the value that lost. */
@Command(name = "conflicts", mixinStandardHelpOptions = true,
        description = {"Fields changed locally and in Salesforce since the last sync: the mapping's conflict policy "
                + "decided, the losing value is kept.",
            "Asks the running service when there is one, else reads the database."},
        subcommands = {ConflictsCommand.ListCommand.class})
public final class ConflictsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest conflicts, newest first.")
    static final class ListCommand implements Callable<Integer> {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        private static final String[] CSV_HEADER = {"id", "createdAt", "object", "recordId", "table", "rowId", "field",
            "column", "localValue", "salesforceValue", "localChangedAt", "salesforceChangedAt", "policy", "winner"};

        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Option(names = "--object", paramLabel = "OBJECT", description = "Only this Salesforce object, e.g. Lead.")
        String object;

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only conflicts at or after this ISO date (2026-11-30) or date-time (2026-11-30T08:00).")
        String since;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N, 1 to 10000 (default 50).")
        String limit;

        @Option(names = "--offset", defaultValue = "0", paramLabel = "N",
                description = "Skip the N newest (default 0), to page through them.")
        String offset;

        @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
                description = "table (default), csv (cells a spreadsheet would run neutralised) or json.")
        StatusCommand.Format format;

        @Override
        public Integer call() throws Exception {
            try {
                ConflictJson.limit(limit);
                ConflictJson.offset(offset);
                ConflictJson.since(since);
            } catch (BadParameterException e) {
                throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
            }
            SfsyncSettings settings = new SfsyncSettings(config.load());
            List<ConflictStore.Row> rows = fromService(settings);
            if (rows == null) {
                if (!Database.exists(settings)) {
                    spec.commandLine().getOut().println("No sync has run yet: there is no database under "
                            + settings.dataDir() + " (sfsync.data-dir).");
                    return 0;
                }
                try (Database db = Database.connect(settings)) {
                    rows = ConflictStore.list(db.dataSource(), object == null || object.isBlank() ? null : object.trim(),
                            ConflictJson.since(since), ConflictJson.limit(limit), ConflictJson.offset(offset));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            switch (format) {
                case json -> out.println(StepJson.write(rows));
                case csv -> StepCsv.table(out, CSV_HEADER, rows.stream().map(r -> new Object[] {r.id(), r.createdAt(),
                    r.object(), r.recordId(), r.table(), r.rowId(), r.field(), r.column(), r.localValue(),
                    r.salesforceValue(), r.localChangedAt(), r.salesforceChangedAt(), r.policy(), r.winner()}).toList());
                default -> print(out, rows);
            }
            out.flush();
            return 0;
        }

        private List<ConflictStore.Row> fromService(SfsyncSettings settings) throws Exception {
            List<String> q = new ArrayList<>();
            q.add("limit=" + URLEncoder.encode(limit, StandardCharsets.UTF_8));
            q.add("offset=" + URLEncoder.encode(offset, StandardCharsets.UTF_8));
            if (object != null) {
                q.add("object=" + URLEncoder.encode(object, StandardCharsets.UTF_8));
            }
            if (since != null) {
                q.add("since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<String> r = ServiceApi.get(ServiceApi.uri(settings, "/api/conflicts?" + String.join("&", q)),
                        Duration.ofSeconds(10));
                return r.statusCode() == 200 && r.body().startsWith("[") ? ConflictJson.parse(r.body()) : null;
            } catch (ConnectException e) {
                return null;
            }
        }

        private static void print(PrintWriter out, List<ConflictStore.Row> rows) {
            if (rows.isEmpty()) {
                out.println("No conflicts.");
                return;
            }
            out.printf("%-19s  %-8s  %-18s  %-16s  %-24s  %-24s  %s%n", "when", "object", "record", "field", "local value",
                    "Salesforce value", "winner (policy)");
            for (ConflictStore.Row r : rows) {
                out.printf("%-19s  %-8s  %-18s  %-16s  %-24s  %-24s  %s (%s)%n",
                        TIME.format(r.createdAt().atZoneSameInstant(ZoneId.systemDefault())), r.object(), r.recordId(),
                        r.field(), cut(r.localValue()), cut(r.salesforceValue()), r.winner(), r.policy());
            }
        }

        private static String cut(String s) {
            if (s == null) {
                return "(empty)";
            }
            return s.length() <= 24 ? s : s.substring(0, 21) + "...";
        }
    }
}
