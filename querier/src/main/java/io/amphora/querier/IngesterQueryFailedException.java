package io.amphora.querier;

/**
 * Too few ingesters could answer a read: more replicas failed (or were unhealthy in the ring) than the replication
 * factor tolerates. A server-side condition; {@link Querier} reports it as an {@code internal} error (HTTP 500).
 */
public final class IngesterQueryFailedException extends RuntimeException {
    public IngesterQueryFailedException(String message) {
        super(message);
    }

    public IngesterQueryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
