package io.sfsync.pull;

import io.sfsync.mapping.LinkMapping;
import io.sfsync.mapping.ObjectMapping;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import io.sfsync.store.LinkUpdater;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Update FKs (S2): the bean behind {@code routes/pull/update-fks.camel.yaml}. After every
 * object of the cycle has been pulled, re-links each mapping's {@code links} so local
 * foreign keys follow the Salesforce ids, whatever order parents and children arrived in.
 * One step per object with links, one transaction per step.
 */
public final class UpdateFks {

    public static final String OPERATION = "Update FKs";
    private static final Logger LOG = LoggerFactory.getLogger(UpdateFks.class);
    /** Rows written just before the previous run's start are looked at again: re-linking is idempotent. */
    private static final Duration OVERLAP = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final StepLog stepLog;
    private final Map<String, ObjectMapping> mappings;

    public UpdateFks(DataSource dataSource, StepLog stepLog, Map<String, ObjectMapping> mappings) {
        this.dataSource = dataSource;
        this.stepLog = stepLog;
        this.mappings = mappings;
    }

    /** The objects of the cycle that have links, in cycle order. */
    public List<String> objectsWithLinks() {
        return mappings.values().stream().filter(m -> !m.links().isEmpty()).map(ObjectMapping::object).toList();
    }

    public void run(String cycleId, String object) throws SQLException {
        ObjectMapping mapping = mappings.get(object);
        long stepId = stepLog.start(cycleId, object, OPERATION);
        StepCounts counts = new StepCounts();
        OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int changed = 0;
                for (LinkMapping link : mapping.links()) {
                    LinkUpdater updater = new LinkUpdater(mapping, link, targetIdColumns(link));
                    OffsetDateTime last = LinkUpdater.readMarker(c, updater.markerName());
                    changed += updater.update(c, last == null ? null : last.minus(OVERLAP));
                    LinkUpdater.writeMarker(c, updater.markerName(), startedAt);
                }
                counts.add(0, changed, 0, 0, 0);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                stepLog.finish(stepId, StepStatus.ROLLED_BACK, new StepCounts(), ErrorText.describe(e));
                LOG.error("{} {}: Rolled back: {}", object, OPERATION, ErrorText.describe(e));
                return;
            }
        }
        stepLog.finish(stepId, StepStatus.COMPLETED, counts, null);
        LOG.info("{} {}: Completed: {} row(s) re-linked", object, OPERATION, counts.updated());
    }

    private List<String> targetIdColumns(LinkMapping link) {
        List<String> out = new ArrayList<>();
        for (ObjectMapping m : mappings.values()) {
            if (m.table().equalsIgnoreCase(link.to()) && !out.contains(m.idColumn())) {
                out.add(m.idColumn());
            }
        }
        return out;
    }
}
