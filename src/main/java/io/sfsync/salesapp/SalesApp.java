package io.sfsync.salesapp;

import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.status.StepLog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.main.Main;

/**
 * The sales-app feed (issue #15, requirements A1-A4) as the service wires it: with {@code sfsync.sales-app.enabled}
 * the sales-app database ({@link SalesAppDatabase}), the triggers on person ({@link PersonChanges}) and the steps of
 * {@code routes/salesapp/} ({@link #feed}, {@link #activities}); without it, the triggers are removed and the routes
 * skip the feed ({@code salesApp.enabled} is false). Bound as {@code salesApp}.
 */
public final class SalesApp implements AutoCloseable {

    /** Persons read and written per chunk by the copy (a JDBC batch, one commit in the sales-app database). */
    static final int CHUNK = 10_000;

    private final SalesAppDatabase database;
    private final SalesFeed feed;
    private final SalesActivities activities;

    private SalesApp(SalesAppDatabase database, SalesFeed feed, SalesActivities activities) {
        this.database = database;
        this.feed = feed;
        this.activities = activities;
    }

    /** The feed as configured, for a process that runs cycles. */
    public static SalesApp open(SfsyncSettings settings, DataSource main, StepLog stepLog, BooleanSupplier stopping) {
        Set<SalesActivityType> taskTypes = taskTypes(settings);
        if (!settings.booleanValue("sfsync.sales-app.enabled")) {
            try {
                PersonChanges.remove(main);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot remove the sales-app feed's triggers (salesfeed_person_*) from "
                        + "person: " + e.getMessage(), e);
            }
            return off();
        }
        SalesAppDatabase db = SalesAppDatabase.open(settings);
        try {
            PersonChanges.install(main);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new IllegalStateException("cannot install the sales-app feed's triggers (salesfeed_person_*) on "
                    + "person: " + e.getMessage(), e);
        }
        PersonCopy copy = new PersonCopy(main, db, CHUNK);
        return new SalesApp(db, new SalesFeed(main, stepLog, copy, stopping),
                new SalesActivities(main, db, stepLog, taskTypes, settings.objects().contains("Task"), stopping));
    }

    /** The feed turned off, for the routes to skip it (and for commands that run no cycle). */
    public static SalesApp off() {
        return new SalesApp(null, null, null);
    }

    /** {@code sfsync.sales-app.task-activity-types}, each checked against the sales activity types. */
    static Set<SalesActivityType> taskTypes(SfsyncSettings settings) {
        Set<SalesActivityType> out = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : settings.get("sfsync.sales-app.task-activity-types").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            SalesActivityType.of(name).ifPresentOrElse(out::add, () -> unknown.add(name.strip()));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("configuration key 'sfsync.sales-app.task-activity-types': '"
                    + String.join("', '", unknown) + "' is no sales activity type; the types are: "
                    + String.join(", ", SalesActivityType.labels()));
        }
        return out;
    }

    /** Binds this as {@code salesApp}, the bean of the routes in {@code routes/salesapp/}, whether the feed is on or off. */
    public void bind(Main main) {
        main.bind("salesApp", this);
    }

    /** The feed's step of this cycle (Sales Feed Copy or Sales Feed Updates, see {@link SalesFeed}); none when off. */
    public void feed(String cycleId) throws SQLException {
        if (isEnabled()) {
            feed.run(cycleId);
        }
    }

    /** The cycle's Sales Activities step (see {@link SalesActivities}); none when off. */
    public void activities(String cycleId) throws SQLException {
        if (isEnabled()) {
            activities.run(cycleId);
        }
    }

    /** True when the feed runs ({@code sfsync.sales-app.enabled}): the routes of {@code routes/salesapp/} ask this. */
    public boolean isEnabled() {
        return database != null;
    }

    /** The sales-app database, or null when the feed is off. */
    public SalesAppDatabase database() {
        return database;
    }

    /** The copy's step bean, or null when the feed is off. */
    public SalesFeed feed() {
        return feed;
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }
}
