package io.sfsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.admin.BadParameterException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.campaign.CampaignMembers;
import io.sfsync.campaign.Programs;
import io.sfsync.campaign.StatusMatch;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sfsync programs ...}: local programs and their sync with Salesforce campaigns (issue #14). The program commands
 * write the database (with the embedded database, run them while the service is stopped); the member actions on a
 * campaign go through the running service when one answers (and with {@code --now} push at once), else into the
 * database for the next cycle.
 */
@Command(name = "programs", mixinStandardHelpOptions = true,
        description = {"Local programs synced with Salesforce campaigns: create them, set their statuses, channel and "
                + "costs, match their statuses with a campaign's, link and unlink them, switch their sync, and manage "
                + "members (docs/operations.md, Campaigns)."},
        subcommands = {ProgramsCommand.ListPrograms.class, ProgramsCommand.Create.class, ProgramsCommand.Statuses.class,
            ProgramsCommand.Channel.class, ProgramsCommand.Cost.class, ProgramsCommand.Match.class,
            ProgramsCommand.MapStatus.class, ProgramsCommand.MapStatuses.class, ProgramsCommand.Link.class,
            ProgramsCommand.Unlink.class, ProgramsCommand.Sync.class, ProgramsCommand.Members.class,
            ProgramsCommand.Campaigns.class})
public final class ProgramsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Work on one connection and transaction of the database. */
    interface Work {
        void run(Connection c, PrintWriter out) throws Exception;
    }

    /** Runs the work in one transaction; a mistake of the user prints its message and gives exit code 2. */
    static int inDatabase(ConfigOption config, CommandSpec spec, Work work) throws Exception {
        SfsyncSettings settings = new SfsyncSettings(config.load());
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c, out);
                c.commit();
            } catch (BadParameterException | NotFoundException e) {
                c.rollback();
                spec.commandLine().getErr().println("sfsync: " + e.getMessage());
                return 2;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        out.flush();
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The programs, their statuses and links.")
    static final class ListPrograms implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                List<Programs.Program> all = Programs.all(c);
                if (all.isEmpty()) {
                    out.println("No programs (create one with: sfsync programs create NAME --statuses A,B,C).");
                }
                for (Programs.Program p : all) {
                    out.printf("%s  channel=%s  campaign=%s  sync=%s  cost=%s%n", p.name(), p.channel(),
                            p.campaignId() == null ? "(not linked)" : p.campaignId(), p.campaignSync() ? "on" : "off",
                            Programs.totalCost(c, p.id()));
                    for (StatusMatch.ProgramStatus s : Programs.statuses(c, p.id())) {
                        out.printf("  %d. %s%s%n", s.position(), s.name(), s.campaignStatus() == null ? ""
                                : " -> " + s.campaignStatus());
                    }
                }
            });
        }
    }

    @Command(name = "campaigns", mixinStandardHelpOptions = true,
            description = "The Salesforce campaigns pulled here: id, name, type, member statuses, linked program.")
    static final class Campaigns implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT sfdc_id, name, campaign_type, actual_cost FROM "
                        + "campaign WHERE sf_deleted_at IS NULL ORDER BY name, sfdc_id"); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        Programs.Program p = Programs.linkedTo(c, id);
                        out.printf("%s  %s  type=%s  actual cost=%s  statuses: %s  program: %s%n", id, rs.getString(2),
                                rs.getString(3), rs.getBigDecimal(4), String.join(", ", Programs.campaignStatuses(c, id)
                                        .stream().map(StatusMatch.CampaignStatus::label).toList()),
                                p == null ? "(none)" : p.name());
                    }
                }
            });
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a program.")
    static final class Create implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--channel", paramLabel = "CHANNEL", description = "Synced as the campaign's Type, e.g. Email.")
        String channel;
        @Option(names = "--statuses", paramLabel = "A,B,C", required = true,
                description = "The progression statuses, in order, comma-separated.")
        String statuses;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.create(c, name, channel, split(statuses));
                out.println("program '" + name + "' created");
            });
        }
    }

    @Command(name = "statuses", mixinStandardHelpOptions = true,
            description = "Replaces the program's statuses (in order); a status kept keeps its mapping.")
    static final class Statuses implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Parameters(index = "1", paramLabel = "A,B,C") String statuses;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.setStatuses(c, Programs.find(c, program), split(statuses));
                out.println("statuses of '" + program + "': " + String.join(", ", split(statuses)));
            });
        }
    }

    @Command(name = "channel", mixinStandardHelpOptions = true, description = "Sets the program's channel.")
    static final class Channel implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Parameters(index = "1", paramLabel = "CHANNEL") String channel;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.setChannel(c, Programs.find(c, program), channel);
                out.println("channel of '" + program + "': " + channel);
            });
        }
    }

    @Command(name = "cost", mixinStandardHelpOptions = true,
            description = "Sets the program's cost of one period; the campaign's ActualCost is the sum of them.")
    static final class Cost implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Option(names = "--period", required = true, paramLabel = "YYYY-MM-DD", description = "The period's first day.")
        String period;
        @Option(names = "--cost", required = true, paramLabel = "AMOUNT", description = "e.g. 1250.00")
        String cost;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                LocalDate start;
                BigDecimal amount;
                try {
                    start = LocalDate.parse(period.trim());
                    amount = new BigDecimal(cost.trim());
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw new BadParameterException("--period must be a date like 2026-12-01 and --cost a number like "
                            + "1250.00, got '" + period + "' and '" + cost + "'");
                }
                Programs.Program p = Programs.find(c, program);
                Programs.setCost(c, p, start, amount);
                out.println("cost of '" + program + "' for " + start + ": " + amount + " (total "
                        + Programs.totalCost(c, p.id()) + ")");
            });
        }
    }

    @Command(name = "match", mixinStandardHelpOptions = true,
            description = "Compares the program's statuses with a campaign's member statuses; exit 1 when they do not match.")
    static final class Match implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Option(names = "--campaign", paramLabel = "ID", description = "The campaign's Salesforce id (default: the linked one).")
        String campaign;

        @Override
        public Integer call() throws Exception {
            int[] exit = {0};
            int code = inDatabase(config, spec, (c, out) -> {
                Programs.Program p = Programs.find(c, program);
                String id = campaignOf(p, campaign);
                StatusMatch m = Programs.match(c, p, id);
                if (m.problems().isEmpty()) {
                    out.println("program '" + p.name() + "' and campaign " + id + " match: " + String.join(", ",
                            m.programStatuses().stream().map(s -> s.name() + " -> " + s.campaignStatus()).toList()));
                } else {
                    out.println(m.message());
                    exit[0] = 1;
                }
            });
            return code != 0 ? code : exit[0];
        }
    }

    @Command(name = "map-status", mixinStandardHelpOptions = true,
            description = "Maps one program status to a campaign member status.")
    static final class MapStatus implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Parameters(index = "1", paramLabel = "PROGRAM_STATUS") String programStatus;
        @Parameters(index = "2", paramLabel = "CAMPAIGN_STATUS") String campaignStatus;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.mapStatus(c, Programs.find(c, program), programStatus, campaignStatus);
                out.println("'" + programStatus + "' -> '" + campaignStatus + "'");
            });
        }
    }

    @Command(name = "map-statuses", mixinStandardHelpOptions = true,
            description = "Saves the proposed mapping of the program's statuses to a campaign's (see: match).")
    static final class MapStatuses implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Option(names = "--campaign", paramLabel = "ID", description = "The campaign's Salesforce id (default: the linked one).")
        String campaign;
        @Option(names = "--save-proposal", required = true, description = "Save the proposal that 'match' shows.")
        boolean save;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.Program p = Programs.find(c, program);
                StatusMatch m = Programs.match(c, p, campaignOf(p, campaign));
                if (m.proposal().containsValue(null)) {
                    throw new BadParameterException("no proposal: " + m.message());
                }
                Programs.mapStatuses(c, p, m.proposal());
                m.proposal().forEach((k, v) -> out.println("'" + k + "' -> '" + v + "'"));
            });
        }
    }

    @Command(name = "link", mixinStandardHelpOptions = true,
            description = "Links the program to a Salesforce campaign; refused (exit 2) while their statuses do not match.")
    static final class Link implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Option(names = "--campaign", required = true, paramLabel = "ID", description = "The campaign's Salesforce id.")
        String campaign;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.link(c, Programs.find(c, program), campaign);
                out.println("program '" + program + "' linked to campaign " + campaign.trim()
                        + "; the next cycle syncs them");
            });
        }
    }

    @Command(name = "unlink", mixinStandardHelpOptions = true, description = "Unlinks the program from its campaign.")
    static final class Unlink implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                Programs.unlink(c, Programs.find(c, program));
                out.println("program '" + program + "' unlinked");
            });
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Switches campaign sync of the program on or off; changes made meanwhile wait, none is lost.")
    static final class Sync implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PROGRAM") String program;
        @Parameters(index = "1", paramLabel = "on|off") String state;

        @Override
        public Integer call() throws Exception {
            return inDatabase(config, spec, (c, out) -> {
                if (!state.equals("on") && !state.equals("off")) {
                    throw new BadParameterException("sync takes on or off, got '" + state + "'");
                }
                Programs.setCampaignSync(c, Programs.find(c, program), state.equals("on"));
                out.println("campaign sync of '" + program + "': " + state);
            });
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true,
            description = "Members of a program, or of a Salesforce campaign: list, add, remove, change status.",
            subcommands = {MemberList.class, MemberAdd.class, MemberRemove.class, MemberStatus.class})
    static final class Members implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    /** What the member commands share: a program or a campaign, a person, the service or the database. */
    abstract static class MemberCommand implements Callable<Integer> {
        @Mixin ConfigOption config;
        @Spec CommandSpec spec;
        @Option(names = "--program", paramLabel = "PROGRAM", description = "A program (its statuses).")
        String program;
        @Option(names = "--campaign", paramLabel = "ID", description = "A Salesforce campaign (its member statuses).")
        String campaign;

        void oneOf() {
            if ((program == null) == (campaign == null)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give either --program or --campaign");
            }
        }

        /**
         * A campaign action: through the running service (which can push it at once), else in the database for the next
         * cycle. Exit 2 for a mistake, 1 when a priority sync failed or --now found no service.
         */
        int campaignAction(String action, long person, String status, boolean now) throws Exception {
            SfsyncSettings settings = new SfsyncSettings(config.load());
            String query = "campaign=" + enc(campaign) + "&person=" + person + (status == null ? "" : "&status=" + enc(status))
                    + "&now=" + now;
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                HttpResponse<String> r = ServiceApi.post(ServiceApi.uri(settings, "/api/campaign-members/" + action + "?"
                        + query), Duration.ofMinutes(10));
                JsonNode body = JSON.readTree(r.body());
                if (r.statusCode() != 200) {
                    err.println("sfsync: " + (body.has("error") ? body.get("error").asText() : r.body()));
                    return r.statusCode() == 400 || r.statusCode() == 404 ? 2 : 1;
                }
                out.println(body.get("message").asText());
                boolean failed = false;
                for (JsonNode row : body.path("syncedNow")) {
                    boolean bad = row.has("error") || row.path("pushed").path("failed").asInt(0) > 0;
                    failed |= bad;
                    out.println("  pushed now: " + row.get("table").asText() + " " + row.get("id").asText() + " "
                            + row.path("pushed") + (bad ? " failed: " + row.path("error").asText("see dead-letters list")
                            : ""));
                }
                return failed ? 1 : 0;
            } catch (ConnectException noService) {
                if (now) {
                    err.println("sfsync: --now runs in the service, and no service answers at " + ServiceApi.uri(settings, "")
                            + "; start it with: java -jar sfsync.jar run (or leave --now out: the next cycle pushes it)");
                    return 1;
                }
            }
            boolean on = settings.booleanValue("sfsync.campaigns.enabled");
            return inDatabase(config, spec, (c, o) -> {
                CampaignMembers.Action a = switch (action) {
                    case "add" -> CampaignMembers.add(c, campaign, person, status, on);
                    case "remove" -> CampaignMembers.remove(c, campaign, person, on);
                    default -> CampaignMembers.changeStatus(c, campaign, person, status, on);
                };
                o.println(a.message() + "; the next cycle pushes it");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The members of a program, or of a Salesforce campaign (member of SFDC campaign).")
    static final class MemberList extends MemberCommand {
        @Override
        public Integer call() throws Exception {
            oneOf();
            if (campaign != null) {
                SfsyncSettings settings = new SfsyncSettings(config.load());
                try {
                    HttpResponse<String> r = ServiceApi.get(ServiceApi.uri(settings, "/api/campaign-members?campaign="
                            + enc(campaign)), Duration.ofSeconds(30));
                    JsonNode body = JSON.readTree(r.body());
                    if (r.statusCode() != 200) {
                        spec.commandLine().getErr().println("sfsync: " + body.path("error").asText(r.body()));
                        return 2;
                    }
                    for (JsonNode m : body) {
                        printMember(spec.commandLine().getOut(), m.path("personId").asText(), m.path("personType").asText(),
                                m.path("firstName").asText(""), m.path("lastName").asText(""), m.path("email").asText(""),
                                m.path("status").asText(), m.path("salesforceId").asText("(not in Salesforce yet)"));
                    }
                    spec.commandLine().getOut().flush();
                    return 0;
                } catch (ConnectException noService) {
                    return inDatabase(config, spec, (c, out) -> {
                        for (CampaignMembers.Member m : CampaignMembers.of(c, campaign.trim())) {
                            printMember(out, String.valueOf(m.personId()), m.personType(), nz(m.firstName()),
                                    nz(m.lastName()), nz(m.email()), m.status(),
                                    m.salesforceId() == null ? "(not in Salesforce yet)" : m.salesforceId());
                        }
                    });
                }
            }
            return inDatabase(config, spec, (c, out) -> {
                Programs.Program p = Programs.find(c, program);
                try (PreparedStatement ps = c.prepareStatement("SELECT pm.person_id, p.first_name, p.last_name, p.email, "
                        + "pm.status, pm.reached_at FROM program_member pm JOIN person p ON p.id = pm.person_id WHERE "
                        + "pm.program_id = ? ORDER BY p.last_name, p.first_name, pm.person_id")) {
                    ps.setLong(1, p.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.printf("person %-6s %-30s %-30s %-16s since %s%n", rs.getLong(1), nz(rs.getString(2)) + " "
                                    + nz(rs.getString(3)), nz(rs.getString(4)), rs.getString(5), rs.getString(6));
                        }
                    }
                }
            });
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a person to a program or campaign (or moves a member to the status).")
    static final class MemberAdd extends MemberCommand {
        @Option(names = "--person", required = true, paramLabel = "ID", description = "The person's id (person.id).")
        long person;
        @Option(names = "--status", paramLabel = "STATUS",
                description = "The status (default: the program's first, the campaign's default).")
        String status;
        @Option(names = "--now", description = "Campaign only: push at once through the running service.")
        boolean now;

        @Override
        public Integer call() throws Exception {
            oneOf();
            if (campaign != null) {
                return campaignAction("add", person, status, now);
            }
            return inDatabase(config, spec, (c, out) -> {
                Programs.setMember(c, Programs.find(c, program), person, status);
                out.println("person " + person + " is in program '" + program + "'; the next cycle syncs it");
            });
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a person from a program or campaign.")
    static final class MemberRemove extends MemberCommand {
        @Option(names = "--person", required = true, paramLabel = "ID", description = "The person's id (person.id).")
        long person;
        @Option(names = "--now", description = "Campaign only: push at once through the running service.")
        boolean now;

        @Override
        public Integer call() throws Exception {
            oneOf();
            if (campaign != null) {
                return campaignAction("remove", person, null, now);
            }
            return inDatabase(config, spec, (c, out) -> {
                if (!Programs.removeMember(c, Programs.find(c, program), person)) {
                    throw new NotFoundException("person " + person + " is no member of program '" + program + "'");
                }
                out.println("person " + person + " removed from program '" + program + "'; the next cycle syncs it");
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Moves a member to another status.")
    static final class MemberStatus extends MemberCommand {
        @Option(names = "--person", required = true, paramLabel = "ID", description = "The person's id (person.id).")
        long person;
        @Option(names = "--status", required = true, paramLabel = "STATUS", description = "The new status.")
        String status;
        @Option(names = "--now", description = "Campaign only: push at once through the running service.")
        boolean now;

        @Override
        public Integer call() throws Exception {
            oneOf();
            if (campaign != null) {
                return campaignAction("status", person, status, now);
            }
            return inDatabase(config, spec, (c, out) -> {
                Programs.Program p = Programs.find(c, program);
                if (!Programs.isMember(c, p, person)) {
                    throw new NotFoundException("person " + person + " is no member of program '" + program + "'");
                }
                Programs.setMember(c, p, person, status);
                out.println("person " + person + " is in program '" + program + "' with status '" + status
                        + "'; the next cycle syncs it");
            });
        }
    }

    private static void printMember(PrintWriter out, String person, String type, String first, String last, String email,
            String status, String salesforceId) {
        out.printf("person %-6s %-8s %-30s %-30s %-16s %s%n", person, type, (first + " " + last).trim(), email, status,
                salesforceId);
    }

    private static String campaignOf(Programs.Program p, String campaign) {
        if (campaign != null && !campaign.isBlank()) {
            return campaign.trim();
        }
        if (p.campaignId() == null) {
            throw new BadParameterException("program '" + p.name() + "' is not linked: give --campaign ID");
        }
        return p.campaignId();
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s.trim(), StandardCharsets.UTF_8);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
