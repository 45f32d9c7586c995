package io.amphora.controlplane.store;

import java.util.List;
import java.util.Optional;

/**
 * The control plane's records: a key-value store with a version per key and compare-and-set writes, the shape of
 * the cluster-state KV seam (ARCHITECTURE.md, "Cluster state on Kafka"), so that the distributed deployment can put a
 * compacted Kafka topic behind it: a compare-and-set becomes a record {@code (key, expectedVersion, value)} that every
 * instance applies only when the version matches, a delete becomes a tombstone.
 *
 * <p>Keys are non-empty strings; {@link #scan} orders them by their UTF-8 bytes. A write that returns has been made
 * durable. Implementations are thread-safe.
 */
public interface ControlPlaneStore extends AutoCloseable {
    /** The version {@link #compareAndSet} expects for a key that holds no value. */
    long ABSENT = 0;

    Optional<StoredValue> get(String key);

    /** Every entry whose key starts with {@code prefix}, in key order. */
    List<StoredValue> scan(String prefix);

    /**
     * Replaces the value of {@code key} if its current version is {@code expectedVersion} ({@link #ABSENT} when it
     * must hold no value). With an empty {@code value} the key is deleted.
     *
     * @return the new version (a positive number unique within the store), {@link #ABSENT} after a delete, or empty
     *     when the current version was not {@code expectedVersion} and nothing changed
     */
    Optional<Long> compareAndSet(String key, long expectedVersion, Optional<byte[]> value);

    /** Releases the store's resources; it cannot be used afterwards. Idempotent. */
    @Override
    void close();
}
