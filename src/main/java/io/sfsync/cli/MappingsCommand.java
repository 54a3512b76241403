package io.sfsync.cli;

import io.sfsync.app.SfsyncApplication;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sfsync mappings validate}: the mapping files against the local tables and Salesforce's describe. */
@Command(name = "mappings", mixinStandardHelpOptions = true,
        description = "Work with the mapping files (mappings/*.yaml).",
        subcommands = {MappingsCommand.Validate.class})
public final class MappingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Checks every mapping file: its shape, the local table and columns, and each field against",
                "Salesforce's describe metadata (existence, formula or read-only fields marked for push, types).",
                "Prints every problem with file, line and field; exits 0 when all are valid, 2 otherwise.",
                "With the embedded database, run it while the service is stopped."})
    public static final class Validate implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Properties props = config.load();
            props.setProperty("sfsync.cycle.scheduled", "false");
            // The admin HTTP API is not needed; a free port keeps it clear of a running service.
            props.setProperty("camel.server.port", String.valueOf(freePort()));
            try (SfsyncApplication app = SfsyncApplication.create(props).start()) {
                spec.commandLine().getOut().println("Mappings are valid: "
                        + String.join(", ", app.settings().objects()) + " (" + app.settings().mappingsDir() + ")");
            }
            return 0;
        }

        private static int freePort() throws java.io.IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
