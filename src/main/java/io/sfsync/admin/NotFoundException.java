package io.sfsync.admin;

/** What a request to the admin HTTP API names does not exist: answered 404 with the message (admin-api-errors). */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
