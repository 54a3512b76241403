package io.sfsync.salesforce;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * What went wrong with Salesforce, in words an operator can act on: the cause, the key to check,
 * instead of camel-salesforce's exception chains ("Exception occurred during execution on the
 * exchange: Exchange[]").
 */
public final class SalesforceErrors {

    public static final String LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

    private SalesforceErrors() {
    }

    /** True when Salesforce answered {@code e}, or one of its causes, with the HTTP status {@code status}. */
    public static boolean hasStatus(Throwable e, int status) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException s && s.getStatusCode() == status) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when Salesforce answered {@code e}, or one of its causes, with the error code {@code code}
     * ({@code SalesforceException.getErrors()}). camel-salesforce's {@code raw} operation does not parse the error
     * body; its message carries the body's JSON, in which the code is looked up as an {@code "errorCode"} value.
     */
    public static boolean hasCode(Throwable e, String code) {
        String quoted = "\"errorCode\":\"" + code + "\"";
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException s) {
                if (error(s, code) != null) {
                    return true;
                }
                if ((s.getErrors() == null || s.getErrors().isEmpty()) && s.getMessage() != null && s.getMessage().replace(" ", "").contains(quoted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The API budget in plain words when {@code e} is Salesforce's REQUEST_LIMIT_EXCEEDED, else null. */
    static String limitText(Throwable e) {
        RestError limit = error(e, LIMIT_EXCEEDED);
        return limit != null || ErrorText.chain(e).contains(LIMIT_EXCEEDED) ? limitMessage(limit) : null;
    }

    /**
     * The start-up connection to Salesforce failed: a {@link LoginRefusedException} (a configuration mistake) when Salesforce refused the
     * login (the credentials are wrong), else a {@link SalesforceUnavailableException} (the login URL does
     * not answer, the API budget is used up, Salesforce has an outage).
     */
    public static RuntimeException atConnect(Throwable e, String loginUrl, String username) {
        RuntimeException unavailable = unavailable(e, loginUrl, username);
        return unavailable != null ? unavailable
                : new SalesforceUnavailableException("cannot connect to Salesforce at " + loginUrl + ": " + ErrorText.chain(e), e);
    }

    /**
     * As {@link #atConnect}, for a call after the login (such as a describe): null when the failure is
     * not about reaching Salesforce (a 4xx answer about the request itself).
     */
    public static RuntimeException unavailable(Throwable e, String loginUrl, String username) {
        Throwable network = networkCause(e);
        if (network != null) {
            return new SalesforceUnavailableException("Salesforce does not answer at " + loginUrl + " ("
                    + networkText(network) + "); check sfsync.salesforce.login-url and the network (proxy, firewall)", e);
        }
        RestError limit = error(e, LIMIT_EXCEEDED);
        if (limit != null || ErrorText.chain(e).contains(LIMIT_EXCEEDED)) {
            return new SalesforceUnavailableException(limitMessage(limit), e);
        }
        SalesforceException login = loginRefusal(e);
        if (login != null) {
            RestError first = login.getErrors() == null || login.getErrors().isEmpty() ? null : login.getErrors().get(0);
            String code = first == null ? "HTTP " + login.getStatusCode() : first.getErrorCode();
            String reason = first == null ? login.getMessage() : loginDescription(first.getMessage());
            String check = code.toLowerCase(Locale.ROOT).startsWith("invalid_client")
                    ? "check sfsync.salesforce.client-id and sfsync.salesforce.client-secret (the connected app's consumer key and secret)"
                    : "check sfsync.salesforce.username and sfsync.salesforce.password (the password followed by the security token)";
            return new LoginRefusedException("Salesforce refused the login for user '" + username + "' at " + loginUrl + ": "
                    + code + (reason.isEmpty() ? "" : " (" + reason + ")") + "; " + check);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException s && s.getStatusCode() >= 500) {
                return new SalesforceUnavailableException("Salesforce at " + loginUrl + " answers with an error (HTTP "
                        + s.getStatusCode() + "): " + ErrorText.chain(e), e);
            }
        }
        return null;
    }

    private static String limitMessage(RestError limit) {
        return "Salesforce's API request limit is used up (" + LIMIT_EXCEEDED
                + (limit != null && limit.getMessage() != null ? ": " + limit.getMessage() : "")
                + "): the org's rolling 24-hour API budget is exhausted; sfsync tries again at the next cycle "
                + "(to leave room for other integrations, lower sfsync.salesforce.budget.max-share)";
    }

    /** "Login error code:[invalid_grant] description:[authentication failure]" is Salesforce's; keep the description. */
    private static String loginDescription(String message) {
        if (message == null) {
            return "";
        }
        int at = message.indexOf("description:[");
        if (at >= 0 && message.endsWith("]")) {
            return message.substring(at + "description:[".length(), message.length() - 1);
        }
        return message;
    }

    /** The OAuth token endpoint answers 400 with invalid_grant, invalid_client, ... */
    private static SalesforceException loginRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException s && (s.getStatusCode() == 400 || s.getStatusCode() == 401)
                    && s.getErrors() != null) {
                for (RestError r : s.getErrors()) {
                    String code = r.getErrorCode() == null ? "" : r.getErrorCode().toLowerCase(Locale.ROOT);
                    if (code.startsWith("invalid_") || code.equals("unsupported_grant_type")
                            || code.equals("inactive_user") || code.equals("inactive_org")) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    private static RestError error(Throwable e, String code) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException s && s.getErrors() != null) {
                for (RestError r : s.getErrors()) {
                    if (code.equals(r.getErrorCode())) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof TimeoutException || t instanceof SSLException
                    || t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException) {
                return t;
            }
        }
        return null;
    }

    private static String networkText(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
            return "no answer in time" + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
