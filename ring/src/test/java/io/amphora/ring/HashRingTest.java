package io.amphora.ring;

import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.amphora.ring.RingFixtures.NOW;
import static io.amphora.ring.RingFixtures.instance;
import static io.amphora.ring.RingFixtures.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashRingTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final TestingClock clock = new TestingClock(NOW);

    @Test
    void walksClockwiseFromTheFirstTokenAtOrAfterTheKey() {
        HashRing ring = hashRing(ring(instance("a", 0, 300), instance("b", 100, 400), instance("c", 200, 500)));

        assertThat(ids(ring.get(50, 3))).containsExactly("b", "c", "a");
        assertThat(ids(ring.get(100, 3))).containsExactly("b", "c", "a");
        assertThat(ids(ring.get(101, 2))).containsExactly("c", "a");
        assertThat(ids(ring.get(450, 3))).containsExactly("c", "a", "b");
        assertThat(ids(ring.get(-7, 1))).containsExactly("a");
    }

    @Test
    void wrapsAroundPastTheLastToken() {
        HashRing ring = hashRing(ring(instance("a", Integer.MIN_VALUE), instance("b", 0), instance("c", 1000)));

        assertThat(ids(ring.get(1001, 3))).containsExactly("a", "b", "c");
        assertThat(ids(ring.get(Integer.MAX_VALUE, 1))).containsExactly("a");
        assertThat(ids(ring.get(Integer.MIN_VALUE, 1))).containsExactly("a");
    }

    @Test
    void picksDistinctInstances() {
        HashRing ring = hashRing(ring(instance("a", 0, 10, 20), instance("b", 30), instance("c", 40)));

        assertThat(ids(ring.get(0, 2))).containsExactly("a", "b");
        assertThat(ids(ring.get(0, 3))).containsExactly("a", "b", "c");
    }

    @Test
    void quorumAndMaxErrorsFollowTheReplicationFactor() {
        HashRing ring = hashRing(ring(instance("a", 0), instance("b", 10), instance("c", 20), instance("d", 30),
                instance("e", 40)));

        assertThat(ring.get(0, 1)).satisfies(set -> {
            assertThat(set.instances()).hasSize(1);
            assertThat(set.quorum()).isEqualTo(1);
            assertThat(set.maxErrors()).isZero();
        });
        assertThat(ring.get(0, 3)).satisfies(set -> {
            assertThat(set.instances()).hasSize(3);
            assertThat(set.quorum()).isEqualTo(2);
            assertThat(set.maxErrors()).isEqualTo(1);
        });
        assertThat(ring.get(0, 5)).satisfies(set -> {
            assertThat(set.quorum()).isEqualTo(3);
            assertThat(set.maxErrors()).isEqualTo(2);
        });
    }

    @Test
    void aReplicationFactorAboveTheInstanceCountUsesEveryInstance() {
        HashRing ring = hashRing(ring(instance("a", 0), instance("b", 10)));

        ReplicationSet set = ring.get(5, 3);

        assertThat(ids(set)).containsExactly("b", "a");
        assertThat(set.maxErrors()).isZero();
    }

    @Test
    void placesAtMostOneReplicaPerZone() {
        HashRing ring = hashRing(ring(instance("a", "z1", 0), instance("b", "z1", 10), instance("c", "z2", 20),
                instance("d", "z3", 30), instance("e", "z2", 40)));

        assertThat(ids(ring.get(0, 3))).containsExactly("a", "c", "d");
        assertThat(ids(ring.get(10, 3))).containsExactly("b", "c", "d");
        assertThat(ids(ring.get(25, 3))).containsExactly("d", "e", "a");
    }

    @Test
    void withoutZonesNeighboursAreTakenInOrder() {
        HashRing ring = hashRing(ring(instance("a", 0), instance("b", 10), instance("c", 20), instance("d", 30)));

        assertThat(ids(ring.get(0, 3))).containsExactly("a", "b", "c");
    }

    @Test
    void withFewerZonesThanReplicasTheNearestRemainingInstancesFillUp() {
        HashRing ring = hashRing(ring(instance("a", "z1", 0), instance("b", "z1", 10), instance("c", "z2", 20),
                instance("d", "z2", 30)));

        // Each zone gets one replica first; then the walk starts over and takes the nearest instances left.
        assertThat(ids(ring.get(0, 3))).containsExactly("a", "c", "b");
    }

    @Test
    void joiningAndLeavingInstancesTakeNoWritesAndExtendTheSet() {
        HashRing ring = hashRing(ring(instance("a", 0).withState(InstanceState.JOINING), instance("b", 10),
                instance("c", 20).withState(InstanceState.LEAVING), instance("d", 30), instance("e", 40)));

        ReplicationSet set = ring.get(0, 3);

        assertThat(ids(set)).containsExactly("b", "d", "e");
        assertThat(set.maxErrors()).isEqualTo(1);
    }

    @Test
    void anInstanceWhoseHeartbeatTimedOutIsLeftOutAndLowersMaxErrors() {
        HashRing ring = hashRing(ring(instance("a", 0), instance("b", 10), instance("c", 20), instance("d", 30)));
        assertThat(ids(ring.get(0, 3))).containsExactly("a", "b", "c");

        clock.advance(TIMEOUT.plusSeconds(1));
        HashRing later = hashRing(ring(instance("a", 0).withHeartbeat(clock.instant()), instance("b", 10),
                instance("c", 20).withHeartbeat(clock.instant()), instance("d", 30).withHeartbeat(clock.instant())));

        ReplicationSet set = later.get(0, 3);

        assertThat(ids(set)).containsExactly("a", "c");
        assertThat(set.maxErrors()).isZero();
        assertThat(later.healthyInstanceCount()).isEqualTo(3);
    }

    @Test
    void aHeartbeatExactlyAsOldAsTheTimeoutIsStillHealthy() {
        HashRing ring = hashRing(ring(instance("a", 0)));

        clock.advance(TIMEOUT);
        assertThat(ids(ring.get(0, 1))).containsExactly("a");

        clock.advanceMillis(1);
        assertThatThrownBy(() -> ring.get(0, 1)).isInstanceOf(TooFewReplicasException.class);
    }

    @Test
    void aZeroHeartbeatTimeoutDisablesTheCheck() {
        HashRing ring = new HashRing(ring(instance("a", 0)), Duration.ZERO, clock);

        clock.advance(Duration.ofDays(365));

        assertThat(ids(ring.get(0, 1))).containsExactly("a");
    }

    @Test
    void failsWhenFewerThanAQuorumAreHealthy() {
        HashRing ring = hashRing(ring(instance("a", 0), instance("b", 10), instance("c", 20)));
        clock.advance(TIMEOUT.plusSeconds(1));
        HashRing later = hashRing(ring.desc().with(instance("c", 20).withHeartbeat(clock.instant())));

        assertThatThrownBy(() -> later.get(0, 3))
                .isInstanceOf(TooFewReplicasException.class)
                .hasMessage("at least 2 live replicas required, could only find 1");
    }

    @Test
    void anEmptyRingHasNoReplicas() {
        HashRing ring = hashRing(RingDesc.EMPTY);

        assertThatThrownBy(() -> ring.get(0, 1))
                .isInstanceOf(TooFewReplicasException.class)
                .hasMessage("at least 1 live replicas required, could only find 0");
    }

    @Test
    void rejectsAReplicationFactorBelowOne() {
        HashRing ring = hashRing(ring(instance("a", 0)));

        assertThatThrownBy(() -> ring.get(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} instances")
    @ValueSource(ints = {3, 4, 5, 6, 7, 8, 9, 10})
    void randomTokensSpreadTheLoadEvenly(int instanceCount) {
        RingDesc desc = RingDesc.EMPTY;
        Random random = new Random(42 + instanceCount);
        for (int i = 0; i < instanceCount; i++) {
            desc = desc.with(instance("ingester-" + i, Tokens.generate(LifecyclerConfig.DEFAULT_NUM_TOKENS,
                    desc.tokens(), random)));
        }
        HashRing ring = hashRing(desc);
        int keys = 60_000;
        Map<String, Integer> primary = new HashMap<>();
        Map<String, Integer> replicas = new HashMap<>();
        Random keyHashes = new Random(7);
        for (int k = 0; k < keys; k++) {
            ReplicationSet set = ring.get(keyHashes.nextInt(), 3);
            primary.merge(set.instances().getFirst().id(), 1, Integer::sum);
            set.instances().forEach(instance -> replicas.merge(instance.id(), 1, Integer::sum));
        }

        double fairPrimary = (double) keys / instanceCount;
        double fairReplicas = 3.0 * keys / instanceCount;
        assertThat(primary).hasSize(instanceCount);
        for (String id : primary.keySet()) {
            assertThat(primary.get(id) / fairPrimary).as("primary share of %s", id).isBetween(0.75, 1.25);
            assertThat(replicas.get(id) / fairReplicas).as("replica share of %s", id).isBetween(0.8, 1.2);
        }
    }

    private HashRing hashRing(RingDesc desc) {
        return new HashRing(desc, TIMEOUT, clock);
    }

    private static List<String> ids(ReplicationSet set) {
        List<String> ids = new ArrayList<>();
        set.instances().forEach(instance -> ids.add(instance.id()));
        return ids;
    }
}
