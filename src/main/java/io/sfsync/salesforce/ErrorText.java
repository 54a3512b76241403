package io.sfsync.salesforce;

import java.net.URI;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * The message a failed step records in the sync-status log: the chain of causes, with camel-salesforce's
 * network failures ("Unexpected error {200:OK} executing {GET:...}") and an exhausted API budget
 * (REQUEST_LIMIT_EXCEEDED) said in words, and how often the call was retried. The one place the step beans (Sync Schema, Pull Updates, Pull Deletes, Pull Conversions, Update FKs)
 * turn an exception into text.
 */
public final class ErrorText {

    private static final String CAMEL_WRAPPER = "Exception occurred during execution on the exchange";
    private static final Pattern REQUEST = Pattern.compile("executing \\{([A-Z]+):([^}]*)}");

    private ErrorText() {
    }

    public static String describe(Throwable e) {
        int retries = -1;
        Throwable t = e;
        if (t instanceof TransientErrors.GaveUp gaveUp && gaveUp.getCause() != null) {
            retries = gaveUp.retries();
            t = gaveUp.getCause();
        }
        StringBuilder sb = new StringBuilder();
        String limit = SalesforceErrors.limitText(t);
        if (limit != null) {
            sb.append(limit);
            t = null;
        }
        for (; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            // Camel's wrapper names only the exchange; the cause below it says what happened
            if (message.startsWith(CAMEL_WRAPPER) && t.getCause() != null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            if (t instanceof SalesforceException sf && TransientErrors.noCompleteAnswer(sf)) {
                sb.append(networkFailure(sf));
                break;
            }
            sb.append(message);
        }
        if (retries >= 0) {
            sb.append(" (after ").append(retries).append(retries == 1 ? " retry)" : " retries)");
        }
        return sb.toString();
    }

    /**
     * Each cause's message once (the first line of it), outermost first: Camel wraps the same message several
     * times, and its "Exception occurred during execution on the exchange" names only the exchange.
     */
    public static String chain(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
            if ((m.startsWith(CAMEL_WRAPPER) && t.getCause() != null) || sb.indexOf(m) >= 0) {
                continue;
            }
            sb.append(sb.length() > 0 ? ": " : "").append(m);
        }
        return sb.toString();
    }

    private static String networkFailure(SalesforceException sf) {
        boolean timedOut = false;
        Throwable root = sf;
        for (Throwable c = sf.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            timedOut |= c instanceof TimeoutException;
            root = c;
        }
        String request = request(sf.getMessage());
        String what = timedOut ? "the call to Salesforce" + (request.isEmpty() ? "" : " (" + request + ")") + " timed out"
                : sf.getStatusCode() > 0 ? "the connection to Salesforce was dropped while reading the response"
                        + (request.isEmpty() ? "" : " to " + request)
                : "the connection to Salesforce failed" + (request.isEmpty() ? "" : " for " + request);
        // Jetty's messages for a closed connection dump its internal state: the exception's name says enough
        String detail = root.getMessage() == null || root.getMessage().length() > 100 ? root.getClass().getSimpleName()
                : root.getMessage();
        return what + " (" + detail + ")";
    }

    /** "GET /services/data/v62.0/query" from camel-salesforce's "executing {GET:https://host/path?query}". */
    private static String request(String message) {
        Matcher m = message == null ? null : REQUEST.matcher(message);
        if (m == null || !m.find()) {
            return "";
        }
        try {
            return m.group(1) + " " + URI.create(m.group(2)).getRawPath();
        } catch (IllegalArgumentException notAUri) {
            return m.group(1) + " " + m.group(2);
        }
    }
}
