package io.sfsync.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel health check {@code sfsync-database}: UP when the database hands out a connection that answers within
 * {@link #TIMEOUT_SECONDS} s. Bounded, because the pool waits much longer for a database that is gone, and the
 * container's HEALTHCHECK gives up after 10 s.
 */
public final class DatabaseCheck extends AbstractHealthCheck {

    public static final String ID = "sfsync-database";
    static final int TIMEOUT_SECONDS = 3;

    private final DataSource dataSource;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sfsync-database-check");
        t.setDaemon(true);
        return t;
    });

    public DatabaseCheck(DataSource dataSource) {
        super("sfsync", ID);
        this.dataSource = dataSource;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Future<Boolean> answer = executor.submit(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(TIMEOUT_SECONDS);
            }
        });
        try {
            if (answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                builder.up().message("the database answers");
            } else {
                builder.down().message("the database does not answer: its connection is not valid");
            }
        } catch (TimeoutException e) {
            answer.cancel(true);
            builder.down().message("the database does not answer within " + TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            builder.down().message("the database does not answer: " + (cause instanceof SQLException sql
                    ? firstLine(sql.getMessage()) + " (SQLState " + sql.getSQLState() + ")" : String.valueOf(cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.unknown().message("interrupted");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}
