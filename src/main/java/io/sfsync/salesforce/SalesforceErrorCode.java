package io.sfsync.salesforce;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Predicate;

/**
 * A route predicate that is true when the failure being handled is Salesforce's answer with one error code, for
 * example {@code INVALID_REPLICATION_DATE}. Routes use it by name, as a {@code ref} expression
 * ({@code onWhen: ref: invalidReplicationDate}), so that they tell errors apart by code rather than by message text.
 */
public final class SalesforceErrorCode implements Predicate {

    private final String code;

    public SalesforceErrorCode(String code) {
        this.code = code;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        }
        return SalesforceErrors.hasCode(failure, code);
    }

    @Override
    public String toString() {
        return "Salesforce error code " + code;
    }
}
