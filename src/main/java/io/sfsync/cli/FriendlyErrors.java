package io.sfsync.cli;

import io.sfsync.config.ConfigException;
import io.sfsync.mapping.MappingException;
import picocli.CommandLine;

/** User mistakes (configuration, mapping files) print one clear message, not a stack trace. */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable t = ex;
        while (t != null) {
            if (t instanceof ConfigException || t instanceof MappingException) {
                cmd.getErr().println("sfsync: " + t.getMessage());
                return CONFIG_ERROR;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        cmd.getErr().println("sfsync: " + ex);
        ex.printStackTrace(cmd.getErr());
        return 1;
    }
}
