package io.sfsync.campaign;

import io.sfsync.activity.ActivityLog;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Program ↔ campaign sync (issue #14), the work of the status-log steps "Sync With Program" and "Entry Link to Program".
 * Both compare states, so a change waits, and is not lost, while campaign sync is off (C8):
 * <ul>
 * <li><b>Sync With Program</b> (local → Salesforce, before the object's push steps): for each program linked to a
 * campaign with campaign sync on, its channel and summed period cost go into the local campaign row (Type, ActualCost:
 * C2), and its members into the campaign's member rows (C3): a member whose status differs from the one last synced
 * ({@code synced_status}), or who has no member row, gets its mapped campaign status; a member row of the campaign whose
 * person is no longer in the program is deleted. These are local changes like any other: change capture logs them and
 * the push steps of Campaign and CampaignMember send them (a person not in Salesforce yet is created as a Lead by Push
 * New of Lead first, C4).</li>
 * <li><b>Entry Link to Program</b> (Salesforce → local, after CampaignMember's pull steps): a member the pull added,
 * moved to another status, or removed (tombstoned) since the step last took account of it ({@code entry_status},
 * {@code entry_removed}) is an activity of its person (C6) and, for a linked campaign, a change of the program's member
 * (its status read back through the program's status mapping). Changes made locally are not activities: rows created
 * locally, and status changes that change capture logged since the step's last run, are taken as they are.</li>
 * </ul>
 * Plain JDBC on the caller's transaction; no Camel.
 */
public final class ProgramSync {

    public static final String ADDED = "Added to SFDC Campaign";
    public static final String REMOVED = "Removed from SFDC Campaign";
    public static final String STATUS_CHANGED = "Status changed in SFDC Campaign";
    /** The sync_marker row holding when Entry Link to Program last began (its first run takes members as they are). */
    static final String MARKER = "entry-link-to-program";
    private static final String ARROW = " \u2192 ";

    /** What a step did: its counts and, once each, why records were skipped. */
    public static final class Counts {
        public int created;
        public int updated;
        public int deleted;
        public int skipped;
        public final Set<String> notes = new LinkedHashSet<>();

        void skip(String why) {
            skipped++;
            notes.add(why);
        }
    }

    private ProgramSync() {
    }

    /** The programs whose campaign sync runs: linked, and switched on. */
    static List<Programs.Program> syncing(Connection c) throws SQLException {
        return Programs.all(c).stream().filter(p -> p.campaignId() != null && p.campaignSync()).toList();
    }

    /** Sync With Program for Campaign: channel → Type, summed period cost → ActualCost (C2). */
    public static Counts syncCampaigns(Connection c) throws SQLException {
        Counts out = new Counts();
        for (Programs.Program p : syncing(c)) {
            BigDecimal cost = Programs.totalCost(c, p.id());
            String type = null;
            BigDecimal actual = null;
            boolean found = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT campaign_type, actual_cost FROM campaign WHERE sfdc_id = ? "
                    + "AND sf_deleted_at IS NULL")) {
                ps.setString(1, p.campaignId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found = true;
                        type = rs.getString(1);
                        actual = rs.getBigDecimal(2);
                    }
                }
            }
            if (!found) {
                out.skip("program '" + p.name() + "': its campaign " + p.campaignId() + " is not here (deleted in "
                        + "Salesforce?); unlink it or link another");
                continue;
            }
            boolean typeDiffers = p.channel() != null && !p.channel().equals(type);
            boolean costDiffers = cost != null && (actual == null || cost.compareTo(actual) != 0);
            if (!typeDiffers && !costDiffers) {
                continue;
            }
            Programs.update(c, "UPDATE campaign SET campaign_type = ?, actual_cost = ?, updated_at = CURRENT_TIMESTAMP "
                    + "WHERE sfdc_id = ?", typeDiffers ? p.channel() : type, costDiffers ? cost : actual, p.campaignId());
            out.updated++;
        }
        return out;
    }

    /** Sync With Program for CampaignMember: the members of every syncing program into its campaign's members (C3). */
    public static Counts syncMembers(Connection c) throws SQLException {
        Counts out = new Counts();
        for (Programs.Program p : syncing(c)) {
            StatusMatch match = Programs.match(c, p, p.campaignId());
            if (!match.problems().isEmpty()) {
                out.skip("program '" + p.name() + "': its statuses no longer match campaign " + p.campaignId() + " ("
                        + String.join("; ", match.problems()) + "); its members wait until the mapping is complete "
                        + "(sfsync programs match '" + p.name() + "')");
                continue;
            }
            removeUnlisted(c, p, out);
            List<long[]> rows = new ArrayList<>();
            List<String[]> texts = new ArrayList<>();
            // the members to send: new, moved since the last sync, or whose member row differs from their mapped status
            try (PreparedStatement ps = c.prepareStatement("SELECT pm.id, pm.person_id, pm.status, pm.synced_status, "
                    + "cm.id, cm.status FROM program_member pm LEFT JOIN program_status s ON s.program_id = pm.program_id "
                    + "AND s.name = pm.status LEFT JOIN campaign_member cm ON cm.sfdc_campaign_id = ? "
                    + "AND cm.person_id = pm.person_id AND cm.sf_deleted_at IS NULL WHERE pm.program_id = ? AND NOT EXISTS "
                    // a removal in Salesforce that Entry Link to Program has not taken account of yet goes first
                    + "(SELECT 1 FROM campaign_member r WHERE r.sfdc_campaign_id = ? AND r.person_id = pm.person_id AND "
                    + "r.sf_deleted_at IS NOT NULL AND r.entry_removed = FALSE AND r.entry_status IS NOT NULL) "
                    + "AND (cm.id IS NULL OR pm.synced_status IS NULL OR pm.synced_status <> pm.status "
                    + "OR s.campaign_status IS NULL OR cm.status IS NULL OR cm.status <> s.campaign_status) ORDER BY pm.id")) {
                ps.setString(1, p.campaignId());
                ps.setLong(2, p.id());
                ps.setString(3, p.campaignId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long cmId = rs.getLong(5);
                        boolean noRow = rs.wasNull();
                        rows.add(new long[] {rs.getLong(1), rs.getLong(2), noRow ? -1 : cmId});
                        texts.add(new String[] {rs.getString(3), rs.getString(4), rs.getString(6)});
                    }
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                long memberId = rows.get(i)[0];
                long personId = rows.get(i)[1];
                long cmId = rows.get(i)[2];
                String status = texts.get(i)[0];
                String mapped = match.campaignStatusOf(status);
                if (mapped == null) {
                    out.skip("program '" + p.name() + "': member status '" + status + "' is not one of the program's "
                            + "statuses (program_member." + memberId + ")");
                    continue;
                }
                if (cmId < 0) {
                    insertMember(c, p, personId, mapped);
                    out.created++;
                } else if (!mapped.equals(texts.get(i)[2])) {
                    Programs.update(c, "UPDATE campaign_member SET status = ?, entry_status = ?, updated_at = "
                            + "CURRENT_TIMESTAMP WHERE id = ?", mapped, mapped, cmId);
                    out.updated++;
                }
                Programs.update(c, "UPDATE program_member SET synced_status = status WHERE id = ? AND (synced_status IS NULL "
                        + "OR synced_status <> status)", memberId);
            }
        }
        return out;
    }

    /** The campaign's members (seen by the sync) whose person is not in the program any more: deleted (pushed as deletes). */
    private static void removeUnlisted(Connection c, Programs.Program p, Counts out) throws SQLException {
        List<Long> gone = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cm.id FROM campaign_member cm WHERE cm.sfdc_campaign_id = ? "
                + "AND cm.sf_deleted_at IS NULL AND cm.entry_status IS NOT NULL AND cm.person_id IS NOT NULL AND NOT EXISTS "
                + "(SELECT 1 FROM program_member pm WHERE pm.program_id = ? AND pm.person_id = cm.person_id)")) {
            ps.setString(1, p.campaignId());
            ps.setLong(2, p.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gone.add(rs.getLong(1));
                }
            }
        }
        for (long id : gone) {
            out.deleted += Programs.update(c, "DELETE FROM campaign_member WHERE id = ?", id);
        }
    }

    /**
     * A new local member row of the campaign: no Salesforce id yet, its person linked (person_id; the push fills its
     * Lead or Contact id), taken account of by Entry Link to Program at once (it is no activity).
     */
    static long insertMember(Connection c, Programs.Program p, long personId, String status) throws SQLException {
        return CampaignMembers.insertRow(c, p.campaignId(), personId, status);
    }

    /**
     * At link time: the campaign's members (those sfsync has seen) become the program's, with their statuses read back
     * through the mapping, and count as synced.
     */
    static void adoptCampaignMembers(Connection c, Programs.Program p, StatusMatch match) throws SQLException {
        List<Object[]> members = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cm.person_id, cm.status FROM campaign_member cm WHERE "
                + "cm.sfdc_campaign_id = ? AND cm.sf_deleted_at IS NULL AND cm.person_id IS NOT NULL")) {
            ps.setString(1, p.campaignId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(new Object[] {rs.getLong(1), rs.getString(2)});
                }
            }
        }
        for (Object[] m : members) {
            String status = match.programStatusOf((String) m[1]);
            if (status != null && !Programs.isMember(c, p, (Long) m[0])) {
                Programs.update(c, "INSERT INTO program_member (program_id, person_id, status, synced_status) "
                        + "VALUES (?, ?, ?, ?)", p.id(), m[0], status, status);
            }
        }
        Programs.update(c, "UPDATE campaign_member SET entry_status = status WHERE sfdc_campaign_id = ? AND "
                + "entry_status IS NULL AND sf_deleted_at IS NULL AND person_id IS NOT NULL", p.campaignId());
    }

    private static Programs.Program linkedTo(Connection c, String campaign) {
        try {
            return Programs.linkedTo(c, campaign);
        } catch (SQLException e) {
            throw new UncheckedSQLException(e);
        }
    }

    private static StatusMatch match(Connection c, Programs.Program p, String campaign) {
        try {
            return Programs.match(c, p, campaign);
        } catch (SQLException e) {
            throw new UncheckedSQLException(e);
        }
    }

    /** A database error inside a lookup of the run's caches; unwrapped by {@link #linkEntries}. */
    private static final class UncheckedSQLException extends RuntimeException {
        UncheckedSQLException(SQLException cause) {
            super(cause);
        }
    }

    /** Entry Link to Program: membership changes the pull brought, as activities and program members (C3, C6). */
    public static Counts linkEntries(Connection c) throws SQLException {
        try {
            return linkEntriesOf(c);
        } catch (UncheckedSQLException e) {
            throw (SQLException) e.getCause();
        }
    }

    private static Counts linkEntriesOf(Connection c) throws SQLException {
        Counts out = new Counts();
        Timestamp began;
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP FROM (VALUES (0)) AS t(x)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            began = rs.getTimestamp(1);
        }
        Timestamp lastRun = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT marked_at FROM sync_marker WHERE marker_name = ?")) {
            ps.setString(1, MARKER);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    lastRun = rs.getTimestamp(1);
                }
            }
        }
        if (lastRun == null) {
            int n = Programs.update(c, "UPDATE campaign_member SET entry_status = status, entry_removed = "
                    + "CASE WHEN sf_deleted_at IS NULL THEN FALSE ELSE TRUE END WHERE entry_status IS NULL");
            if (n > 0) {
                out.notes.add("first run: " + n + " campaign member(s) taken as they are, without activities");
            }
            Programs.update(c, "INSERT INTO sync_marker (marker_name, marked_at) VALUES (?, ?)", MARKER, began);
            return out;
        }
        String notOff = " AND NOT EXISTS (SELECT 1 FROM program p WHERE p.sfdc_campaign_id = cm.sfdc_campaign_id AND "
                + "p.campaign_sync = FALSE)";
        // rows created locally are no news from Salesforce
        Programs.update(c, "UPDATE campaign_member SET entry_status = status WHERE entry_status IS NULL AND "
                + "sf_deleted_at IS NULL AND (sfdc_id IS NULL OR EXISTS (SELECT 1 FROM sync_change ch WHERE "
                + "ch.table_name = 'campaign_member' AND ch.row_id = campaign_member.id AND ch.change_type = 'I'))");
        // nor status changes made locally since the last run (change capture logged them)
        Programs.update(c, "UPDATE campaign_member SET entry_status = status WHERE entry_status IS NOT NULL AND "
                + "sf_deleted_at IS NULL AND status <> entry_status AND EXISTS (SELECT 1 FROM sync_change ch WHERE "
                + "ch.table_name = 'campaign_member' AND ch.row_id = campaign_member.id AND ch.changed_columns LIKE "
                + "'%,status,%' AND (ch.status = 'Open' OR ch.closed_at >= ?))", lastRun);
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cm.id, cm.sfdc_campaign_id, cm.status, cm.entry_status, "
                + "CASE WHEN cm.sf_deleted_at IS NULL THEN 0 ELSE 1 END, COALESCE(cm.person_id, (SELECT MIN(p.id) FROM "
                + "person p WHERE p.sfdc_contact_id = cm.sfdc_contact_id), (SELECT MIN(p.id) FROM person p WHERE "
                + "p.sfdc_lead_id = cm.sfdc_lead_id)), cm.sfdc_id FROM campaign_member cm WHERE ((cm.entry_status IS NULL "
                + "AND cm.sf_deleted_at IS NULL) OR (cm.sf_deleted_at IS NULL AND cm.status <> cm.entry_status) OR "
                + "(cm.sf_deleted_at IS NOT NULL AND cm.entry_removed = FALSE))" + notOff + " ORDER BY cm.id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long person = rs.getLong(6);
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5) == 1, rs.wasNull() ? null : person, rs.getString(7)});
                }
            }
        }
        Instant now = began.toInstant();
        // each campaign's program and status match, read once per run
        Map<String, Optional<Programs.Program>> programs = new HashMap<>();
        Map<String, StatusMatch> matches = new HashMap<>();
        try (ActivityLog.Batch activities = ActivityLog.batch(c)) {
            for (Object[] r : rows) {
                long id = (Long) r[0];
                String campaign = (String) r[1];
                String status = (String) r[2];
                String seen = (String) r[3];
                boolean removed = (Boolean) r[4];
                Long person = (Long) r[5];
                if (removed && seen == null) {
                    // never taken account of: nothing to report
                    Programs.update(c, "UPDATE campaign_member SET entry_removed = TRUE WHERE id = ?", id);
                    continue;
                }
                if (person == null) {
                    out.skip("campaign member " + r[6] + ": its Lead or Contact is not here yet (taken account of when "
                            + "it is)");
                    continue;
                }
                Programs.Program program = programs.computeIfAbsent(campaign, k -> Optional.ofNullable(linkedTo(c, k)))
                        .orElse(null);
                StatusMatch match = program == null ? null : matches.computeIfAbsent(campaign, k -> match(c, program, k));
                String programStatus = match == null || removed ? null : match.programStatusOf(status);
                if (match != null && !removed && programStatus == null) {
                    out.skip("campaign member " + r[6] + ": status '" + status + "' of campaign " + campaign + " is the "
                            + "mapping of no status of program '" + program.name() + "' (sfsync programs match '"
                            + program.name() + "')");
                    continue;
                }
                if (removed) {
                    activities.add(person, REMOVED, ActivityLog.Source.SALESFORCE, now, campaign, seen);
                    if (program != null) {
                        Programs.update(c, "DELETE FROM program_member WHERE program_id = ? AND person_id = ?",
                                program.id(), person);
                    }
                    Programs.update(c, "UPDATE campaign_member SET entry_removed = TRUE WHERE id = ?", id);
                    out.deleted++;
                    continue;
                }
                if (seen == null) {
                    activities.add(person, ADDED, ActivityLog.Source.SALESFORCE, now, campaign, status);
                    out.created++;
                } else {
                    activities.add(person, STATUS_CHANGED, ActivityLog.Source.SALESFORCE, now, campaign,
                            seen + ARROW + status);
                    out.updated++;
                }
                if (program != null) {
                    int n = Programs.update(c, "UPDATE program_member SET status = ?, synced_status = ?, reached_at = ?, "
                            + "updated_at = CURRENT_TIMESTAMP WHERE program_id = ? AND person_id = ?", programStatus,
                            programStatus, began, program.id(), person);
                    if (n == 0) {
                        Programs.update(c, "INSERT INTO program_member (program_id, person_id, status, synced_status, "
                                + "reached_at) VALUES (?, ?, ?, ?, ?)", program.id(), person, programStatus, programStatus,
                                began);
                    }
                }
                Programs.update(c, "UPDATE campaign_member SET entry_status = status, person_id = ? WHERE id = ?", person,
                        id);
            }
            activities.run();
        }
        Programs.update(c, "UPDATE sync_marker SET marked_at = ? WHERE marker_name = ?", began, MARKER);
        return out;
    }
}
