package io.amphora.ring.kv;

import static java.util.Objects.requireNonNull;

/**
 * A value as a {@link KvStore} holds it, with the version of the write that produced it.
 *
 * <p>Versions are positive; {@code 0} is reserved for "absent" and never appears here.
 *
 * @param <T> the value type; {@code byte[]} for what the store returns, a decoded type for callers that keep one
 */
public record Versioned<T>(long version, T value) {
    public Versioned {
        requireNonNull(value, "value is null");
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
    }
}
