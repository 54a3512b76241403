package io.sfsync.cli;

import io.sfsync.config.ConfigException;
import io.sfsync.mapping.MappingException;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.SalesforceUnavailableException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Failures print one message naming the cause and what to do, not a stack trace: exit 2 for
 * configuration, mapping and route mistakes, 1 otherwise (Salesforce unavailable, anything
 * unexpected). The stack trace follows only with --debug (or SFSYNC_LOG_LEVEL=debug).
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

    static final int CONFIG_ERROR = 2;
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable t = ex;
        while (t != null) {
            if (t instanceof ConfigException || t instanceof MappingException) {
                return report(cmd, t.getMessage(), ex, CONFIG_ERROR);
            }
            if (t instanceof SalesforceUnavailableException) {
                return report(cmd, t.getMessage(), ex, FAILED);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return report(cmd, ErrorText.chain(ex), ex, FAILED);
    }

    private static int report(CommandLine cmd, String message, Exception ex, int exit) {
        cmd.getErr().println("sfsync: " + message);
        // Looked up here, not in a static field: --debug sets the level while the command line is parsed.
        if (LoggerFactory.getLogger(FriendlyErrors.class).isDebugEnabled()) {
            ex.printStackTrace(cmd.getErr());
        } else if (exit == FAILED) {
            cmd.getErr().println("sfsync: (the stack trace: run again with --debug, or set SFSYNC_LOG_LEVEL=debug)");
        }
        cmd.getErr().flush();
        return exit;
    }
}
