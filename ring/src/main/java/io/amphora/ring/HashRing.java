package io.amphora.ring;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A {@link RingDesc} prepared for lookups: all tokens in one sorted array with their owners, so finding the replicas
 * of a key is a binary search and a short walk. Immutable and thread-safe; {@link RingWatcher} builds a new one for
 * every ring change.
 *
 * <p>Placement follows Cortex's write path. The owners of a key hash are found by walking the tokens clockwise
 * (ascending signed {@code int} order, wrapping around) from the first token at or after the hash and taking each
 * instance not yet taken until {@code replicationFactor} are found. When instances have zones, an instance in a
 * zone already used is passed over while unused zones remain, so each zone holds at most one replica unless there
 * are fewer zones than replicas (then a second walk fills up with the nearest remaining instances). A
 * {@link InstanceState#JOINING} or {@link InstanceState#LEAVING} owner takes no writes and extends the walk by one
 * instance, so the key still reaches {@code replicationFactor} writable instances.
 *
 * <p>Owners whose heartbeat is older than the heartbeat timeout are then left out of the set; unlike a
 * joining or leaving one they are not replaced, because a missed heartbeat is often brief and moving series to
 * instances that do not own them would spread them across more ingesters. Their share of the quorum must come from
 * the others (see {@link ReplicationSet}).
 */
public final class HashRing {
    /** Cortex's default: an instance that has not heartbeated for a minute takes no writes. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofMinutes(1);

    private final RingDesc desc;
    private final Duration heartbeatTimeout;
    private final InstantSource clock;
    /** Sorted by id. */
    private final InstanceDesc[] instances;
    /** Every token, ascending. */
    private final int[] tokens;
    /** {@code owners[i]} is the index into {@link #instances} of the owner of {@code tokens[i]}. */
    private final int[] owners;
    /** Index of each instance's zone, or -1 when it has none. */
    private final int[] zoneOf;
    private final int zoneCount;

    /**
     * @param heartbeatTimeout how old a heartbeat may be before its instance is unhealthy; {@link Duration#ZERO}
     *         disables the check
     */
    public HashRing(RingDesc desc, Duration heartbeatTimeout, InstantSource clock) {
        this.desc = requireNonNull(desc, "desc is null");
        this.heartbeatTimeout = requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (heartbeatTimeout.isNegative()) {
            throw new IllegalArgumentException("heartbeatTimeout must not be negative: " + heartbeatTimeout);
        }
        instances = desc.instances().values().toArray(InstanceDesc[]::new);
        Arrays.sort(instances, Comparator.comparing(InstanceDesc::id));

        Map<String, Integer> zones = new HashMap<>();
        zoneOf = new int[instances.length];
        int total = 0;
        for (int i = 0; i < instances.length; i++) {
            String zone = instances[i].zone();
            zoneOf[i] = zone.isEmpty() ? -1 : zones.computeIfAbsent(zone, z -> zones.size());
            total += instances[i].tokenCount();
        }
        zoneCount = zones.size();

        // Pack (token, owner) into one long so a single primitive sort orders tokens with their owners.
        long[] packed = new long[total];
        int n = 0;
        for (int i = 0; i < instances.length; i++) {
            for (int token : instances[i].tokens()) {
                packed[n++] = ((long) token << 32) | i;
            }
        }
        Arrays.sort(packed);
        tokens = new int[total];
        owners = new int[total];
        for (int i = 0; i < total; i++) {
            tokens[i] = (int) (packed[i] >> 32);
            owners[i] = (int) packed[i];
        }
    }

    public RingDesc desc() {
        return desc;
    }

    /**
     * The healthy owners of {@code keyHash} for a write with {@code replicationFactor} replicas.
     *
     * @throws TooFewReplicasException when fewer than a quorum ({@code replicationFactor / 2 + 1}) of them are healthy
     */
    public ReplicationSet get(int keyHash, int replicationFactor) {
        return get(keyHash, replicationFactor, clock.instant());
    }

    /** {@link #get(int, int)} at a given time, so a batch of lookups judges health once. */
    ReplicationSet get(int keyHash, int replicationFactor, Instant now) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1: " + replicationFactor);
        }
        int quorum = replicationFactor / 2 + 1;
        if (tokens.length == 0) {
            throw new TooFewReplicasException(quorum, 0);
        }
        int start = Arrays.binarySearch(tokens, keyHash);
        if (start < 0) {
            start = -start - 1;
        }
        if (start == tokens.length) {
            start = 0;
        }

        boolean[] taken = new boolean[instances.length];
        boolean[] zoneUsed = new boolean[zoneCount];
        int[] picked = new int[instances.length];
        int[] want = {Math.min(replicationFactor, instances.length)};
        int count = walk(start, true, taken, zoneUsed, picked, 0, want);
        if (count < want[0] && zoneCount > 0) {
            count = walk(start, false, taken, zoneUsed, picked, count, want);
        }

        List<InstanceDesc> healthy = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InstanceDesc instance = instances[picked[i]];
            if (isHealthy(instance, now)) {
                healthy.add(instance);
            }
        }
        if (healthy.size() < quorum) {
            throw new TooFewReplicasException(quorum, healthy.size());
        }
        return new ReplicationSet(healthy, healthy.size() - quorum);
    }

    /**
     * One clockwise pass from {@code start}, adding instances to {@code picked} until {@code want[0]} are taken;
     * with {@code oneReplicaPerZone}, instances in zones already used are passed over. Returns the new count.
     */
    private int walk(int start, boolean oneReplicaPerZone, boolean[] taken, boolean[] zoneUsed, int[] picked,
            int count, int[] want) {
        for (int step = 0; step < tokens.length && count < want[0]; step++) {
            int position = start + step;
            int owner = owners[position < tokens.length ? position : position - tokens.length];
            if (taken[owner]) {
                continue;
            }
            int zone = zoneOf[owner];
            if (oneReplicaPerZone && zone >= 0 && zoneUsed[zone]) {
                continue;
            }
            taken[owner] = true;
            if (zone >= 0) {
                zoneUsed[zone] = true;
            }
            picked[count++] = owner;
            if (instances[owner].state() != InstanceState.ACTIVE && want[0] < instances.length) {
                want[0]++;
            }
        }
        return count;
    }

    /** ACTIVE, and heartbeated within the timeout (inclusive) unless the timeout is zero. */
    public boolean isHealthy(InstanceDesc instance, Instant now) {
        if (instance.state() != InstanceState.ACTIVE) {
            return false;
        }
        return heartbeatTimeout.isZero() || !instance.lastHeartbeat().plus(heartbeatTimeout).isBefore(now);
    }

    Instant now() {
        return clock.instant();
    }

    /** The instances, sorted by id. */
    public List<InstanceDesc> instances() {
        return List.of(instances);
    }

    /** How many instances are {@link #isHealthy healthy} now. */
    public int healthyInstanceCount() {
        Instant now = clock.instant();
        int healthy = 0;
        for (InstanceDesc instance : instances) {
            if (isHealthy(instance, now)) {
                healthy++;
            }
        }
        return healthy;
    }
}
