package io.sfsync.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.testing.Cli;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 'sfsync programs ...' (issue #14) against a running service and its database, on HSQLDB and PostgreSQL: a link refused
 * with both status lists and a proposal (exit 2), the proposal saved and edited, the link, members and costs synced by the
 * next cycle, a campaign action pushed at once with --now, and the members of an SFDC campaign listed.
 */
class ProgramsCommandTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_programs_cli_");

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(Db.class)
    void programs_are_matched_linked_and_their_members_synced_from_the_command_line(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead,Contact,Campaign,CampaignMemberStatus,CampaignMember",
            "sfsync.salesforce.emulator.seed-leads", "3", "sfsync.salesforce.emulator.seed-contacts", "1"};
        Properties config = db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv);
        try (TestApp t = TestApp.start(config)) {
            String file = Cli.configFile(data, config).toString();
            String campaign = (String) t.org().create("Campaign", Map.of("Name", "Fair 2027", "IsActive", true)).get("Id");
            t.cycle();
            String lead = (String) t.org().all("Lead").get(0).get("Id");
            String person = (String) t.rows("SELECT id FROM person WHERE sfdc_lead_id = ?", lead).get(0).get("id");

            assertThat(Cli.run("programs", "campaigns", "--config", file).out())
                    .contains(campaign + "  Fair 2027").contains("statuses: Sent, Responded  program: (none)");
            assertThat(Cli.run("programs", "create", "Fair", "--channel", "Email", "--statuses",
                    "Invited,Registered,Attended", "--config", file).exit()).isZero();

            Cli.Result refused = Cli.run("programs", "link", "Fair", "--campaign", campaign, "--config", file);
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("cannot link: program 'Fair' and campaign " + campaign
                            + " have incompatible statuses")
                    .contains("program statuses, in order: Invited, Registered, Attended")
                    .contains("campaign statuses: Sent (default), Responded (responded)")
                    .contains("proposed mapping: Invited -> Sent, Registered -> Responded, Attended -> Responded");
            assertThat(Cli.run("programs", "match", "Fair", "--campaign", campaign, "--config", file).exit()).isEqualTo(1);

            assertThat(Cli.run("programs", "map-statuses", "Fair", "--campaign", campaign, "--save-proposal", "--config",
                    file).exit()).isZero();
            assertThat(Cli.run("programs", "map-status", "Fair", "Registered", "Sent", "--config", file).exit()).isZero();
            Cli.Result linked = Cli.run("programs", "link", "Fair", "--campaign", campaign, "--config", file);
            assertThat(linked.exit()).as(linked.err()).isZero();
            assertThat(Cli.run("programs", "cost", "Fair", "--period", "2026-12-01", "--cost", "99.50", "--config", file)
                    .exit()).isZero();
            assertThat(Cli.run("programs", "members", "add", "--program", "Fair", "--person", person, "--status",
                    "Registered", "--config", file).exit()).isZero();
            assertThat(Cli.run("programs", "list", "--config", file).out()).contains("Fair  channel=Email  campaign="
                    + campaign + "  sync=on  cost=99.50").contains("2. Registered -> Sent");

            t.cycle();
            assertThat(t.org().all("CampaignMember")).singleElement()
                    .satisfies(m -> assertThat(m).containsEntry("LeadId", lead).containsEntry("Status", "Sent"));
            assertThat(new BigDecimal(String.valueOf(t.org().get("Campaign", campaign).orElseThrow().get("ActualCost"))))
                    .isEqualByComparingTo("99.5");

            Cli.Result now = Cli.run("programs", "members", "status", "--campaign", campaign, "--person", person,
                    "--status", "Responded", "--now", "--config", file);
            assertThat(now.exit()).as(now.err()).isZero();
            assertThat(now.out()).contains("with status 'Attended' and in campaign " + campaign
                    + " with status 'Responded'").contains("pushed now: campaign_member");
            assertThat(t.org().all("CampaignMember")).singleElement()
                    .satisfies(m -> assertThat(m).containsEntry("Status", "Responded"));
            assertThat(Cli.run("programs", "members", "list", "--campaign", campaign, "--config", file).out())
                    .containsPattern("person " + person + " +Lead .* Responded +00v");

            // no service answering (another port): the action goes into the database, and the next cycle pushes it
            Properties noService = new Properties();
            noService.putAll(config);
            noService.setProperty("camel.server.port", String.valueOf(TestApp.freePort()));
            String offline = Cli.configFile(data, noService).toString();
            String other = (String) t.org().all("Lead").get(1).get("Id");
            String second = (String) t.rows("SELECT id FROM person WHERE sfdc_lead_id = ?", other).get(0).get("id");
            Cli.Result waiting = Cli.run("programs", "members", "add", "--campaign", campaign, "--person", second, "--now",
                    "--config", offline);
            assertThat(waiting.exit()).isEqualTo(1);
            assertThat(waiting.err()).contains("--now runs in the service, and no service answers");
            Cli.Result queued = Cli.run("programs", "members", "add", "--campaign", campaign, "--person", second,
                    "--config", offline);
            assertThat(queued.exit()).as(queued.err()).isZero();
            assertThat(queued.out()).contains("; the next cycle pushes it");
            t.cycle();
            assertThat(t.org().all("CampaignMember")).anySatisfy(m -> assertThat(m).containsEntry("LeadId", other)
                    .containsEntry("Status", "Sent"));

            assertThat(Cli.run("programs", "sync", "Fair", "off", "--config", file).exit()).isZero();
            assertThat(Cli.run("programs", "list", "--config", file).out()).contains("sync=off");
        }
    }
}
