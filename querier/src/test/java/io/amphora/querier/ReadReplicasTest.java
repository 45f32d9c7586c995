package io.amphora.querier;

import io.amphora.ring.HashRing;
import io.amphora.ring.InstanceDesc;
import io.amphora.ring.InstanceState;
import io.amphora.ring.ReplicationSet;
import io.amphora.ring.RingDesc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadReplicasTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant STALE = NOW.minus(Duration.ofMinutes(5));

    private static InstanceDesc instance(String id, InstanceState state, Instant heartbeat) {
        return new InstanceDesc(id, "in-process:" + id, "", state, new int[] {id.hashCode()}, heartbeat);
    }

    private static HashRing ring(InstanceDesc... instances) {
        RingDesc desc = RingDesc.EMPTY;
        for (InstanceDesc instance : instances) {
            desc = desc.with(instance);
        }
        return new HashRing(desc, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, InstantSource.fixed(NOW));
    }

    private static InstanceDesc active(String id) {
        return instance(id, InstanceState.ACTIVE, NOW);
    }

    @Test
    void readsEveryHealthyIngesterAndToleratesOneFailureWithReplicationFactorThree() {
        ReplicationSet set = ReadReplicas.of(ring(active("a"), active("b"), active("c")), 3, NOW);

        assertThat(set.instances()).extracting(InstanceDesc::id).containsExactly("a", "b", "c");
        assertThat(set.maxErrors()).isEqualTo(1);
    }

    @Test
    void anUnhealthyIngesterUsesUpTheToleratedFailure() {
        ReplicationSet set = ReadReplicas.of(ring(active("a"), active("b"),
                instance("c", InstanceState.ACTIVE, STALE)), 3, NOW);

        assertThat(set.instances()).extracting(InstanceDesc::id).containsExactly("a", "b");
        assertThat(set.maxErrors()).isZero();
    }

    @Test
    void failsWhenMoreIngestersAreUnhealthyThanTheReplicationFactorTolerates() {
        HashRing ring = ring(active("a"), instance("b", InstanceState.JOINING, NOW), instance("c", InstanceState.ACTIVE, STALE));

        assertThatThrownBy(() -> ReadReplicas.of(ring, 3, NOW)).isInstanceOf(IngesterQueryFailedException.class)
                .hasMessage("too many unhealthy ingesters in the ring: 1 of 3 healthy, a read with replication factor 3 needs 2");
    }

    @Test
    void withMoreIngestersThanReplicasAllButHalfTheReplicationFactorMustAnswer() {
        ReplicationSet set = ReadReplicas.of(ring(active("a"), active("b"), active("c"), active("d"), active("e")), 3, NOW);

        assertThat(set.instances()).hasSize(5);
        assertThat(set.maxErrors()).isEqualTo(1);
    }

    @Test
    void aSingleIngesterWithReplicationFactorOneMayNotFail() {
        ReplicationSet set = ReadReplicas.of(ring(active("only")), 1, NOW);

        assertThat(set.instances()).extracting(InstanceDesc::id).containsExactly("only");
        assertThat(set.maxErrors()).isZero();
        assertThatThrownBy(() -> ReadReplicas.of(ring(), 1, NOW)).isInstanceOf(IngesterQueryFailedException.class)
                .hasMessageContaining("0 of 0 healthy");
    }

    @Test
    void aLeavingIngesterStillServesReadsWhileItHeartbeats() {
        ReplicationSet set = ReadReplicas.of(ring(active("a"), active("b"), instance("c", InstanceState.LEAVING, NOW)), 3, NOW);

        assertThat(set.instances()).extracting(InstanceDesc::id).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> ReadReplicas.of(ring(active("a"), instance("b", InstanceState.LEAVING, STALE),
                instance("c", InstanceState.LEAVING, STALE)), 3, NOW)).isInstanceOf(IngesterQueryFailedException.class);
    }
}
