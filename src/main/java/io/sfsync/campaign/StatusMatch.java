package io.sfsync.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Status matching (C7): a program's progression statuses against the member statuses of a Salesforce campaign. Each
 * program status must be mapped to a status the campaign has, and each campaign status must be the mapping of at least
 * one program status, or some members could not be synced: a program is linked only when {@link #problems} is empty.
 * A member's campaign status reads back as the first program status (in order) mapped to it. Plain Java, no Camel.
 */
public final class StatusMatch {

    /** A program status, its place in the program's order, and the campaign status it is mapped to (null: none). */
    public record ProgramStatus(String name, int position, String campaignStatus) {
    }

    /** A campaign member status (Salesforce's CampaignMemberStatus). */
    public record CampaignStatus(String label, int sortOrder, boolean isDefault, boolean responded) {
    }

    private final String program;
    private final String campaign;
    private final List<ProgramStatus> programStatuses;
    private final List<CampaignStatus> campaignStatuses;

    public StatusMatch(String program, String campaign, List<ProgramStatus> programStatuses,
            List<CampaignStatus> campaignStatuses) {
        this.program = program;
        this.campaign = campaign;
        this.programStatuses = List.copyOf(programStatuses);
        this.campaignStatuses = List.copyOf(campaignStatuses);
    }

    public List<ProgramStatus> programStatuses() {
        return programStatuses;
    }

    public List<CampaignStatus> campaignStatuses() {
        return campaignStatuses;
    }

    /** What keeps the two lists from being synced, one sentence each; empty when the mapping is complete. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (programStatuses.isEmpty()) {
            out.add("program '" + program + "' has no statuses");
        }
        if (campaignStatuses.isEmpty()) {
            out.add("campaign " + campaign + " has no member statuses here (is CampaignMemberStatus in sfsync.objects, "
                    + "and has a cycle pulled it?)");
        }
        for (ProgramStatus s : programStatuses) {
            if (s.campaignStatus() == null) {
                out.add("program status '" + s.name() + "' is mapped to no campaign status");
            } else if (campaignStatus(s.campaignStatus()) == null) {
                out.add("program status '" + s.name() + "' is mapped to '" + s.campaignStatus() + "', which campaign "
                        + campaign + " does not have");
            }
        }
        for (CampaignStatus c : campaignStatuses) {
            if (programStatuses.stream().noneMatch(s -> c.label().equals(s.campaignStatus()))) {
                out.add("campaign status '" + c.label() + "' is the mapping of no program status (a member with it "
                        + "could not be synced)");
            }
        }
        return out;
    }

    /**
     * A proposed mapping, program status → campaign status: the mapping saved where it names a campaign status, else
     * the campaign status of the same name (case aside), else the one at the same place in the campaign's order (the
     * last one for later program statuses).
     */
    public Map<String, String> proposal() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < programStatuses.size(); i++) {
            ProgramStatus s = programStatuses.get(i);
            CampaignStatus saved = s.campaignStatus() == null ? null : campaignStatus(s.campaignStatus());
            CampaignStatus same = campaignStatuses.stream()
                    .filter(c -> c.label().toLowerCase(Locale.ROOT).equals(s.name().toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(null);
            CampaignStatus chosen = saved != null ? saved : same != null ? same
                    : campaignStatuses.isEmpty() ? null : campaignStatuses.get(Math.min(i, campaignStatuses.size() - 1));
            out.put(s.name(), chosen == null ? null : chosen.label());
        }
        return out;
    }

    /** The error of an incompatible pair: both sides, what is wrong, the proposed mapping and how to save it. */
    public String message() {
        StringBuilder sb = new StringBuilder("program '").append(program).append("' and campaign ").append(campaign)
                .append(" have incompatible statuses:\n");
        sb.append("  program statuses, in order: ").append(programStatuses.isEmpty() ? "(none)"
                : String.join(", ", programStatuses.stream().map(s -> s.name() + (s.campaignStatus() == null ? ""
                        : " -> " + s.campaignStatus())).toList())).append('\n');
        sb.append("  campaign statuses: ").append(campaignStatuses.isEmpty() ? "(none)"
                : String.join(", ", campaignStatuses.stream().map(c -> c.label() + (c.isDefault() ? " (default)" : "")
                        + (c.responded() ? " (responded)" : "")).toList())).append('\n');
        for (String p : problems()) {
            sb.append("  - ").append(p).append('\n');
        }
        Map<String, String> proposal = proposal();
        if (!proposal.isEmpty() && !proposal.containsValue(null)) {
            sb.append("  proposed mapping: ").append(String.join(", ", proposal.entrySet().stream()
                    .map(e -> e.getKey() + " -> " + e.getValue()).toList())).append('\n');
            List<String> uncovered = campaignStatuses.stream().map(CampaignStatus::label)
                    .filter(l -> !proposal.containsValue(l)).toList();
            if (!uncovered.isEmpty()) {
                sb.append("  the proposal leaves campaign status(es) ").append(String.join(", ", uncovered))
                        .append(" unmapped: add a program status for each (sfsync programs statuses), or map one to it\n");
            }
        }
        sb.append("  save the proposal with: sfsync programs map-statuses '").append(program)
                .append("' --campaign ").append(campaign).append(" --save-proposal\n")
                .append("  or map one status: sfsync programs map-status '").append(program)
                .append("' PROGRAM_STATUS CAMPAIGN_STATUS; then link again");
        return sb.toString();
    }

    /** The program status a member's campaign status reads back as: the first, in order, mapped to it; null: none. */
    public String programStatusOf(String campaignStatus) {
        for (ProgramStatus s : programStatuses) {
            if (Objects.equals(s.campaignStatus(), campaignStatus)) {
                return s.name();
            }
        }
        return null;
    }

    /** The campaign status a program status is mapped to; null: none (or unknown program status). */
    public String campaignStatusOf(String programStatus) {
        for (ProgramStatus s : programStatuses) {
            if (s.name().equals(programStatus)) {
                return s.campaignStatus();
            }
        }
        return null;
    }

    private CampaignStatus campaignStatus(String label) {
        return campaignStatuses.stream().filter(c -> c.label().equals(label)).findFirst().orElse(null);
    }
}
