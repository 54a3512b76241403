package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * Which failures of a Salesforce call are worth repeating: the bean ({@code transientErrors}) the step error
 * policies (routes/errors/*.camel.yaml) ask before they redeliver the failing {@code salesforce:} call.
 * <p>
 * Transient: HTTP 502 / 503 / 504, the error codes {@code UNABLE_TO_LOCK_ROW} and {@code SERVER_UNAVAILABLE},
 * and a call that got no complete answer (the connection dropped, refused or timed out). Everything else is not:
 * a rejected query ({@code INVALID_FIELD}), a Bulk API job that is gone (404), and every failure that did not come
 * from a Salesforce call (a database error, a mapping problem), which would fail the same way again.
 */
public final class TransientErrors {

    private static final Set<Integer> STATUSES = Set.of(502, 503, 504);
    private static final Set<String> CODES = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE");

    /** True when repeating the Salesforce call that threw {@code e} may succeed. */
    public boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return false;
            }
            if (t instanceof SalesforceException sf) {
                return isTransient(sf);
            }
        }
        return false;
    }

    private static boolean isTransient(SalesforceException sf) {
        if (STATUSES.contains(sf.getStatusCode())) {
            return true;
        }
        for (String code : CODES) {
            if (SalesforceErrors.hasCode(sf, code)) {
                return true;
            }
        }
        return noCompleteAnswer(sf);
    }

    /**
     * True when camel-salesforce wrapped a network failure: no answer, or one cut off (it then reports
     * "Unexpected error {200:OK}", the status line of the answer that never finished).
     */
    static boolean noCompleteAnswer(SalesforceException sf) {
        for (Throwable c = sf.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TimeoutException || (c instanceof IOException && !(c instanceof JsonProcessingException))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Called after every Salesforce call (the {@code afterUri} of the error policies' {@code interceptSendToEndpoint},
     * which runs after a failed call too): once a call got its answer, the redelivery count Camel keeps in headers
     * of the exchange is cleared. One object's steps share the exchange, so otherwise the next call would start
     * with the retries of an earlier one.
     */
    public void answered(Exchange exchange) {
        if (exchange.getException() == null) {
            exchange.getMessage().removeHeaders("CamelRedeliver*");
        }
    }

    /**
     * The failure a step reports once the retries are spent: {@code cause}, and how often the call was repeated
     * ({@code CamelRedeliveryCounter}), which {@link ErrorText#describe} adds to the step's message.
     */
    public GaveUp gaveUp(Throwable cause, Integer retries) {
        return new GaveUp(cause, retries == null ? 0 : retries);
    }

    /** A transient failure that persisted through every retry. */
    public static final class GaveUp extends Exception {
        private final int retries;

        GaveUp(Throwable cause, int retries) {
            super("gave up after " + retries + " retries", cause);
            this.retries = retries;
        }

        public int retries() {
            return retries;
        }
    }
}
