package io.sfsync.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sfsync.config.SfsyncSettings;
import io.sfsync.store.Database;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter store against the real schema (HSQLDB). */
class DeadLetterStoreTest {

    @TempDir
    Path data;

    @Test
    void a_dead_letter_keeps_its_step_and_a_missing_step_or_cycle_reads_back_as_missing() throws Exception {
        try (Database db = Database.open(new SfsyncSettings(TestApp.config(data)))) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(true);
                DeadLetterStore.add(c, "cycle-1", 42, "Lead", "Pull Updates",
                        new DeadLetterStore.Entry("00Q000000000001AAA", "INVALID_VALUE", "too long", "{}"));
                insertRaw(c, null, 7L, "00Q000000000002AAA");        // a step without a cycle
                insertRaw(c, "cycle-3", null, "00Q000000000003AAA"); // a cycle without a step
            }

            List<DeadLetter> letters = new DeadLetterStore(db.dataSource()).list(null, "Lead", 10);

            assertThat(letters).extracting(DeadLetter::recordId, DeadLetter::cycleId, DeadLetter::stepId)
                    .containsExactlyInAnyOrder(
                            tuple("00Q000000000001AAA", "cycle-1", 42L),
                            tuple("00Q000000000002AAA", null, 7L),
                            tuple("00Q000000000003AAA", "cycle-3", null));
        }
    }

    private static void insertRaw(Connection c, String cycleId, Long stepId, String recordId) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (cycle_id, step_id, object_name, operation, "
                + "record_id, error_code, error_message, payload) VALUES (?, ?, 'Lead', 'Pull Updates', ?, 'X', 'x', '{}')")) {
            ps.setString(1, cycleId);
            if (stepId == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, stepId);
            }
            ps.setString(3, recordId);
            ps.executeUpdate();
        }
    }
}
