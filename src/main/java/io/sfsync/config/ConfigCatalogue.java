package io.sfsync.config;

import io.sfsync.config.ConfigKey.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Every {@code sfsync.*} key, declared once: type, default, allowed values, secret or not, and the
 * text of its row in docs/configuration.md (ConfigCatalogueTest fails when the two disagree).
 * {@link ConfigLoader} puts the defaults below everything else; {@link SfsyncSettings} checks
 * every value against its key at start and reports all mistakes at once.
 */
public final class ConfigCatalogue {

    /** In the order of the table in docs/configuration.md. */
    public static final List<ConfigKey> KEYS = List.of(
            ConfigKey.path("sfsync.data-dir", "./data",
                    "Folder of the embedded database (`data/db/`). Created when missing. One sfsync process per "
                    + "folder."),
            ConfigKey.path("sfsync.routes-dir", "./routes",
                    "Folder whose `**/*.camel.yaml` and `**/*.camel.xml` route files are loaded."),
            ConfigKey.path("sfsync.mappings-dir", "./mappings",
                    "Folder of the mapping files (`*.yaml`, one per Salesforce object; see "
                    + "[mappings.md](mappings.md))."),
            ConfigKey.of("sfsync.objects", Type.LIST, "User,Account,Contact,Lead,Opportunity,OpportunityContactRole,"
                    + "Campaign,CampaignMemberStatus,CampaignMember,Task,Event",
                    "The Salesforce objects each cycle syncs, in this order (parents before children). Each needs a "
                    + "mapping file; a custom object is one more mapping file and its name here. A mapping's `links` "
                    + "to tables no object of this list fills are inactive (logged at start-up)."),
            ConfigKey.of("sfsync.cycle.cron", Type.CRON, "0 0/5 * * * ?",
                    "When cycles start (Quartz cron: seconds minutes hours day-of-month month day-of-week). A cycle "
                    + "never overlaps the previous one. Checked at start (exit 2 with an example when it is not a "
                    + "valid expression). Its period also sets health's staleness limit (two periods) and the longest "
                    + "wait between attempts to reach Salesforce."),
            ConfigKey.of("sfsync.cycle.scheduled", Type.BOOLEAN, "true",
                    "`false` turns off the schedule and the cycle at start-up (`run --once` does this itself)."),
            ConfigKey.of("sfsync.cycle.composite-reads", Type.BOOLEAN, "true",
                    "`true`: the first call of every object's pull steps (a due describe, the change query, getDeleted, "
                    + "the conversions query) is read ahead at the start of a cycle in Salesforce composite requests, "
                    + "one API call per 25 subrequests of which at most 5 queries (Salesforce's limits); an idle cycle of "
                    + "the 11 default objects costs 3 calls. `false`: every step makes its own calls (about 23 per idle "
                    + "cycle). See operations.md, \"API calls per cycle\"."),
            ConfigKey.of("sfsync.cycle.update-probes", Type.BOOLEAN, "false",
                    "`true` (with `sfsync.cycle.composite-reads`): instead of its change query, each object synced once "
                    + "first asks Salesforce's getUpdated which records changed since its last probe; "
                    + "an object with no change sends no query, so an idle cycle of the 11 default objects costs 1 API "
                    + "call instead of 3. The price: getUpdated counts whole minutes, so a change made in the clock minute "
                    + "a cycle starts in waits for the next cycle. See operations.md, \"API calls per cycle\"."),
            ConfigKey.of("sfsync.cluster.enabled", Type.BOOLEAN, "false",
                    "`true` lets several sfsync processes (instances) share one PostgreSQL database: the schedule is "
                    + "kept in Quartz's clustered JDBC JobStore, so each cycle runs on one instance, and another takes "
                    + "over when it dies (see operations.md, \"Running several instances\"). Needs PostgreSQL."),
            ConfigKey.text("sfsync.cluster.instance-name", "",
                    "This process's name in the status log (`instance` of each step) and in `sync_instance`. Empty: "
                    + "`<host>-<pid>`."),
            ConfigKey.text("sfsync.db.url", "",
                    "JDBC URL. Empty: embedded HSQLDB in `sfsync.data-dir`. PostgreSQL: "
                    + "`jdbc:postgresql://host:5432/db`; sfsync adds pgjdbc's `reWriteBatchedInserts=true` (batched "
                    + "inserts as multi-row INSERTs) unless the URL sets `reWriteBatchedInserts` itself."),
            ConfigKey.text("sfsync.db.username", "SA",
                    "Database user."),
            ConfigKey.text("sfsync.db.password", "",
                    "Database password (secret: set it in the environment).").asSecret(),
            ConfigKey.integer("sfsync.db.pool-size", "5", 1, 200,
                    "Maximum connections in the pool (1–200)."),
            ConfigKey.text("sfsync.admin.users", "",
                    "Administrators of the admin HTTP server (dashboard, `/api/**`, `/metrics`): `name:bcrypt-hash` "
                    + "entries, comma-separated (e.g. `SFSYNC_ADMIN_USERS=admin:$2a$10$...`); make a hash with "
                    + "`java -jar sfsync.jar admin hash-password`. With users, every path but `/api/health` needs one's "
                    + "HTTP Basic login. Without users (here or in `sfsync.admin.users-file`) the server starts only "
                    + "when `camel.server.host` is a loopback address (exit code 2 otherwise). Masked in the log.")
                    .asSecret(),
            ConfigKey.path("sfsync.admin.users-file", "",
                    "A file of administrators, one `name:bcrypt-hash` a line (`#` starts a comment), read at start, "
                    + "e.g. a mounted `/run/secrets/sfsync-users`; adds to `sfsync.admin.users`. A malformed line stops "
                    + "start-up (exit code 2) with the file and line."),
            ConfigKey.oneOf("sfsync.salesforce.mode", "auto", List.of("auto", "emulator", "org"),
                    "`auto`: the bundled emulator when no Salesforce login is set, the org at "
                    + "`sfsync.salesforce.login-url` when it is set; credentials (`client-id`, `client-secret`, "
                    + "`username`, `password`, `keystore.path`) without `sfsync.salesforce.login-url` stop start-up "
                    + "(exit code 2) rather than sync the demo data. `emulator`; `org` (needs "
                    + "`sfsync.salesforce.login-url`).").optional(),
            ConfigKey.text("sfsync.salesforce.login-url", "",
                    "Salesforce login server, e.g. `https://login.salesforce.com`, `https://test.salesforce.com` or "
                    + "your My Domain URL."),
            ConfigKey.oneOf("sfsync.salesforce.auth-type", "USERNAME_PASSWORD",
                    List.of("USERNAME_PASSWORD", "CLIENT_CREDENTIALS", "JWT"),
                    "OAuth flow: `USERNAME_PASSWORD`, `CLIENT_CREDENTIALS` or `JWT` (the JWT bearer flow: needs "
                    + "`client-id`, `username` and the `sfsync.salesforce.keystore.*` keys, checked at start; no "
                    + "client secret or password)."),
            ConfigKey.text("sfsync.salesforce.client-id", "",
                    "Connected App consumer key."),
            ConfigKey.text("sfsync.salesforce.client-secret", "",
                    "Connected App consumer secret (secret).").asSecret(),
            ConfigKey.text("sfsync.salesforce.username", "",
                    "The integration user sfsync logs in as; its permissions decide what sfsync may read and write."),
            ConfigKey.text("sfsync.salesforce.password", "",
                    "That user's password followed by its security token (secret).").asSecret(),
            ConfigKey.path("sfsync.salesforce.keystore.path", "",
                    "JWT only: key store file with the private key that signs the JWT bearer assertion; the "
                    + "connected app holds its certificate (\"Use digital signatures\"). E.g. "
                    + "`/etc/sfsync/connected-app.p12`."),
            ConfigKey.text("sfsync.salesforce.keystore.password", "",
                    "JWT only: the key store's password, also used for the key (secret: set it only as "
                    + "`SFSYNC_SALESFORCE_KEYSTORE_PASSWORD` in the environment).").asSecret(),
            ConfigKey.text("sfsync.salesforce.keystore.type", "PKCS12",
                    "JWT only: the key store's format, `PKCS12` or `JKS`."),
            ConfigKey.of("sfsync.salesforce.api-version", Type.API_VERSION, "62.0",
                    "Salesforce REST API version used for every call."),
            ConfigKey.of("sfsync.salesforce.budget.max-share", Type.SHARE, "0.8",
                    "API budget guard: when Salesforce reports (`Sforce-Limit-Info`) that this share of the org's "
                    + "daily API requests is used, a Pull Updates step stops after its current page, commits, and is "
                    + "recorded as Incomplete; the next cycle resumes it. Each step still reads at least one page per "
                    + "cycle."),
            ConfigKey.integer("sfsync.salesforce.retry.max-retries", "3", 0, 20,
                    "How often a Salesforce call that failed transiently (HTTP 502/503/504, `UNABLE_TO_LOCK_ROW`, "
                    + "`SERVER_UNAVAILABLE`, a dropped connection, a timeout) is repeated within the step before the "
                    + "step fails or is rolled back; its message then ends with \"(after N retries)\". Other errors "
                    + "(e.g. `INVALID_FIELD`, a database error) are never retried. `0`: no retries. At most 20."),
            ConfigKey.integer("sfsync.salesforce.retry.initial-delay-ms", "1000", 0, 600_000,
                    "Wait before the first retry; each further retry waits twice as long as the one before "
                    + "(1 s, 2 s, 4 s, ...)."),
            ConfigKey.integer("sfsync.salesforce.retry.max-delay-ms", "30000", 0, 3_600_000,
                    "Upper bound of the wait between two retries."),
            ConfigKey.integer("sfsync.schema.check-interval-seconds", "3600", 0, 604_800,
                    "How long after a check of an object's describe its Sync Schema asks nothing of Salesforce; after "
                    + "it, one describe with `If-Modified-Since`, which Salesforce answers `304 Not Modified` when the "
                    + "object's metadata did not change. The start-up check and the first cycle share one describe per "
                    + "object, and a query that fails with `INVALID_FIELD` makes the next cycle describe the object at "
                    + "once. `0`: a conditional describe every cycle. At most 604800 (a week)."),
            ConfigKey.integer("sfsync.pull.bulk-threshold", "50000", 0, Integer.MAX_VALUE,
                    "A first pull of an object with more records than this reads them through a Bulk API 2.0 query "
                    + "job (CSV results) instead of REST pages of 2,000: far fewer API calls for large initial loads. "
                    + "`0`: never."),
            ConfigKey.integer("sfsync.pull.bulk-poll-interval-ms", "2000", 0, 600_000,
                    "How long to wait between two looks at a running Bulk API query job."),
            ConfigKey.integer("sfsync.pull.bulk-page-size", "5000", 1, 1_000_000,
                    "Records per page of Bulk API results (`maxRecords`): one page is written while the next is "
                    + "fetched, so two pages are held in memory."),
            ConfigKey.integer("sfsync.pull.bulk-commit-records", "50000", 1, 10_000_000,
                    "PostgreSQL: a Bulk API first pull into a table without the object's records streams its pages into "
                    + "one COPY and commits it, with the job's position, once it holds this many records (or the pages "
                    + "end); a stopped pull reads the pages after its last commit again. A COPY the database refuses is "
                    + "undone, and its pages are read again and written one by one (the bad record becomes a dead "
                    + "letter). `1`: a commit per page."),
            ConfigKey.integer("sfsync.push.bulk-threshold", "10000", 0, Integer.MAX_VALUE,
                    "A Push New or Push Updates step of an object with more rows to send than this sends them through "
                    + "Bulk API 2.0 ingest jobs (`update`; `upsert` by the mapping's `external-id`) instead of sObject "
                    + "Collections of 200: far fewer API calls for thousands of changes. Push New without an "
                    + "`external-id` always uses Collections. Jobs are followed every "
                    + "`sfsync.pull.bulk-poll-interval-ms`. `0`: never."),
            ConfigKey.integer("sfsync.push.change-log-retention-days", "30", 0, 36_500,
                    "Entries of the change log (`sync_change`) that a push closed (Pushed, Failed, Superseded) more "
                    + "than this many days ago are deleted, once a day at the end of a cycle; open entries (changes "
                    + "still to push) are kept whatever their age. `0`: keep every entry."),
            ConfigKey.of("sfsync.campaigns.enabled", Type.BOOLEAN, "true",
                    "Campaign sync (programs ↔ Salesforce campaigns, see operations.md, \"Campaigns\"): `false` stops the steps Sync With Program and Entry Link to Program, and member actions on campaigns no program is linked to; changes made meanwhile on either side are kept and synced when it is `true` again. A program's own switch: `program.campaign_sync` (`sfsync programs sync`)."),
            ConfigKey.integer("sfsync.status.retention-days", "5", 0, 36_500,
                    "Steps of the sync-status log (`sync_step`) that started, dead letters that were closed (Replayed, "
                    + "Discarded) and conflicts (`sync_conflict`) that were recorded more than this many days ago are "
                    + "deleted, once a day at the end of a cycle; open (New) dead letters are kept whatever their age, "
                    + "and so are running steps. `0`: keep everything."),
            ConfigKey.of("sfsync.sales-app.enabled", Type.BOOLEAN, "false",
                    "`true` turns on the sales-app feed (see operations.md, \"Sales-app feed\"): the sales-app "
                    + "database gets a copy of every person with a Salesforce owner (11 fixed fields), kept up each "
                    + "cycle, and the sales activities the sales app writes there are recorded as activities of their "
                    + "persons. Off by default: it adds a database and triggers on `person` that only a sales app needs."),
            ConfigKey.text("sfsync.sales-app.db.url", "",
                    "JDBC URL of the sales-app database. Empty: embedded HSQLDB in `sfsync.data-dir` "
                    + "(`data/sales-app/`), which only the sfsync process can open. PostgreSQL: "
                    + "`jdbc:postgresql://host:5432/salesapp`; sfsync creates its tables there (Flyway history table "
                    + "`sfsync_sales_app_history`)."),
            ConfigKey.text("sfsync.sales-app.db.username", "SA",
                    "Sales-app database user."),
            ConfigKey.text("sfsync.sales-app.db.password", "",
                    "Sales-app database password (secret: set it in the environment).").asSecret(),
            ConfigKey.of("sfsync.sales-app.task-activity-types", Type.LIST, "Send Sales Email,Received Sales Call",
                    "The sales activity types also pushed to Salesforce as Tasks of the person's Lead or Contact (one "
                    + "way; needs `Task` in `sfsync.objects`), comma-separated, from: `Send Sales Email`, `Open Sales "
                    + "Email`, `Click Sales Email`, `Reply to Sales Email`, `Sales Email Bounced`, `Received Sales "
                    + "Call`, `Added to Sales Campaign`, `Removed from Sales Campaign`. Empty: none. Another name "
                    + "stops start-up (exit code 2).").optional(),
            ConfigKey.integer("sfsync.salesforce.emulator.port", "0", 0, 65535,
                    "Port of the in-process emulator (`0`: any free port). Only in emulator mode."),
            ConfigKey.integer("sfsync.salesforce.emulator.seed-leads", "300", 0, 10_000_000,
                    "Demo Leads the in-process emulator starts with (deterministic data)."),
            ConfigKey.integer("sfsync.salesforce.emulator.seed-contacts", "200", 0, 10_000_000,
                    "Demo Contacts the in-process emulator starts with."),
            ConfigKey.path("sfsync.salesforce.emulator.schema-file", "",
                    "An extra emulator schema file (JSON) adding custom objects and `__c` fields to the in-process "
                    + "emulator, e.g. `docs/examples/schema-extra.json`; see [emulator.md](emulator.md)."),
            ConfigKey.of("sfsync.salesforce.emulator.seed-extra", Type.OBJECT_COUNTS,
                    "Account:40,Opportunity:60,Campaign:6,CampaignMember:120,Task:150,Event:60",
                    "More demo data for the in-process emulator: `Object:count` pairs, seeded after the Leads and "
                    + "Contacts (children are linked to existing parents). Empty for none."),
            ConfigKey.integer("sfsync.salesforce.emulator.daily-api-limit", "100000", 1, Integer.MAX_VALUE,
                    "The in-process emulator's daily API request limit (what `Sforce-Limit-Info` reports)."));

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();

    static {
        for (ConfigKey k : KEYS) {
            if (BY_NAME.put(k.name(), k) != null) {
                throw new IllegalStateException("configuration key " + k.name() + " is declared twice");
            }
        }
    }

    private ConfigCatalogue() {
    }

    public static List<String> names() {
        return KEYS.stream().map(ConfigKey::name).toList();
    }

    /** The key called {@code name}, or null when there is none. */
    public static ConfigKey key(String name) {
        return BY_NAME.get(name);
    }

    /** The defaults of every key, the lowest layer of the configuration. */
    public static Properties defaults() {
        Properties p = new Properties();
        for (ConfigKey k : KEYS) {
            p.setProperty(k.name(), k.defaultValue());
        }
        return p;
    }

    /**
     * Every mistake in {@code props}, each naming its key: unknown {@code sfsync.*} keys (with the
     * nearest known key) first, then values that do not fit their key, in catalogue order.
     */
    public static List<String> problems(Properties props) {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            if (name.startsWith("sfsync.") && !BY_NAME.containsKey(name)) {
                String near = Suggest.nearest(name, BY_NAME.keySet());
                problems.add("unknown configuration key '" + name + "'"
                        + (near != null ? " (did you mean '" + near + "'?)" : "")
                        + "; the keys are listed in docs/configuration.md");
            }
        }
        for (ConfigKey k : KEYS) {
            String raw = props.getProperty(k.name(), k.defaultValue());
            String problem = k.problem(raw.trim());
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }
}
