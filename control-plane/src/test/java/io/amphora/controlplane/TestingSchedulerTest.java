package io.amphora.controlplane;

import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestingSchedulerTest {
    private final TestingClock clock = new TestingClock();
    private final TestingScheduler scheduler = new TestingScheduler(clock);

    @Test
    void runsOnlyTasksThatAreDueInDueOrder() {
        List<String> ran = new ArrayList<>();
        scheduler.schedule(Duration.ofSeconds(2), () -> ran.add("late"));
        scheduler.schedule(Duration.ZERO, () -> ran.add("now"));
        scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("soon"));

        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(ran).containsExactly("now");

        clock.advance(Duration.ofSeconds(5));
        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(ran).containsExactly("now", "soon", "late");
        assertThat(scheduler.pendingDelays()).isEmpty();
    }

    @Test
    void runsTasksScheduledByTasksWhenTheyAreDueAlready() {
        List<String> ran = new ArrayList<>();
        scheduler.schedule(Duration.ZERO, () -> {
            ran.add("first");
            scheduler.schedule(Duration.ZERO, () -> ran.add("second"));
            scheduler.schedule(Duration.ofMinutes(1), () -> ran.add("later"));
        });

        assertThat(scheduler.runDue()).isEqualTo(2);
        assertThat(ran).containsExactly("first", "second");
        assertThat(scheduler.pendingDelays()).containsExactly(Duration.ofMinutes(1));
    }
}
