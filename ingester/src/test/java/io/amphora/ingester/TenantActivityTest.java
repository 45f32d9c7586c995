package io.amphora.ingester;

import io.amphora.model.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantActivityTest {
    private static final TenantId TENANT = TenantId.of("t1");
    private static final TenantId OTHER = TenantId.of("t2");

    private final TenantActivity activity = new TenantActivity();

    @Test
    void admitsOperationsOfATenantNobodyIsDeleting() {
        TenantActivity.Permit first = activity.enter(TENANT);
        TenantActivity.Permit second = activity.enter(TENANT);

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        first.close();
        second.close();
        assertThat(activity.isIdle()).isTrue();
    }

    @Test
    void turnsOperationsAwayWhileTheTenantIsExcludedAndAdmitsThemAfterwards() {
        TenantActivity.Exclusion exclusion = activity.exclude(TENANT);

        assertThat(activity.enter(TENANT)).isNull();
        try (TenantActivity.Permit other = activity.enter(OTHER)) {
            assertThat(other).as("other tenants are not held off").isNotNull();
        }
        exclusion.close();

        try (TenantActivity.Permit again = activity.enter(TENANT)) {
            assertThat(again).isNotNull();
        }
        assertThat(activity.isIdle()).isTrue();
    }

    @Test
    void anExclusionWaitsUntilTheOperationsInFlightHaveEnded() throws Exception {
        TenantActivity.Permit running = activity.enter(TENANT);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<TenantActivity.Exclusion> excluding = CompletableFuture.supplyAsync(() -> activity.exclude(TENANT), executor);
            // Once the exclusion is registered, newcomers are turned away even though it is still waiting.
            awaitTurnedAway(TENANT);
            assertThat(excluding).isNotDone();

            running.close();

            TenantActivity.Exclusion exclusion = excluding.get(10, TimeUnit.SECONDS);
            assertThat(activity.enter(TENANT)).isNull();
            exclusion.close();
            assertThat(activity.isIdle()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void refusesASecondExclusionOfTheSameTenant() {
        try (TenantActivity.Exclusion ignored = activity.exclude(TENANT)) {
            assertThatThrownBy(() -> activity.exclude(TENANT)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesToCloseAPermitTwice() {
        TenantActivity.Permit permit = activity.enter(TENANT);
        permit.close();
        assertThatThrownBy(permit::close).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noOperationRunsWhileAnExclusionIsHeldUnderContention() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 3; t++) {
                executor.submit(() -> {
                    while (stop.getCount() > 0) {
                        try (TenantActivity.Permit permit = activity.enter(TENANT)) {
                            if (permit != null) {
                                inside.incrementAndGet();
                                admitted.incrementAndGet();
                                inside.decrementAndGet();
                            }
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int round = 0; round < 200 && System.nanoTime() < deadline; round++) {
                try (TenantActivity.Exclusion ignored = activity.exclude(TENANT)) {
                    if (inside.get() != 0) {
                        violations.incrementAndGet();
                    }
                }
            }
            stop.countDown();
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            executor.shutdownNow();
        }
        assertThat(violations).hasValue(0);
        assertThat(admitted.get()).isPositive();
        assertThat(activity.isIdle()).isTrue();
    }

    private void awaitTurnedAway(TenantId tenant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            TenantActivity.Permit permit = activity.enter(tenant);
            if (permit == null) {
                return;
            }
            permit.close();
            Thread.sleep(1);
        }
        throw new AssertionError("the exclusion never took effect");
    }
}
