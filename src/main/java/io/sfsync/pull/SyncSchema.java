package io.sfsync.pull;

import io.sfsync.cycle.FirstReads;
import io.sfsync.cycle.SyncStep;
import io.sfsync.mapping.FieldMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.salesforce.ObjectDescribe;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.FieldStore;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync Schema (requirements S2, S6): the bean behind {@code routes/pull/sync-schema.camel.yaml}.
 * Stores each object's describe metadata, counts fields added, changed and removed, and tells
 * Pull Updates which mapped fields the sync user can no longer read (they are left out, and
 * reported, so the object keeps syncing its other fields) and which are formulas.
 *
 * <p>API economy (issue #16): a describe is asked for only when the schema can have changed. The first cycle
 * stores the describe the start-up check of the mappings read ({@link #fetched}); later cycles ask nothing within
 * {@code sfsync.schema.check-interval-seconds} of the last check, and after it send the describe with
 * {@code If-Modified-Since}, which Salesforce answers {@code 304 Not Modified} when nothing changed. A query that
 * failed with {@code INVALID_FIELD} (a mapped field removed) makes the next cycle describe the object at once.</p>
 */
public final class SyncSchema {

    public static final String OPERATION = "Sync Schema";
    private static final Logger LOG = LoggerFactory.getLogger(SyncSchema.class);

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;
    private final Map<String, ObjectDescribe> latest = new ConcurrentHashMap<>();
    private final String apiVersion;
    private final Duration checkInterval;
    private final Clock clock;
    /** Per object, the last describe this process read or was told "not modified" about. */
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();
    /** Describes the start-up check read, not yet stored: the first cycle stores them instead of asking again. */
    private final Map<String, ObjectDescribe> fetched = new ConcurrentHashMap<>();
    /** Objects whose query failed with INVALID_FIELD: their next Sync Schema describes them whatever the interval. */
    private final Set<String> describeAtOnce = ConcurrentHashMap.newKeySet();

    /**
     * The last check of one object's describe.
     *
     * @param at    when it was checked (this process's clock)
     * @param since what the next conditional describe sends as {@code If-Modified-Since}: Salesforce's
     *              {@code Last-Modified} when it gave one, otherwise the (whole-second) time the describe was asked for
     */
    private record Checked(Instant at, String since) {
    }

    public SyncSchema(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings, String apiVersion,
                      Duration checkInterval, Clock clock) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
        this.apiVersion = apiVersion;
        this.checkInterval = checkInterval;
        this.clock = clock;
    }

    /**
     * The describe the start-up check of the mappings read at {@code askedAt}, with the answer's
     * {@code Last-Modified} header (null without one): the object's first Sync Schema stores it without a call.
     */
    public void fetched(String object, ObjectDescribe describe, Instant askedAt, String lastModified) {
        fetched.put(object, describe);
        checked.put(object, new Checked(askedAt, since(askedAt, lastModified)));
    }

    /** A query of the object failed with INVALID_FIELD: its next Sync Schema describes it whatever the interval. */
    public void describeAtOnce(String object) {
        describeAtOnce.add(object);
    }

    /**
     * What the object's next Sync Schema will ask, decided as {@link #start} decides it but without opening the step:
     * the describe's request name ({@link FirstReads#describe}) and its If-Modified-Since, or null when it will ask
     * nothing (within the check interval, or the start-up check's describe is waiting to be stored).
     */
    public Describe plannedDescribe(String object) {
        Checked last = checked.get(object);
        if (describeAtOnce.contains(object) || last == null) {
            return new Describe(describePath(object), null);
        }
        if (fetched.containsKey(object) || clock.instant().isBefore(last.at().plus(checkInterval))) {
            return null;
        }
        return new Describe(describePath(object), last.since());
    }

    /** A describe to ask: its path and its If-Modified-Since (null: unconditional). */
    public record Describe(String path, String ifModifiedSince) {
        public String request() {
            return FirstReads.describe(ifModifiedSince);
        }
    }

    private String describePath(String object) {
        return "/services/data/v" + apiVersion + "/sobjects/" + object + "/describe";
    }

    /** Opens the step (In Progress) and decides whether the route asks for the describe, and how. */
    public SchemaStep start(String cycleId, String object) throws SQLException {
        SchemaStep step = new SchemaStep(cycleId, object, stepLog.start(cycleId, object, OPERATION));
        Instant now = clock.instant();
        Checked last = checked.get(object);
        ObjectDescribe pending = fetched.remove(object);
        if (describeAtOnce.remove(object) || last == null) {
            step.askedAt = now;
        } else if (pending != null) {
            step.pending = pending;
        } else if (now.isBefore(last.at().plus(checkInterval))) {
            step.message = "schema checked " + last.at().truncatedTo(ChronoUnit.SECONDS) + "; next check after "
                    + last.at().plus(checkInterval).truncatedTo(ChronoUnit.SECONDS);
        } else {
            step.askedAt = now;
            step.ifModifiedSince = last.since();
        }
        return step;
    }

    /** Stores the describe the start-up check read, when the step has one waiting (no call to Salesforce). */
    public void applyFetched(SchemaStep step) throws SQLException {
        if (step.pending != null) {
            store(step, step.pending);
        }
    }

    /**
     * Stores the describe (fields added, changed, removed); the step then completes with what changed.
     * {@code lastModified} is the answer's {@code Last-Modified} header, or null.
     */
    public void apply(SchemaStep step, InputStream body, String lastModified) throws IOException, SQLException {
        store(step, ObjectDescribe.parse(body));
        checked.put(step.getObject(), new Checked(step.askedAt, since(step.askedAt, lastModified)));
    }

    /** Salesforce answered 304 Not Modified: the stored schema is current; the next check comes after the interval. */
    public void notModified(SchemaStep step) {
        Checked last = checked.get(step.getObject());
        checked.put(step.getObject(), new Checked(step.askedAt, last.since()));
        step.message = "not modified since " + last.since();
    }

    private static String since(Instant askedAt, String lastModified) {
        return lastModified != null ? lastModified
                : DateTimeFormatter.RFC_1123_DATE_TIME.format(askedAt.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    private void store(SchemaStep step, ObjectDescribe describe) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                step.diff = FieldStore.replace(c, describe);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        latest.put(step.getObject(), describe);
    }

    /** One Sync Schema step: a describe, stored in one transaction of its own. */
    public final class SchemaStep extends SyncStep {
        private FieldStore.Diff diff;
        /** The start-up check's describe, to store instead of asking. */
        private ObjectDescribe pending;
        /** When the route asks for the describe; null: it asks nothing. */
        private Instant askedAt;
        private String ifModifiedSince;
        private String message;

        SchemaStep(String cycleId, String object, long stepId) {
            super(cycleId, object, OPERATION, stepId);
        }

        /** Whether the route asks Salesforce for the describe. */
        public boolean isDescribing() {
            return askedAt != null;
        }

        /** The describe's path for camel-salesforce's {@code raw} operation. */
        public String getDescribePath() {
            return describePath(getObject());
        }

        /** The {@code If-Modified-Since} value of a conditional describe; null for a describe without condition. */
        public String getIfModifiedSince() {
            return ifModifiedSince;
        }

        @Override
        public String getFirstRead() {
            return isDescribing() ? FirstReads.describe(ifModifiedSince) : null;
        }

        /**
         * The describe was asked for by the cycle's composite read: the next check's If-Modified-Since must not be
         * later than that moment, or a change made in between would never be answered as modified.
         */
        @Override
        public void answeredAt(Instant when) {
            askedAt = when;
        }

        /** Closes the step with what changed and which mapped fields are unreadable. */
        @Override
        public void complete() throws SQLException {
            StepCounts counts = new StepCounts();
            if (diff != null) {
                counts.add(diff.added(), diff.changed(), diff.removed(), 0, 0);
            }
            List<String> unreadable = unreadableFields(mappings.get(getObject()));
            String text = message;
            if (!unreadable.isEmpty()) {
                String lost = "mapped field(s) " + String.join(", ", unreadable) + " no longer readable on " + getObject()
                        + " for the sync user; " + getObject() + " keeps syncing its other fields";
                LOG.warn("{} {}: {}", getObject(), OPERATION, lost);
                text = text == null ? lost : lost + " (" + text + ")";
            }
            stepLog.finish(getStepId(), StepStatus.COMPLETED, counts, text);
        }

        /** A failed describe: the step is Failed and Pull Updates goes on with the last schema it knows. */
        @Override
        public void fail(Exception cause) throws SQLException {
            String message = ErrorText.describe(cause) + " (the object's other steps wait for the next cycle)";
            stepLog.finish(getStepId(), StepStatus.FAILED, new StepCounts(), message);
            LOG.error("{} {}: {}", getObject(), OPERATION, message);
        }
    }

    /** Mapped fields missing from the latest describe; empty before the first describe of this process. */
    public List<String> unreadableFields(ObjectMapping mapping) {
        ObjectDescribe d = latest.get(mapping.object());
        List<String> out = new ArrayList<>();
        if (d != null) {
            for (FieldMapping f : mapping.fields()) {
                if (d.field(f.sf()) == null) {
                    out.add(f.sf());
                }
            }
        }
        return out;
    }

    /** Columns of mapped formula (calculated) fields: their changes alone do not count as a change (S6). */
    public Set<String> formulaColumns(ObjectMapping mapping) {
        ObjectDescribe d = latest.get(mapping.object());
        Set<String> out = new HashSet<>();
        if (d != null) {
            for (FieldMapping f : mapping.fields()) {
                ObjectDescribe.FieldInfo info = d.field(f.sf());
                if (info != null && info.calculated()) {
                    out.add(f.column());
                }
            }
        }
        return out;
    }

    /**
     * Whether the latest describe says the sync user may delete the object's records (true before the first describe:
     * the start-up check of the mappings has just read it).
     */
    public boolean deletable(String object) {
        ObjectDescribe d = latest.get(object);
        return d == null || d.deletable();
    }

    /** Whether the latest describe of the object has the field (true before the first describe). */
    public boolean readable(String object, String field) {
        ObjectDescribe d = latest.get(object);
        return d == null || d.field(field) != null;
    }
}
