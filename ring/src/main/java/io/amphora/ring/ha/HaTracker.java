package io.amphora.ring.ha;

import io.amphora.model.TenantId;
import io.amphora.ring.kv.CasLoop;
import io.amphora.ring.kv.CasUpdate;
import io.amphora.ring.kv.KvEvent;
import io.amphora.ring.kv.KvStore;
import io.amphora.ring.kv.Versioned;
import io.amphora.ring.kv.Watch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

import static java.util.Objects.requireNonNull;

/**
 * Elects one replica per HA cluster of Prometheus servers, so a tenant's data from a redundant pair is stored once
 * (Cortex's HA tracker). Each {@code (tenant, cluster)} has an entry {@code ha-tracker/<tenant>/<cluster>} in the
 * {@link KvStore} holding the elected replica and when it was last seen; every change is a compare-and-set, so all
 * distributors sharing the store agree on one replica.
 *
 * <ul>
 *   <li>The first replica seen for a cluster is elected.</li>
 *   <li>While the elected replica keeps sending, its last-seen time is written back once it is at least
 *       {@link HaTrackerConfig#updateTimeout()} old, not on every request.</li>
 *   <li>Another replica is rejected while the elected one was last seen at most
 *       {@link HaTrackerConfig#failoverTimeout()} ago; after that, the next replica that sends is elected.</li>
 *   <li>A cluster the tracker has not seen yet is refused once the tenant has its limit of clusters. Distributors
 *       count from their own view, so racing distributors may admit a cluster or two beyond the limit, as in
 *       Cortex.</li>
 * </ul>
 *
 * <p>The hot path reads a local copy of the entries, fed by {@link KvStore#watch}; the store is only read and
 * written when the copy says a refresh or a failover is due, or the cluster is new. The copy only ever holds what
 * the store held (it lags, never leads), and every decision that changes state is re-checked against the store.
 *
 * <p>Thread-safe.
 */
public final class HaTracker implements AutoCloseable {
    public static final String KEY_PREFIX = "ha-tracker/";
    /** Cortex's message, which users search for. */
    public static final String TOO_MANY_CLUSTERS_FORMAT = "too many HA clusters (limit: %d)";

    private static final System.Logger LOG = System.getLogger(HaTracker.class.getName());

    private final KvStore kv;
    private final InstantSource clock;
    private final HaTrackerConfig config;
    private final ToIntFunction<TenantId> maxClusters;
    private final Map<TenantId, Map<String, Cached>> cache = new ConcurrentHashMap<>();
    private final LongAdder electedReplicaChanges = new LongAdder();
    private final LongAdder kvCasCalls = new LongAdder();
    private final Watch watch;

    /** A tracker whose per-tenant cluster limit is {@link HaTrackerConfig#maxClusters()} for every tenant. */
    public HaTracker(KvStore kv, InstantSource clock, HaTrackerConfig config) {
        this(kv, clock, config, tenant -> config.maxClusters());
    }

    /**
     * Starts following the store; the elections already in it are loaded before the constructor returns.
     *
     * @param maxClusters the cluster limit of a tenant (its override, or the default); 0 means no limit
     */
    public HaTracker(KvStore kv, InstantSource clock, HaTrackerConfig config, ToIntFunction<TenantId> maxClusters) {
        this.kv = requireNonNull(kv, "kv is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.config = requireNonNull(config, "config is null");
        this.maxClusters = requireNonNull(maxClusters, "maxClusters is null");
        this.watch = kv.watch(KEY_PREFIX, this::apply);
    }

    /**
     * Decides whether a request from {@code replica} of {@code cluster} is stored, and records it: a first sighting
     * elects, a sighting of the elected replica may refresh its last-seen time, and a sighting of another replica
     * after the failover timeout elects that one.
     *
     * @throws io.amphora.ring.kv.CasConflictException under extreme contention; a server-side, retryable failure
     */
    public Decision check(TenantId tenant, String cluster, String replica) {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(replica, "replica is null");
        if (cluster.isEmpty() || replica.isEmpty()) {
            throw new IllegalArgumentException("cluster and replica must not be empty");
        }
        Instant now = clock.instant();
        Map<String, Cached> clusters = cache.get(tenant);
        Cached cached = clusters == null ? null : clusters.get(cluster);
        if (cached != null) {
            Duration age = Duration.between(cached.desc.receivedAt(), now);
            if (cached.desc.replica().equals(replica)) {
                if (age.compareTo(config.updateTimeout()) < 0) {
                    return Decision.ACCEPT;
                }
            } else if (age.compareTo(config.failoverTimeout()) <= 0) {
                return Decision.REJECT_NOT_ELECTED;
            }
        } else {
            int limit = maxClusters(tenant);
            if (limit > 0 && clusters != null && clusters.size() >= limit) {
                return Decision.REJECT_TOO_MANY_CLUSTERS;
            }
        }
        return checkStore(key(tenant, cluster), replica, now);
    }

    /** The cluster limit in force for {@code tenant}; 0 means none. */
    public int maxClusters(TenantId tenant) {
        return maxClusters.applyAsInt(requireNonNull(tenant, "tenant is null"));
    }

    /** The message for {@link Decision#REJECT_TOO_MANY_CLUSTERS}, with the tenant's limit. */
    public String tooManyClustersMessage(TenantId tenant) {
        return TOO_MANY_CLUSTERS_FORMAT.formatted(maxClusters(tenant));
    }

    /** The elections this tracker knows, sorted by tenant and cluster. */
    public List<Election> elections() {
        List<Election> elections = new ArrayList<>();
        cache.forEach((tenant, clusters) -> clusters.forEach(
                (cluster, cached) -> elections.add(election(tenant, cluster, cached.desc))));
        elections.sort(Comparator.comparing((Election e) -> e.tenant().value()).thenComparing(Election::cluster));
        return List.copyOf(elections);
    }

    /** The election of one cluster as this tracker knows it. */
    public Optional<Election> election(TenantId tenant, String cluster) {
        Map<String, Cached> clusters = cache.get(requireNonNull(tenant, "tenant is null"));
        Cached cached = clusters == null ? null : clusters.get(requireNonNull(cluster, "cluster is null"));
        return cached == null ? Optional.empty() : Optional.of(election(tenant, cluster, cached.desc));
    }

    /**
     * Deletes the entries of clusters whose elected replica has not been seen for
     * {@link HaTrackerConfig#staleClusterAge()}, so they stop counting against the tenant's limit. Meant to be
     * scheduled by the owner every few minutes; any distributor may run it, since each delete is a compare-and-set
     * that loses to a concurrent refresh.
     *
     * @return how many entries this call deleted
     */
    public int removeStaleClusters() {
        Instant now = clock.instant();
        int removed = 0;
        for (Election election : elections()) {
            if (!isStale(election.lastSeen(), now)) {
                continue;
            }
            CasLoop.Outcome<Boolean> outcome = CasLoop.update(kv, key(election.tenant(), election.cluster()),
                    config.maxCasAttempts(), current -> {
                        if (current.isEmpty()) {
                            return CasUpdate.keep(Boolean.FALSE);
                        }
                        Optional<ReplicaDesc> desc = decode(current.get());
                        return desc.isPresent() && !isStale(desc.get().receivedAt(), now)
                                ? CasUpdate.keep(Boolean.FALSE) : CasUpdate.delete(Boolean.TRUE);
                    });
            kvCasCalls.add(outcome.attempts());
            if (outcome.result()) {
                removed++;
            }
        }
        return removed;
    }

    /** How many times this tracker elected a new replica for a cluster that had one (failovers). */
    public long electedReplicaChanges() {
        return electedReplicaChanges.sum();
    }

    /** How many compare-and-set calls this tracker made on the KV store (successful or not). */
    public long kvCasCalls() {
        return kvCasCalls.sum();
    }

    public HaTrackerConfig config() {
        return config;
    }

    @Override
    public void close() {
        watch.close();
    }

    private Decision checkStore(String key, String replica, Instant now) {
        CasLoop.Outcome<Step> outcome = CasLoop.update(kv, key, config.maxCasAttempts(), current -> {
            Optional<ReplicaDesc> stored = current.flatMap(this::decode);
            if (stored.isEmpty()) {
                return CasUpdate.write(ReplicaDescCodec.encode(new ReplicaDesc(replica, now, now, 0)), Step.ELECTED);
            }
            ReplicaDesc desc = stored.get();
            Duration age = Duration.between(desc.receivedAt(), now);
            if (desc.replica().equals(replica)) {
                return age.compareTo(config.updateTimeout()) < 0 ? CasUpdate.keep(Step.ACCEPTED)
                        : CasUpdate.write(ReplicaDescCodec.encode(desc.withReceivedAt(now)), Step.ACCEPTED);
            }
            if (age.compareTo(config.failoverTimeout()) <= 0) {
                return CasUpdate.keep(Step.NOT_ELECTED);
            }
            ReplicaDesc elected = new ReplicaDesc(replica, now, now, desc.electedChanges() + 1);
            return CasUpdate.write(ReplicaDescCodec.encode(elected), Step.FAILED_OVER);
        });
        kvCasCalls.add(outcome.attempts());
        return switch (outcome.result()) {
            case ELECTED, ACCEPTED -> Decision.ACCEPT;
            case FAILED_OVER -> {
                electedReplicaChanges.increment();
                yield Decision.ACCEPT;
            }
            case NOT_ELECTED -> Decision.REJECT_NOT_ELECTED;
        };
    }

    private boolean isStale(Instant lastSeen, Instant now) {
        return Duration.between(lastSeen, now).compareTo(config.staleClusterAge()) > 0;
    }

    /**
     * Reads a stored entry; an undecodable one is logged and treated as absent, so the next replica to send replaces
     * it instead of every request failing on it.
     */
    private Optional<ReplicaDesc> decode(Versioned<byte[]> stored) {
        try {
            return Optional.of(ReplicaDescCodec.decode(stored.value()));
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring undecodable HA tracker entry version " + stored.version(), e);
            return Optional.empty();
        }
    }

    private void apply(KvEvent event) {
        String rest = event.key().substring(KEY_PREFIX.length());
        int slash = rest.indexOf('/');
        TenantId tenant;
        try {
            tenant = slash > 0 ? TenantId.of(rest.substring(0, slash)) : null;
        } catch (IllegalArgumentException e) {
            tenant = null;
        }
        if (tenant == null || slash == rest.length() - 1) {
            LOG.log(System.Logger.Level.WARNING, "ignoring KV key that is not an HA tracker entry: " + event.key());
            return;
        }
        String cluster = rest.substring(slash + 1);
        long version = event.version();
        Map<String, Cached> clusters = cache.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        switch (event) {
            case KvEvent.Put put -> {
                Optional<ReplicaDesc> desc = decode(new Versioned<>(version, put.value()));
                if (desc.isEmpty()) {
                    clusters.computeIfPresent(cluster, (c, old) -> old.version < version ? null : old);
                    return;
                }
                Cached fresh = new Cached(version, desc.get());
                clusters.merge(cluster, fresh, (old, neu) -> old.version < neu.version ? neu : old);
            }
            case KvEvent.Delete ignored ->
                    clusters.computeIfPresent(cluster, (c, old) -> old.version < version ? null : old);
        }
    }

    private static Election election(TenantId tenant, String cluster, ReplicaDesc desc) {
        return new Election(tenant, cluster, desc.replica(), desc.receivedAt(), desc.electedAt(),
                desc.electedChanges());
    }

    private static String key(TenantId tenant, String cluster) {
        // Tenant ids cannot contain '/', so the first '/' after the prefix always ends the tenant.
        return KEY_PREFIX + tenant.value() + "/" + cluster;
    }

    /** What a store step decided; the counters are updated once, after the decision held. */
    private enum Step {
        ELECTED,
        ACCEPTED,
        FAILED_OVER,
        NOT_ELECTED
    }

    /** A stored entry and the KV version it came with; the copy only moves to higher versions. */
    private record Cached(long version, ReplicaDesc desc) {}
}
