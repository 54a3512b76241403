package io.sfsync.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.status.StepRow;
import io.sfsync.status.StepStatus;
import io.sfsync.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleHealthTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-04T12:00:00Z"));
    private final CycleHealth health = new CycleHealth(Duration.ofMinutes(5), clock);

    @Test
    void is_starting_until_the_first_cycle_finishes() {
        assertThat(health.verdict().state()).isEqualTo(CycleHealth.State.STARTING);
        health.connected();
        health.cycleStarted();
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.STARTING);
            assertThat(v.reason()).contains("first cycle since start is running");
        });
        health.cycleFinished(List.of(step("Lead", StepStatus.COMPLETED, null)));
        assertThat(health.verdict().state()).isEqualTo(CycleHealth.State.UP);
    }

    @Test
    void a_first_cycle_that_runs_longer_than_two_periods_is_down() {
        health.connected();
        health.cycleStarted();
        clock.advance(Duration.ofMinutes(9));
        assertThat(health.verdict().state()).isEqualTo(CycleHealth.State.STARTING);
        clock.advance(Duration.ofMinutes(2));
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.DOWN);
            assertThat(v.reason()).contains("first cycle since start has run since").contains("has not finished");
        });
    }

    @Test
    void is_down_with_the_cause_while_salesforce_is_unavailable_and_up_after_it_connects() {
        health.cycleFinished(List.of(step("Lead", StepStatus.COMPLETED, null)));
        health.unavailable("Salesforce does not answer at http://x (Connection refused)", clock.instant().plusSeconds(10));
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.DOWN);
            assertThat(v.reason()).contains("waiting for Salesforce").contains("1 failed attempt(s)").contains("next in 10 s")
                    .contains("Connection refused");
        });
        health.connected();
        assertThat(health.verdict().state()).isEqualTo(CycleHealth.State.UP);
    }

    @Test
    void one_cycle_with_a_failed_step_stays_up_and_says_so_two_in_a_row_are_down() {
        health.cycleFinished(List.of(step("Lead", StepStatus.COMPLETED, null), step("Contact", StepStatus.FAILED, "boom")));
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.UP);
            assertThat(v.reason()).contains("with failed steps: Contact Pull Updates Failed: boom");
        });
        health.cycleFinished(List.of(step("Lead", StepStatus.ROLLED_BACK, "gone"), step("Contact", StepStatus.COMPLETED, null)));
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.DOWN);
            assertThat(v.reason()).contains("the last 2 cycles had failed steps: Lead Pull Updates Rolled back: gone");
        });
        health.cycleFinished(List.of(step("Lead", StepStatus.COMPLETED, null), step("Contact", StepStatus.INCOMPLETE, null)));
        assertThat(health.verdict().state()).isEqualTo(CycleHealth.State.UP);
    }

    @Test
    void a_cycle_where_every_step_failed_is_down_at_once() {
        health.cycleFinished(List.of(step("Lead", StepStatus.FAILED, "REQUEST_LIMIT_EXCEEDED"),
                step("Contact", StepStatus.FAILED, "REQUEST_LIMIT_EXCEEDED")));
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.DOWN);
            assertThat(v.reason()).contains("every step of the last cycle failed").contains("(and 1 more)");
        });
    }

    @Test
    void is_down_when_no_cycle_finished_within_two_periods() {
        health.cycleFinished(List.of(step("Lead", StepStatus.COMPLETED, null)));
        clock.advance(Duration.ofMinutes(9));
        assertThat(health.verdict().state()).isEqualTo(CycleHealth.State.UP);
        clock.advance(Duration.ofMinutes(2));
        assertThat(health.verdict()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(CycleHealth.State.DOWN);
            assertThat(v.reason()).contains("no cycle finished since 2026-03-04T12:00:00Z")
                    .contains("two periods of sfsync.cycle.cron (300 s each)");
        });
    }

    @Test
    void without_a_schedule_an_old_cycle_is_not_a_problem() {
        CycleHealth unscheduled = new CycleHealth(null, clock);
        unscheduled.cycleFinished(List.of(step("Lead", StepStatus.COMPLETED, null)));
        clock.advance(Duration.ofDays(3));
        assertThat(unscheduled.verdict().state()).isEqualTo(CycleHealth.State.UP);
    }

    private static StepRow step(String object, StepStatus status, String message) {
        return new StepRow(1, "c", object, "Pull Updates", status.label(), null, null, 0, 0, 0, 0, 0, message);
    }
}
