package io.sfsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;

/** The one row of {@code sync_org}: which Salesforce org this database belongs to. */
public final class OrgIdentityStore {

    /** An org recorded by {@link #recordIfAbsent}. */
    public record RecordedOrg(String orgId, String description, OffsetDateTime recordedAt) {
    }

    private final DataSource dataSource;

    public OrgIdentityStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<RecordedOrg> recorded() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT org_id, description, recorded_at FROM sync_org WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new RecordedOrg(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                    : Optional.empty();
        }
    }

    /** Records the org unless one is recorded already; returns the org the database belongs to. */
    public RecordedOrg recordIfAbsent(String orgId, String description) throws SQLException {
        Optional<RecordedOrg> existing = recorded();
        if (existing.isPresent()) {
            return existing.get();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sync_org (id, org_id, description) VALUES (1, ?, ?)")) {
            ps.setString(1, orgId);
            ps.setString(2, description.length() > 500 ? description.substring(0, 500) : description);
            ps.executeUpdate();
        } catch (SQLException e) {
            // Another process recorded its org between our read and our insert: that one counts.
            return recorded().orElseThrow(() -> e);
        }
        return recorded().orElseThrow();
    }
}
