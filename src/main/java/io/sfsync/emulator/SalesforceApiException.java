package io.sfsync.emulator;

import java.util.List;

/**
 * A Salesforce REST error: HTTP status plus one {@code {"message","errorCode","fields"}} entry.
 * Thrown by the in-process API as well (tests can assert on {@link #errorCode()}).
 */
public final class SalesforceApiException extends RuntimeException {

    private final int httpStatus;
    private final String errorCode;
    private final List<String> fields;

    public SalesforceApiException(int httpStatus, String errorCode, String message, List<String> fields) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public SalesforceApiException(int httpStatus, String errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Field names reported with the error (may be empty). */
    public List<String> fields() {
        return fields;
    }

    public static SalesforceApiException notFound() {
        return new SalesforceApiException(404, "NOT_FOUND", "The requested resource does not exist");
    }

    @Override
    public String toString() {
        return "SalesforceApiException[" + httpStatus + " " + errorCode + ": " + getMessage() + " " + fields + "]";
    }
}
