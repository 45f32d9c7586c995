package io.amphora.ring.kv;

/** A registration made by {@link KvStore#watch}; closing it stops the events. */
public interface Watch extends AutoCloseable {
    /**
     * Stops delivery. Once this returns no new listener call starts; one already running on another thread may still
     * finish. Idempotent.
     */
    @Override
    void close();
}
