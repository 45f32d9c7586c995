package io.amphora.ring.ha;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The election state of one HA cluster, as stored in the KV store by {@link ReplicaDescCodec}.
 *
 * @param replica the elected replica ({@code __replica__} label value)
 * @param receivedAt when a sample from it was last accepted, as last written back (lags by up to the update timeout)
 * @param electedAt when it was elected
 * @param electedChanges how many times the elected replica of this cluster changed since the cluster was first seen
 */
public record ReplicaDesc(String replica, Instant receivedAt, Instant electedAt, long electedChanges) {
    public ReplicaDesc {
        requireNonNull(replica, "replica is null");
        requireNonNull(receivedAt, "receivedAt is null");
        requireNonNull(electedAt, "electedAt is null");
        if (replica.isEmpty()) {
            throw new IllegalArgumentException("replica is empty");
        }
        if (electedChanges < 0) {
            throw new IllegalArgumentException("electedChanges must not be negative: " + electedChanges);
        }
    }

    public ReplicaDesc withReceivedAt(Instant time) {
        return new ReplicaDesc(replica, time, electedAt, electedChanges);
    }
}
