package io.sfsync.salesforce;

import java.util.List;

/**
 * The SOQL of a Pull Updates step: the mapped fields of records changed after the watermark,
 * ordered so that the watermark can advance page by page. Ties on SystemModstamp are broken
 * by Id, so records sharing a timestamp across a page boundary or a restart are neither
 * missed nor read twice.
 */
public final class PullQuery {

    private PullQuery() {
    }

    public static String build(String object, List<String> fields, String extraWhere, Watermark since) {
        return select(String.join(", ", fields), object, extraWhere, since) + " ORDER BY SystemModstamp ASC, Id ASC";
    }

    /** How many records a first pull would read: {@code SELECT COUNT() ...} with the mapping's condition. */
    public static String count(String object, String extraWhere) {
        return select("COUNT()", object, extraWhere, null);
    }

    /**
     * A first pull through a Bulk API 2.0 query job: the same records without ORDER BY (a bulk
     * job returns them in no promised order; the watermark is their maximum, saved at the end).
     */
    public static String bulk(String object, List<String> fields, String extraWhere) {
        return select(String.join(", ", fields), object, extraWhere, null);
    }

    /**
     * One record by its Id, with the mapping's fields and condition: what the replay of a pulled dead letter reads
     * again (the watermark has moved past the record). A record the condition no longer matches is not read.
     */
    public static String byId(String object, List<String> fields, String extraWhere, String id) {
        boolean hasExtra = extraWhere != null && !extraWhere.isBlank();
        return "SELECT " + String.join(", ", fields) + " FROM " + object + " WHERE Id = " + Soql.quote(id)
                + (hasExtra ? " AND (" + extraWhere.trim() + ")" : "");
    }

    private static String select(String what, String object, String extraWhere, Watermark since) {
        StringBuilder sb = new StringBuilder("SELECT ").append(what).append(" FROM ").append(object);
        String watermark = null;
        if (since != null && since.lastId().isEmpty()) {
            // a position that is a time only (the start of a first pull's window): every record from it on
            watermark = "SystemModstamp >= " + Soql.datetime(since.systemModstamp());
        } else if (since != null) {
            String ts = Soql.datetime(since.systemModstamp());
            watermark = "(SystemModstamp > " + ts + " OR (SystemModstamp = " + ts + " AND Id > " + Soql.quote(since.lastId()) + "))";
        }
        boolean hasExtra = extraWhere != null && !extraWhere.isBlank();
        if (watermark != null || hasExtra) {
            sb.append(" WHERE ");
            if (watermark != null && hasExtra) {
                sb.append(watermark).append(" AND (").append(extraWhere.trim()).append(')');
            } else {
                sb.append(watermark != null ? watermark : extraWhere.trim());
            }
        }
        return sb.toString();
    }
}
