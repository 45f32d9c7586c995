package io.amphora.querier;

import io.amphora.ring.HashRing;
import io.amphora.ring.InstanceDesc;
import io.amphora.ring.InstanceState;
import io.amphora.ring.ReplicationSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which ingesters a read goes to (Cortex's {@code GetReplicationSetForOperation(Read)}). A read cannot know which
 * ingesters own a query's series, so it goes to every healthy ingester of the ring. Each series lives on
 * {@code replicationFactor} of them and each acknowledged sample on a write quorum of those, so the answers of all
 * but {@code replicationFactor / 2} ingesters are enough: that many may fail (RF 3: one; RF 1: none), and the ring's
 * unhealthy ingesters already count against it.
 *
 * <p>A {@link InstanceState#LEAVING} ingester still serves reads: it holds its data until it has shut down.
 * {@link InstanceState#JOINING} ones hold nothing yet and are skipped.
 */
public final class ReadReplicas {
    private ReadReplicas() {}

    /**
     * @throws IngesterQueryFailedException when fewer healthy ingesters remain than a read needs
     */
    public static ReplicationSet of(HashRing ring, int replicationFactor, Instant now) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1: " + replicationFactor);
        }
        List<InstanceDesc> all = ring.instances();
        List<InstanceDesc> healthy = new ArrayList<>(all.size());
        for (InstanceDesc instance : all) {
            // The ring judges heartbeats only for ACTIVE instances; a LEAVING one is judged by the same timeout.
            InstanceDesc judged = instance.state() == InstanceState.LEAVING ? instance.withState(InstanceState.ACTIVE) : instance;
            if (ring.isHealthy(judged, now)) {
                healthy.add(instance);
            }
        }
        int required = Math.max(all.size(), replicationFactor) - replicationFactor / 2;
        if (healthy.size() < required) {
            throw new IngesterQueryFailedException("too many unhealthy ingesters in the ring: " + healthy.size() + " of "
                    + all.size() + " healthy, a read with replication factor " + replicationFactor + " needs " + required);
        }
        return new ReplicationSet(healthy, healthy.size() - required);
    }
}
