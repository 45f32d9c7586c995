package io.amphora.ring.kv;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The {@link KvStore} of the single-process deployment: state in a map guarded by one lock, versions from one
 * store-wide counter (so a key's version never repeats, even across a delete).
 *
 * <p>Watch events are queued per watch while the lock is held, which fixes their order, and delivered after it is
 * released by whichever thread finds the watch idle: usually the writer itself, so in a single-threaded caller a
 * write's listeners have run by the time {@code cas} returns. Listeners may therefore call back into the store.
 */
public final class InMemoryKvStore implements KvStore {
    private static final System.Logger LOG = System.getLogger(InMemoryKvStore.class.getName());

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    /** Guarded by {@link #lock}. */
    private final List<Registration> watches = new ArrayList<>();
    /** The last version handed out; guarded by {@link #lock}. */
    private long lastVersion;

    @Override
    public Optional<Versioned<byte[]>> get(String key) {
        checkKey(key);
        synchronized (lock) {
            Entry entry = entries.get(key);
            return entry == null ? Optional.empty() : Optional.of(new Versioned<>(entry.version, entry.value.clone()));
        }
    }

    @Override
    public CasResult cas(String key, long expectedVersion, byte[] value) {
        checkKey(key);
        requireNonNull(value, "value is null");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must not be negative: " + expectedVersion);
        }
        byte[] copy = value.clone();
        List<Registration> toNotify;
        long version;
        synchronized (lock) {
            Entry current = entries.get(key);
            long currentVersion = current == null ? 0 : current.version;
            if (currentVersion != expectedVersion) {
                return CasResult.conflict(currentVersion);
            }
            version = ++lastVersion;
            entries.put(key, new Entry(version, copy));
            toNotify = enqueue(new KvEvent.Put(key, version, copy));
        }
        deliver(toNotify);
        return CasResult.applied(version);
    }

    @Override
    public CasResult delete(String key, long expectedVersion) {
        checkKey(key);
        if (expectedVersion <= 0) {
            throw new IllegalArgumentException("expected version of a delete must be positive: " + expectedVersion);
        }
        List<Registration> toNotify;
        long version;
        synchronized (lock) {
            Entry current = entries.get(key);
            long currentVersion = current == null ? 0 : current.version;
            if (currentVersion != expectedVersion) {
                return CasResult.conflict(currentVersion);
            }
            version = ++lastVersion;
            entries.remove(key);
            toNotify = enqueue(new KvEvent.Delete(key, version));
        }
        deliver(toNotify);
        return CasResult.applied(version);
    }

    @Override
    public List<String> keys(String prefix) {
        requireNonNull(prefix, "prefix is null");
        synchronized (lock) {
            List<String> keys = new ArrayList<>();
            for (String key : entries.tailMap(prefix, true).keySet()) {
                if (!key.startsWith(prefix)) {
                    break;
                }
                keys.add(key);
            }
            return List.copyOf(keys);
        }
    }

    @Override
    public Watch watch(String prefix, Consumer<KvEvent> listener) {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(listener, "listener is null");
        Registration registration = new Registration(prefix, listener);
        synchronized (lock) {
            List<KvEvent.Put> snapshot = new ArrayList<>();
            for (Map.Entry<String, Entry> e : entries.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                snapshot.add(new KvEvent.Put(e.getKey(), e.getValue().version, e.getValue().value));
            }
            snapshot.sort(Comparator.comparingLong(KvEvent::version));
            // This thread owns delivery until the snapshot is out, so watch() returns with the listener up to date.
            registration.startOwned(snapshot);
            watches.add(registration);
        }
        registration.drainOwned();
        return registration;
    }

    /** Queues {@code event} on every matching watch; call with {@link #lock} held. */
    private List<Registration> enqueue(KvEvent event) {
        List<Registration> matching = new ArrayList<>(2);
        for (Registration registration : watches) {
            if (event.key().startsWith(registration.prefix) && registration.offer(event)) {
                matching.add(registration);
            }
        }
        return matching;
    }

    private static void deliver(List<Registration> registrations) {
        for (Registration registration : registrations) {
            registration.drain();
        }
    }

    private void unregister(Registration registration) {
        synchronized (lock) {
            watches.remove(registration);
        }
    }

    private static void checkKey(String key) {
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
    }

    /** A stored value; {@code value} is never handed out without a copy. */
    private record Entry(long version, byte[] value) {}

    /** One watch: a queue in version order and a flag saying which thread, if any, is delivering from it. */
    private final class Registration implements Watch {
        private final String prefix;
        private final Consumer<KvEvent> listener;
        /** Guarded by {@code this}. */
        private final ArrayDeque<KvEvent> queue = new ArrayDeque<>();
        /** Guarded by {@code this}. */
        private boolean delivering;
        /** Guarded by {@code this}. */
        private boolean closed;

        Registration(String prefix, Consumer<KvEvent> listener) {
            this.prefix = prefix;
            this.listener = listener;
        }

        synchronized void startOwned(List<? extends KvEvent> initial) {
            queue.addAll(initial);
            delivering = true;
        }

        /** Queues an event; false when closed. */
        synchronized boolean offer(KvEvent event) {
            if (closed) {
                return false;
            }
            queue.add(event);
            return true;
        }

        /** Delivers queued events unless another thread already is (it will deliver ours too). */
        void drain() {
            synchronized (this) {
                if (delivering) {
                    return;
                }
                delivering = true;
            }
            drainOwned();
        }

        /** Delivers until the queue is empty; the caller has set {@link #delivering}. */
        void drainOwned() {
            boolean done = false;
            try {
                while (true) {
                    KvEvent event;
                    synchronized (this) {
                        event = closed ? null : queue.poll();
                        if (event == null) {
                            delivering = false;
                            done = true;
                            return;
                        }
                    }
                    try {
                        listener.accept(copyOf(event));
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "KV watch listener for prefix '" + prefix
                                + "' failed on " + event + "; continuing with later events", e);
                    }
                }
            } finally {
                if (!done) {
                    // An Error escaped the listener: release the watch so a later write can resume delivery.
                    synchronized (this) {
                        delivering = false;
                    }
                }
            }
        }

        @Override
        public void close() {
            unregister(this);
            synchronized (this) {
                closed = true;
                queue.clear();
            }
        }

        private static KvEvent copyOf(KvEvent event) {
            return switch (event) {
                case KvEvent.Put put -> new KvEvent.Put(put.key(), put.version(), put.value().clone());
                case KvEvent.Delete delete -> delete;
            };
        }
    }
}
