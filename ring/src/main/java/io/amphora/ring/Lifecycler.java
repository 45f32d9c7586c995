package io.amphora.ring;

import io.amphora.ring.kv.CasLoop;
import io.amphora.ring.kv.CasUpdate;
import io.amphora.ring.kv.KvStore;
import io.amphora.ring.kv.Versioned;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * Keeps one instance's entry in a ring: {@link #join()} claims tokens, {@link #heartbeat()} (scheduled by the owner
 * every {@link LifecyclerConfig#heartbeatPeriod()}) proves liveness, {@link #changeState} moves it between states
 * and {@link #leave()} removes it. Every change is a compare-and-set retry loop on the ring key, so instances joining
 * at the same time never claim the same token or lose each other's entries.
 *
 * <p>Thread-safe: the methods are serialized, so a heartbeat cannot resurrect an instance that is leaving.
 */
public final class Lifecycler {
    private final KvStore kv;
    private final InstantSource clock;
    private final Random random;
    private final LifecyclerConfig config;

    /** Guarded by {@code this}: the tokens this instance last registered with, empty before it joined. */
    private int[] tokens = new int[0];
    /** Guarded by {@code this}; null while not in the ring. */
    private InstanceState state;

    public Lifecycler(KvStore kv, InstantSource clock, Random random, LifecyclerConfig config) {
        this.kv = requireNonNull(kv, "kv is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * Registers this instance as {@link InstanceState#ACTIVE}. An instance that is still in the ring (a restart under
     * the same id) keeps its tokens; missing tokens up to {@link LifecyclerConfig#numTokens()} are drawn at random
     * from those no other instance owns.
     */
    public synchronized InstanceDesc join() {
        return register(InstanceState.ACTIVE);
    }

    /**
     * Refreshes this instance's heartbeat. If the instance has disappeared from the ring (removed by an operator or
     * a lost KV), it registers again with its previous tokens where they are still free.
     *
     * @throws IllegalStateException before {@link #join()} or after {@link #leave()}
     */
    public synchronized InstanceDesc heartbeat() {
        requireJoined();
        return register(state);
    }

    /** Moves this instance to {@code newState}, e.g. {@link InstanceState#LEAVING} before handing its data off. */
    public synchronized InstanceDesc changeState(InstanceState newState) {
        requireNonNull(newState, "newState is null");
        requireJoined();
        return register(newState);
    }

    /** Removes this instance from the ring. Idempotent. */
    public synchronized void leave() {
        String id = config.instanceId();
        CasLoop.update(kv, config.ringKey(), config.maxCasAttempts(), current -> {
            RingDesc ring = decode(current);
            if (ring.instance(id).isEmpty()) {
                return CasUpdate.keep(Boolean.FALSE);
            }
            RingDesc after = ring.without(id);
            return after.instances().isEmpty() ? CasUpdate.delete(Boolean.TRUE)
                    : CasUpdate.write(RingDescCodec.encode(after), Boolean.TRUE);
        });
        state = null;
    }

    /** This instance's state as last registered, or empty while it is not in the ring. */
    public synchronized Optional<InstanceState> state() {
        return Optional.ofNullable(state);
    }

    /** The tokens this instance last registered with. */
    public synchronized int[] tokens() {
        return tokens.clone();
    }

    public LifecyclerConfig config() {
        return config;
    }

    private void requireJoined() {
        if (state == null) {
            throw new IllegalStateException("instance " + config.instanceId() + " has not joined the ring");
        }
    }

    private InstanceDesc register(InstanceState newState) {
        String id = config.instanceId();
        CasLoop.Outcome<InstanceDesc> outcome = CasLoop.update(kv, config.ringKey(), config.maxCasAttempts(),
                current -> {
                    RingDesc ring = decode(current);
                    Instant now = clock.instant();
                    InstanceDesc existing = ring.instance(id).orElse(null);
                    int[] claimed = existing != null ? existing.tokens() : freeOf(tokens, ring.without(id));
                    if (claimed.length < config.numTokens()) {
                        int[] taken = merge(ring.tokens(), claimed);
                        int[] extra = Tokens.generate(config.numTokens() - claimed.length, taken, random);
                        claimed = merge(claimed, extra);
                    }
                    InstanceDesc updated = new InstanceDesc(id, config.address(), config.zone(), newState, claimed, now);
                    return CasUpdate.write(RingDescCodec.encode(ring.with(updated)), updated);
                });
        InstanceDesc registered = outcome.result();
        tokens = registered.tokens();
        state = registered.state();
        return registered;
    }

    /** The tokens in {@code wanted} that no instance of {@code others} owns. */
    private static int[] freeOf(int[] wanted, RingDesc others) {
        int[] taken = others.tokens();
        return Arrays.stream(wanted).filter(t -> Arrays.binarySearch(taken, t) < 0).toArray();
    }

    private static int[] merge(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    private static RingDesc decode(Optional<Versioned<byte[]>> current) {
        return current.map(v -> RingDescCodec.decode(v.value())).orElse(RingDesc.EMPTY);
    }
}
