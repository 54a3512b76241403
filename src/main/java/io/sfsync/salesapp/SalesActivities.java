package io.sfsync.salesapp;

import io.sfsync.activity.ActivityLog;
import io.sfsync.salesforce.ErrorText;
import io.sfsync.status.StepCounts;
import io.sfsync.status.StepLog;
import io.sfsync.status.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sales activities (requirement A3), the step behind {@code routes/salesapp/sales-activities.camel.yaml} (through
 * {@code salesApp.activities}): at the start of each cycle, the rows the sales app wrote into
 * {@code sales_activity} (sales-app database) that sfsync has not taken yet become activities of their persons
 * ({@code person_activity}, source {@code sales-app}); those of a type in {@code sfsync.sales-app.task-activity-types}
 * also become local {@code task} rows of the person (status Complete), which the cycle's Task Push New creates in
 * Salesforce with the person's Lead or Contact as WhoId: the one Task push there is (mappings/task.yaml), one way, since
 * nothing changes those tasks afterwards and a Task pulled back unchanged is skipped.
 * <p>
 * Exactly once across the two databases: the activities, their tasks and a row of {@code sales_activity_taken} commit
 * together in the main database; then {@code taken_at} is set in the sales-app database and the taken rows go. A run
 * after a stop in between finds them taken and only marks them. A row naming no local person or an unknown type is
 * marked with the reason ({@code refused}) and counted as failed.
 */
public final class SalesActivities {

    public static final String OPERATION = "Sales Activities";
    private static final Logger LOG = LoggerFactory.getLogger(SalesActivities.class);
    private static final int CHUNK = 1000;
    /** How many refusals the step's message lists. */
    private static final int SHOWN = 5;

    private record Row(long id, long personId, String type, OffsetDateTime occurredAt, String subject, String detail) {
    }

    private final DataSource main;
    private final SalesAppDatabase salesApp;
    private final StepLog stepLog;
    private final Set<SalesActivityType> taskTypes;
    private final boolean tasksSynced;
    private final BooleanSupplier stopping;

    SalesActivities(DataSource main, SalesAppDatabase salesApp, StepLog stepLog, Set<SalesActivityType> taskTypes,
                    boolean tasksSynced, BooleanSupplier stopping) {
        this.main = main;
        this.salesApp = salesApp;
        this.stepLog = stepLog;
        this.taskTypes = Set.copyOf(taskTypes);
        this.tasksSynced = tasksSynced;
        this.stopping = stopping;
    }

    public void run(String cycleId) throws SQLException {
        long stepId = stepLog.start(cycleId, SalesFeed.OBJECT, OPERATION);
        int recorded = 0;
        int tasks = 0;
        List<String> refusals = new ArrayList<>();
        int refused = 0;
        try {
            while (!stopping.getAsBoolean()) {
                List<Row> rows = untaken();
                if (rows.isEmpty()) {
                    break;
                }
                List<String> reasons = new ArrayList<>(Collections.nCopies(rows.size(), null));
                int[] done = record(rows, reasons);
                recorded += done[0];
                tasks += done[1];
                for (int i = 0; i < rows.size(); i++) {
                    if (reasons.get(i) != null) {
                        refused++;
                        if (refusals.size() < SHOWN) {
                            refusals.add("sales_activity " + rows.get(i).id() + ": " + reasons.get(i));
                        }
                    }
                }
                markTaken(rows, reasons);
            }
        } catch (SQLException | RuntimeException e) {
            StepCounts sc = new StepCounts();
            sc.add(recorded, 0, 0, refused, 0);
            stepLog.finish(stepId, StepStatus.FAILED, sc, ErrorText.describe(e) + " (what was recorded is kept; the "
                    + "next cycle reads the rest)");
            LOG.error("{}: Failed: {}", OPERATION, ErrorText.describe(e));
            return;
        }
        StepCounts sc = new StepCounts();
        sc.add(recorded, 0, 0, refused, 0);
        String message = message(recorded, tasks, refused, refusals);
        stepLog.finish(stepId, stopping.getAsBoolean() ? StepStatus.INCOMPLETE : StepStatus.COMPLETED, sc, message);
        if (recorded + refused > 0) {
            LOG.info("{}: {}", OPERATION, message);
        }
    }

    private String message(int recorded, int tasks, int refused, List<String> refusals) {
        List<String> parts = new ArrayList<>();
        if (recorded > 0) {
            parts.add(recorded + " recorded as activities; " + tasks + " as tasks for Salesforce"
                    + (tasks > 0 && !tasksSynced ? " (not pushed while Task is not in sfsync.objects)" : ""));
        }
        if (refused > 0) {
            parts.add(refused + " refused (sales_activity.refused says why): " + String.join("; ", refusals)
                    + (refused > refusals.size() ? "; ..." : ""));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private List<Row> untaken() throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection s = salesApp.dataSource().getConnection();
             PreparedStatement ps = s.prepareStatement("SELECT id, person_id, activity_type, occurred_at, subject, detail "
                     + "FROM sales_activity WHERE taken_at IS NULL ORDER BY id LIMIT ?")) {
            ps.setInt(1, CHUNK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /**
     * Records the rows in the main database, in one transaction; {@code reasons} gets why a row was refused.
     *
     * @return activities recorded, tasks written
     */
    private int[] record(List<Row> rows, List<String> reasons) throws SQLException {
        int recorded = 0;
        int tasks = 0;
        try (Connection m = main.getConnection()) {
            m.setAutoCommit(false);
            try {
                Set<Long> taken = taken(m, rows);
                Set<Long> persons = persons(m, rows);
                try (ActivityLog.Batch activities = ActivityLog.batch(m);
                     PreparedStatement task = m.prepareStatement("INSERT INTO task (subject, status, priority, "
                             + "activity_date, description, person_id) VALUES (?, 'Complete', 'Normal', ?, ?, ?)");
                     PreparedStatement mark = m.prepareStatement("INSERT INTO sales_activity_taken (sales_app_key, "
                             + "activity_id) VALUES (?, ?)")) {
                    for (int i = 0; i < rows.size(); i++) {
                        Row r = rows.get(i);
                        if (taken.contains(r.id())) {
                            continue; // recorded by a run that stopped before marking it in the sales-app database
                        }
                        SalesActivityType type = SalesActivityType.of(r.type()).orElse(null);
                        if (type == null) {
                            reasons.set(i, "activity_type '" + r.type() + "' is not one of "
                                    + String.join(", ", SalesActivityType.labels()));
                            continue;
                        }
                        if (!persons.contains(r.personId())) {
                            reasons.set(i, "person_id " + r.personId() + " is no person of sfsync's database");
                            continue;
                        }
                        activities.add(r.personId(), type.label(), ActivityLog.Source.SALES_APP, r.occurredAt().toInstant(),
                                r.subject(), r.detail());
                        recorded++;
                        if (taskTypes.contains(type)) {
                            task.setString(1, type.taskSubject(r.subject()));
                            task.setObject(2, r.occurredAt().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
                            task.setString(3, r.detail());
                            task.setLong(4, r.personId());
                            task.addBatch();
                            tasks++;
                        }
                        mark.setString(1, salesApp.key());
                        mark.setLong(2, r.id());
                        mark.addBatch();
                    }
                    activities.run();
                    if (tasks > 0) {
                        task.executeBatch();
                    }
                    if (recorded > 0) {
                        mark.executeBatch();
                    }
                }
                m.commit();
            } catch (SQLException | RuntimeException e) {
                m.rollback();
                throw e;
            }
        }
        return new int[] {recorded, tasks};
    }

    private void markTaken(List<Row> rows, List<String> reasons) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection s = salesApp.dataSource().getConnection();
             PreparedStatement ps = s.prepareStatement("UPDATE sales_activity SET taken_at = ?, refused = ? WHERE id = ?")) {
            s.setAutoCommit(false);
            for (int i = 0; i < rows.size(); i++) {
                ps.setObject(1, now);
                String reason = reasons.get(i);
                ps.setString(2, reason == null || reason.length() <= 400 ? reason : reason.substring(0, 400));
                ps.setLong(3, rows.get(i).id());
                ps.addBatch();
            }
            ps.executeBatch();
            s.commit();
        }
        try (Connection m = main.getConnection();
             PreparedStatement ps = m.prepareStatement("DELETE FROM sales_activity_taken WHERE sales_app_key = ? "
                     + "AND activity_id = ?")) {
            m.setAutoCommit(false);
            for (Row r : rows) {
                ps.setString(1, salesApp.key());
                ps.setLong(2, r.id());
                ps.addBatch();
            }
            ps.executeBatch();
            m.commit();
        }
    }

    private Set<Long> taken(Connection m, List<Row> rows) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = m.prepareStatement("SELECT activity_id FROM sales_activity_taken WHERE sales_app_key = ? "
                + "AND activity_id BETWEEN ? AND ?")) {
            ps.setString(1, salesApp.key());
            ps.setLong(2, rows.get(0).id());
            ps.setLong(3, rows.get(rows.size() - 1).id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static Set<Long> persons(Connection m, List<Row> rows) throws SQLException {
        Set<Long> wanted = new LinkedHashSet<>();
        rows.forEach(r -> wanted.add(r.personId()));
        Set<Long> out = new HashSet<>();
        try (PreparedStatement ps = m.prepareStatement("SELECT id FROM person WHERE id IN ("
                + String.join(", ", Collections.nCopies(wanted.size(), "?")) + ")")) {
            int i = 1;
            for (Long id : wanted) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
