package io.amphora.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * An {@link InstantSource} that stands still until a test moves it, so time-dependent code can be tested without
 * sleeping. Thread-safe: the code under test may read it from other threads while the test advances it.
 */
public final class TestingClock implements InstantSource {
    /** The default start: a fixed, recent instant, so tests do not depend on the epoch or on "now". */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    public TestingClock() {
        this(DEFAULT_START);
    }

    public TestingClock(Instant start) {
        this.now = new AtomicReference<>(requireNonNull(start, "start is null"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock to {@code instant}, forwards or backwards (e.g. to simulate a clock step). */
    public void set(Instant instant) {
        now.set(requireNonNull(instant, "instant is null"));
    }

    /**
     * Moves the clock forward by {@code duration} and returns the new time.
     *
     * @throws IllegalArgumentException for a negative duration; use {@link #set} to go back in time
     */
    public Instant advance(Duration duration) {
        requireNonNull(duration, "duration is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot advance by a negative duration " + duration + "; use set()");
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Moves the clock forward by {@code millis} milliseconds and returns the new time. */
    public Instant advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    @Override
    public String toString() {
        return "TestingClock[" + now.get() + "]";
    }
}
