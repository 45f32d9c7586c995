package io.amphora.ring.kv;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/** A change a {@link KvStore#watch watch} reports: a key was written or deleted by the write with {@code version}. */
public sealed interface KvEvent {
    String key();

    long version();

    /** The key now holds {@code value}. The array belongs to the listener that receives the event. */
    record Put(String key, long version, byte[] value) implements KvEvent {
        public Put {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
            if (version <= 0) {
                throw new IllegalArgumentException("version must be positive: " + version);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put other && key.equals(other.key) && version == other.version
                    && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return (key.hashCode() * 31 + Long.hashCode(version)) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[key=" + key + ", version=" + version + ", bytes=" + value.length + "]";
        }
    }

    /** The key was removed. */
    record Delete(String key, long version) implements KvEvent {
        public Delete {
            requireNonNull(key, "key is null");
            if (version <= 0) {
                throw new IllegalArgumentException("version must be positive: " + version);
            }
        }
    }
}
