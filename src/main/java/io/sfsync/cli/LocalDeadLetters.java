package io.sfsync.cli;

import io.sfsync.app.SfsyncApplication;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.DeadLetterFilter;
import io.sfsync.deadletter.DeadLetterReplay;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.deadletter.ReplayOutcome;
import io.sfsync.store.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;

/**
 * The dead letters in the database itself, when no service runs. Listing, showing and discarding open only the
 * database; a replay also connects to Salesforce with the configured login (the application, without its cycles).
 */
final class LocalDeadLetters implements DeadLetterSource {

    private final String where;
    private final DeadLetterReplay deadLetters;
    private final AutoCloseable resource;

    private LocalDeadLetters(String where, DeadLetterReplay deadLetters, AutoCloseable resource) {
        this.where = where;
        this.deadLetters = deadLetters;
        this.resource = resource;
    }


    /** The database only: for list, show and discard. */
    static LocalDeadLetters database(SfsyncSettings settings) {
        Database db = Database.open(settings);
        return new LocalDeadLetters("the database " + where(settings), new DeadLetterReplay(
                new DeadLetterStore(db.dataSource()), List.of()), db);
    }

    /**
     * The database and Salesforce, for a replay. In demo mode this refuses: the emulator this process would start is
     * a fresh one, with other records than the service's emulator that the dead letters came from.
     */
    static LocalDeadLetters withSalesforce(Properties config) throws Exception {
        SfsyncSettings settings = new SfsyncSettings(config);
        if (settings.salesforceMode() == SfsyncSettings.SalesforceMode.EMULATOR) {
            throw new DemoModeReplayException();
        }
        Properties props = new Properties();
        props.putAll(config);
        props.setProperty("sfsync.cycle.scheduled", "false");
        // The admin HTTP API is not needed; a free port keeps it clear of the service's.
        props.setProperty("camel.server.port", String.valueOf(freePort()));
        SfsyncApplication app = SfsyncApplication.createForChecks(props).start();
        return new LocalDeadLetters("the database " + where(settings) + " and Salesforce at "
                + settings.get("sfsync.salesforce.login-url"), app.deadLetters(), app);
    }

    /** A replay asked for in demo mode while no service runs. */
    static final class DemoModeReplayException extends Exception {
        DemoModeReplayException() {
            super("the service is not running, and without a Salesforce login sfsync is in demo mode: the bundled "
                    + "emulator a new process starts holds other demo records than the one the dead letters came from, "
                    + "so they are not replayed against it. Start the service ('sfsync run') and replay while it runs, "
                    + "or configure a Salesforce org (docs/configuration.md)");
        }
    }

    @Override
    public List<DeadLetter> list(DeadLetterFilter filter) throws Exception {
        return deadLetters.store().list(filter);
    }

    @Override
    public DeadLetter get(long id) throws Exception {
        return deadLetters.get(id);
    }

    @Override
    public DeadLetter discard(long id) throws Exception {
        return deadLetters.discard(id);
    }

    @Override
    public ReplayOutcome replay(long id) throws Exception {
        return deadLetters.replay(id);
    }

    @Override
    public List<ReplayOutcome> replayAll(DeadLetterFilter filter) throws Exception {
        return deadLetters.replayAll(filter);
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close " + where + ": " + e.getMessage(), e);
        }
    }

    private static String where(SfsyncSettings settings) {
        return settings.get("sfsync.db.url").isEmpty() ? "under " + settings.dataDir() + " (sfsync.data-dir)"
                : "at sfsync.db.url";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
