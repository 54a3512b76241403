package io.sfsync.salesforce;

/**
 * Salesforce cannot be used now (no answer at the login URL, API budget used up, outage); not a
 * configuration mistake. The message says what and what to check; the cause is kept for debugging.
 */
public class SalesforceUnavailableException extends RuntimeException {
    public SalesforceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
