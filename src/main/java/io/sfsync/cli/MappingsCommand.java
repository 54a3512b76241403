package io.sfsync.cli;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.mapping.MappingException;
import java.io.PrintWriter;
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
                "Also warns (\"warning: ...\") where some Salesforce values will not fit the column: a text",
                "column shorter than the field's length, a NOT NULL column for a field that can be empty.",
                "Such records would go to the dead-letter store; warnings alone do not change the exit code.",
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
            SfsyncApplication app = SfsyncApplication.createForChecks(props);
            try {
                app.start();
            } catch (MappingException e) {
                printWarnings(app, spec.commandLine().getErr());
                throw e;
            }
            try (app) {
                PrintWriter out = spec.commandLine().getOut();
                printWarnings(app, out);
                out.println("Mappings are valid: " + String.join(", ", app.settings().objects()) + " ("
                        + app.settings().mappingsDir() + ")" + (app.mappingWarnings().isEmpty() ? ""
                        : ", with " + app.mappingWarnings().size() + " warning(s)"));
            }
            return 0;
        }

        private static void printWarnings(SfsyncApplication app, PrintWriter out) {
            for (String w : app.mappingWarnings()) {
                out.println("warning: " + w);
            }
        }

        private static int freePort() throws java.io.IOException {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
