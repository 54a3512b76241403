package io.sfsync.activity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The person's activity log ({@code person_activity}, migration V17): one row per thing that happened to a local
 * person, for example "Added to SFDC Campaign" seen in a pull (#14) or a sales-app email open (#15). Rows are written
 * on the caller's connection, so an activity commits or rolls back with the change it describes.
 */
public final class ActivityLog {

    /** Who recorded an activity. */
    public enum Source {
        SALESFORCE("salesforce"), SALES_APP("sales-app"), LOCAL("local");

        private final String column;

        Source(String column) {
            this.column = column;
        }

        /** The value stored in {@code person_activity.source}. */
        public String column() {
            return column;
        }
    }

    private static final String INSERT = "INSERT INTO person_activity (person_id, activity_type, source, occurred_at, "
            + "subject_ref, detail) VALUES (?, ?, ?, ?, ?, ?)";

    private ActivityLog() {
    }

    /**
     * Records one activity.
     *
     * @param subjectRef what it is about (a campaign id, ...), or null
     * @param detail     its particulars (free text or JSON, at most 4,000 characters), or null
     */
    public static void record(Connection c, long personId, String type, Source source, Instant occurredAt,
            String subjectRef, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, personId, type, source, occurredAt, subjectRef, detail);
            ps.executeUpdate();
        }
    }

    /** A batch of activities on one statement: add each with {@link Batch#add}, then {@link Batch#run}. */
    public static Batch batch(Connection c) throws SQLException {
        return new Batch(c.prepareStatement(INSERT));
    }

    private static void bind(PreparedStatement ps, long personId, String type, Source source, Instant occurredAt,
            String subjectRef, String detail) throws SQLException {
        ps.setLong(1, personId);
        ps.setString(2, Objects.requireNonNull(type, "type"));
        ps.setString(3, source.column());
        ps.setObject(4, OffsetDateTime.ofInstant(Objects.requireNonNull(occurredAt, "occurredAt"), ZoneOffset.UTC));
        ps.setString(5, subjectRef);
        ps.setString(6, detail);
    }

    /** Activities written together; closes its statement. */
    public static final class Batch implements AutoCloseable {
        private final PreparedStatement ps;
        private int size;

        private Batch(PreparedStatement ps) {
            this.ps = ps;
        }

        public void add(long personId, String type, Source source, Instant occurredAt, String subjectRef,
                String detail) throws SQLException {
            bind(ps, personId, type, source, occurredAt, subjectRef, detail);
            ps.addBatch();
            size++;
        }

        /** Writes what was added; returns how many rows. */
        public int run() throws SQLException {
            if (size == 0) {
                return 0;
            }
            ps.executeBatch();
            int n = size;
            size = 0;
            return n;
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }
}
