package io.amphora.gateway.sigv4;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Remembers derived signing keys, so that verifying a request costs one HMAC for the signature instead of five.
 * A key depends on the secret, the day, the region and the service, so it stays valid for a whole UTC day; a rotated
 * secret simply misses the cache.
 *
 * <p>Bounded: beyond {@code capacity} entries the least recently used goes. Thread-safe. The secrets held as cache
 * keys never show in {@link #toString()}.
 */
public final class SigningKeyCache {
    public static final int DEFAULT_CAPACITY = 1024;

    private final Map<Key, byte[]> keys;

    public SigningKeyCache() {
        this(DEFAULT_CAPACITY);
    }

    public SigningKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The signing key of {@link SigV4#signingKey}, from the cache when present. The returned array is shared: the
     * caller must not change it.
     */
    public byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        Key key = new Key(requireNonNull(secretAccessKey, "secretAccessKey is null"), requireNonNull(date, "date is null"),
                requireNonNull(region, "region is null"), requireNonNull(service, "service is null"));
        synchronized (keys) {
            byte[] cached = keys.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] derived = SigV4.signingKey(secretAccessKey, date, region, service);
        synchronized (keys) {
            keys.put(key, derived);
        }
        return derived;
    }

    /** How many keys are cached now. */
    public int size() {
        synchronized (keys) {
            return keys.size();
        }
    }

    @Override
    public String toString() {
        return "SigningKeyCache[size=" + size() + "]";
    }

    private record Key(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return "Key[" + date + '/' + region + '/' + service + "]";
        }
    }
}
