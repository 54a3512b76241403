package io.sfsync.salesforce;

import java.time.OffsetDateTime;

/** The position of a pull: the last (SystemModstamp, Id) read and committed. */
public record Watermark(OffsetDateTime systemModstamp, String lastId) {

    /** Salesforce ordering: by timestamp, then by Id. */
    public boolean isAfter(Watermark other) {
        if (other == null) {
            return true;
        }
        int c = systemModstamp.compareTo(other.systemModstamp);
        return c > 0 || (c == 0 && lastId.compareTo(other.lastId) > 0);
    }
}
