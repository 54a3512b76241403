package io.sfsync.salesforce;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Predicate;
import org.apache.camel.component.salesforce.api.SalesforceException;

/**
 * A route predicate that is true when the failure being handled is Salesforce's answer with one HTTP status, for
 * example {@code 304 Not Modified} to a describe sent with {@code If-Modified-Since} (camel-salesforce reports every
 * status outside 2xx as a {@link SalesforceException}). Routes use it by name, as {@link SalesforceErrorCode}.
 */
public final class SalesforceHttpStatus implements Predicate {

    private final int status;

    public SalesforceHttpStatus(int status) {
        this.status = status;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException s && s.getStatusCode() == status) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Salesforce HTTP status " + status;
    }
}
