package io.sfsync.salesforce;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Predicate;

/**
 * A route predicate that is true when the failure being handled is Salesforce's answer with one error code, for
 * example {@code INVALID_REPLICATION_DATE}, or with one HTTP status ({@link #httpStatus}, e.g. {@code 304 Not
 * Modified} to a describe sent with {@code If-Modified-Since}). Routes use it by name, as a {@code ref} expression
 * ({@code onWhen: ref: invalidReplicationDate}), so that they tell errors apart by code rather than by message text.
 */
public final class SalesforceErrorCode implements Predicate {

    private final java.util.function.Predicate<Throwable> test;
    private final String text;

    public SalesforceErrorCode(String code) {
        this(failure -> SalesforceErrors.hasCode(failure, code), "Salesforce error code " + code);
    }

    private SalesforceErrorCode(java.util.function.Predicate<Throwable> test, String text) {
        this.test = test;
        this.text = text;
    }

    /** True for Salesforce's answer with HTTP status {@code status} (camel-salesforce reports each outside 2xx as a failure). */
    public static SalesforceErrorCode httpStatus(int status) {
        return new SalesforceErrorCode(failure -> SalesforceErrors.hasStatus(failure, status),
                "Salesforce HTTP status " + status);
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        }
        return test.test(failure);
    }

    @Override
    public String toString() {
        return text;
    }
}
