package io.amphora.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestingClockTest {
    @Test
    void standsStillUntilMoved() {
        TestingClock clock = new TestingClock(Instant.parse("2024-05-01T10:00:00Z"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
    }

    @Test
    void startsAtAFixedInstantByDefault() {
        assertThat(new TestingClock().instant()).isEqualTo(TestingClock.DEFAULT_START);
    }

    @Test
    void advancesByADuration() {
        TestingClock clock = new TestingClock(Instant.EPOCH);

        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(Instant.ofEpochSecond(90));
        assertThat(clock.advanceMillis(5)).isEqualTo(Instant.ofEpochMilli(90_005));
        assertThat(clock.advance(Duration.ZERO)).isEqualTo(Instant.ofEpochMilli(90_005));
        assertThat(clock.millis()).isEqualTo(90_005);
    }

    @Test
    void keepsSubMillisecondPrecision() {
        TestingClock clock = new TestingClock(Instant.EPOCH);

        clock.advance(Duration.ofNanos(1_500));

        assertThat(clock.instant().getNano()).isEqualTo(1_500);
        assertThat(clock.millis()).isZero();
    }

    @Test
    void canBeSetForwardsAndBackwards() {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(100));

        clock.set(Instant.ofEpochSecond(500));
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(500));
        clock.set(Instant.ofEpochSecond(50));
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(50));
    }

    @Test
    void refusesToAdvanceBackwards() {
        TestingClock clock = new TestingClock(Instant.EPOCH);

        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> new TestingClock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TestingClock().set(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TestingClock().advance(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void concurrentAdvancesAreNotLost() throws InterruptedException {
        TestingClock clock = new TestingClock(Instant.EPOCH);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    clock.advanceMillis(1);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(clock.millis()).isEqualTo(4_000);
    }
}
