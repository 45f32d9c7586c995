package io.amphora.ring;

import io.amphora.ring.kv.KvEvent;
import io.amphora.ring.kv.KvStore;
import io.amphora.ring.kv.Watch;

import java.time.Duration;
import java.time.InstantSource;

import static java.util.Objects.requireNonNull;

/**
 * A live view of one ring: follows its key in the {@link KvStore} through {@link KvStore#watch} and keeps the newest
 * {@link HashRing}, so lookups never touch the store. Thread-safe; {@link #ring()} is one volatile read.
 *
 * <p>A value that does not decode is skipped and the previous ring kept, so one bad write cannot stop the
 * distributors; it is logged.
 */
public final class RingWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RingWatcher.class.getName());

    private final String key;
    private final Duration heartbeatTimeout;
    private final InstantSource clock;
    private final Watch watch;
    private volatile HashRing ring;
    /** The version {@link #ring} was built from; 0 before any. Written only by the watch listener. */
    private volatile long version;

    /** Starts watching; the current ring is loaded before the constructor returns. */
    public RingWatcher(KvStore kv, String key, Duration heartbeatTimeout, InstantSource clock) {
        requireNonNull(kv, "kv is null");
        this.key = requireNonNull(key, "key is null");
        this.heartbeatTimeout = requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.ring = new HashRing(RingDesc.EMPTY, heartbeatTimeout, clock);
        this.watch = kv.watch(key, this::apply);
    }

    /** The newest ring seen. */
    public HashRing ring() {
        return ring;
    }

    /** The KV version of {@link #ring()}, 0 while the key has never been seen. */
    public long version() {
        return version;
    }

    /** {@link HashRing#get} on the newest ring. */
    public ReplicationSet get(int keyHash, int replicationFactor) {
        return ring.get(keyHash, replicationFactor);
    }

    private void apply(KvEvent event) {
        // The watch is by prefix; "ring/ingester" must not pick up "ring/ingester-2".
        if (!event.key().equals(key) || event.version() <= version) {
            return;
        }
        switch (event) {
            case KvEvent.Put put -> {
                RingDesc desc;
                try {
                    desc = RingDescCodec.decode(put.value());
                } catch (IllegalArgumentException e) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring undecodable ring at key '" + key + "' version "
                            + put.version() + "; keeping version " + version, e);
                    return;
                }
                ring = new HashRing(desc, heartbeatTimeout, clock);
            }
            case KvEvent.Delete ignored -> ring = new HashRing(RingDesc.EMPTY, heartbeatTimeout, clock);
        }
        version = event.version();
    }

    @Override
    public void close() {
        watch.close();
    }
}
