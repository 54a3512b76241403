package io.sfsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.admin.BadParameterException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterJson;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.deadletter.DeadLetterTable;
import io.sfsync.status.CycleLog;
import io.sfsync.status.StepCsv;
import io.sfsync.status.StepFilter;
import io.sfsync.status.StepJson;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepRow;
import io.sfsync.status.StepTable;
import io.sfsync.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints the sync-status log, newest first, filtered and sorted as asked; or one step "
            + "(--step) and the records it failed (--failed-records).",
            "Asks the running service when there is one (the embedded database is then in use), "
                + "else reads the database directly."})
public final class StatusCommand implements Callable<Integer> {

    /** How the answer is printed. */
    enum Format { table, csv, json }

    @Mixin
    ConfigOption config;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "WHEN", description = "Only steps started at or after this ISO date "
            + "(2026-11-30) or date-time (2026-11-30T08:00, 2026-11-30T08:00:00Z); without an offset in the local time zone.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "Only steps started before this date or date-time.")
    String to;

    @Option(names = "--object", paramLabel = "OBJECTS", description = "Only these objects, e.g. Lead or Lead,Contact.")
    String object;

    @Option(names = "--operation", paramLabel = "OPERATIONS",
            description = "Only these operations, e.g. \"Pull Updates\" or \"Push New,Push Updates\".")
    String operation;

    @Option(names = "--status", paramLabel = "STATUSES", description = "Only these statuses: In Progress, Completed, "
            + "Failed, Incomplete, Rolled back (comma-separated).")
    String status;

    @Option(names = "--sort", paramLabel = "started|finished",
            description = "Sort by start (default) or finish time; running steps count as the newest finished.")
    String sort;

    @Option(names = "--order", paramLabel = "desc|asc", description = "desc: newest first (default); asc: oldest first.")
    String order;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "How many steps (or failed records) to show, 1 to 10000 (default ${DEFAULT-VALUE}).")
    String limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
            description = "Skip the first N (default ${DEFAULT-VALUE}), to page through the log.")
    String offset;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "table (default), json, or csv: every matching row whatever --limit and --offset, "
                    + "as the API's CSV export (cells a spreadsheet would run neutralised).")
    Format format;

    @Option(names = "--step", paramLabel = "ID", description = "Only the step with this id (as the log shows it).")
    Long step;

    @Option(names = "--failed-records", description = "With --step: the records the step failed (its dead letters), "
            + "oldest first; csv with their payload.")
    boolean failedRecords;

    @Option(names = "--cycles", description = "The API budget report instead of the steps: the newest finished cycles "
            + "(--limit), each with the Salesforce API calls it used; the calls of each step are the log's CALLS column.")
    boolean cycles;

    @Override
    public Integer call() throws Exception {
        StepFilter filter;
        try {
            filter = StepFilter.parse(from, to, object, operation, status, sort, order, limit, offset, ZoneId.systemDefault());
        } catch (BadParameterException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        if (failedRecords && step == null) {
            throw new ParameterException(spec.commandLine(), "--failed-records goes with --step ID");
        }
        SfsyncSettings settings = new SfsyncSettings(config.load());
        PrintWriter out = spec.commandLine().getOut();
        if (cycles) {
            String answer = cyclesFromRunningService(settings, filter.limit());
            if (answer == null) {
                answer = cyclesFromDatabase(settings, filter.limit());
            }
            out.print(answer == null ? "No sync has run yet: there is no database under " + settings.dataDir()
                    + " (sfsync.data-dir).\n" : answer);
            out.flush();
            return 0;
        }
        try {
            String answer = fromRunningService(settings, filter);
            if (answer == null) {
                answer = fromDatabase(settings, filter);
            }
            if (answer == null) {
                out.println("No sync has run yet: there is no database under " + settings.dataDir() + " (sfsync.data-dir).");
            } else {
                out.print(answer);
            }
            out.flush();
            return 0;
        } catch (NotFoundException e) {
            spec.commandLine().getErr().println("sfsync: " + e.getMessage());
            return 1;
        }
    }

    /** The cycles' API calls from the running service's API; null when no service answers. */
    private String cyclesFromRunningService(SfsyncSettings settings, int limit) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = ServiceApi.get(ServiceApi.uri(settings, "/api/sync-cycles?limit=" + limit), Duration.ofSeconds(30));
        } catch (ConnectException e) {
            return null;
        }
        if (r.statusCode() != 200) {
            return null;
        }
        if (format == Format.json) {
            return r.body().endsWith("\n") ? r.body() : r.body() + "\n";
        }
        return cycleTable(StepJson.parseCycles(r.body()));
    }

    /** The cycles' API calls from the database itself; null when there is none yet. */
    private String cyclesFromDatabase(SfsyncSettings settings, int limit) throws Exception {
        if (!Database.exists(settings)) {
            return null;
        }
        try (Database db = Database.connect(settings)) {
            List<CycleLog.CycleRow> rows = new CycleLog(db.dataSource(), null).latest(limit);
            return format == Format.json ? StepJson.write(rows) + "\n" : cycleTable(rows);
        }
    }

    private static String cycleTable(List<CycleLog.CycleRow> rows) {
        if (rows.isEmpty()) {
            return "No finished cycle recorded yet.\n";
        }
        StringBuilder sb = new StringBuilder(String.format("%-19s  %-19s  %9s  %10s  %s%n", "STARTED", "FINISHED",
                "API CALLS", "READ AHEAD", "INSTANCE"));
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (CycleLog.CycleRow r : rows) {
            sb.append(String.format("%-19s  %-19s  %9d  %10d  %s%n",
                    time.format(r.startedAt().atZoneSameInstant(ZoneId.systemDefault())),
                    time.format(r.finishedAt().atZoneSameInstant(ZoneId.systemDefault())), r.apiCalls(),
                    r.readAheadCalls(), r.instance() == null ? "-" : r.instance()));
        }
        return sb.toString();
    }

    /** The printed answer from the running service's API; null when no service answers. */
    private String fromRunningService(SfsyncSettings settings, StepFilter filter) throws IOException, InterruptedException {
        String path;
        if (step == null) {
            path = (format == Format.csv ? "/api/sync-steps/export" : "/api/sync-steps") + query(filter);
        } else if (!failedRecords) {
            path = "/api/sync-steps/" + step;
        } else {
            path = "/api/sync-steps/" + step + "/failed-records" + (format == Format.csv ? "/export"
                    : "?limit=" + filter.limit() + "&offset=" + filter.offset());
        }
        HttpResponse<String> r;
        try {
            r = ServiceApi.get(ServiceApi.uri(settings, path), Duration.ofSeconds(30));
        } catch (ConnectException e) {
            return null;
        }
        if (r.statusCode() == 404 && step != null) {
            throw new NotFoundException(errorOf(r.body()));
        }
        if (r.statusCode() != 200) {
            return null;
        }
        if (format == Format.csv || format == Format.json) {
            return format == Format.json && !r.body().endsWith("\n") ? r.body() + "\n" : r.body();
        }
        if (failedRecords) {
            return records(DeadLetterJson.parseList(r.body()));
        }
        return table(step == null ? StepJson.parse(r.body()) : StepJson.parse("[" + r.body() + "]"));
    }

    /** The printed answer from the database itself; null when there is none yet. */
    private String fromDatabase(SfsyncSettings settings, StepFilter filter) throws Exception {
        if (!Database.exists(settings)) {
            return null;
        }
        try (Database db = Database.connect(settings)) {
            StepLog log = new StepLog(db.dataSource());
            DeadLetterStore letters = new DeadLetterStore(db.dataSource());
            StringWriter text = new StringWriter();
            if (step != null && log.get(step).isEmpty()) {
                throw new NotFoundException("there is no step " + step + " in the status log (sync_step); it may be "
                        + "older than the retention (sfsync.status.retention-days)");
            }
            if (failedRecords) {
                if (format == Format.csv) {
                    new StepCsv(log, letters).failedRecords(step, text);
                    return text.toString();
                }
                List<DeadLetter> page = letters.ofStep(step, filter.limit(), filter.offset());
                List<DeadLetter> listed = page.stream().map(DeadLetter::withoutPayload).toList();
                return format == Format.json ? StepJson.write(listed) + "\n" : records(listed);
            }
            List<StepRow> rows = step != null ? List.of(log.get(step).orElseThrow())
                    : format == Format.csv ? log.find(filter.unpaged()) : log.find(filter);
            switch (format) {
                case csv -> StepCsv.steps(rows, text);
                case json -> text.write((step != null ? StepJson.write(rows.get(0)) : StepJson.write(rows)) + "\n");
                default -> text.write(table(rows));
            }
            return text.toString();
        }
    }

    private String table(List<StepRow> rows) {
        boolean filtered = from != null || to != null || object != null || operation != null || status != null;
        return rows.isEmpty() && filtered ? "No steps match these filters.\n" : StepTable.render(rows);
    }

    private static String records(List<DeadLetter> letters) {
        return letters.isEmpty() ? "The step failed no records.\n" : DeadLetterTable.render(letters);
    }

    private String query(StepFilter filter) {
        List<String> q = new ArrayList<>();
        add(q, "from", from);
        add(q, "to", to);
        add(q, "object", object);
        add(q, "operation", operation);
        add(q, "status", status);
        add(q, "sort", sort);
        add(q, "order", order);
        if (format != Format.csv) {
            q.add("limit=" + filter.limit());
            q.add("offset=" + filter.offset());
        }
        return q.isEmpty() ? "" : "?" + String.join("&", q);
    }

    private static void add(List<String> q, String name, String value) {
        if (value != null && !value.isBlank()) {
            q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String errorOf(String body) {
        try {
            return new ObjectMapper().readTree(body).path("error").asText(body);
        } catch (IOException notJson) {
            return body;
        }
    }
}
