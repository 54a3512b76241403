package io.sfsync.cli;

import io.sfsync.admin.ConflictException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.deadletter.DeadLetterTable;
import io.sfsync.deadletter.ReplayOutcome;
import io.sfsync.status.StepCsv;
import io.sfsync.status.StepJson;
import io.sfsync.store.Database;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sfsync dead-letters list|show|replay|discard}: the records that could not be synced (D2). */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"Records that could not be synced (the dead-letter store): list, show, replay or discard them.",
            "Asks the running service when there is one (the embedded database is then in use), "
                + "else uses the database directly."},
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.Show.class,
            DeadLettersCommand.Replay.class, DeadLettersCommand.Discard.class})
public final class DeadLettersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The filters list and replay --all-matching share. */
    static final class Filters {

        @Option(names = "--object", paramLabel = "OBJECT", description = "Only this Salesforce object, e.g. Lead.")
        String object;

        @Option(names = "--operation", paramLabel = "OPERATION",
                description = "Only this operation, e.g. \"Pull Updates\".")
        String operation;

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only dead letters created at or after this ISO date (2026-11-30) or date-time "
                        + "(2026-11-30T08:00, 2026-11-30T08:00:00Z); without an offset in the local time zone.")
        String since;

        DeadLetterFilter filter(CommandSpec spec, String status, Integer limit, int defaultLimit) {
            int n = limit == null ? defaultLimit : limit;
            if (n < 1 || n > DeadLetterFilter.MAX_LIMIT) {
                throw new ParameterException(spec.commandLine(), "--limit must be a whole number between 1 and "
                        + DeadLetterFilter.MAX_LIMIT + ", got " + n);
            }
            try {
                return new DeadLetterFilter(blankToNull(object), blankToNull(operation), status,
                        DeadLetterFilter.since(since, ZoneId.systemDefault()), n);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--since " + e.getMessage());
            }
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    /** The running service's API, else the database (null when no sync has run: no embedded database yet). */
    static DeadLetterSource open(ConfigOption config, boolean replays) throws Exception {
        Properties props = config.load();
        SfsyncSettings settings = new SfsyncSettings(props);
        DeadLetterSource service = ServiceDeadLetters.ifRunning(settings);
        if (service != null) {
            return service;
        }
        if (!Database.exists(settings)) {
            return null;
        }
        return replays ? LocalDeadLetters.withSalesforce(props) : LocalDeadLetters.database(settings);
    }

    static String noDatabase(ConfigOption config) {
        return "No sync has run yet: there is no database under " + new SfsyncSettings(config.load()).dataDir()
                + " (sfsync.data-dir).";
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists dead letters, newest first: id, when, object, operation, Salesforce record id, "
                + "error code, status, replay attempts and the message (shortened; 'show ID' has it whole)."})
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Mixin
        Filters filters;

        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", defaultValue = DeadLetter.NEW,
                description = "New (default), Replayed, Discarded or all.")
        String status;

        @Option(names = "--limit", paramLabel = "N",
                description = "How many to show, 1 to 10000 (default " + DeadLetterFilter.DEFAULT_LIMIT + ").")
        Integer limit;

        @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
                description = "Skip the N newest (default ${DEFAULT-VALUE}), to page through them.")
        int offset;

        @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
                description = "table (default), csv (cells a spreadsheet would run neutralised) or json.")
        StatusCommand.Format format;

        @Override
        public Integer call() throws Exception {
            String chosen;
            try {
                chosen = DeadLetterFilter.status(status);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--status " + e.getMessage());
            }
            if (offset < 0) {
                throw new ParameterException(spec.commandLine(), "--offset must be 0 or more, got " + offset);
            }
            DeadLetterFilter paged = filters.filter(spec, chosen, limit, DeadLetterFilter.DEFAULT_LIMIT);
            DeadLetterFilter filter = new DeadLetterFilter(paged.object(), paged.operation(), paged.status(),
                    paged.since(), paged.limit(), offset);
            PrintWriter out = spec.commandLine().getOut();
            try (DeadLetterSource source = open(config, false)) {
                if (source == null) {
                    out.println(noDatabase(config));
                    return 0;
                }
                List<DeadLetter> letters = source.list(filter);
                if (format == StatusCommand.Format.json) {
                    out.println(StepJson.write(letters));
                } else if (format == StatusCommand.Format.csv) {
                    StepCsv.deadLetters(letters, out);
                } else if (letters.isEmpty()) {
                    out.println("No dead letters" + (chosen == null ? "" : " with status " + chosen)
                            + (filter.object() == null && filter.operation() == null && filter.since() == null
                            ? "." : " match these filters."));
                } else {
                    out.print(DeadLetterTable.render(letters));
                }
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints every field of one dead letter and the record it holds (payload) as JSON.")
    static final class Show implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The dead letter's id, as 'list' shows it.")
        long id;

        @Override
        public Integer call() throws Exception {
            try (DeadLetterSource source = open(config, false)) {
                if (source == null) {
                    return refuse(spec, "there is no dead letter " + id + ". " + noDatabase(config));
                }
                spec.commandLine().getOut().print(DeadLetterTable.details(source.get(id)));
                return 0;
            } catch (NotFoundException e) {
                return refuse(spec, e.getMessage());
            }
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Gives a New dead letter up: its status becomes Discarded; it is no longer listed as New "
                    + "and cannot be replayed.")
    static final class Discard implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The dead letter's id, as 'list' shows it.")
        long id;

        @Override
        public Integer call() throws Exception {
            try (DeadLetterSource source = open(config, false)) {
                if (source == null) {
                    return refuse(spec, "there is no dead letter " + id + ". " + noDatabase(config));
                }
                DeadLetter letter = source.discard(id);
                spec.commandLine().getOut().println(letter.label() + ": discarded");
                return 0;
            } catch (NotFoundException | ConflictException e) {
                return refuse(spec, e.getMessage());
            }
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Syncs the record of a New dead letter again, reading its current data (for Pull Updates: "
                + "the record from Salesforce, by its Id), and prints what happened to each.",
                "A success marks the dead letter Replayed; a failure leaves it New, counts the attempt and keeps "
                    + "the error. Exit code 1 when any was not replayed.",
                "Without a running service it connects to Salesforce itself (not in demo mode)."})
    static final class Replay implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Mixin
        Filters filters;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "The dead letter's id, as 'list' shows it.")
        Long id;

        @Option(names = "--all-matching",
                description = "Every New dead letter the filters (--object, --operation, --since) match, oldest first.")
        boolean allMatching;

        @Option(names = "--limit", paramLabel = "N",
                description = "With --all-matching: at most N, 1 to 10000 (default 10000).")
        Integer limit;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !allMatching) {
                throw new ParameterException(spec.commandLine(), "give either a dead letter's ID or --all-matching");
            }
            boolean filtered = filters.object != null || filters.operation != null || filters.since != null
                    || limit != null;
            if (id != null && filtered) {
                throw new ParameterException(spec.commandLine(),
                        "--object, --operation, --since and --limit go with --all-matching, not with an ID");
            }
            DeadLetterFilter filter = allMatching
                    ? filters.filter(spec, DeadLetter.NEW, limit, DeadLetterFilter.MAX_LIMIT) : null;
            PrintWriter out = spec.commandLine().getOut();
            try (DeadLetterSource source = open(config, true)) {
                if (source == null) {
                    if (allMatching) {
                        out.println(noDatabase(config));
                        return 0;
                    }
                    return refuse(spec, "there is no dead letter " + id + ". " + noDatabase(config));
                }
                List<ReplayOutcome> outcomes = allMatching ? source.replayAll(filter) : List.of(source.replay(id));
                for (ReplayOutcome o : outcomes) {
                    out.println(o.text());
                }
                long replayed = outcomes.stream().filter(ReplayOutcome::succeeded).count();
                if (allMatching) {
                    out.println(outcomes.isEmpty() ? "No New dead letter matches." : replayed + " of " + outcomes.size()
                            + " replayed.");
                }
                return replayed == outcomes.size() ? 0 : 1;
            } catch (NotFoundException e) {
                return refuse(spec, e.getMessage());
            } catch (LocalDeadLetters.DemoModeReplayException e) {
                return refuse(spec, e.getMessage());
            }
        }
    }

    private static int refuse(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("sfsync: " + message);
        return FriendlyErrors.FAILED;
    }
}
