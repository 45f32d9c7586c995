package io.amphora.bench.remotewrite;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {
    /** A clock that only moves when the pacer sleeps or the test says so; records every sleep. */
    private static final class TestingClock {
        long nanos = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        long now() {
            return nanos;
        }

        void sleep(long duration) {
            sleeps.add(duration);
            nanos += duration;
        }
    }

    private final TestingClock clock = new TestingClock();

    @Test
    void spacesBatchesToTheTargetRate() throws InterruptedException {
        Pacer pacer = new Pacer(1_000, clock::now, clock::sleep);

        for (int i = 0; i < 4; i++) {
            pacer.awaitTurn(100);
        }

        // 100 samples at 1000/s earn 100 ms; the first batch goes at once.
        assertThat(clock.sleeps).containsExactly(100_000_000L, 100_000_000L, 100_000_000L);
    }

    @Test
    void doesNotWaitWhileBehindScheduleAndDoesNotBurstPastIt() throws InterruptedException {
        Pacer pacer = new Pacer(1_000, clock::now, clock::sleep);
        pacer.awaitTurn(100);
        clock.nanos += 250_000_000L;

        pacer.awaitTurn(100);
        pacer.awaitTurn(100);
        pacer.awaitTurn(100);

        // Released 100 and 200 are due at 100 ms and 200 ms (already past); 300 is due at 300 ms, 50 ms away.
        assertThat(clock.sleeps).containsExactly(50_000_000L);
    }

    @Test
    void neverWaitsWithoutATargetRate() throws InterruptedException {
        Pacer pacer = new Pacer(0, clock::now, clock::sleep);

        for (int i = 0; i < 10; i++) {
            pacer.awaitTurn(1_000_000);
        }

        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void rejectsNegativeRate() {
        assertThatThrownBy(() -> new Pacer(-1, clock::now, clock::sleep)).isInstanceOf(IllegalArgumentException.class);
    }
}
