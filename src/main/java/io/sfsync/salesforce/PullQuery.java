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
        StringBuilder sb = new StringBuilder("SELECT ").append(String.join(", ", fields))
                .append(" FROM ").append(object);
        String watermark = null;
        if (since != null) {
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
        return sb.append(" ORDER BY SystemModstamp ASC, Id ASC").toString();
    }
}
