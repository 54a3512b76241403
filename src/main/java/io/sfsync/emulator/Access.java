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
    HIDDEN,
    /**
     * Objects only: Read, Create and Edit without Delete. Describe says {@code deletable: false}; a delete fails with
     * INSUFFICIENT_ACCESS_OR_READONLY "insufficient access rights on object id".
     */
    NO_DELETE,
    /**
     * Objects only: Read, Create, Edit and Delete without Modify All, for a user above no one in the role hierarchy:
     * it may delete only the records it owns (Public Read/Write sharing lets it edit the others, not delete them).
     * Describe says {@code deletable: true}; deleting a record another user or a queue owns fails with
     * INSUFFICIENT_ACCESS_OR_READONLY. Records without an owner (details of a master) are not affected.
     */
    OWN_RECORDS_DELETE;

    /** True for the levels that only objects have. */
    public boolean objectOnly() {
        return this == NO_DELETE || this == OWN_RECORDS_DELETE;
    }
}
