package io.sfsync.cycle;

import io.sfsync.salesforce.ErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean ({@code steps}) through which routes drive any {@link SyncStep}: the paging route hands it pages, the
 * step routes complete their step with it, and the one step error policy ({@code routes/errors/step-errors.camel.yaml})
 * fails whichever step was running.
 */
public final class Steps {

    private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

    public void applyPage(SyncStep step, InputStream body, String limitInfo) throws IOException, SQLException {
        step.applyPage(body, limitInfo);
    }

    public void complete(SyncStep step) throws IOException, SQLException {
        step.complete();
        step.finished = true;
    }

    /**
     * Closes the running step as failed. With no step, its start failed: the step's bean has already closed its row
     * in the status log (Failed), and only the log line is left to write.
     */
    public void fail(SyncStep step, Exception cause, String routeId, String object) throws SQLException {
        if (step == null) {
            LOG.error("{} {} could not start: {}", object, routeId, ErrorText.describe(cause));
            return;
        }
        if (step.finished) {
            // the step had completed; what failed came after it
            LOG.error("{} {} failed after {} completed: {}", object, routeId, step.getOperation(), ErrorText.describe(cause));
            return;
        }
        step.finished = true;
        step.fail(cause);
    }
}
