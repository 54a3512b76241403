package io.sfsync.testing;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Known rows of the status log, dead letters and conflicts, written as another SQL client would, for the tests of
 * what the operator reads (the admin HTTP API, the CSV export, the command line).
 */
public final class StatusLogFixture {

    /** Two hours ago, whole seconds: the first step's start. */
    public final OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).truncatedTo(ChronoUnit.SECONDS);
    /** A message a spreadsheet would take for a formula, with a comma, quotes and a line break. */
    public static final String FORMULA_MESSAGE = "=cmd|' /C calc'!A0, said \"no\"\nsecond line";

    public long leadPull;
    public long leadPush;
    public long contactPull;
    public long contactPush;
    public long accountSchema;

    /**
     * Five steps: Lead Pull Updates (Completed, 13 records, expected 13), Lead Push Updates (Failed, 3 failed, the
     * formula message), Contact Pull Updates (In Progress, 40 of 100), Contact Push New (Completed, 5 created, the
     * last to finish), Account Sync Schema (Rolled back, 4 updated). They start a minute or more apart from
     * {@link #t0}.
     */
    public StatusLogFixture insertSteps(TestApp t) throws Exception {
        leadPull = step(t, "Lead", "Pull Updates", "Completed", 0, 1, 10, 2, 0, 1, 0, 13L, null);
        leadPush = step(t, "Lead", "Push Updates", "Failed", 2, 3, 0, 0, 0, 3, 0, 3L, FORMULA_MESSAGE);
        contactPull = step(t, "Contact", "Pull Updates", "In Progress", 4, null, 40, 0, 0, 0, 0, 100L, null);
        contactPush = step(t, "Contact", "Push New", "Completed", 5, 10, 5, 0, 0, 0, 0, 5L, null);
        accountSchema = step(t, "Account", "Sync Schema", "Rolled back", 6, 7, 0, 4, 0, 0, 0, null, "rolled back");
        return this;
    }

    /** The Lead push's three failed records, each with an error message starting with a character a spreadsheet runs. */
    public void insertFailedRecords(TestApp t) throws Exception {
        deadLetter(t, leadPush, "00Q000000000001", "+1 field is wrong", "{\"Company\":\"=HYPERLINK(\\\"x\\\")\"}");
        deadLetter(t, leadPush, "00Q000000000002", "-minus, \"quoted\"\nand a new line", "{\"LastName\":\"@sum\"}");
        deadLetter(t, leadPush, "00Q000000000003", "@at\tand tab", "\t{\"x\":1}");
    }

    private long step(TestApp t, String object, String operation, String status, int startMinute, Integer finishMinute,
                      int created, int updated, int deleted, int failed, int skipped, Long expected, String message)
            throws Exception {
        t.execute("INSERT INTO sync_step (cycle_id, object_name, operation, status, started_at, finished_at, count_new, "
                + "count_updated, count_deleted, count_failed, count_skipped, expected, message) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "fixture", object, operation, status,
                t0.plusMinutes(startMinute), finishMinute == null ? null : t0.plusMinutes(finishMinute), created, updated,
                deleted, failed, skipped, expected, message);
        return t.count("SELECT MAX(id) FROM sync_step");
    }

    private static void deadLetter(TestApp t, long stepId, String recordId, String message, String payload)
            throws Exception {
        t.execute("INSERT INTO dead_letter (cycle_id, step_id, object_name, operation, record_id, error_code, "
                + "error_message, payload) VALUES ('fixture', ?, 'Lead', 'Push Updates', ?, 'FIELD_INTEGRITY_EXCEPTION', ?, ?)",
                stepId, recordId, message, payload);
    }
}
