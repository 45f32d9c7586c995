package io.amphora.controlplane.store;

import static java.util.Objects.requireNonNull;

/**
 * One entry of a {@link ControlPlaneStore}.
 *
 * @param version the version to pass to {@link ControlPlaneStore#compareAndSet} to replace or delete this value;
 *     positive, and unique within the store among the values it holds
 * @param value the stored bytes; callers must not modify the array
 */
public record StoredValue(String key, long version, byte[] value) {
    public StoredValue {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
    }
}
