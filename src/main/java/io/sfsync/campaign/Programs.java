package io.sfsync.campaign;

import io.sfsync.admin.BadParameterException;
import io.sfsync.admin.NotFoundException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Local programs (issue #14, migration V18): create them, set their channel, statuses, costs and status mapping, link
 * them to a Salesforce campaign (C1, refused while the statuses do not match: C7) and unlink them, switch their
 * campaign sync on and off (C8). Everything works on the caller's connection and transaction; a mistake of the caller
 * is a {@link BadParameterException} or {@link NotFoundException} whose message says what to do. Plain JDBC, no Camel.
 */
public final class Programs {

    /** A program row. {@code campaignId}: the linked Salesforce campaign, or null. */
    public record Program(long id, String name, String channel, String campaignId, boolean campaignSync) {
    }

    private Programs() {
    }

    /** The program of this name, or of this id (digits); NotFound otherwise. */
    public static Program find(Connection c, String nameOrId) throws SQLException {
        if (nameOrId == null || nameOrId.isBlank()) {
            throw new BadParameterException("program is required: its name or id");
        }
        String key = nameOrId.trim();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, channel, sfdc_campaign_id, campaign_sync "
                + "FROM program WHERE name = ? OR CAST(id AS VARCHAR(20)) = ? ORDER BY id")) {
            ps.setString(1, key);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new Program(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5));
                }
            }
        }
        throw new NotFoundException("no program named '" + key + "' (list them with: sfsync programs list)");
    }

    /** The program linked to this campaign, or null. */
    public static Program linkedTo(Connection c, String campaignId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, channel, sfdc_campaign_id, campaign_sync "
                + "FROM program WHERE sfdc_campaign_id = ?")) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Program(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)) : null;
            }
        }
    }

    public static List<Program> all(Connection c) throws SQLException {
        List<Program> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, channel, sfdc_campaign_id, campaign_sync "
                + "FROM program ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Program(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        }
        return out;
    }

    /** Creates a program with its statuses in order; returns its id. */
    public static long create(Connection c, String name, String channel, List<String> statuses) throws SQLException {
        if (name == null || name.isBlank()) {
            throw new BadParameterException("a program needs a name");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM program WHERE name = ?")) {
            ps.setString(1, name.trim());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    throw new BadParameterException("a program named '" + name.trim() + "' exists already");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO program (name, channel) VALUES (?, ?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name.trim());
            ps.setString(2, channel == null || channel.isBlank() ? null : channel.trim());
            ps.executeUpdate();
        }
        long id = find(c, name.trim()).id();
        setStatuses(c, find(c, name.trim()), statuses);
        return id;
    }

    public static void setChannel(Connection c, Program p, String channel) throws SQLException {
        update(c, "UPDATE program SET channel = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?", channel, p.id());
    }

    /**
     * Replaces the program's statuses by these, in order; a status kept keeps its mapping. A linked program's new list
     * must still match its campaign (C7), and a status some member has cannot go.
     */
    public static void setStatuses(Connection c, Program p, List<String> names) throws SQLException {
        List<String> clean = new ArrayList<>(new LinkedHashSet<>(names.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList()));
        if (clean.size() != names.stream().filter(s -> !s.isBlank()).count()) {
            throw new BadParameterException("program statuses must differ from each other: " + names);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT status FROM program_member WHERE program_id = ?")) {
            ps.setLong(1, p.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!clean.contains(rs.getString(1))) {
                        throw new BadParameterException("program '" + p.name() + "' has members with status '"
                                + rs.getString(1) + "': keep that status, or move its members first");
                    }
                }
            }
        }
        List<StatusMatch.ProgramStatus> old = statuses(c, p.id());
        update(c, "DELETE FROM program_status WHERE program_id = ?", p.id());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO program_status (program_id, name, position, campaign_status) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < clean.size(); i++) {
                String name = clean.get(i);
                ps.setLong(1, p.id());
                ps.setString(2, name);
                ps.setInt(3, i + 1);
                ps.setString(4, old.stream().filter(s -> s.name().equals(name)).map(StatusMatch.ProgramStatus::campaignStatus)
                        .findFirst().orElse(null));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        requireMatchWhenLinked(c, p);
    }

    /** Sets the cost of one period (its first day); a cost of a period set before is replaced. */
    public static void setCost(Connection c, Program p, LocalDate periodStart, BigDecimal cost) throws SQLException {
        if (cost == null || cost.signum() < 0) {
            throw new BadParameterException("a period cost is a number of 0 or more, got " + cost);
        }
        update(c, "DELETE FROM program_period_cost WHERE program_id = ? AND period_start = ?", p.id(), periodStart);
        update(c, "INSERT INTO program_period_cost (program_id, period_start, cost) VALUES (?, ?, ?)", p.id(), periodStart,
                cost);
        update(c, "UPDATE program SET updated_at = CURRENT_TIMESTAMP WHERE id = ?", p.id());
    }

    /** Maps one program status to a campaign member status (the program's status mapping, C7). */
    public static void mapStatus(Connection c, Program p, String programStatus, String campaignStatus)
            throws SQLException {
        int n = update(c, "UPDATE program_status SET campaign_status = ? WHERE program_id = ? AND name = ?",
                campaignStatus, p.id(), programStatus);
        if (n == 0) {
            throw new BadParameterException("program '" + p.name() + "' has no status '" + programStatus + "' (its "
                    + "statuses: " + String.join(", ", statuses(c, p.id()).stream().map(StatusMatch.ProgramStatus::name)
                    .toList()) + ")");
        }
        requireMatchWhenLinked(c, p);
    }

    /** Saves a whole mapping, program status → campaign status (e.g. {@link StatusMatch#proposal}). */
    public static void mapStatuses(Connection c, Program p, Map<String, String> mapping) throws SQLException {
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            update(c, "UPDATE program_status SET campaign_status = ? WHERE program_id = ? AND name = ?", e.getValue(),
                    p.id(), e.getKey());
        }
        requireMatchWhenLinked(c, p);
    }

    /** The program's statuses against the campaign's member statuses, as they are now in the local tables. */
    public static StatusMatch match(Connection c, Program p, String campaignId) throws SQLException {
        return new StatusMatch(p.name(), campaignId, statuses(c, p.id()), campaignStatuses(c, campaignId));
    }

    /**
     * Links the program to a campaign (C1): refused, with both lists and a proposed mapping, while the statuses do not
     * match (C7). The campaign's members become the program's (their statuses read back through the mapping), and the
     * program's other members are added to the campaign by the next Sync With Program.
     */
    public static void link(Connection c, Program p, String campaignId) throws SQLException {
        if (campaignId == null || campaignId.isBlank()) {
            throw new BadParameterException("the campaign's Salesforce id is required, e.g. 701...");
        }
        String id = campaignId.trim();
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM campaign WHERE sfdc_id = ? AND "
                + "sf_deleted_at IS NULL")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    throw new NotFoundException("no campaign " + id + " here: only campaigns a cycle has pulled can be "
                            + "linked (is Campaign in sfsync.objects?)");
                }
            }
        }
        Program other = linkedTo(c, id);
        if (other != null && other.id() != p.id()) {
            throw new BadParameterException("campaign " + id + " is linked to program '" + other.name() + "' already; "
                    + "unlink that one first");
        }
        if (p.campaignId() != null && !p.campaignId().equals(id)) {
            throw new BadParameterException("program '" + p.name() + "' is linked to campaign " + p.campaignId()
                    + " already; unlink it first");
        }
        StatusMatch match = match(c, p, id);
        if (!match.problems().isEmpty()) {
            throw new BadParameterException("cannot link: " + match.message());
        }
        update(c, "UPDATE program SET sfdc_campaign_id = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?", id, p.id());
        ProgramSync.adoptCampaignMembers(c, new Program(p.id(), p.name(), p.channel(), id, p.campaignSync()), match);
    }

    /** Unlinks the program: nothing more syncs between them; both keep their members. */
    public static void unlink(Connection c, Program p) throws SQLException {
        if (p.campaignId() == null) {
            throw new BadParameterException("program '" + p.name() + "' is not linked to a campaign");
        }
        update(c, "UPDATE program SET sfdc_campaign_id = NULL, updated_at = CURRENT_TIMESTAMP WHERE id = ?", p.id());
        update(c, "UPDATE program_member SET synced_status = NULL WHERE program_id = ?", p.id());
    }

    /** Campaign sync of this program on or off (C8); changes made meanwhile on either side wait, none is lost. */
    public static void setCampaignSync(Connection c, Program p, boolean on) throws SQLException {
        update(c, "UPDATE program SET campaign_sync = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?", on, p.id());
    }

    /** Adds a person to the program with a status (the first one when null), or moves a member to that status. */
    public static void setMember(Connection c, Program p, long personId, String status) throws SQLException {
        List<StatusMatch.ProgramStatus> statuses = statuses(c, p.id());
        if (statuses.isEmpty()) {
            throw new BadParameterException("program '" + p.name() + "' has no statuses yet (sfsync programs statuses)");
        }
        String s = status == null || status.isBlank() ? statuses.get(0).name() : status.trim();
        if (statuses.stream().noneMatch(x -> x.name().equals(s))) {
            throw new BadParameterException("program '" + p.name() + "' has no status '" + s + "' (its statuses: "
                    + String.join(", ", statuses.stream().map(StatusMatch.ProgramStatus::name).toList()) + ")");
        }
        person(c, personId);
        int n = update(c, "UPDATE program_member SET status = ?, reached_at = CURRENT_TIMESTAMP, updated_at = "
                + "CURRENT_TIMESTAMP WHERE program_id = ? AND person_id = ? AND status <> ?", s, p.id(), personId, s);
        if (n == 0 && !isMember(c, p, personId)) {
            update(c, "INSERT INTO program_member (program_id, person_id, status) VALUES (?, ?, ?)", p.id(), personId, s);
        }
    }

    /** Removes a person from the program; false when it was no member. */
    public static boolean removeMember(Connection c, Program p, long personId) throws SQLException {
        return update(c, "DELETE FROM program_member WHERE program_id = ? AND person_id = ?", p.id(), personId) > 0;
    }

    public static boolean isMember(Connection c, Program p, long personId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM program_member WHERE program_id = ? AND person_id = ?")) {
            ps.setLong(1, p.id());
            ps.setLong(2, personId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /** Fails with a clear message when there is no such person. */
    static void person(Connection c, long personId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE id = ?")) {
            ps.setLong(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    throw new NotFoundException("no person with id " + personId + " (person.id)");
                }
            }
        }
    }

    public static List<StatusMatch.ProgramStatus> statuses(Connection c, long programId) throws SQLException {
        List<StatusMatch.ProgramStatus> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, position, campaign_status FROM program_status "
                + "WHERE program_id = ? ORDER BY position, name")) {
            ps.setLong(1, programId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StatusMatch.ProgramStatus(rs.getString(1), rs.getInt(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The campaign's member statuses as the last pull of CampaignMemberStatus left them, in Salesforce's order. */
    public static List<StatusMatch.CampaignStatus> campaignStatuses(Connection c, String campaignId) throws SQLException {
        List<StatusMatch.CampaignStatus> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT label, sort_order, is_default, has_responded FROM "
                + "campaign_member_status WHERE sfdc_campaign_id = ? AND sf_deleted_at IS NULL ORDER BY sort_order, label")) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StatusMatch.CampaignStatus(rs.getString(1), rs.getInt(2), rs.getBoolean(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** The summed period cost of the program; null when it has none. */
    public static BigDecimal totalCost(Connection c, long programId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT SUM(cost) FROM program_period_cost WHERE program_id = ?")) {
            ps.setLong(1, programId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private static void requireMatchWhenLinked(Connection c, Program p) throws SQLException {
        String campaign = find(c, String.valueOf(p.id())).campaignId();
        if (campaign == null) {
            return;
        }
        StatusMatch match = match(c, p, campaign);
        if (!match.problems().isEmpty()) {
            throw new BadParameterException("program '" + p.name() + "' is linked: its statuses must keep matching the "
                    + "campaign's; " + match.message());
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
