package io.amphora.ring;

import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import static io.amphora.ring.RingFixtures.NOW;
import static io.amphora.ring.RingFixtures.instance;
import static io.amphora.ring.RingFixtures.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicatedBatchTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    private final TestingClock clock = new TestingClock(NOW);

    @Test
    void sendsEachInstanceTheItemsItOwnsInOneCall() {
        HashRing ring = randomRing(5);
        int[] keys = randomKeys(500);
        FakeSender sender = new FakeSender(Map.of());

        BatchResult result = ReplicatedBatch.run(ring, keys, 3, sender, ReplicatedBatchTest::isClientError, LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.error()).isEmpty();
        assertThat(sender.calls).hasSize(5);
        for (int item = 0; item < keys.length; item++) {
            for (InstanceDesc owner : ring.get(keys[item], 3).instances()) {
                assertThat(sender.calls.get(owner.id())).as("items sent to %s", owner.id()).contains(item);
            }
        }
        int sent = sender.calls.values().stream().mapToInt(items -> items.length).sum();
        assertThat(sent).isEqualTo(3 * keys.length);
        sender.calls.values().forEach(items -> assertThat(items).isSorted());
    }

    @Test
    void everyItemSucceedsWithOneOfThreeReplicasFailing() {
        HashRing ring = randomRing(3);
        FakeSender sender = new FakeSender(Map.of("ingester-1", new IllegalStateException("ingester-1 is down")));

        BatchResult result = ReplicatedBatch.run(ring, randomKeys(300), 3, sender, ReplicatedBatchTest::isClientError,
                LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.errors()).extracting(ReplicaError::instanceId).containsExactly("ingester-1");
    }

    @Test
    void everyItemFailsWithTwoOfThreeReplicasFailingAndTheErrorIsServerSide() {
        HashRing ring = randomRing(3);
        FakeSender sender = new FakeSender(Map.of(
                "ingester-0", new IllegalStateException("ingester-0 is down"),
                "ingester-2", new IllegalArgumentException("out of order sample")));

        BatchResult result = ReplicatedBatch.run(ring, randomKeys(300), 3, sender, ReplicatedBatchTest::isClientError,
                LONG);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedCount()).isEqualTo(300);
        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.clientError()).isFalse();
            assertThat(error.message()).isEqualTo("ingester-0 is down");
        });
    }

    @Test
    void theErrorIsAClientErrorWhenEveryFailureWasTheClients() {
        HashRing ring = randomRing(3);
        FakeSender sender = new FakeSender(Map.of(
                "ingester-0", new IllegalArgumentException("out of order sample"),
                "ingester-2", new IllegalArgumentException("out of order sample")));

        BatchResult result = ReplicatedBatch.run(ring, randomKeys(50), 3, sender, ReplicatedBatchTest::isClientError,
                LONG);

        assertThat(result.failedCount()).isEqualTo(50);
        assertThat(result.error()).hasValueSatisfying(error -> assertThat(error.clientError()).isTrue());
    }

    @Test
    void reportsExactlyTheItemsWhoseReplicasFailedBeyondTheirQuorum() {
        HashRing ring = randomRing(6);
        int[] keys = randomKeys(2000);
        Set<String> down = Set.of("ingester-1", "ingester-4");
        FakeSender sender = new FakeSender(Map.of(
                "ingester-1", new IllegalStateException("down"), "ingester-4", new IllegalStateException("down")));

        BatchResult result = ReplicatedBatch.run(ring, keys, 3, sender, ReplicatedBatchTest::isClientError, LONG);

        BitSet expected = new BitSet();
        for (int item = 0; item < keys.length; item++) {
            long failing = ring.get(keys[item], 3).instances().stream().filter(i -> down.contains(i.id())).count();
            if (failing > 1) {
                expected.set(item);
            }
        }
        assertThat(expected.cardinality()).as("the ring places some items on both failing instances").isPositive()
                .isLessThan(keys.length);
        assertThat(result.failed()).isEqualTo(expected);
        assertThat(result.failedItems()).hasSize(expected.cardinality());
        assertThat(result.error().orElseThrow().clientError()).isFalse();
    }

    @Test
    void callsThatDoNotAnswerInTimeFailTheirItemsServerSide() {
        HashRing ring = randomRing(3);
        CompletableFuture<Void> never = new CompletableFuture<>();
        ReplicatedBatch.Sender sender = (instance, items) -> switch (instance.id()) {
            case "ingester-0" -> CompletableFuture.completedFuture(null);
            case "ingester-1" -> CompletableFuture.failedFuture(new IllegalArgumentException("out of order sample"));
            default -> never;
        };

        BatchResult result = ReplicatedBatch.run(ring, randomKeys(20), 3, sender, ReplicatedBatchTest::isClientError,
                Duration.ofMillis(50));

        assertThat(result.failedCount()).isEqualTo(20);
        assertThat(result.error()).hasValueSatisfying(error -> {
            assertThat(error.clientError()).isFalse();
            assertThat(error.instanceId()).isEqualTo("ingester-2");
            assertThat(error.cause()).isInstanceOf(TimeoutException.class);
        });
    }

    @Test
    void withReplicationFactorOneEachItemHasOneOwner() {
        HashRing ring = randomRing(4);
        int[] keys = randomKeys(400);
        FakeSender sender = new FakeSender(Map.of("ingester-3", new IllegalStateException("down")));

        BatchResult result = ReplicatedBatch.run(ring, keys, 1, sender, ReplicatedBatchTest::isClientError, LONG);

        int[] expected = sender.calls.get("ingester-3");
        assertThat(result.failedItems()).containsExactly(expected);
        assertThat(sender.calls.values().stream().mapToInt(items -> items.length).sum()).isEqualTo(400);
    }

    @Test
    void anEmptyBatchSucceedsWithoutCalls() {
        FakeSender sender = new FakeSender(Map.of());

        BatchResult result = ReplicatedBatch.run(randomRing(3), new int[0], 3, sender,
                ReplicatedBatchTest::isClientError, LONG);

        assertThat(result.succeeded()).isTrue();
        assertThat(sender.calls).isEmpty();
    }

    @Test
    void sendsNothingWhenSomeKeyLacksAQuorumOfHealthyReplicas() {
        HashRing ring = new HashRing(ring(instance("a", 0), instance("b", 10)), Duration.ofMinutes(1), clock);
        clock.advance(Duration.ofMinutes(2));
        FakeSender sender = new FakeSender(Map.of());

        assertThatThrownBy(() -> ReplicatedBatch.run(ring, new int[] {1, 2}, 3, sender,
                ReplicatedBatchTest::isClientError, LONG))
                .isInstanceOf(TooFewReplicasException.class);
        assertThat(sender.calls).isEmpty();
    }

    private HashRing randomRing(int instances) {
        RingDesc desc = RingDesc.EMPTY;
        Random random = new Random(instances);
        for (int i = 0; i < instances; i++) {
            desc = desc.with(instance("ingester-" + i, Tokens.generate(32, desc.tokens(), random)));
        }
        return new HashRing(desc, Duration.ofMinutes(1), clock);
    }

    private static int[] randomKeys(int count) {
        return new Random(count).ints(count).toArray();
    }

    private static boolean isClientError(Throwable failure) {
        return failure instanceof IllegalArgumentException;
    }

    /** Records the items each instance was sent and fails the instances named in {@code failures}. */
    private static final class FakeSender implements ReplicatedBatch.Sender {
        final Map<String, int[]> calls = new ConcurrentHashMap<>();
        private final Map<String, RuntimeException> failures;

        FakeSender(Map<String, RuntimeException> failures) {
            this.failures = failures;
        }

        @Override
        public CompletableFuture<?> send(InstanceDesc instance, int[] itemIndexes) {
            if (calls.put(instance.id(), itemIndexes) != null) {
                throw new AssertionError("instance " + instance.id() + " was called twice");
            }
            RuntimeException failure = failures.get(instance.id());
            return failure == null ? CompletableFuture.completedFuture(itemIndexes.length)
                    : CompletableFuture.failedFuture(failure);
        }
    }
}
