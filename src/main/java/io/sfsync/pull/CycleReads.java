package io.sfsync.pull;

import io.sfsync.cycle.FirstReads;
import io.sfsync.salesforce.CompositeReads;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.UpdatedLog;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cycle's first reads in few API calls (issue #16): the bean behind {@code routes/cycle/cycle-reads.camel.yaml}.
 * Before the objects' steps run, it asks each pull step what its first call will be, as that step would decide it
 * now: Sync Schema's describe when its check is due (with If-Modified-Since), Pull Updates' change query when it reads
 * on from a watermark, Pull Deletes' getDeleted when it reads the delete log, Pull Conversions' query. These go to
 * Salesforce as GET subrequests of composite requests ({@link CompositeReads}: one API call each, at most 25
 * subrequests and 5 queries), and the answers are handed to the steps through {@link FirstReads}.
 * <p>
 * What is not read ahead asks for itself, as before: follow-up pages (queryMore), first pulls (and their Bulk API
 * jobs), re-reconciliations, pushes, priority syncs and replays. When a composite request fails as a whole, the steps
 * of its subrequests make their own calls.
 */
public final class CycleReads {

    private static final Logger LOG = LoggerFactory.getLogger(CycleReads.class);

    private final List<String> objects;
    private final SyncSchema syncSchema;
    private final PullUpdates pullUpdates;
    private final PullDeletes pullDeletes;
    private final PullConversions pullConversions;
    private final FirstReads firstReads;
    private final String apiVersion;
    private final boolean enabled;
    private final UpdateProbes probes;
    private volatile Clock clock;

    /**
     * @param enabled {@code sfsync.cycle.composite-reads}: false, every step makes its own calls
     * @param probes  {@code sfsync.cycle.update-probes}: where each object's getUpdated probe starts; null, no probes
     */
    public CycleReads(List<String> objects, SyncSchema syncSchema, PullUpdates pullUpdates, PullDeletes pullDeletes,
                      PullConversions pullConversions, FirstReads firstReads, String apiVersion, boolean enabled,
                      UpdateProbes probes, Clock clock) {
        this.objects = List.copyOf(objects);
        this.syncSchema = syncSchema;
        this.pullUpdates = pullUpdates;
        this.pullDeletes = pullDeletes;
        this.pullConversions = pullConversions;
        this.firstReads = firstReads;
        this.apiVersion = apiVersion;
        this.enabled = enabled;
        this.probes = probes;
        this.clock = clock;
    }

    /** The clock the probes' windows end by (tests: the emulator's). */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    /**
     * One subrequest and the step that will take its answer; for a getUpdated probe, {@code changeQuery} is the
     * object's change query, sent in a later composite request when the probe finds changes (or fails).
     */
    private record Planned(CompositeReads.Subrequest subrequest, String object, String operation, String request,
                           FirstReads.Call call, Planned changeQuery, Boolean watermark) {
        Planned(CompositeReads.Subrequest subrequest, String object, String operation, String request,
                FirstReads.Call call) {
            this(subrequest, object, operation, request, call, null, null);
        }

        /** A getUpdated probe (with the change query it stands for) or a seed probe (without one). */
        boolean probe() {
            return watermark != null;
        }
    }

    /** What a Pull Updates reads when its probe found no change: Salesforce's answer to a query that matches nothing. */
    private static final byte[] EMPTY_PAGE = "{\"totalSize\":0,\"done\":true,\"records\":[]}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** The cycle's composite requests: the route sends them one after another (exchange property {@code reads}). */
    public final class Plan {
        private final String cycleId;
        private final List<List<Planned>> requests;
        private int next;
        private List<Planned> sending;
        private Instant askedAt;
        private int answered;
        private int failedRequests;
        /** Change queries whose probe found changes: sent after the requests planned first. */
        private final List<Planned> changeQueries = new ArrayList<>();
        private int probed;
        private int unchanged;

        Plan(String cycleId, List<List<Planned>> requests) {
            this.cycleId = cycleId;
            this.requests = requests;
        }

        /** True while a composite request is left to send (the change queries of probed objects after the others). */
        public boolean isHasNextRequest() {
            if (next >= requests.size() && !changeQueries.isEmpty()) {
                requests.addAll(packed(changeQueries));
                changeQueries.clear();
            }
            return next < requests.size();
        }

        /** The next composite request's JSON body; the request is then the one being sent. */
        public String getNextBody() {
            sending = requests.get(next++);
            askedAt = clock.instant();
            return CompositeReads.body(sending.stream().map(Planned::subrequest).toList());
        }

        /** The composite resource's path for camel-salesforce's raw operation. */
        public String getPath() {
            return "/services/data/v" + apiVersion + "/composite";
        }

        /** How many composite requests the cycle sends. */
        public int requests() {
            return requests.size();
        }
    }

    /**
     * Plans the cycle's composite requests (none when sfsync.cycle.composite-reads is false or nothing is to read).
     * When the plan cannot be made (the database does not answer), there is none: each step asks for itself and meets
     * the failure itself.
     */
    public Plan plan(String cycleId) {
        firstReads.begin(cycleId);
        try {
            if (enabled && probes != null) {
                probes.confirmQuietly(); // before the probes' starts are read
            }
            return plan(cycleId, enabled ? planned() : List.of());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("The cycle's first calls are not read ahead; each step calls Salesforce itself: {}",
                    ErrorText.describe(e));
            return plan(cycleId, List.of());
        }
    }

    private List<Planned> planned() throws SQLException {
        List<Planned> planned = new ArrayList<>();
        for (String object : objects) {
            SyncSchema.Describe describe = syncSchema.plannedDescribe(object);
            if (describe != null) {
                Map<String, String> headers = describe.ifModifiedSince() == null ? Map.of()
                        : Map.of("If-Modified-Since", describe.ifModifiedSince());
                planned.add(new Planned(CompositeReads.get(ref(planned), describe.path(), Map.of(), headers), object,
                        SyncSchema.OPERATION, describe.request(), FirstReads.Call.RAW));
            }
            PullUpdates.NextQuery updates = pullUpdates.nextQuery(object);
            if (updates != null) {
                Planned query = new Planned(CompositeReads.query(ref(planned), apiVersion, updates.soql()), object,
                        PullUpdates.OPERATION, FirstReads.query(updates.soql()), FirstReads.Call.QUERY);
                if (probes == null) {
                    planned.add(query);
                } else {
                    probeOrSeed(planned, object, query, updates.fromWatermark());
                }
            }
            PullDeletes.DeletedRead deleted = pullDeletes.nextDeletedRead(object);
            if (deleted != null) {
                Map<String, String> window = new LinkedHashMap<>();
                window.put("start", deleted.start());
                window.put("end", deleted.end());
                planned.add(new Planned(CompositeReads.get(ref(planned), deleted.path(), window, Map.of()), object,
                        PullDeletes.OPERATION, deleted.request(), FirstReads.Call.RAW));
            }
            String conversions = pullConversions.nextQuery(object);
            if (conversions != null) {
                planned.add(new Planned(CompositeReads.query(ref(planned), apiVersion, conversions), object,
                        PullConversions.OPERATION, FirstReads.query(conversions), FirstReads.Call.QUERY));
            }
        }
        return planned;
    }

    /**
     * With probes on: the object's getUpdated probe in place of its change query when the probe has a start; else a seed
     * probe (for the start of the next cycle's probe) followed by the change query.
     */
    private void probeOrSeed(List<Planned> planned, String object, Planned query, boolean watermark) {
        Instant now = clock.instant();
        String start = probes.start(object, watermark, now);
        Map<String, String> window = new LinkedHashMap<>();
        window.put("start", start == null ? UpdateProbes.seedStart(now) : start);
        window.put("end", UpdateProbes.iso(now));
        CompositeReads.Subrequest get = CompositeReads.get(ref(planned) + "u", "/services/data/v" + apiVersion + "/sobjects/"
                + object + "/updated/", window, Map.of());
        if (start != null) {
            planned.add(new Planned(get, object, PullUpdates.OPERATION, "getUpdated", FirstReads.Call.RAW, query, watermark));
        } else {
            planned.add(new Planned(get, object, PullUpdates.OPERATION, "getUpdated", FirstReads.Call.RAW, null, watermark));
            planned.add(query);
        }
    }

    private Plan plan(String cycleId, List<Planned> planned) {
        return new Plan(cycleId, new ArrayList<>(packed(planned)));
    }

    private static List<List<Planned>> packed(List<Planned> planned) {
        Map<String, Planned> byRef = new LinkedHashMap<>();
        planned.forEach(p -> byRef.put(p.subrequest().referenceId(), p));
        List<List<Planned>> requests = new ArrayList<>();
        for (List<CompositeReads.Subrequest> request : CompositeReads.pack(planned.stream().map(Planned::subrequest).toList())) {
            requests.add(request.stream().map(s -> byRef.get(s.referenceId())).toList());
        }
        return requests;
    }

    private static String ref(List<Planned> planned) {
        return "r" + planned.size();
    }

    /** Hands the answers of the composite request just sent to the steps that will make these calls. */
    public void received(Plan plan, InputStream body, String limitInfo) throws IOException {
        Map<String, CompositeReads.Answer> answers = CompositeReads.parse(body);
        for (Planned p : plan.sending) {
            CompositeReads.Answer a = answers.get(p.subrequest().referenceId());
            if (p.probe()) {
                probed(plan, p, a, limitInfo);
            } else if (a != null) {
                firstReads.offer(plan.cycleId, new FirstReads.Answer(p.object(), p.operation(), p.request(), p.call(), a,
                        limitInfo, plan.askedAt));
                plan.answered++;
            }
        }
    }

    /**
     * A probe's answer: no change, and the object's Pull Updates reads an empty page instead of its query; changes (or a
     * failed probe), and its change query goes in a later composite request of the cycle.
     */
    private void probed(Plan plan, Planned probe, CompositeReads.Answer a, String limitInfo) {
        boolean seed = probe.changeQuery() == null;
        plan.probed += seed ? 0 : 1;
        UpdatedLog log = null;
        if (a != null && !a.failed()) {
            try {
                log = UpdatedLog.parse(a.body());
            } catch (IOException e) {
                LOG.warn("{}: the getUpdated answer cannot be read: {}", probe.object(), ErrorText.describe(e));
            }
        }
        if (log != null) {
            probes.covered(plan.cycleId, probe.object(), log.latestDateCovered().toInstant(), probe.watermark());
        }
        if (seed) {
            return;
        }
        if (log == null || !log.ids().isEmpty()) {
            plan.changeQueries.add(probe.changeQuery());
            return;
        }
        Planned query = probe.changeQuery();
        firstReads.offer(plan.cycleId, new FirstReads.Answer(query.object(), query.operation(), query.request(),
                query.call(), new CompositeReads.Answer(200, Map.of(), EMPTY_PAGE), limitInfo, plan.askedAt));
        plan.unchanged++;
        plan.answered++;
    }

    /** The composite request failed as a whole: the steps of its subrequests make their own calls. */
    public void failed(Plan plan, Exception cause) {
        plan.failedRequests++;
        LOG.warn("The cycle's composite read of {} first call(s) failed; those steps call Salesforce themselves: {}",
                plan.sending.size(), ErrorText.describe(cause));
    }

    /** Logs what was read ahead. */
    public void done(Plan plan) {
        if (plan.requests() > 0) {
            LOG.info("Sync cycle {}: {} first call(s) of its steps read ahead in {} composite request(s){}{}", plan.cycleId,
                    plan.answered, plan.requests(), plan.probed == 0 ? ""
                            : "; " + plan.unchanged + " of " + plan.probed + " object(s) probed unchanged",
                    plan.failedRequests == 0 ? "" : " (" + plan.failedRequests + " failed)");
        }
    }
}
