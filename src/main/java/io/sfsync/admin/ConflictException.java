package io.sfsync.admin;

/** A request the admin HTTP API cannot carry out in the present state (a dead letter no longer New): answered 409. */
public final class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
