package io.amphora.ring.kv;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Versioned key-value storage for cluster state (the ring, HA-tracker elections, ...), shaped like Cortex's
 * {@code kv.Client} but with explicit versions instead of a CAS callback, so that a replicated state machine over a
 * log (the Kafka store of ARCHITECTURE.md "Cluster state on Kafka") can implement it unchanged: a {@code cas} there
 * is a record {@code (key, expectedVersion, value)} that every replica applies only when the version still matches.
 *
 * <p>Contract, checked for every implementation by {@code KvStoreContractTest}:
 * <ul>
 *   <li>Values are opaque bytes; callers own their codecs. Arrays passed in are copied, arrays handed out belong to
 *       the receiver, so neither side can change what the store holds.</li>
 *   <li>Version {@code 0} means "absent". Every successful write (put or delete) gives the key a version greater than
 *       any it had before, <em>including before a delete</em>, so a stale version can never match again (no ABA).
 *       Versions of different keys are not related except through the order of {@link #watch} events. (They need
 *       not grow by exactly one: the in-memory store uses one store-wide counter, a log-backed store may use the
 *       record's offset.)</li>
 *   <li>{@code cas} and {@code delete} are linearizable: of several writers expecting the same version exactly one
 *       succeeds. Once a write has returned, every later {@link #get} on this store sees it or something newer.</li>
 *   <li>Keys are non-empty strings; {@link #keys} and {@link #watch} select by plain string prefix.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. A store that cannot reach its backing system reports it with an unchecked
 * exception from the call; the in-memory store never does.
 */
public interface KvStore {
    /** The value of {@code key} and its version, or empty when the key is absent. */
    Optional<Versioned<byte[]>> get(String key);

    /**
     * Writes {@code value} to {@code key} if its current version is {@code expectedVersion} ({@code 0}: the key must
     * be absent).
     *
     * @throws IllegalArgumentException for a negative {@code expectedVersion} or an empty key
     */
    CasResult cas(String key, long expectedVersion, byte[] value);

    /**
     * Removes {@code key} if its current version is {@code expectedVersion}. Deleting an absent key is a conflict.
     *
     * @throws IllegalArgumentException unless {@code expectedVersion} is positive
     */
    CasResult delete(String key, long expectedVersion);

    /** The keys present now that start with {@code prefix} (empty: all keys), in ascending string order. */
    List<String> keys(String prefix);

    /**
     * Calls {@code listener} with every change to keys starting with {@code prefix} until the watch is closed.
     *
     * <p>The listener first receives a {@link KvEvent.Put} for each key present at registration (before this method
     * returns, so a caller's view is complete once it has its {@link Watch}), then every later change, all in version
     * order and one at a time (never concurrently). A change is delivered only after it is
     * visible to {@link #get}. Delivery may happen on a thread that wrote to the store, so listeners must be quick and
     * must not block on other writers; they may call the store. An exception thrown by a listener is logged and does
     * not stop later events.
     */
    Watch watch(String prefix, Consumer<KvEvent> listener);
}
