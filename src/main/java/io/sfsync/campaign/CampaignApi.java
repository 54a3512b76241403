package io.sfsync.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfsync.admin.BadParameterException;
import io.sfsync.push.PrioritySync;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The bean ({@code campaignApi}) of the campaign routes of the HTTP API ({@code routes/admin/campaign-*-api}): members of
 * a Salesforce campaign (C6), and the actions add, remove and change status (C5), each in one transaction; with
 * {@code now=true} the member's row (and first its person, when it is not in Salesforce yet) is then pushed at once by a
 * priority sync ({@code routes/push/sync-now}).
 */
public final class CampaignApi {

    /** Runs a priority sync of these rows (direct:sync-now), filling in what happened to each. */
    public interface SyncNow {
        void run(List<PrioritySync.Target> targets) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final BooleanSupplier enabled;
    private final PrioritySync prioritySync;
    private final SyncNow syncNow;

    public CampaignApi(DataSource dataSource, BooleanSupplier enabled, PrioritySync prioritySync, SyncNow syncNow) {
        this.dataSource = dataSource;
        this.enabled = enabled;
        this.prioritySync = prioritySync;
        this.syncNow = syncNow;
    }

    /** {@code [{"rowId","salesforceId","personId","personType","firstName","lastName","email","status","hasResponded","programStatus"}]}. */
    public String members(String campaign) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            ArrayNode out = JSON.createArrayNode();
            for (CampaignMembers.Member m : CampaignMembers.of(c, trim(campaign))) {
                out.add(JSON.valueToTree(m));
            }
            return JSON.writeValueAsString(out);
        }
    }

    public String add(String campaign, String person, String status, String now) throws Exception {
        return act("add", campaign, person, status, now);
    }

    public String remove(String campaign, String person, String now) throws Exception {
        return act("remove", campaign, person, null, now);
    }

    public String status(String campaign, String person, String status, String now) throws Exception {
        return act("status", campaign, person, status, now);
    }

    private String act(String what, String campaign, String person, String status, String now) throws Exception {
        long personId = personId(person);
        boolean at = flag(now);
        CampaignMembers.Action action;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean on = enabled.getAsBoolean();
                action = switch (what) {
                    case "add" -> CampaignMembers.add(c, trim(campaign), personId, status, on);
                    case "remove" -> CampaignMembers.remove(c, trim(campaign), personId, on);
                    default -> CampaignMembers.changeStatus(c, trim(campaign), personId, status, on);
                };
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("message", action.message());
        out.put("memberRowId", action.memberRowId());
        if (at && action.memberRowId() >= 0) {
            List<PrioritySync.Target> targets = new ArrayList<>();
            if (action.personToCreate() != null) {
                targets.addAll(prioritySync.targets("person", String.valueOf(action.personToCreate()), null));
            }
            targets.add(action.deleted()
                    ? prioritySync.deletedRow("CampaignMember", "campaign_member", action.memberRowId())
                    : prioritySync.targets("campaign_member", String.valueOf(action.memberRowId()), null).get(0));
            syncNow.run(targets);
            out.set("syncedNow", JSON.readTree(prioritySync.report(targets)));
        }
        return JSON.writeValueAsString(out);
    }

    private static long personId(String person) {
        if (person == null || person.isBlank()) {
            throw new BadParameterException("person is required: the person's id (person.id)");
        }
        try {
            return Long.parseLong(person.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException("person must be a whole number (person.id), got '" + person + "'");
        }
    }

    private static boolean flag(String now) {
        if (now == null || now.isBlank() || now.equals("false")) {
            return false;
        }
        if (now.equals("true")) {
            return true;
        }
        throw new BadParameterException("now must be true or false, got '" + now + "'");
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
