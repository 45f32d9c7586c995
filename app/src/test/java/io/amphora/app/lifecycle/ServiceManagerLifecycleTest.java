package io.amphora.app.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ServiceManagerLifecycleTest {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void startsEveryServiceAndIsReadyOnlyWhileAllRun() {
        TestingService head = TestingService.running("head");
        TestingService compactor = TestingService.running("compactor");
        ServiceManagerLifecycle lifecycle = new ServiceManagerLifecycle(List.of(head, compactor), TEST_TIMEOUT);
        assertThat(lifecycle.notReady()).containsExactly("Some services are not Running:", "New: 2");

        lifecycle.start();

        assertThat(lifecycle.isRunning()).isTrue();
        assertThat(lifecycle.notReady()).isEmpty();
        assertThat(List.of(head.state(), compactor.state())).containsOnly(Service.State.RUNNING);

        lifecycle.stop();

        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(List.of(head.state(), compactor.state())).containsOnly(Service.State.TERMINATED);
        assertThat(lifecycle.notReady()).containsExactly("Some services are not Running:", "Terminated: 2");
    }

    @Test
    void reportsStartingServicesUntilTheyRun() throws Exception {
        TestingService replaying = TestingService.slowToStart("replaying");
        TestingService fast = TestingService.running("fast");
        ServiceManagerLifecycle lifecycle = new ServiceManagerLifecycle(List.of(replaying, fast), TEST_TIMEOUT);
        CompletableFuture<Void> starting = CompletableFuture.runAsync(lifecycle::start, Thread::startVirtualThread);
        replaying.awaitStartEntered();
        fast.awaitRunning(TEST_TIMEOUT);

        assertThat(starting).isNotDone();
        assertThat(lifecycle.notReady()).containsExactly("Some services are not Running:", "Starting: 1", "Running: 1");

        replaying.releaseStart();
        starting.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(lifecycle.notReady()).isEmpty();
        lifecycle.stop();
    }

    @Test
    void failedStartStopsTheOtherServicesAndFailsWithTheCause() {
        TestingService healthy = TestingService.running("healthy");
        TestingService broken = TestingService.failingToStart("broken", new IllegalStateException("disk full"));
        ServiceManagerLifecycle lifecycle = new ServiceManagerLifecycle(List.of(healthy, broken), TEST_TIMEOUT);

        assertThatThrownBy(lifecycle::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Services failed to start: ")
                .satisfies(e -> assertThat(e.getCause().getSuppressed())
                        .anySatisfy(suppressed -> assertThat(suppressed).hasRootCauseMessage("disk full")));

        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(healthy.state()).isEqualTo(Service.State.TERMINATED);
        assertThat(broken.state()).isEqualTo(Service.State.FAILED);
        assertThat(lifecycle.notReady()).contains("Failed: 1", "Terminated: 1");
    }

    @Test
    void stopGivesUpAfterTheShutdownTimeout() {
        TestingService hanging = TestingService.slowToStop("hanging");
        ServiceManagerLifecycle lifecycle = new ServiceManagerLifecycle(List.of(hanging), Duration.ofMillis(100));
        lifecycle.start();
        try {
            assertTimeoutPreemptively(TEST_TIMEOUT, () -> lifecycle.stop());

            assertThat(hanging.state()).isEqualTo(Service.State.STOPPING);
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(lifecycle.notReady()).contains("Stopping: 1");
        } finally {
            hanging.releaseStop();
        }
    }

    @Test
    void processWithoutServicesIsReadyWhileStarted() {
        ServiceManagerLifecycle lifecycle = new ServiceManagerLifecycle(List.of(), TEST_TIMEOUT);
        assertThat(lifecycle.notReady()).containsExactly("Services are not started");

        lifecycle.start();
        assertThat(lifecycle.notReady()).isEmpty();

        lifecycle.close();
        assertThat(lifecycle.notReady()).containsExactly("Services are not started");
    }

    @Test
    void closeAfterStopDoesNothingMore() {
        TestingService service = TestingService.running("service");
        ServiceManagerLifecycle lifecycle = new ServiceManagerLifecycle(List.of(service), TEST_TIMEOUT);
        lifecycle.start();
        lifecycle.stop();
        lifecycle.close();
        assertThat(service.state()).isEqualTo(Service.State.TERMINATED);
    }

    @Test
    void readinessJoinsTheLinesOfEveryCheckInOrder() {
        Readiness readiness = new Readiness(List.of(
                () -> List.of(),
                () -> List.of("Some services are not Running:", "Starting: 1"),
                () -> List.of("gRPC servers are not serving")));

        assertThat(readiness.problems()).containsExactly(
                "Some services are not Running:", "Starting: 1", "gRPC servers are not serving");
        assertThat(new Readiness(List.of(List::of)).problems()).isEmpty();
    }
}
