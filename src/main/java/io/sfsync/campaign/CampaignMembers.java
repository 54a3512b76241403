package io.sfsync.campaign;

import io.sfsync.admin.BadParameterException;
import io.sfsync.admin.NotFoundException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The local side's campaign actions (C5): add a person to a Salesforce campaign, remove them, change their member
 * status; and the filter "members of SFDC campaign X" (C6). An action on a campaign linked to a program changes the
 * program's member (so the program and the campaign stay one list) and, while campaign sync runs for it, the campaign's
 * member row at once; an action on another campaign changes its member row. Member rows changed locally are pushed by
 * the CampaignMember push steps in the next cycle, or at once by a priority sync of the rows {@link Action} names.
 * Plain JDBC on the caller's transaction; no Camel.
 */
public final class CampaignMembers {

    /** A member of a campaign, as the local tables have it. */
    public record Member(long rowId, String salesforceId, Long personId, String personType, String firstName,
            String lastName, String email, String status, Boolean hasResponded, String programStatus) {
    }

    /**
     * What an action changed: the member row to push ({@code memberRowId}, -1 when none, e.g. a program member kept
     * while campaign sync is off), whether that row was deleted, and the person's row, which has to be in Salesforce
     * first when it has no Salesforce id yet ({@code personToCreate}).
     */
    public record Action(long memberRowId, boolean deleted, Long personToCreate, String message) {
    }

    private CampaignMembers() {
    }

    /** The campaign's live members (not removed in Salesforce), by person name. */
    public static List<Member> of(Connection c, String campaignId) throws SQLException {
        requireCampaign(c, campaignId);
        Programs.Program program = Programs.linkedTo(c, campaignId);
        List<Member> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cm.id, cm.sfdc_id, p.id, p.person_type, p.first_name, "
                + "p.last_name, p.email, cm.status, cm.has_responded, (SELECT pm.status FROM program_member pm WHERE "
                + "pm.program_id = ? AND pm.person_id = p.id) FROM campaign_member cm LEFT JOIN person p ON p.id = "
                + "COALESCE(cm.person_id, (SELECT MIN(x.id) FROM person x WHERE x.sfdc_contact_id = cm.sfdc_contact_id), "
                + "(SELECT MIN(x.id) FROM person x WHERE x.sfdc_lead_id = cm.sfdc_lead_id)) WHERE cm.sfdc_campaign_id = ? "
                + "AND cm.sf_deleted_at IS NULL ORDER BY p.last_name, p.first_name, cm.id")) {
            ps.setLong(1, program == null ? -1 : program.id());
            ps.setString(2, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long person = rs.getLong(3);
                    Long personId = rs.wasNull() ? null : person;
                    boolean responded = rs.getBoolean(9);
                    out.add(new Member(rs.getLong(1), rs.getString(2), personId, rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.wasNull() ? null : responded,
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

    /**
     * Adds the person to the campaign with a member status (the campaign's default when null); a member already is moved
     * to that status.
     */
    public static Action add(Connection c, String campaignId, long personId, String status, boolean campaignsOn)
            throws SQLException {
        requireCampaign(c, campaignId);
        Programs.person(c, personId);
        String label = status == null || status.isBlank() ? defaultStatus(c, campaignId) : status.trim();
        requireStatus(c, campaignId, label);
        Programs.Program program = Programs.linkedTo(c, campaignId);
        if (program != null) {
            return viaProgram(c, program, personId, label, campaignsOn);
        }
        requireOn(campaignsOn, campaignId);
        long row = liveRow(c, campaignId, personId);
        if (row >= 0) {
            Programs.update(c, "UPDATE campaign_member SET status = ?, entry_status = ?, updated_at = CURRENT_TIMESTAMP "
                    + "WHERE id = ?", label, label, row);
            return new Action(row, false, null, "person " + personId + " is in campaign " + campaignId + " with status '"
                    + label + "'");
        }
        row = insertRow(c, campaignId, personId, label);
        return new Action(row, false, personWithoutSalesforceId(c, personId), "person " + personId + " added to campaign "
                + campaignId + " with status '" + label + "'");
    }

    /** Moves a member of the campaign to another member status. */
    public static Action changeStatus(Connection c, String campaignId, long personId, String status, boolean campaignsOn)
            throws SQLException {
        requireCampaign(c, campaignId);
        if (status == null || status.isBlank()) {
            throw new BadParameterException("status is required: one of the campaign's member statuses ("
                    + String.join(", ", labels(c, campaignId)) + ")");
        }
        Programs.Program program = Programs.linkedTo(c, campaignId);
        boolean member = program != null ? Programs.isMember(c, program, personId) : liveRow(c, campaignId, personId) >= 0;
        if (!member) {
            throw new NotFoundException("person " + personId + " is no member of campaign " + campaignId
                    + " (add them with: sfsync programs members add)");
        }
        return add(c, campaignId, personId, status, campaignsOn);
    }

    /** Removes the person from the campaign (deleted in Salesforce by Push Deletes of CampaignMember). */
    public static Action remove(Connection c, String campaignId, long personId, boolean campaignsOn) throws SQLException {
        requireCampaign(c, campaignId);
        Programs.Program program = Programs.linkedTo(c, campaignId);
        if (program != null) {
            if (!Programs.removeMember(c, program, personId)) {
                throw new NotFoundException("person " + personId + " is no member of program '" + program.name()
                        + "' (linked to campaign " + campaignId + ")");
            }
            if (!campaignsOn || !program.campaignSync()) {
                return new Action(-1, true, null, "person " + personId + " removed from program '" + program.name()
                        + "'; campaign sync is off: campaign " + campaignId + " follows when it is on again");
            }
        } else {
            requireOn(campaignsOn, campaignId);
        }
        long row = liveRow(c, campaignId, personId);
        if (row < 0) {
            if (program != null) {
                return new Action(-1, true, null, "person " + personId + " removed from program '" + program.name() + "'");
            }
            throw new NotFoundException("person " + personId + " is no member of campaign " + campaignId);
        }
        Programs.update(c, "DELETE FROM campaign_member WHERE id = ?", row);
        return new Action(row, true, null, "person " + personId + " removed from campaign " + campaignId);
    }

    private static Action viaProgram(Connection c, Programs.Program program, long personId, String label,
            boolean campaignsOn) throws SQLException {
        StatusMatch match = Programs.match(c, program, program.campaignId());
        String programStatus = match.programStatusOf(label);
        if (programStatus == null) {
            throw new BadParameterException("campaign status '" + label + "' is the mapping of no status of program '"
                    + program.name() + "', linked to campaign " + program.campaignId() + "; " + match.message());
        }
        Programs.setMember(c, program, personId, programStatus);
        if (!campaignsOn || !program.campaignSync()) {
            return new Action(-1, false, null, "person " + personId + " is in program '" + program.name() + "' with status '"
                    + programStatus + "'; campaign sync is off: campaign " + program.campaignId() + " follows when it is "
                    + "on again");
        }
        long row = liveRow(c, program.campaignId(), personId);
        if (row < 0) {
            row = insertRow(c, program.campaignId(), personId, label);
        } else {
            Programs.update(c, "UPDATE campaign_member SET status = ?, entry_status = ?, updated_at = CURRENT_TIMESTAMP "
                    + "WHERE id = ? AND (status IS NULL OR status <> ?)", label, label, row, label);
        }
        Programs.update(c, "UPDATE program_member SET synced_status = status WHERE program_id = ? AND person_id = ?",
                program.id(), personId);
        return new Action(row, false, personWithoutSalesforceId(c, personId), "person " + personId + " is in program '"
                + program.name() + "' with status '" + programStatus + "' and in campaign " + program.campaignId()
                + " with status '" + label + "'");
    }

    /** A new member row without Salesforce id; Entry Link to Program takes it as it is (it is no news from Salesforce). */
    static long insertRow(Connection c, String campaignId, long personId, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_member (sfdc_campaign_id, campaign_id, "
                + "person_id, status, entry_status) VALUES (?, (SELECT MIN(id) FROM campaign WHERE sfdc_id = ?), ?, ?, ?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, campaignId);
            ps.setString(2, campaignId);
            ps.setLong(3, personId);
            ps.setString(4, status);
            ps.setString(5, status);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static long liveRow(Connection c, String campaignId, long personId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM campaign_member WHERE sfdc_campaign_id = ? "
                + "AND person_id = ? AND sf_deleted_at IS NULL")) {
            ps.setString(1, campaignId);
            ps.setLong(2, personId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? -1 : id;
            }
        }
    }

    private static Long personWithoutSalesforceId(Connection c, long personId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE id = ? AND sfdc_lead_id IS NULL "
                + "AND sfdc_contact_id IS NULL")) {
            ps.setLong(1, personId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0 ? personId : null;
            }
        }
    }

    private static void requireOn(boolean campaignsOn, String campaignId) {
        if (!campaignsOn) {
            throw new BadParameterException("campaign sync is off (sfsync.campaigns.enabled=false): campaign " + campaignId
                    + " is not linked to a program that would keep the change; switch campaign sync on first");
        }
    }

    static void requireCampaign(Connection c, String campaignId) throws SQLException {
        if (campaignId == null || campaignId.isBlank()) {
            throw new BadParameterException("campaign is required: the campaign's Salesforce id (701...)");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM campaign WHERE sfdc_id = ? AND "
                + "sf_deleted_at IS NULL")) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    throw new NotFoundException("no campaign " + campaignId + " here (only campaigns a cycle has pulled)");
                }
            }
        }
    }

    private static void requireStatus(Connection c, String campaignId, String label) throws SQLException {
        List<String> labels = labels(c, campaignId);
        if (!labels.contains(label)) {
            throw new BadParameterException("campaign " + campaignId + " has no member status '" + label + "' (its "
                    + "statuses: " + (labels.isEmpty() ? "none pulled yet" : String.join(", ", labels)) + ")");
        }
    }

    private static String defaultStatus(Connection c, String campaignId) throws SQLException {
        for (StatusMatch.CampaignStatus s : Programs.campaignStatuses(c, campaignId)) {
            if (s.isDefault()) {
                return s.label();
            }
        }
        throw new BadParameterException("campaign " + campaignId + " has no default member status here: give a status");
    }

    private static List<String> labels(Connection c, String campaignId) throws SQLException {
        return Programs.campaignStatuses(c, campaignId).stream().map(StatusMatch.CampaignStatus::label).toList();
    }
}
