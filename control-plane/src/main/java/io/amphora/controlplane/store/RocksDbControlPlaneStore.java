package io.amphora.controlplane.store;

import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A {@link ControlPlaneStore} in a RocksDB database on local disk (the single-process deployment keeps it under
 * {@code <amphora.data-dir>/control-plane}). Every write is synced to RocksDB's write-ahead log before it returns,
 * so what a caller was told is stored survives a crash and is there when the store is opened again.
 *
 * <p>Layout: the key's UTF-8 bytes map to an 8-byte big-endian version followed by the value. Versions come from a
 * counter that starts above the highest stored version when the store opens.
 *
 * <p>Thread-safe: every method holds the store's lock, so compare-and-set reads and writes as one step and nothing
 * touches the database while it closes. Control-plane traffic is a few requests a second at most.
 */
public final class RocksDbControlPlaneStore implements ControlPlaneStore {
    private static final int VERSION_BYTES = Long.BYTES;

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final WriteOptions syncWrite;
    private final RocksDB db;
    private long lastVersion;
    private volatile boolean closed;

    private RocksDbControlPlaneStore(Path dir) throws RocksDBException, IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        options = new Options()
                .setCreateIfMissing(true)
                .setKeepLogFileNum(2)
                // A few kilobytes per workspace: small memtables keep the footprint of this store negligible.
                .setWriteBufferSize(4L << 20);
        syncWrite = new WriteOptions().setSync(true);
        db = RocksDB.open(options, dir.toString());
        lastVersion = highestVersion();
    }

    /**
     * Opens the store in {@code dir}, creating the directory and the database if needed.
     *
     * @throws UncheckedIOException when the database cannot be opened (another process holds it, the disk fails)
     */
    public static RocksDbControlPlaneStore open(Path dir) {
        requireNonNull(dir, "dir is null");
        try {
            return new RocksDbControlPlaneStore(dir);
        } catch (RocksDBException e) {
            throw new UncheckedIOException(new IOException("cannot open the control-plane store in " + dir + ": "
                    + e.getMessage(), e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Optional<StoredValue> get(String key) {
        InMemoryControlPlaneStore.checkKey(key);
        checkOpen();
        try {
            byte[] stored = db.get(bytes(key));
            return stored == null ? Optional.empty() : Optional.of(decode(key, stored));
        } catch (RocksDBException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public synchronized List<StoredValue> scan(String prefix) {
        requireNonNull(prefix, "prefix is null");
        checkOpen();
        byte[] start = bytes(prefix);
        List<StoredValue> found = new ArrayList<>();
        try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(read)) {
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, start)) {
                    break;
                }
                found.add(decode(new String(key, StandardCharsets.UTF_8), it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("scan " + prefix, e);
        }
        return found;
    }

    @Override
    public synchronized Optional<Long> compareAndSet(String key, long expectedVersion, Optional<byte[]> value) {
        InMemoryControlPlaneStore.checkKey(key);
        requireNonNull(value, "value is null");
        checkOpen();
        long current = get(key).map(StoredValue::version).orElse(ABSENT);
        if (current != expectedVersion) {
            return Optional.empty();
        }
        try {
            if (value.isEmpty()) {
                db.delete(syncWrite, bytes(key));
                return Optional.of(ABSENT);
            }
            long version = lastVersion + 1;
            byte[] payload = value.get();
            db.put(syncWrite, bytes(key), ByteBuffer.allocate(VERSION_BYTES + payload.length)
                    .putLong(version).put(payload).array());
            lastVersion = version;
            return Optional.of(version);
        } catch (RocksDBException e) {
            throw failure("write " + key, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        db.close();
        syncWrite.close();
        options.close();
    }

    @Override
    public String toString() {
        return "RocksDbControlPlaneStore[" + dir + "]";
    }

    private long highestVersion() {
        long highest = ABSENT;
        try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                highest = Math.max(highest, ByteBuffer.wrap(it.value()).getLong());
            }
        }
        return highest;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    private static StoredValue decode(String key, byte[] stored) {
        if (stored.length < VERSION_BYTES) {
            throw new IllegalStateException("corrupt control-plane record " + key + ": " + stored.length + " bytes");
        }
        long version = ByteBuffer.wrap(stored).getLong();
        return new StoredValue(key, version, Arrays.copyOfRange(stored, VERSION_BYTES, stored.length));
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private UncheckedIOException failure(String what, RocksDBException e) {
        return new UncheckedIOException(new IOException("control-plane store " + dir + ": cannot " + what + ": "
                + e.getMessage(), e));
    }
}
