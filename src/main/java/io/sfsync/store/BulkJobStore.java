package io.sfsync.store;

import io.sfsync.salesforce.Watermark;
import io.sfsync.store.dialect.SqlDialect;
import io.sfsync.store.dialect.Upsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Where a first pull through a Bulk API query job stands ({@code sync_bulk_job}): the job, the locator of the
 * next results page and the greatest watermark written so far. Saved on the caller's transaction with each page,
 * so a pull that stops midway resumes the job after the last page it wrote.
 */
public final class BulkJobStore {

    /** A job to resume: its id, the next page ({@code null}: the first), the greatest watermark written. */
    public record Position(String jobId, String nextLocator, Watermark max, OffsetDateTime startedAt) {
    }

    /** The job's start ({@code started_at}) is set once, by the insert. */
    private static final Upsert SAVE = new Upsert("sync_bulk_job", List.of("object_name"),
            List.of("job_id", "next_locator", "max_modstamp", "max_id"), Map.of("updated_at", "CURRENT_TIMESTAMP"));

    private BulkJobStore() {
    }

    public static Position read(Connection c, String object) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id, next_locator, max_modstamp, max_id, started_at"
                + " FROM sync_bulk_job WHERE object_name = ?")) {
            ps.setString(1, object);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                OffsetDateTime stamp = rs.getObject(3, OffsetDateTime.class);
                return new Position(rs.getString(1), rs.getString(2),
                        stamp == null ? null : new Watermark(stamp, rs.getString(4)), rs.getObject(5, OffsetDateTime.class));
            }
        }
    }

    /** Records a written page: the job, the locator of the page after it, the greatest watermark so far. */
    public static void save(Connection c, String object, String jobId, String nextLocator, Watermark max)
            throws SQLException {
        SqlDialect.of(c).upsert(SAVE).execute(c, object, jobId, nextLocator, max == null ? null : max.systemModstamp(),
                max == null ? null : max.lastId());
    }

    public static void clear(Connection c, String object) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_bulk_job WHERE object_name = ?")) {
            ps.setString(1, object);
            ps.executeUpdate();
        }
    }
}
