package io.amphora.controlplane.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A {@link ControlPlaneStore} in memory: nothing survives the process. For tests and for processes that deliberately
 * keep no state. Thread-safe (every method holds the store's lock).
 */
public final class InMemoryControlPlaneStore implements ControlPlaneStore {
    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final Map<String, StoredValue> entries = new TreeMap<>(UTF8_ORDER);
    private long lastVersion;
    private boolean closed;

    @Override
    public synchronized Optional<StoredValue> get(String key) {
        checkKey(key);
        checkOpen();
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized List<StoredValue> scan(String prefix) {
        requireNonNull(prefix, "prefix is null");
        checkOpen();
        List<StoredValue> found = new ArrayList<>();
        for (StoredValue value : entries.values()) {
            if (value.key().startsWith(prefix)) {
                found.add(value);
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<Long> compareAndSet(String key, long expectedVersion, Optional<byte[]> value) {
        checkKey(key);
        requireNonNull(value, "value is null");
        checkOpen();
        StoredValue current = entries.get(key);
        long currentVersion = current == null ? ABSENT : current.version();
        if (currentVersion != expectedVersion) {
            return Optional.empty();
        }
        if (value.isEmpty()) {
            entries.remove(key);
            return Optional.of(ABSENT);
        }
        lastVersion++;
        entries.put(key, new StoredValue(key, lastVersion, value.get().clone()));
        return Optional.of(lastVersion);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    static void checkKey(String key) {
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
    }
}
