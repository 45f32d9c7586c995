package io.amphora.ring;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static io.amphora.ring.RingFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationSetTest {
    private static final Duration LONG = Duration.ofMinutes(1);
    private static final ReplicationSet RF3 = new ReplicationSet(
            List.of(instance("a", 0), instance("b", 10), instance("c", 20)), 1);

    private final ExecutorService executor = Executors.newFixedThreadPool(3);

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void succeedsWhenEveryReplicaSucceeds() {
        QuorumResult<String> result = RF3.doUntilQuorum(answers(Map.of()), ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.responses()).hasSizeGreaterThanOrEqualTo(2).containsEntry("a", "ok from a");
        assertThat(result.error()).isEmpty();
    }

    @Test
    void succeedsWithOneOfThreeReplicasFailing() {
        QuorumResult<String> result = RF3.doUntilQuorum(answers(Map.of("b", server("b is down"))),
                ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.responses()).containsOnlyKeys("a", "c");
        assertThat(result.errors()).extracting(ReplicaError::instanceId).containsExactly("b");
        assertThat(result.error()).isEmpty();
    }

    @Test
    void failsWithTwoOfThreeReplicasFailingAndReportsAServerError() {
        QuorumResult<String> result = RF3.doUntilQuorum(
                answers(Map.of("a", server("a is down"), "c", server("c is down"))),
                ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).extracting(ReplicaError::instanceId).containsExactly("a", "c");
        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.clientError()).isFalse();
            assertThat(error.message()).isEqualTo("a is down");
        });
    }

    @Test
    void reportsAClientErrorOnlyWhenEveryFailureWasTheClients() {
        QuorumResult<String> allClient = RF3.doUntilQuorum(
                answers(Map.of("a", client("out of order sample"), "b", client("out of order sample"))),
                ReplicationSetTest::isClientError, LONG);
        QuorumResult<String> mixed = RF3.doUntilQuorum(
                answers(Map.of("a", client("out of order sample"), "b", server("disk full"))),
                ReplicationSetTest::isClientError, LONG);

        assertThat(allClient.succeeded()).isFalse();
        assertThat(allClient.error()).hasValueSatisfying(error -> {
            assertThat(error.clientError()).isTrue();
            assertThat(error.message()).isEqualTo("out of order sample");
        });
        assertThat(mixed.succeeded()).isFalse();
        assertThat(mixed.error()).hasValueSatisfying(error -> {
            assertThat(error.clientError()).isFalse();
            assertThat(error.instanceId()).isEqualTo("b");
            assertThat(error.message()).isEqualTo("disk full");
        });
    }

    @Test
    void failsAsSoonAsMoreThanMaxErrorsFailedWithoutWaitingForTheRest() {
        CompletableFuture<String> never = new CompletableFuture<>();

        QuorumResult<String> result = RF3.doUntilQuorum(instance -> switch (instance.id()) {
            case "a" -> CompletableFuture.failedFuture(new IllegalStateException("a is down"));
            case "b" -> never;
            default -> CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("c is down");
            }, executor);
        }, ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).extracting(ReplicaError::message).containsExactly("a is down", "c is down");
    }

    @Test
    void succeedsAsSoonAsAQuorumAnsweredWithoutWaitingForTheRest() {
        CompletableFuture<String> never = new CompletableFuture<>();

        QuorumResult<String> result = RF3.doUntilQuorum(instance -> instance.id().equals("a") ? never
                : CompletableFuture.supplyAsync(() -> "ok from " + instance.id(), executor),
                ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.responses()).containsOnlyKeys("b", "c");
    }

    @Test
    void countsReplicasThatDidNotAnswerInTimeAsServerErrors() {
        CompletableFuture<String> never = new CompletableFuture<>();

        QuorumResult<String> result = RF3.doUntilQuorum(
                instance -> instance.id().equals("a") ? CompletableFuture.completedFuture("ok") : never,
                ReplicationSetTest::isClientError, Duration.ofMillis(50));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).extracting(ReplicaError::instanceId).containsExactly("b", "c");
        assertThat(result.errors()).allSatisfy(error -> {
            assertThat(error.clientError()).isFalse();
            assertThat(error.cause()).isInstanceOf(TimeoutException.class);
            assertThat(error.message()).isEqualTo("no answer within PT0.05S");
        });
    }

    @Test
    void aCallThatThrowsCountsAsThatReplicasFailure() {
        QuorumResult<String> result = RF3.doUntilQuorum(instance -> {
            if (!instance.id().equals("c")) {
                throw new IllegalStateException("cannot connect to " + instance.id());
            }
            return CompletableFuture.completedFuture("ok");
        }, ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error().orElseThrow().message()).isEqualTo("cannot connect to a");
    }

    @Test
    void unwrapsFailuresOfChainedFutures() {
        QuorumResult<String> result = RF3.doUntilQuorum(
                instance -> CompletableFuture.supplyAsync(() -> "x", executor).thenApply(x -> {
                    throw new IllegalArgumentException("bad input at " + instance.id());
                }),
                ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).allSatisfy(error -> {
            assertThat(error.cause()).isInstanceOf(IllegalArgumentException.class);
            assertThat(error.clientError()).isTrue();
        });
    }

    @Test
    void withReplicationFactorOneTheOnlyReplicaDecides() {
        ReplicationSet rf1 = new ReplicationSet(List.of(instance("a", 0)), 0);

        QuorumResult<String> ok = rf1.doUntilQuorum(answers(Map.of()), ReplicationSetTest::isClientError, LONG);
        QuorumResult<String> failed = rf1.doUntilQuorum(answers(Map.of("a", server("a is down"))),
                ReplicationSetTest::isClientError, LONG);

        assertThat(rf1.quorum()).isEqualTo(1);
        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.responses()).containsExactly(Map.entry("a", "ok from a"));
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error().orElseThrow().message()).isEqualTo("a is down");
    }

    @Test
    void allowsNullResponsesOfVoidCalls() {
        QuorumResult<Void> result = RF3.doUntilQuorum(instance -> CompletableFuture.completedFuture(null),
                ReplicationSetTest::isClientError, LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.responses()).containsKeys("a", "b").containsValue(null);
    }

    @Test
    void validatesItsShape() {
        assertThatThrownBy(() -> new ReplicationSet(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplicationSet(List.of(instance("a", 0)), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplicationSet(List.of(instance("a", 0), instance("a", 0)), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RF3.doUntilQuorum(answers(Map.of()), e -> false, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every replica answers "ok from id" unless {@code failures} names its failure. */
    private Function<InstanceDesc, CompletableFuture<String>> answers(Map<String, RuntimeException> failures) {
        return instance -> {
            RuntimeException failure = failures.get(instance.id());
            return failure == null ? CompletableFuture.completedFuture("ok from " + instance.id())
                    : CompletableFuture.failedFuture(failure);
        };
    }

    private static RuntimeException server(String message) {
        return new IllegalStateException(message);
    }

    private static RuntimeException client(String message) {
        return new IllegalArgumentException(message);
    }

    /** The test's classification: {@link IllegalArgumentException} stands for a 4xx answer. */
    private static boolean isClientError(Throwable failure) {
        return failure instanceof IllegalArgumentException;
    }
}
