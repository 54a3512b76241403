package io.sfsync.deadletter;

import static io.sfsync.testing.DeadLetterFixture.TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.admin.ConflictException;
import io.sfsync.admin.NotFoundException;
import io.sfsync.testing.DeadLetterFixture;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying and discarding dead letters (D2) in the real application: a Lead that Pull Updates could not store is
 * stranded (the watermark moved past it); once the column is widened, a replay reads it again from Salesforce and
 * closes the dead letter, though the record never changed there. On HSQLDB and on PostgreSQL.
 */
class DeadLetterReplayTest {

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_replay_");

    @TempDir
    Path data;

    @Test
    void a_stranded_pull_dead_letter_is_replayed_once_the_column_is_widened_on_hsqldb() throws Exception {
        assertStrandedRecordIsReplayed(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))));
    }

    @Test
    void a_stranded_pull_dead_letter_is_replayed_once_the_column_is_widened_on_postgresql() throws Exception {
        assertStrandedRecordIsReplayed(postgres.appConfig(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))));
    }

    private void assertStrandedRecordIsReplayed(Properties config) throws Exception {
        try (TestApp t = TestApp.start(config)) {
            t.org().create("Lead", Map.of("LastName", "Fine", "Company", "Acme"));
            String longId = (String) t.org().create("Lead", Map.of("LastName", "TooLong", "Company", TOO_LONG)).get("Id");
            t.cycle();
            DeadLetter letter = only(t.app().deadLetters().store().list(filter(DeadLetter.NEW)));
            assertThat(letter.recordId()).isEqualTo(longId);
            assertThat(letter.attempts()).isZero();
            Object modstamp = t.org().get("Lead", longId).orElseThrow().get("SystemModstamp");

            DeadLetterFixture.widenState(t.app().dataSource());
            t.cycle();
            // Stranded: the record did not change, so the next cycle does not read it again.
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", longId)).isZero();

            List<Map<String, Object>> watermark = t.rows("SELECT * FROM sync_watermark");

            ReplayOutcome outcome = t.app().deadLetters().replay(letter.id());

            assertThat(t.rows("SELECT * FROM sync_watermark")).as("the watermark is not touched").isEqualTo(watermark);
            assertThat(outcome.result()).isEqualTo(ReplayOutcome.Result.REPLAYED);
            assertThat(outcome.text()).isEqualTo("dead letter " + letter.id() + " (Lead " + longId
                    + "): replayed, 1 row inserted into person");
            assertThat(t.rows("SELECT last_name, state FROM person WHERE sfdc_lead_id = ?", longId))
                    .containsExactly(Map.of("last_name", "TooLong", "state", TOO_LONG));
            DeadLetter closed = t.app().deadLetters().get(letter.id());
            assertThat(closed.status()).isEqualTo(DeadLetter.REPLAYED);
            assertThat(closed.resolvedAt()).isNotNull();
            assertThat(closed.attempts()).isEqualTo(1);
            assertThat(closed.lastAttemptAt()).isNotNull();
            assertThat(t.org().get("Lead", longId).orElseThrow().get("SystemModstamp")).isEqualTo(modstamp);
            assertThat(t.app().deadLetters().store().list(filter(DeadLetter.NEW))).isEmpty();

            ReplayOutcome again = t.app().deadLetters().replay(letter.id());
            assertThat(again.result()).isEqualTo(ReplayOutcome.Result.NOT_NEW);
            assertThat(again.text()).endsWith("not replayed: it is Replayed, not New");
        }
    }

    @Test
    void a_replay_that_still_fails_counts_the_attempt_keeps_the_error_and_leaves_the_dead_letter_new() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))))) {
            String longId = (String) t.org().create("Lead", Map.of("LastName", "TooLong", "Company", TOO_LONG)).get("Id");
            t.cycle();
            DeadLetter letter = only(t.app().deadLetters().store().list(filter(DeadLetter.NEW)));

            ReplayOutcome first = t.app().deadLetters().replay(letter.id());
            ReplayOutcome second = t.app().deadLetters().replay(letter.id());

            assertThat(first.result()).isEqualTo(ReplayOutcome.Result.FAILED);
            assertThat(first.detail()).startsWith("LOCAL_VALUE_REJECTED: Lead " + longId + " cannot be written to table person");
            assertThat(first.text()).endsWith("; it stays New (1 attempt)");
            assertThat(second.text()).endsWith("; it stays New (2 attempts)");
            DeadLetter kept = t.app().deadLetters().get(letter.id());
            assertThat(kept.status()).isEqualTo(DeadLetter.NEW);
            assertThat(kept.resolvedAt()).isNull();
            assertThat(kept.attempts()).isEqualTo(2);
            assertThat(kept.lastAttemptAt()).isNotNull();
            assertThat(kept.lastError()).isEqualTo(second.detail());
            assertThat(kept.errorMessage()).as("the original error stays").isEqualTo(letter.errorMessage());
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE sfdc_lead_id = ?", longId)).isZero();
        }
    }

    @Test
    void a_record_deleted_in_salesforce_is_reported_and_its_dead_letter_stays_new() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))))) {
            String longId = (String) t.org().create("Lead", Map.of("LastName", "TooLong", "Company", TOO_LONG)).get("Id");
            t.cycle();
            DeadLetter letter = only(t.app().deadLetters().store().list(filter(DeadLetter.NEW)));
            DeadLetterFixture.widenState(t.app().dataSource());
            t.org().delete("Lead", longId);

            ReplayOutcome outcome = t.app().deadLetters().replay(letter.id());

            assertThat(outcome.result()).isEqualTo(ReplayOutcome.Result.FAILED);
            assertThat(outcome.detail()).isEqualTo("Salesforce has no Lead " + longId
                    + " (deleted, or not visible to the sync user); discard the dead letter if the record is gone");
            DeadLetter kept = t.app().deadLetters().get(letter.id());
            assertThat(kept.status()).isEqualTo(DeadLetter.NEW);
            assertThat(kept.attempts()).isEqualTo(1);
            assertThat(kept.lastError()).isEqualTo(outcome.detail());
        }
    }

    @Test
    void an_operation_without_a_replayer_is_not_replayed_and_nothing_is_counted() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))))) {
            long id = addDeadLetter(t, "Lead", "Pull Conversions", "00Q000000000001AAA");

            ReplayOutcome outcome = t.app().deadLetters().replay(id);

            assertThat(outcome.result()).isEqualTo(ReplayOutcome.Result.NOT_SUPPORTED);
            assertThat(outcome.text()).isEqualTo("dead letter " + id
                    + " (Lead 00Q000000000001AAA): not replayed: replay is not supported yet for operation Pull Conversions");
            DeadLetter kept = t.app().deadLetters().get(id);
            assertThat(kept.status()).isEqualTo(DeadLetter.NEW);
            assertThat(kept.attempts()).isZero();
        }
    }

    @Test
    void a_new_dead_letter_is_discarded_once_and_an_unknown_one_is_named() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))))) {
            long id = addDeadLetter(t, "Lead", "Pull Updates", "00Q000000000001AAA");

            DeadLetter discarded = t.app().deadLetters().discard(id);

            assertThat(discarded.status()).isEqualTo(DeadLetter.DISCARDED);
            assertThat(discarded.resolvedAt()).isNotNull();
            assertThatThrownBy(() -> t.app().deadLetters().discard(id)).isInstanceOf(ConflictException.class)
                    .hasMessage("dead letter " + id + " (Lead 00Q000000000001AAA) is Discarded, not New; only a New "
                            + "dead letter can be discarded");
            assertThat(t.app().deadLetters().replay(id).result()).isEqualTo(ReplayOutcome.Result.NOT_NEW);
            assertThatThrownBy(() -> t.app().deadLetters().discard(id + 1000)).isInstanceOf(NotFoundException.class)
                    .hasMessage("there is no dead letter " + (id + 1000));
            assertThatThrownBy(() -> t.app().deadLetters().replay(id + 1000)).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void the_list_filters_by_object_operation_status_and_creation_time_newest_first() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))))) {
            long lead = addDeadLetter(t, "Lead", "Pull Updates", "00Q000000000001AAA");
            long contact = addDeadLetter(t, "Contact", "Pull Updates", "003000000000001AAA");
            long push = addDeadLetter(t, "Lead", "Push Updates", "00Q000000000002AAA");
            long old = addDeadLetter(t, "Lead", "Pull Updates", "00Q000000000003AAA");
            long discarded = addDeadLetter(t, "Lead", "Pull Updates", "00Q000000000004AAA");
            try (Connection c = t.app().dataSource().getConnection();
                 var ps = c.prepareStatement("UPDATE dead_letter SET created_at = ? WHERE id = ?")) {
                ps.setObject(1, OffsetDateTime.of(2026, 1, 10, 12, 0, 0, 0, ZoneOffset.UTC));
                ps.setLong(2, old);
                ps.executeUpdate();
            }
            t.app().deadLetters().discard(discarded);
            DeadLetterStore store = t.app().deadLetters().store();

            assertThat(ids(store.list(filter(DeadLetter.NEW)))).containsExactly(push, contact, lead, old);
            assertThat(ids(store.list(new DeadLetterFilter("Lead", null, DeadLetter.NEW, null, 50))))
                    .containsExactly(push, lead, old);
            assertThat(ids(store.list(new DeadLetterFilter("Lead", "Pull Updates", DeadLetter.NEW, null, 50))))
                    .containsExactly(lead, old);
            assertThat(ids(store.list(new DeadLetterFilter(null, null, DeadLetter.DISCARDED, null, 50))))
                    .containsExactly(discarded);
            assertThat(ids(store.list(new DeadLetterFilter(null, null, null, null, 50))))
                    .containsExactly(discarded, push, contact, lead, old);
            assertThat(ids(store.list(new DeadLetterFilter(null, null, DeadLetter.NEW,
                    OffsetDateTime.of(2026, 1, 11, 0, 0, 0, 0, ZoneOffset.UTC), 50)))).containsExactly(push, contact, lead);
            assertThat(ids(store.list(new DeadLetterFilter(null, null, DeadLetter.NEW, null, 2)))).containsExactly(push, contact);
        }
    }

    @Test
    void replay_all_matching_replays_the_new_dead_letters_of_the_filter_oldest_first() throws Exception {
        try (TestApp t = TestApp.start(TestApp.config(data.resolve("db"), DeadLetterFixture.settings(data.resolve("mappings"))))) {
            String a = (String) t.org().create("Lead", Map.of("LastName", "A", "Company", TOO_LONG)).get("Id");
            String b = (String) t.org().create("Lead", Map.of("LastName", "B", "Company", TOO_LONG + "!")).get("Id");
            t.cycle();
            long push = addDeadLetter(t, "Lead", "Push Updates", "00Q000000000009AAA");
            DeadLetterFixture.widenState(t.app().dataSource());

            List<ReplayOutcome> outcomes = t.app().deadLetters().replayAll(
                    new DeadLetterFilter("Lead", "Pull Updates", null, null, DeadLetterFilter.MAX_LIMIT));

            assertThat(outcomes).extracting(ReplayOutcome::recordId).containsExactlyInAnyOrder(a, b);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.result()).isEqualTo(ReplayOutcome.Result.REPLAYED));
            assertThat(outcomes.get(0).id()).isLessThan(outcomes.get(1).id());
            assertThat(t.count("SELECT COUNT(*) FROM person WHERE state LIKE 'A company name%'")).isEqualTo(2);
            assertThat(ids(t.app().deadLetters().store().list(filter(DeadLetter.NEW)))).containsExactly(push);
        }
    }

    private static long addDeadLetter(TestApp t, String object, String operation, String recordId) throws Exception {
        try (Connection c = t.app().dataSource().getConnection()) {
            DeadLetterStore.add(c, "cycle-x", 1, object, operation,
                    new DeadLetterStore.Entry(recordId, "INVALID_VALUE", "too long", "{\"Id\":\"" + recordId + "\"}"));
        }
        return Long.parseLong(String.valueOf(t.rows("SELECT MAX(id) AS id FROM dead_letter").get(0).get("id")));
    }

    private static DeadLetterFilter filter(String status) {
        return new DeadLetterFilter(null, null, status, null, DeadLetterFilter.DEFAULT_LIMIT);
    }

    private static DeadLetter only(List<DeadLetter> letters) {
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    private static List<Long> ids(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::id).toList();
    }
}
