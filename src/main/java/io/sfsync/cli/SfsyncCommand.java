package io.sfsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar sfsync.jar [run|status|dead-letters|emulator|health] ...}; without a command it runs the service. */
@Command(name = "sfsync",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Keeps a local marketing database and a Salesforce org in step.",
            "",
            "Without a command, sfsync runs the service (same as 'run')."},
        subcommands = {RunCommand.class, StatusCommand.class, DeadLettersCommand.class, ConflictsCommand.class, SyncNowCommand.class, ProgramsCommand.class, MappingsCommand.class, EmulatorCommand.class, HealthCommand.class, AdminCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Configuration: built-in defaults, then --config FILE (before or after the command),",
            "then SFSYNC_* environment variables (sfsync.cycle.cron is SFSYNC_CYCLE_CRON; an unknown SFSYNC_*",
            "variable is an error). Every key: docs/configuration.md.",
            "Logging: --debug (any command) or SFSYNC_LOG_LEVEL=debug logs sfsync's details and prints stack traces."})
public final class SfsyncCommand implements Callable<Integer> {

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Before any logger exists: slf4j-simple reads a logger's level when the logger is created. */
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Log sfsync's details and print the stack trace of a failure.")
    void debug(boolean on) {
        if (on) {
            System.setProperty(SFSYNC_LOG_LEVEL_PROPERTY, "debug");
        }
    }

    private static final String SFSYNC_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.io.sfsync";

    @Override
    public Integer call() throws Exception {
        // 'run' reads this command's --config itself (ConfigOption looks at the enclosing command).
        return spec.commandLine().getSubcommands().get("run").execute();
    }

    public static void main(String[] args) {
        String level = System.getenv("SFSYNC_LOG_LEVEL");
        if (level != null && !level.isBlank()) {
            System.setProperty(SFSYNC_LOG_LEVEL_PROPERTY, level.trim().toLowerCase(java.util.Locale.ROOT));
        }
        CommandLine cl = commandLine();
        int exit = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(exit);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SfsyncCommand());
        cl.setExecutionExceptionHandler(new FriendlyErrors());
        cl.setExecutionStrategy(SfsyncCommand::refuseUnreadConfig);
        return cl;
    }

    /** {@code sfsync --config FILE emulator ...}: a command that reads no configuration must not seem to take FILE. */
    private static int refuseUnreadConfig(CommandLine.ParseResult root) {
        Integer help = CommandLine.executeHelpRequest(root);
        if (help != null) {
            return help;
        }
        CommandLine.ParseResult leaf = root;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        boolean readsConfig = leaf == root || leaf.commandSpec().userObject() instanceof CommandLine.HelpCommand
                || leaf.commandSpec().mixins().values().stream().anyMatch(m -> m.userObject() instanceof ConfigOption);
        if (root.hasMatchedOption("--config") && !readsConfig) {
            throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), "'" + leaf.commandSpec().qualifiedName()
                    + "' reads no configuration file; --config applies to run, status, dead-letters, conflicts, sync-now, mappings validate and health");
        }
        return new CommandLine.RunLast().execute(root);
    }
}
