package io.sfsync.pull;

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
 */
public final class SyncSchema {

    public static final String OPERATION = "Sync Schema";
    private static final Logger LOG = LoggerFactory.getLogger(SyncSchema.class);

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;
    private final Map<String, ObjectDescribe> latest = new ConcurrentHashMap<>();

    public SyncSchema(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
    }

    /** Opens the step (In Progress); the route then fetches the describe. */
    public SchemaStep start(String cycleId, String object) throws SQLException {
        return new SchemaStep(cycleId, object, stepLog.start(cycleId, object, OPERATION));
    }

    /** Stores the describe (fields added, changed, removed); the step then completes with what changed. */
    public void apply(SchemaStep step, InputStream body) throws IOException, SQLException {
        ObjectDescribe describe = ObjectDescribe.parse(body);
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

        SchemaStep(String cycleId, String object, long stepId) {
            super(cycleId, object, OPERATION, stepId);
        }

        /** Closes the step with what changed and which mapped fields are unreadable. */
        @Override
        public void complete() throws SQLException {
            StepCounts counts = new StepCounts();
            if (diff != null) {
                counts.add(diff.added(), diff.changed(), diff.removed(), 0, 0);
            }
            List<String> unreadable = unreadableFields(mappings.get(getObject()));
            String message = null;
            if (!unreadable.isEmpty()) {
                message = "mapped field(s) " + String.join(", ", unreadable) + " no longer readable on " + getObject()
                        + " for the sync user; " + getObject() + " keeps syncing its other fields";
                LOG.warn("{} {}: {}", getObject(), OPERATION, message);
            }
            stepLog.finish(getStepId(), StepStatus.COMPLETED, counts, message);
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
