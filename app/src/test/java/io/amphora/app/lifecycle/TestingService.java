package io.amphora.app.lifecycle;

import java.util.concurrent.CountDownLatch;

import com.google.common.util.concurrent.AbstractIdleService;

import static java.util.Objects.requireNonNull;

/**
 * A Guava service for tests whose start and stop can be held open, or made to fail: a component whose startup
 * is slow (WAL replay), broken, or whose shutdown hangs.
 */
public final class TestingService extends AbstractIdleService {
    private final String name;
    private final CountDownLatch startEntered = new CountDownLatch(1);
    private final CountDownLatch startReleased;
    private final CountDownLatch stopReleased;
    private final RuntimeException startFailure;

    private TestingService(String name, boolean holdStart, boolean holdStop, RuntimeException startFailure) {
        this.name = requireNonNull(name, "name is null");
        this.startReleased = new CountDownLatch(holdStart ? 1 : 0);
        this.stopReleased = new CountDownLatch(holdStop ? 1 : 0);
        this.startFailure = startFailure;
    }

    public static TestingService running(String name) {
        return new TestingService(name, false, false, null);
    }

    /** Stays STARTING until {@link #releaseStart()}. */
    public static TestingService slowToStart(String name) {
        return new TestingService(name, true, false, null);
    }

    /** Stays STOPPING until {@link #releaseStop()}. */
    public static TestingService slowToStop(String name) {
        return new TestingService(name, false, true, null);
    }

    public static TestingService failingToStart(String name, RuntimeException failure) {
        return new TestingService(name, false, false, requireNonNull(failure, "failure is null"));
    }

    public void awaitStartEntered() throws InterruptedException {
        startEntered.await();
    }

    public void releaseStart() {
        startReleased.countDown();
    }

    public void releaseStop() {
        stopReleased.countDown();
    }

    @Override
    protected void startUp() throws InterruptedException {
        startEntered.countDown();
        startReleased.await();
        if (startFailure != null) {
            throw startFailure;
        }
    }

    @Override
    protected void shutDown() throws InterruptedException {
        stopReleased.await();
    }

    @Override
    protected String serviceName() {
        return name;
    }
}
