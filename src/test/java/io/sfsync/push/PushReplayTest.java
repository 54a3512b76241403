package io.sfsync.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.deadletter.DeadLetter;
import io.sfsync.deadletter.ReplayOutcome;
import io.sfsync.emulator.FieldCondition;
import io.sfsync.testing.PostgresSchema;
import io.sfsync.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replaying push dead letters (D2) in the real application, on HSQLDB and on PostgreSQL: the local row is read again
 * as it is now and pushed; a success closes the dead letter, a second refusal keeps it New with one more attempt and
 * adds no second dead letter.
 */
class PushReplayTest {

    enum Db { HSQLDB, POSTGRESQL }

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema("sfsync_pushreplay_");

    @TempDir
    Path data;

    private TestApp start(Db db) throws Exception {
        String[] kv = {"sfsync.objects", "Lead,Contact", "sfsync.salesforce.emulator.seed-leads", "3",
                "sfsync.salesforce.emulator.seed-contacts", "2"};
        return TestApp.start(db == Db.HSQLDB ? TestApp.config(data, kv) : postgres.appConfig(data, kv));
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_refused_update_is_replayed_after_the_data_is_fixed(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            Map<String, Object> row = t.rows("SELECT id, sfdc_lead_id FROM person WHERE person_type = 'Lead' ORDER BY id")
                    .get(0);
            long rowId = Long.parseLong((String) row.get("id"));
            String leadId = (String) row.get("sfdc_lead_id");
            t.org().addValidationRule("Lead", "City", "City must not be Nowhere", FieldCondition.notEqualTo("Nowhere"));
            t.execute("UPDATE person SET city = 'Nowhere', title = 'Chief Replayer' WHERE id = ?", rowId);
            t.cycle();
            DeadLetter letter = only(t, DeadLetter.NEW);
            assertThat(letter.operation()).isEqualTo("Push Updates");
            assertThat(letter.recordId()).isEqualTo(leadId);

            // Replayed while the data is still wrong: refused again, still New, one attempt, no second dead letter.
            ReplayOutcome refused = t.app().deadLetters().replay(letter.id());
            assertThat(refused.result()).isEqualTo(ReplayOutcome.Result.FAILED);
            assertThat(refused.detail()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION").contains("City must not be Nowhere");
            DeadLetter kept = t.app().deadLetters().get(letter.id());
            assertThat(kept.status()).isEqualTo(DeadLetter.NEW);
            assertThat(kept.attempts()).isEqualTo(1);
            assertThat(kept.lastError()).contains("City must not be Nowhere");
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isEqualTo(1);
            assertThat(t.org().get("Lead", leadId).orElseThrow().get("Title")).isNotEqualTo("Chief Replayer");

            // Fixed locally: the replay sends the row's failed changes with their current values.
            t.execute("UPDATE person SET city = 'Trondheim' WHERE id = ?", rowId);
            ReplayOutcome replayed = t.app().deadLetters().replay(letter.id());

            assertThat(replayed.result()).isEqualTo(ReplayOutcome.Result.REPLAYED);
            assertThat(replayed.detail()).startsWith("updated Lead " + leadId + " from row person." + rowId);
            assertThat(t.org().get("Lead", leadId).orElseThrow())
                    .containsEntry("City", "Trondheim").containsEntry("Title", "Chief Replayer");
            DeadLetter closed = t.app().deadLetters().get(letter.id());
            assertThat(closed.status()).isEqualTo(DeadLetter.REPLAYED);
            assertThat(closed.attempts()).isEqualTo(2);
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isEqualTo(1);
            assertThat(t.count("SELECT COUNT(*) FROM sync_change WHERE row_id = ? AND status <> 'Pushed'", rowId)).isZero();

            // The next cycle has nothing left to push for the row.
            String next = t.cycle();
            assertThat(t.app().stepLog().cycle(next)).filteredOn(s -> s.object().equals("Lead")
                    && s.operation().equals("Push Updates")).singleElement().satisfies(s -> assertThat(s.updated()).isZero());
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_refused_create_waits_for_its_replay_and_the_replay_creates_it(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.org().addValidationRule("Lead", "Company", "Company must not be Nobody", FieldCondition.notEqualTo("Nobody"));
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Babbage', 'Nobody')");
            long rowId = Long.parseLong((String) t.rows("SELECT id FROM person WHERE last_name = 'Babbage'").get(0).get("id"));
            t.cycle();
            DeadLetter letter = only(t, DeadLetter.NEW);
            assertThat(letter.operation()).isEqualTo("Push New");
            assertThat(letter.recordId()).isEqualTo("person." + rowId);

            // While the dead letter is New, the cycle does not send the row again.
            t.org().clearValidationRules();
            t.cycle();
            assertThat(babbages(t)).isEmpty();
            assertThat(t.count("SELECT COUNT(*) FROM dead_letter")).isEqualTo(1);

            ReplayOutcome replayed = t.app().deadLetters().replay(letter.id());

            assertThat(replayed.result()).isEqualTo(ReplayOutcome.Result.REPLAYED);
            List<Map<String, Object>> leads = babbages(t);
            assertThat(leads).hasSize(1);
            String leadId = (String) leads.get(0).get("Id");
            assertThat(replayed.detail()).startsWith("created Lead " + leadId + " from row person." + rowId);
            assertThat(t.rows("SELECT sfdc_lead_id FROM person WHERE id = ?", rowId))
                    .containsExactly(Map.of("sfdc_lead_id", leadId));
            assertThat(t.app().deadLetters().get(letter.id()).status()).isEqualTo(DeadLetter.REPLAYED);

            t.cycle();
            assertThat(babbages(t)).as("created once").hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Db.class)
    void a_replay_whose_row_is_gone_says_so_and_keeps_the_dead_letter(Db db) throws Exception {
        try (TestApp t = start(db)) {
            t.cycle();
            t.org().addValidationRule("Lead", "Company", "Company must not be Nobody", FieldCondition.notEqualTo("Nobody"));
            t.execute("INSERT INTO person (person_type, last_name, company) VALUES ('Lead', 'Gone', 'Nobody')");
            t.cycle();
            DeadLetter letter = only(t, DeadLetter.NEW);
            t.execute("DELETE FROM person WHERE last_name = 'Gone'");

            ReplayOutcome outcome = t.app().deadLetters().replay(letter.id());

            assertThat(outcome.result()).isEqualTo(ReplayOutcome.Result.FAILED);
            assertThat(outcome.detail()).contains(letter.recordId()).contains("discard the dead letter");
            assertThat(t.app().deadLetters().get(letter.id()).status()).isEqualTo(DeadLetter.NEW);
        }
    }

    private static List<Map<String, Object>> babbages(TestApp t) {
        return t.org().all("Lead").stream().filter(l -> "Babbage".equals(l.get("LastName"))).toList();
    }

    private static DeadLetter only(TestApp t, String status) throws Exception {
        List<DeadLetter> letters = t.app().deadLetters().store().list(
                new io.sfsync.deadletter.DeadLetterFilter(null, null, status, null, 100));
        assertThat(letters).hasSize(1);
        return t.app().deadLetters().get(letters.get(0).id());
    }
}
