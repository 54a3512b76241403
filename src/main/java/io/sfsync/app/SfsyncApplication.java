package io.sfsync.app;

import io.sfsync.admin.ActivityJson;
import io.sfsync.admin.ApiErrors;
import io.sfsync.admin.ConflictJson;
import io.sfsync.admin.CsvExport;
import io.sfsync.admin.DashboardFiles;
import io.sfsync.admin.DashboardHeaders;
import io.sfsync.admin.auth.AdminAccess;
import io.sfsync.admin.auth.AdminUsers;
import io.sfsync.admin.auth.SecuredHttpServerFactory;
import io.sfsync.config.ConfigException;
import io.sfsync.config.SfsyncSettings;
import io.sfsync.cycle.CycleHealth;
import io.sfsync.cycle.CyclePeriod;
import io.sfsync.campaign.CampaignApi;
import io.sfsync.campaign.ProgramSteps;
import io.sfsync.cycle.FirstReads;
import io.sfsync.cluster.Membership;
import io.sfsync.cluster.QuartzCluster;
import io.sfsync.cycle.ObjectLocks;
import io.sfsync.cycle.Steps;
import io.sfsync.cycle.SyncCycle;
import io.sfsync.deadletter.DeadLetterJson;
import io.sfsync.deadletter.DeadLetterReplay;
import io.sfsync.deadletter.DeadLetterStore;
import io.sfsync.deadletter.PullUpdatesReplayer;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.EmulatorServer;
import io.sfsync.health.CyclesCheck;
import io.sfsync.health.DatabaseCheck;
import io.sfsync.health.SalesforceSessionCheck;
import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.MappingException;
import io.sfsync.mapping.MappingLoader;
import io.sfsync.mapping.MappingValidator;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.metrics.ApiCallMeter;
import io.sfsync.metrics.ApiUsageMeter;
import io.sfsync.metrics.SyncMetrics;
import io.sfsync.pull.CycleReads;
import io.sfsync.pull.UpdateProbes;
import io.sfsync.pull.PullConversions;
import io.sfsync.pull.PullDeletes;
import io.sfsync.pull.PullUpdates;
import io.sfsync.pull.PullUpdatesBulk;
import io.sfsync.pull.SyncSchema;
import io.sfsync.pull.UpdateFks;
import io.sfsync.push.PrioritySync;
import io.sfsync.push.PushBulk;
import io.sfsync.push.PushDeletes;
import io.sfsync.push.PushNew;
import io.sfsync.push.PushReplayer;
import io.sfsync.push.PushUpdates;
import io.sfsync.salesapp.SalesApp;
import io.sfsync.salesforce.LoginRefusedException;
import io.sfsync.salesforce.ObjectDescribe;
import io.sfsync.salesforce.SalesforceErrorCode;
import io.sfsync.salesforce.SalesforceErrors;
import io.sfsync.salesforce.SalesforceUnavailableException;
import io.sfsync.salesforce.TransientErrors;
import io.sfsync.status.ApiCalls;
import io.sfsync.status.Backlog;
import io.sfsync.status.CycleJson;
import io.sfsync.status.CycleLog;
import io.sfsync.status.StatusLogRetention;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepCsv;
import io.sfsync.status.StepJson;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.status.Throughput;
import io.sfsync.store.ChangeCapture;
import io.sfsync.store.ChangeLogRetention;
import io.sfsync.store.Database;
import io.sfsync.store.SyncKeys;
import io.sfsync.store.TableSchema;
import io.sfsync.store.TableSchemaCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.main.Main;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sfsync service: checks configuration and mappings, opens the database, starts the
 * bundled Salesforce emulator when no org is configured, then boots Camel with the routes
 * from {@code sfsync.routes-dir}. Used by the command line and by the tests alike.
 */
public final class SfsyncApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SfsyncApplication.class);
    /** Pages of 2,000 wide records exceed camel-salesforce's 4 MiB default. */
    private static final int HTTP_MAX_CONTENT = 64 * 1024 * 1024;
    public static final String CYCLE_ENDPOINT = "seda:sync-cycle?size=1&timeout=0";
    /** The first wait after a failed connection to Salesforce; it doubles up to the cycle period. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

    private final SfsyncSettings settings;
    private final Database database;
    private final EmulatorServer emulator;
    private final StepLog stepLog;
    private final Main main;
    private final Map<String, ObjectMapping> mappings;
    private final SyncCycle syncCycle;
    private final DeadLetterReplay deadLetters;
    private boolean closed;
    private volatile List<String> mappingWarnings = List.of();
    private Exception startupProblem;
    /** The time between two scheduled cycles (sfsync.cycle.cron): the longest wait between attempts to connect. */
    private final Duration cyclePeriod;
    private final Membership membership;
    private final SalesApp salesApp;

    private SfsyncApplication(SfsyncSettings settings, Database database, EmulatorServer emulator, Main main,
                              Map<String, ObjectMapping> mappings, SyncCycle syncCycle, Duration cyclePeriod,
                              DeadLetterReplay deadLetters, Membership membership, StepLog stepLog, SalesApp salesApp) {
        this.membership = membership;
        this.salesApp = salesApp;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.cyclePeriod = cyclePeriod;
        this.mappings = mappings;
        this.syncCycle = syncCycle;
        this.database = database;
        this.emulator = emulator;
        this.stepLog = stepLog; // the beans' own: its listeners (the metrics) see the Connect steps too
        this.main = main;
    }

    /**
     * Prepares everything that can fail on a user's mistake before Camel starts, so start-up
     * stops with one clear message: configuration, mapping files, database, Salesforce login.
     * Steps a stopped process left In Progress are closed here, before this process's first cycle.
     */
    public static SfsyncApplication create(Properties config) {
        return create(config, true);
    }

    /**
     * For commands that run no cycle ({@code mappings validate}): the same checks, and the sync-status
     * log is left as it is, so a step another process is running is not taken for an interrupted one.
     */
    public static SfsyncApplication createForChecks(Properties config) {
        return create(config, false);
    }

    private static SfsyncApplication create(Properties config, boolean runsCycles) {
        SfsyncSettings settings = new SfsyncSettings(config);
        LOG.info(settings.describe());
        Duration period = CyclePeriod.of(settings.get(CyclePeriod.KEY), new Date());
        AdminUsers adminUsers = AdminAccess.check(settings);
        if (!Files.isDirectory(settings.routesDir())) {
            throw new ConfigException("configuration key 'sfsync.routes-dir': folder " + settings.routesDir()
                    + " does not exist; point it at the folder of the route files (the bundled ones are in routes/)");
        }
        Map<String, ObjectMapping> mappings = mappingsFor(settings);
        Database database = Database.open(settings);
        EmulatorServer emulator = null;
        Membership membership = null;
        try {
            boolean clustered = settings.booleanValue("sfsync.cluster.enabled");
            if (clustered && !database.isShared()) {
                throw new ConfigException("sfsync.cluster.enabled=true needs PostgreSQL (sfsync.db.url): the embedded"
                        + " database in sfsync.data-dir belongs to one process; set sfsync.db.url to a PostgreSQL"
                        + " database that all instances share, or set sfsync.cluster.enabled=false");
            }
            checkTables(database.dataSource(), mappings);
            membership = runsCycles ? join(database, settings) : Membership.readOnly();
            if (runsCycles) {
                installChangeCapture(database.dataSource(), mappings);
            }
            if (settings.salesforceMode() == SfsyncSettings.SalesforceMode.EMULATOR) {
                emulator = startEmulator(settings);
            }
            Main main = new Main();
            main.setOverrideProperties(camelProperties(settings));
            main.addMainListener(new ObjectRoutes(settings.objects()));
            SalesforceComponent salesforce = salesforceComponent(settings, emulator);
            main.bind("salesforce", salesforce);
            main.bind("adminHttpServerFactory", new SecuredHttpServerFactory(adminUsers));
            if (clustered) {
                QuartzComponent quartz = new QuartzComponent();
                quartz.setPrefixInstanceName(false);
                quartz.setProperties(QuartzCluster.properties(database.dataSource(), membership.name()));
                main.bind("quartz", quartz);
            }
            StepLog stepLog = new StepLog(database.dataSource(), membership.name(), membership.id());
            CycleHealth health = new CycleHealth(settings.booleanValue("sfsync.cycle.scheduled") ? period : null,
                    Clock.systemUTC());
            SyncCycle syncCycle = new SyncCycle(settings.objects(), stepLog, health, membership);
            main.bind("syncCycle", syncCycle);
            main.addMainListener(syncCycle);
            SyncSchema syncSchema = new SyncSchema(database.dataSource(), stepLog, mappings, settings.apiVersion(),
                    Duration.ofSeconds(settings.intValue("sfsync.schema.check-interval-seconds")), Clock.systemUTC());
            main.bind("syncSchema", syncSchema);
            main.bind("dataSource", database.dataSource());
            main.bind("steps", new Steps());
            SyncKeys syncKeys = new SyncKeys();
            double budgetShare = settings.shareValue("sfsync.salesforce.budget.max-share");
            PullUpdates pullUpdates = new PullUpdates(database.dataSource(), stepLog, mappings, syncSchema,
                    budgetShare, settings.intValue("sfsync.pull.bulk-threshold"), syncCycle::isStopping, syncKeys);
            main.bind("pullUpdates", pullUpdates);
            main.bind("pullUpdatesBulk",
                    new PullUpdatesBulk(pullUpdates, settings.intValue("sfsync.pull.bulk-commit-records")));
            main.bind("transientErrors", new TransientErrors());
            main.bind("invalidReplicationDate", new SalesforceErrorCode("INVALID_REPLICATION_DATE"));
            main.bind("notModified", SalesforceErrorCode.httpStatus(304));
            main.bind("updateFks", new UpdateFks(database.dataSource(), stepLog, mappings));
            PullDeletes pullDeletes = new PullDeletes(database.dataSource(), stepLog, mappings,
                    settings.apiVersion(), syncCycle::isStopping);
            main.bind("pullDeletes", pullDeletes);
            PullConversions pullConversions = new PullConversions(database.dataSource(), stepLog, mappings,
                    syncCycle::isStopping);
            main.bind("pullConversions", pullConversions);
            FirstReads firstReads = new FirstReads();
            main.bind("firstReads", firstReads);
            main.bind("cycleReads", new CycleReads(settings.objects(), syncSchema, pullUpdates, pullDeletes,
                    pullConversions, firstReads, settings.apiVersion(), settings.booleanValue("sfsync.cycle.composite-reads"),
                    settings.booleanValue("sfsync.cycle.update-probes") ? new UpdateProbes(stepLog) : null,
                    Clock.systemUTC()));
            int retries = settings.intValue("sfsync.salesforce.retry.max-retries");
            long retryDelay = settings.intValue("sfsync.salesforce.retry.initial-delay-ms");
            long retryMaxDelay = settings.intValue("sfsync.salesforce.retry.max-delay-ms");
            int pushBulkThreshold = settings.intValue("sfsync.push.bulk-threshold");
            main.bind("pushNew", new PushNew(database.dataSource(), stepLog, mappings, settings.apiVersion(), retries,
                    retryDelay, retryMaxDelay, pushBulkThreshold, syncKeys).guardedBy(budgetShare, syncCycle::isStopping));
            main.bind("pushUpdates", new PushUpdates(database.dataSource(), stepLog, mappings, settings.apiVersion(),
                    retries, retryDelay, retryMaxDelay, pushBulkThreshold).guardedBy(budgetShare, syncCycle::isStopping));
            main.bind("pushDeletes", new PushDeletes(database.dataSource(), stepLog, mappings, settings.apiVersion(),
                    retries, retryDelay, retryMaxDelay, syncSchema).guardedBy(budgetShare, syncCycle::isStopping));
            main.bind("pushBulk", new PushBulk());
            main.bind("changeLogRetention", new ChangeLogRetention(database.dataSource(),
                    settings.intValue("sfsync.push.change-log-retention-days"), Clock.systemUTC()));
            main.bind("conflictJson", new ConflictJson(database.dataSource()));
            main.bind("objectLocks", new ObjectLocks(membership));
            main.bind("dashboardFiles", new DashboardFiles());
            main.bind("dashboardHeaders", new DashboardHeaders());
            PrioritySync prioritySync = new PrioritySync(database.dataSource(), mappings, syncSchema);
            main.bind("prioritySync", prioritySync);
            main.bind("healthReport", new HealthReport(health));
            main.bind(DatabaseCheck.ID, new DatabaseCheck(database.dataSource()));
            main.bind(SalesforceSessionCheck.ID, new SalesforceSessionCheck(health, salesforce));
            main.bind(CyclesCheck.ID, new CyclesCheck(health));
            main.bind("apiErrors", new ApiErrors());
            // D2: a dead letter is replayed by the replayer of its operation
            DeadLetterStore deadLetterStore = new DeadLetterStore(database.dataSource());
            PushReplayer.SyncNow syncNow = targets -> {
                Exception failed = main.getCamelTemplate().send("direct:sync-now",
                        exchange -> exchange.setProperty("targets", targets)).getException();
                if (failed != null) {
                    throw failed;
                }
            };
            DeadLetterReplay deadLetters = new DeadLetterReplay(deadLetterStore, List.of(
                    new PullUpdatesReplayer(database.dataSource(), mappings, syncSchema, soql -> main.getCamelTemplate()
                            .requestBody("direct:dead-letter-replay", soql, java.io.InputStream.class)),
                    new PushReplayer(PushNew.OPERATION, prioritySync, deadLetterStore, syncNow),
                    new PushReplayer(PushUpdates.OPERATION, prioritySync, deadLetterStore, syncNow),
                    new PushReplayer(PushDeletes.OPERATION, prioritySync, deadLetterStore, syncNow)));
            main.bind("deadLetterJson", new DeadLetterJson(deadLetters));
            // campaign sync (#14): programs <-> Salesforce campaigns
            BooleanSupplier campaignsOn = () -> settings.booleanValue("sfsync.campaigns.enabled");
            main.bind("programSteps", new ProgramSteps(database.dataSource(), stepLog, campaignsOn, settings.objects()));
            main.bind("campaignApi", new CampaignApi(database.dataSource(), campaignsOn, prioritySync, syncNow::run));
            bindOperatorSurface(main, settings, database.dataSource(), stepLog, deadLetterStore, mappings);
            SyncMetrics metrics = new SyncMetrics(deadLetterStore, settings.objects());
            stepLog.onFinish(metrics::stepFinished);
            syncCycle.onEnd(metrics::cycleFinished);
            main.bind("syncMetrics", metrics);
            main.bind("apiUsageMeter", new ApiUsageMeter(metrics));
            ApiCalls apiCalls = new ApiCalls();
            stepLog.countCalls(apiCalls);
            CycleLog cycleLog = new CycleLog(database.dataSource(), membership.name());
            syncCycle.reportCalls(apiCalls, cycleLog);
            main.bind("apiCallMeter", new ApiCallMeter(apiCalls));
            main.bind("cycleJson", new CycleJson(cycleLog));
            // the sales-app feed (#15): opened last, so nothing after it can fail and leave its database open
            SalesApp salesApp = runsCycles ? SalesApp.open(settings, database.dataSource(), stepLog, syncCycle::isStopping)
                    : SalesApp.off();
            salesApp.bind(main);
            return new SfsyncApplication(settings, database, emulator, main, mappings, syncCycle, period, deadLetters,
                    membership, stepLog, salesApp);
        } catch (RuntimeException e) {
            if (emulator != null) {
                emulator.close();
            }
            if (membership != null) {
                membership.close();
            }
            database.close();
            throw e;
        }
    }

    /** The beans of the status log's API, CSV export and retention (issue #12). */
    private static void bindOperatorSurface(Main main, SfsyncSettings settings, DataSource dataSource, StepLog stepLog,
                                            DeadLetterStore deadLetterStore, Map<String, ObjectMapping> mappings) {
        main.bind("stepJson", new StepJson(stepLog, deadLetterStore));
        main.bind("csvExport", new CsvExport(new StepCsv(stepLog, deadLetterStore)));
        List<Backlog.Source> sources = new ArrayList<>();
        mappings.values().forEach(m -> sources.add(new Backlog.Source(m.object(), m.table(), m.typeColumn())));
        main.bind("activityJson", new ActivityJson(new Backlog(dataSource, stepLog, sources),
                new Throughput(stepLog, Clock.systemUTC())));
        main.bind("statusLogRetention", new StatusLogRetention(dataSource, deadLetterStore,
                settings.intValue("sfsync.status.retention-days"), Clock.systemUTC()));
    }

    /**
     * Records this process as an instance (on PostgreSQL it holds its liveness lock on a connection of its own) and
     * closes the steps that instances no longer alive left In Progress, before this process's first cycle.
     */
    private static Membership join(Database database, SfsyncSettings settings) {
        Membership membership;
        try {
            membership = Membership.join(database.dataSource(),
                    database.isShared() ? database.openDedicatedConnection() : null,
                    settings.get("sfsync.cluster.instance-name"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record this process in sync_instance: " + e.getMessage(), e);
        }
        database.recordHolder(membership.description());
        try {
            new StepLog(database.dataSource()).closeInterruptedAtStart(membership.alive());
        } catch (SQLException e) {
            membership.close();
            throw new IllegalStateException("cannot read which sfsync instances are alive: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            membership.close();
            throw e;
        }
        return membership;
    }

    /** Loads the mapping files and keeps those of the configured objects, in configured order. */
    static Map<String, ObjectMapping> mappingsFor(SfsyncSettings settings) {
        Map<String, ObjectMapping> all = MappingLoader.loadDirectory(settings.mappingsDir());
        Map<String, ObjectMapping> chosen = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String object : settings.objects()) {
            ObjectMapping m = all.get(object);
            if (m == null) {
                problems.add("sfsync.objects names '" + object + "' but no file in " + settings.mappingsDir()
                        + " maps it (mapped: " + String.join(", ", all.keySet()) + ")");
            } else {
                chosen.put(object, m);
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        // A link to a table no synced object fills cannot be resolved: it is left out, and said so,
        // so that syncing only Lead and Contact works with the bundled mappings.
        Map<String, ObjectMapping> linked = new LinkedHashMap<>();
        for (ObjectMapping m : chosen.values()) {
            List<LinkMapping> active = new ArrayList<>();
            for (LinkMapping link : m.links()) {
                if (chosen.values().stream().anyMatch(o -> o.table().equalsIgnoreCase(link.to()))) {
                    active.add(link);
                } else {
                    LOG.warn("{}: link {}.{} -> {} is inactive: no object of sfsync.objects fills table {}",
                            MappingException.at(m.file(), link.line(), "link"), m.table(), link.column(), link.to(), link.to());
                }
            }
            linked.put(m.object(), m.withLinks(active));
        }
        return linked;
    }

    private static void checkTables(DataSource ds, Map<String, ObjectMapping> mappings) {
        List<String> problems = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (ObjectMapping m : mappings.values()) {
                problems.addAll(TableSchemaCheck.problems(c, m));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the local database schema: " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
    }

    private static void installChangeCapture(DataSource ds, Map<String, ObjectMapping> mappings) {
        try {
            ChangeCapture.install(ds, mappings.values());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot install change capture (the sfsync_<table>_ins/_upd/_del triggers): "
                    + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static EmulatorServer startEmulator(SfsyncSettings s) {
        // The emulator's documented demo login: the same as 'sfsync emulator' accepts by default.
        EmulatorConfig cfg = EmulatorConfig.defaults()
                .withPort(s.intValue("sfsync.salesforce.emulator.port"))
                .withSeed(s.intValue("sfsync.salesforce.emulator.seed-leads"),
                        s.intValue("sfsync.salesforce.emulator.seed-contacts"))
                .withDailyApiLimit(s.intValue("sfsync.salesforce.emulator.daily-api-limit"));
        String schemaFile = s.get("sfsync.salesforce.emulator.schema-file");
        if (!schemaFile.isEmpty()) {
            cfg = cfg.withSchemaFile(java.nio.file.Path.of(schemaFile));
        }
        try {
            EmulatorServer server = EmulatorServer.start(cfg);
            for (String pair : s.get("sfsync.salesforce.emulator.seed-extra").split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                String[] parts = pair.trim().split(":"); // Object:count, checked with the configuration
                server.org().seed(parts[0].trim(), Integer.parseInt(parts[1].trim()));
            }
            LOG.warn(DemoBanner.text(server.baseUrl()));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Salesforce emulator on port " + cfg.port()
                    + " (sfsync.salesforce.emulator.port): " + e.getMessage(), e);
        }
    }

    private static SalesforceComponent salesforceComponent(SfsyncSettings s, EmulatorServer emulator) {
        EmulatorConfig demo = EmulatorConfig.defaults();
        SalesforceComponent sf = new SalesforceComponent();
        SalesforceEndpointConfig endpointConfig = new SalesforceEndpointConfig();
        endpointConfig.setApiVersion(s.apiVersion());
        sf.setConfig(endpointConfig);
        sf.setHttpMaxContentLength(HTTP_MAX_CONTENT);
        // Log in when sfsync connects (connectToSalesforce), not while Camel starts: so the service can
        // start, report its health and wait for a Salesforce that does not answer yet.
        sf.setLazyLogin(true);
        if (emulator != null) {
            sf.setLoginUrl(emulator.baseUrl());
            sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            sf.setClientId(demo.clientId());
            sf.setClientSecret(demo.clientSecret());
            sf.setUserName(demo.username());
            sf.setPassword(demo.password());
        } else {
            sf.setLoginUrl(s.get("sfsync.salesforce.login-url"));
            sf.setAuthenticationType(AuthenticationType.valueOf(s.authType()));
            sf.setClientId(s.get("sfsync.salesforce.client-id"));
            sf.setClientSecret(s.get("sfsync.salesforce.client-secret"));
            sf.setUserName(s.get("sfsync.salesforce.username"));
            sf.setPassword(s.get("sfsync.salesforce.password"));
            if (s.authType().equals("JWT")) {
                SfsyncSettings.JwtKeyStore jwt = s.jwtKeyStore();
                KeyStoreParameters keystore = new KeyStoreParameters();
                keystore.setResource("file:" + jwt.path());
                keystore.setPassword(jwt.password());
                keystore.setType(jwt.type());
                sf.setKeystore(keystore);
            }
        }
        return sf;
    }

    /** What Camel itself needs; the sfsync.* keys are passed on so routes can use them as placeholders. */
    private static Properties camelProperties(SfsyncSettings s) {
        Properties p = new Properties();
        p.putAll(s.properties());
        String dir = s.routesDir().toString();
        p.setProperty("camel.main.routes-include-pattern",
                "file:" + dir + "/**/*.camel.yaml,file:" + dir + "/**/*.camel.xml");
        return p;
    }

    /**
     * Starts Camel, checks the mappings against Salesforce's describe metadata, and returns;
     * the scheduled cycles run in the background. A mapping mistake stops everything again,
     * and so does a Salesforce that cannot be reached (for the service, see {@link #runUntilStopped}).
     */
    public SfsyncApplication start() throws Exception {
        try {
            try {
                main.start();
            } catch (Exception e) {
                throw StartupErrors.translate(e, main.getCamelContext());
            }
            RouteWiring.check(main.getCamelContext());
            checkMappingsAgainstSalesforce();
        } catch (Exception e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Starts Camel and blocks until the process is asked to stop (Ctrl-C, SIGTERM). While Salesforce
     * cannot be reached or refuses the login, the service waits for it: each attempt is a Failed
     * "Connect" step in the sync-status log, health is DOWN, and the next attempt comes after a wait
     * that doubles from 5 s up to the cycle period. Mistakes in mappings or routes stop it.
     */
    public void runUntilStopped() throws Exception {
        Thread connector = new Thread(this::connectUntilReady, "sfsync-connect");
        connector.setDaemon(true);
        try {
            main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
                @Override
                public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                    try {
                        RouteWiring.check(main.getCamelContext());
                    } catch (ConfigException e) {
                        startupProblem = e;
                        main.completed();
                        return;
                    }
                    connector.start();
                }

                @Override
                public void beforeStop(org.apache.camel.main.BaseMainSupport m) {
                    connector.interrupt();
                    syncCycle.stop();
                }
            });
            try {
                main.run();
            } catch (Exception e) {
                throw StartupErrors.translate(e, main.getCamelContext());
            }
        } finally {
            closeResources();
        }
        if (startupProblem != null) {
            throw startupProblem;
        }
    }

    private void connectUntilReady() {
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                checkMappingsAgainstSalesforce();
                return;
            } catch (SalesforceUnavailableException | LoginRefusedException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                syncCycle.health().unavailable(e.getMessage(), Instant.now().plus(wait));
                recordConnectFailure(e.getMessage());
                LOG.warn("Salesforce is not available: {}; sfsync tries again in {} s", e.getMessage(), wait.toSeconds());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException stopping) {
                    return;
                }
                wait = nextWait(wait, cyclePeriod);
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.error("sfsync stops: {}{}", e instanceof MappingException || e instanceof ConfigException ? ""
                        : "cannot check the mappings against Salesforce: ", e.getMessage());
                startupProblem = e;
                main.completed();
                return;
            }
        }
    }

    /** Twice the last wait, at most the cycle period (but never under the first wait). */
    static Duration nextWait(Duration last, Duration period) {
        Duration cap = period.compareTo(FIRST_RETRY) > 0 ? period : FIRST_RETRY;
        Duration doubled = last.multipliedBy(2);
        return doubled.compareTo(cap) > 0 ? cap : doubled;
    }

    /** A failed attempt is a step of its own in the sync-status log: object "-", operation "Connect". */
    private void recordConnectFailure(String message) {
        try {
            long step = stepLog.start(UUID.randomUUID().toString(), "-", "Connect");
            stepLog.finish(step, StepStatus.FAILED, new StepCounts(), message);
        } catch (SQLException e) {
            LOG.warn("cannot record the failed connection in the sync-status log: {}", e.getMessage());
        }
    }

    /**
     * Logs in to Salesforce, then checks every mapping against its object's describe (fields that do
     * not exist, formula or read-only fields marked for push, type mismatches); all problems are
     * reported at once. Salesforce being unavailable is a {@link SalesforceUnavailableException} or
     * {@link LoginRefusedException}, after which the check may be tried again.
     */
    public void checkMappingsAgainstSalesforce() throws Exception {
        try {
            connectToSalesforce();
            OrgGuard.check(settings, database.dataSource(), camel());
            describeAndValidate();
            syncCycle.open(null);
        } catch (SalesforceUnavailableException | LoginRefusedException e) {
            throw e;
        } catch (Exception e) {
            syncCycle.open(e);
            throw e;
        }
    }

    private void connectToSalesforce() {
        SalesforceComponent sf = main.getCamelContext().getComponent("salesforce", SalesforceComponent.class);
        if (sf.getSession().getAccessToken() != null) {
            return; // an earlier attempt logged in; its describe failed
        }
        try {
            sf.getSession().login(null);
        } catch (SalesforceException e) {
            throw SalesforceErrors.atConnect(e, sf.getLoginUrl(), sf.getUserName());
        }
    }

    private void describeAndValidate() throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection()) {
            for (ObjectMapping m : mappings.values()) {
                ObjectDescribe describe;
                Instant askedAt = Instant.now();
                org.apache.camel.Exchange answer = main.getCamelTemplate().send("salesforce:getDescription?rawPayload=true",
                        ex -> ex.getIn().setHeader("sObjectName", m.object()));
                if (answer.getException() != null) {
                    RuntimeException e = org.apache.camel.CamelExecutionException.wrapCamelExecutionException(answer,
                            answer.getException());
                    SalesforceComponent sf = main.getCamelContext().getComponent("salesforce", SalesforceComponent.class);
                    RuntimeException unavailable = SalesforceErrors.unavailable(e, sf.getLoginUrl(), sf.getUserName());
                    throw unavailable != null ? unavailable : e;
                }
                try (java.io.InputStream body = answer.getMessage().getMandatoryBody(java.io.InputStream.class)) {
                    describe = ObjectDescribe.parse(body);
                }
                // the first cycle's Sync Schema stores this describe instead of asking again (#16)
                syncSchema().fetched(m.object(), describe, askedAt, answer.getMessage().getHeader("Last-Modified", String.class));
                problems.addAll(MappingValidator.problems(m, describe, TableSchema.read(c, m.table()).columnKinds()));
                warnings.addAll(MappingValidator.warnings(m, describe, columnLimits(c, m.table())));
            }
        }
        mappingWarnings = List.copyOf(warnings);
        for (String w : warnings) {
            LOG.warn("{}", w);
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        LOG.info("Mappings checked against Salesforce: {}", String.join(", ", mappings.keySet()));
    }

    private SyncSchema syncSchema() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("syncSchema", SyncSchema.class);
    }

    private static Map<String, MappingValidator.ColumnLimits> columnLimits(Connection c, String table) throws SQLException {
        Map<String, MappingValidator.ColumnLimits> out = new LinkedHashMap<>();
        TableSchema.columns(c, table).forEach((name, col) -> {
            boolean boundedText = switch (col.jdbcType()) {
                case java.sql.Types.CHAR, java.sql.Types.VARCHAR, java.sql.Types.NCHAR, java.sql.Types.NVARCHAR -> true;
                default -> false;
            };
            // PostgreSQL reports an unbounded varchar as Integer.MAX_VALUE: no limit to warn about
            out.put(name, new MappingValidator.ColumnLimits(boundedText ? col.size() : 0, !col.nullable()));
        });
        return out;
    }

    /**
     * What the last check of the mappings against Salesforce found that may fail single records (columns shorter
     * than their field, NOT NULL columns for fields that can be empty); empty before the check.
     */
    public List<String> mappingWarnings() {
        return mappingWarnings;
    }

    /**
     * The running pull stops at its next page boundary and no further step starts, as when the service
     * stops; {@code run --once} calls it on SIGTERM (it has no Camel shutdown hook of its own).
     */
    public void stopCycles() {
        syncCycle.stop();
    }

    /** Runs one cycle now, waits for it, and returns its id. */
    public String runCycle() throws Exception {
        return main.getCamelTemplate().requestBody(CYCLE_ENDPOINT, null, String.class);
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public SfsyncSettings settings() {
        return settings;
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    public StepLog stepLog() {
        return stepLog;
    }

    /** The sales-app feed (#15); off unless sfsync.sales-app.enabled. */
    public SalesApp salesApp() {
        return salesApp;
    }

    /** Listing, replaying and discarding dead letters (D2). */
    public DeadLetterReplay deadLetters() {
        return deadLetters;
    }

    /** The in-process emulator, or null when a real org is configured. */
    public EmulatorServer emulator() {
        return emulator;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
        }
        closeResources();
    }

    private synchronized void closeResources() {
        if (closed) {
            return;
        }
        closed = true;
        if (emulator != null) {
            emulator.close();
        }
        membership.leave(database.dataSource());
        salesApp.close();
        database.close();
    }
}
