package io.sfsync.emulator;

/**
 * What the integration user may do with an object or a field (its profile / permission sets), set with
 * {@link EmulatorOrg#setObjectAccess} and {@link EmulatorOrg#setFieldAccess}.
 */
public enum Access {
    /** As the schema allows (default). */
    READ_WRITE,
    /** Readable; writes fail (field: INVALID_FIELD_FOR_INSERT_UPDATE, object: INSUFFICIENT_ACCESS_OR_READONLY). */
    READ_ONLY,
    /** Invisible: missing from describe and records, "No such column" / "not supported" in SOQL. */
    HIDDEN
}
