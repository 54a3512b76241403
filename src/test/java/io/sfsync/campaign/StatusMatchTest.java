package io.sfsync.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Status matching (C7) on its own: problems, the proposal and reading a campaign status back. */
class StatusMatchTest {

    private static final List<StatusMatch.CampaignStatus> CAMPAIGN = List.of(
            new StatusMatch.CampaignStatus("Sent", 1, true, false),
            new StatusMatch.CampaignStatus("Attended", 2, false, true),
            new StatusMatch.CampaignStatus("No Show", 3, false, false));

    @Test
    void a_complete_mapping_has_no_problems_and_reads_back_to_the_first_program_status_of_a_campaign_status() {
        StatusMatch m = new StatusMatch("Webinar", "701", List.of(
                new StatusMatch.ProgramStatus("Invited", 1, "Sent"),
                new StatusMatch.ProgramStatus("Registered", 2, "Sent"),
                new StatusMatch.ProgramStatus("Attended", 3, "Attended"),
                new StatusMatch.ProgramStatus("No Show", 4, "No Show")), CAMPAIGN);

        assertThat(m.problems()).isEmpty();
        assertThat(m.programStatusOf("Sent")).isEqualTo("Invited");
        assertThat(m.campaignStatusOf("Registered")).isEqualTo("Sent");
        assertThat(m.programStatusOf("Opened")).isNull();
    }

    @Test
    void the_proposal_keeps_valid_mappings_takes_same_names_case_aside_then_goes_by_order_and_names_what_it_leaves_out() {
        StatusMatch m = new StatusMatch("Webinar", "701", List.of(
                new StatusMatch.ProgramStatus("Invited", 1, null),
                new StatusMatch.ProgramStatus("attended", 2, null),
                new StatusMatch.ProgramStatus("Member", 3, "Gone")), CAMPAIGN);

        assertThat(m.proposal()).containsExactly(java.util.Map.entry("Invited", "Sent"),
                java.util.Map.entry("attended", "Attended"), java.util.Map.entry("Member", "No Show"));
        assertThat(m.problems()).containsExactly(
                "program status 'Invited' is mapped to no campaign status",
                "program status 'attended' is mapped to no campaign status",
                "program status 'Member' is mapped to 'Gone', which campaign 701 does not have",
                "campaign status 'Sent' is the mapping of no program status (a member with it could not be synced)",
                "campaign status 'Attended' is the mapping of no program status (a member with it could not be synced)",
                "campaign status 'No Show' is the mapping of no program status (a member with it could not be synced)");

        StatusMatch fewer = new StatusMatch("Webinar", "701", List.of(new StatusMatch.ProgramStatus("Invited", 1, null)),
                CAMPAIGN);
        assertThat(fewer.message()).contains("proposed mapping: Invited -> Sent")
                .contains("the proposal leaves campaign status(es) Attended, No Show unmapped");
    }
}
