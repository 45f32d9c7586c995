package io.amphora.ring.ha;

import io.amphora.model.TenantId;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One HA cluster's election as a tracker currently knows it, for the admin page.
 *
 * @param lastSeen when the elected replica's samples were last recorded in the KV store (lags by up to the update
 *         timeout while it keeps sending)
 * @param electedChanges how many failovers the cluster has had
 */
public record Election(TenantId tenant, String cluster, String replica, Instant lastSeen, Instant electedAt,
        long electedChanges) {
    public Election {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(replica, "replica is null");
        requireNonNull(lastSeen, "lastSeen is null");
        requireNonNull(electedAt, "electedAt is null");
    }
}
