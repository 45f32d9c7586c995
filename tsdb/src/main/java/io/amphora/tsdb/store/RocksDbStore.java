package io.amphora.tsdb.store;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import io.amphora.storage.EncodedChunk;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * All of an ingester's local data in one RocksDB instance, one column family per concern:
 * {@code series} (labels by series ref), {@code postings} (the label index), {@code chunks} (closed chunks),
 * {@code head} (the open chunk of each series as of the last checkpoint) and {@code wal} (samples appended since
 * then). Layouts: {@code tsdb/docs/format/rocksdb-keys.md}.
 *
 * <p>Every value carries a CRC32C; decoders verify it and report a mismatch rather than return the data. The store
 * is thread-safe (RocksDB is); the recovery scans must run before concurrent writes start.
 */
public final class RocksDbStore implements AutoCloseable {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] META_FORMAT_VERSION = "format-version".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META_CHECKPOINT_SEQ = "checkpoint-seq".getBytes(StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle series;
    private final ColumnFamilyHandle postings;
    private final ColumnFamilyHandle chunks;
    private final ColumnFamilyHandle head;
    private final ColumnFamilyHandle wal;
    private final WriteOptions syncWrite;
    private final WriteOptions bufferedWrite;

    private RocksDbStore(Path dir) throws RocksDBException, IOException {
        Files.createDirectories(dir);
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(5)
                .setMaxTotalWalSize(256L << 20);
        List<ColumnFamilyDescriptor> descriptors = List.of(
                descriptor(RocksDB.DEFAULT_COLUMN_FAMILY, CompressionType.NO_COMPRESSION),
                descriptor("series".getBytes(StandardCharsets.US_ASCII), CompressionType.LZ4_COMPRESSION),
                descriptor("postings".getBytes(StandardCharsets.US_ASCII), CompressionType.LZ4_COMPRESSION),
                // XOR chunks barely compress further; ZSTD still squeezes the key and header overhead.
                descriptor("chunks".getBytes(StandardCharsets.US_ASCII), CompressionType.ZSTD_COMPRESSION),
                descriptor("head".getBytes(StandardCharsets.US_ASCII), CompressionType.LZ4_COMPRESSION),
                descriptor("wal".getBytes(StandardCharsets.US_ASCII), CompressionType.NO_COMPRESSION));
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        meta = handles.get(0);
        series = handles.get(1);
        postings = handles.get(2);
        chunks = handles.get(3);
        head = handles.get(4);
        wal = handles.get(5);
        syncWrite = new WriteOptions().setSync(true);
        bufferedWrite = new WriteOptions().setSync(false);
        checkFormatVersion();
    }

    private ColumnFamilyDescriptor descriptor(byte[] name, CompressionType compression) {
        ColumnFamilyOptions options = new ColumnFamilyOptions().setCompressionType(compression);
        cfOptions.add(options);
        return new ColumnFamilyDescriptor(name, options);
    }

    /** Opens (creating if needed) the store under {@code dir}. */
    public static RocksDbStore open(Path dir) {
        requireNonNull(dir, "dir is null");
        try {
            return new RocksDbStore(dir);
        } catch (RocksDBException | IOException e) {
            throw new AmphoraException(ErrorCode.INTERNAL, "cannot open RocksDB store in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void checkFormatVersion() throws RocksDBException {
        byte[] stored = db.get(meta, META_FORMAT_VERSION);
        if (stored == null) {
            db.put(meta, syncWrite, META_FORMAT_VERSION, new ByteWriter(4).u32(FORMAT_VERSION).toByteArray());
            return;
        }
        int version = new ByteReader(stored).u32();
        if (version != FORMAT_VERSION) {
            throw new AmphoraException(ErrorCode.INTERNAL, "unsupported data format version " + version
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
    }

    /** The WAL sequence number of the last checkpoint: records below it are already in the other families. */
    public long checkpointSeq() {
        try {
            byte[] v = db.get(meta, META_CHECKPOINT_SEQ);
            return v == null ? 0 : new ByteReader(v).u64();
        } catch (RocksDBException e) {
            throw storageFailure("read checkpoint sequence", e);
        }
    }

    public Batch newBatch() {
        return new Batch();
    }

    /** Applies a batch atomically; with {@code sync} it is fsynced before this returns. */
    public void write(Batch batch, boolean sync) {
        try {
            db.write(sync ? syncWrite : bufferedWrite, batch.batch);
        } catch (RocksDBException e) {
            throw storageFailure("write", e);
        } finally {
            batch.batch.close();
        }
    }

    /** Makes buffered writes durable (used by the interval fsync policy). */
    public void syncWal() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw storageFailure("sync WAL", e);
        }
    }

    /** Reads one closed chunk, verifying its checksum. */
    public EncodedChunk readChunk(byte[] tenantPrefix, long ref, long minTime, long chunkId) {
        byte[] key = Keys.chunkKey(tenantPrefix, ref, minTime, chunkId);
        byte[] value;
        try {
            value = db.get(chunks, key);
        } catch (RocksDBException e) {
            throw storageFailure("read chunk", e);
        }
        if (value == null) {
            throw new AmphoraException(ErrorCode.CORRUPT_DATA, "chunk " + chunkId + " of series " + ref + " is missing from the store");
        }
        try {
            return decodeChunk(minTime, value);
        } catch (IllegalArgumentException e) {
            throw new AmphoraException(ErrorCode.CORRUPT_DATA, "chunk " + chunkId + " of series " + ref + " is corrupt: " + e.getMessage(), e);
        }
    }

    static byte[] encodeChunk(EncodedChunk chunk) {
        return new ByteWriter(chunk.data().length + 16)
                .u64(chunk.maxTime()).u8(chunk.encoding()).bytes(chunk.data()).crc().toByteArray();
    }

    static EncodedChunk decodeChunk(long minTime, byte[] value) {
        int n = Checksums.verifyTrailing(value);
        ByteReader r = new ByteReader(value, 0, n);
        long maxTime = r.u64();
        int encoding = r.u8();
        return new EncodedChunk(minTime, maxTime, encoding, r.bytes(r.remaining()));
    }

    /**
     * Visits every series record in key order (tenant, then ref). The value is passed undecoded so that the
     * caller can report a corrupt record ({@link #decodeLabels}) and go on with the rest.
     */
    public void scanSeries(SeriesVisitor visitor) {
        scan(series, null, null, (key, value) -> {
            int p = Keys.prefixLength(key);
            visitor.visit(Keys.tenantOf(key), Keys.getLong(key, p), value);
        });
    }

    /** Visits every posting in key order: per tenant, per label pair, refs ascending. */
    public void scanPostings(PostingVisitor visitor) {
        scan(postings, null, null, (key, value) -> {
            int p = Keys.prefixLength(key);
            ByteReader r = new ByteReader(key, p, key.length);
            String name = r.string();
            String val = r.string();
            visitor.visit(Keys.tenantOf(key), name, val, r.u64());
        });
    }

    /** Visits every closed chunk's metadata (without verifying its data, which is checked when read). */
    public void scanChunkMeta(ChunkMetaVisitor visitor) {
        scan(chunks, null, null, (key, value) -> {
            int p = Keys.prefixLength(key);
            long maxTime = new ByteReader(value).u64();
            visitor.visit(Keys.tenantOf(key), Keys.getLong(key, p), Keys.getLong(key, p + 8) ^ Long.MIN_VALUE,
                    Keys.getLong(key, p + 16), maxTime);
        });
    }

    /** Visits every open-chunk checkpoint record; the value's checksum is verified by the caller's decoder. */
    public void scanHead(RawVisitor visitor) {
        scan(head, null, null, visitor);
    }

    /** Visits WAL records with {@code seq >= fromSeq} in order. */
    public void scanWal(long fromSeq, RawVisitor visitor) {
        scan(wal, Keys.walKey(fromSeq), null, visitor);
    }

    private void scan(ColumnFamilyHandle cf, byte[] from, byte[] to, RawVisitor visitor) {
        try (ReadOptions options = new ReadOptions().setFillCache(false);
             Slice upper = to == null ? null : new Slice(to)) {
            if (upper != null) {
                options.setIterateUpperBound(upper);
            }
            try (RocksIterator it = db.newIterator(cf, options)) {
                if (from == null) {
                    it.seekToFirst();
                } else {
                    it.seek(from);
                }
                for (; it.isValid(); it.next()) {
                    visitor.visit(it.key(), it.value());
                }
                it.status();
            }
        } catch (RocksDBException e) {
            throw storageFailure("scan", e);
        }
    }

    static byte[] encodeLabels(Labels labels) {
        ByteWriter w = new ByteWriter(64);
        w.uvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            w.string(labels.name(i)).string(labels.value(i));
        }
        return w.crc().toByteArray();
    }

    /** @throws IllegalArgumentException on a checksum mismatch or malformed record */
    public static Labels decodeLabels(byte[] value) {
        int n = Checksums.verifyTrailing(value);
        ByteReader r = new ByteReader(value, 0, n);
        long count = r.uvarint();
        if (count > n) {
            throw new IllegalArgumentException("label count " + count + " exceeds record size");
        }
        String[] pairs = new String[(int) count * 2];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = r.string();
        }
        return Labels.ofSortedPairs(pairs);
    }

    private static AmphoraException storageFailure(String what, RocksDBException e) {
        return new AmphoraException(ErrorCode.INTERNAL, "RocksDB " + what + " failed: " + e.getMessage(), e);
    }

    /** Total size of live SST files of the chunks family, for measuring bytes per sample. */
    public long chunkFilesBytes() {
        try {
            return Long.parseLong(db.getProperty(chunks, "rocksdb.live-sst-files-size"));
        } catch (RocksDBException e) {
            throw storageFailure("read property", e);
        }
    }

    /**
     * Writes every memtable to SST files and waits, so the data sits compressed in the column families and RocksDB's
     * own log is no longer needed to recover it (start-up then replays nothing, and the data dir is its real size).
     */
    public void flush() {
        try (org.rocksdb.FlushOptions options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw storageFailure("flush", e);
        }
    }

    /**
     * Reclaims the space of WAL records below {@code seq}, which a checkpoint range-deleted: records already flushed
     * to SST files would otherwise stay on disk until RocksDB happens to compact them.
     */
    public void compactWalBefore(long seq) {
        try {
            db.compactRange(wal, Keys.walKey(0), Keys.walKey(seq));
        } catch (RocksDBException e) {
            throw storageFailure("compact WAL", e);
        }
    }

    /** Reclaims the space of a deleted tenant's keys in every per-tenant family. */
    public void compactTenant(TenantId tenant) {
        byte[] from = Keys.tenantPrefix(tenant);
        byte[] to = Keys.tenantPrefixEnd(tenant);
        try {
            for (ColumnFamilyHandle cf : List.of(series, postings, chunks, head)) {
                db.compactRange(cf, from, to);
            }
        } catch (RocksDBException e) {
            throw storageFailure("compact deleted tenant", e);
        }
    }

    /** Rewrites the open-chunk family, dropping the versions that later checkpoints replaced. */
    public void compactHead() {
        try {
            db.compactRange(head);
        } catch (RocksDBException e) {
            throw storageFailure("compact head", e);
        }
    }

    /** Flushes memtables and compacts every family: only for tools and tests that measure on-disk size. */
    public void compactAll() {
        try {
            for (ColumnFamilyHandle handle : handles) {
                db.flush(new org.rocksdb.FlushOptions().setWaitForFlush(true), handle);
                db.compactRange(handle);
            }
        } catch (RocksDBException e) {
            throw storageFailure("compact", e);
        }
    }

    @Override
    public void close() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw storageFailure("sync WAL on close", e);
        } finally {
            for (ColumnFamilyHandle handle : handles) {
                handle.close();
            }
            db.close();
            syncWrite.close();
            bufferedWrite.close();
            dbOptions.close();
            cfOptions.forEach(ColumnFamilyOptions::close);
        }
    }

    /** A set of writes applied atomically by {@link #write}. Not thread-safe; use once. */
    public final class Batch {
        private final WriteBatch batch = new WriteBatch();

        private Batch() {}

        public Batch putSeries(byte[] tenantPrefix, long ref, Labels labels) {
            try {
                batch.put(series, Keys.seriesKey(tenantPrefix, ref), encodeLabels(labels));
                for (int i = 0; i < labels.size(); i++) {
                    batch.put(postings, Keys.postingKey(tenantPrefix, labels.name(i), labels.value(i), ref), new byte[0]);
                }
                return this;
            } catch (RocksDBException e) {
                throw storageFailure("batch", e);
            }
        }

        public Batch putChunk(byte[] tenantPrefix, long ref, long chunkId, EncodedChunk chunk) {
            return put(chunks, Keys.chunkKey(tenantPrefix, ref, chunk.minTime(), chunkId), encodeChunk(chunk));
        }

        public Batch putHead(byte[] tenantPrefix, long ref, byte[] record) {
            return put(head, Keys.seriesKey(tenantPrefix, ref), record);
        }

        public Batch deleteHead(byte[] tenantPrefix, long ref) {
            try {
                batch.delete(head, Keys.seriesKey(tenantPrefix, ref));
                return this;
            } catch (RocksDBException e) {
                throw storageFailure("batch", e);
            }
        }

        /** Appends a WAL record: the samples of one commit of one tenant, already encoded (see {@link WalRecord}). */
        public Batch putWal(long seq, byte[] record) {
            return put(wal, Keys.walKey(seq), record);
        }

        /** Records a checkpoint: WAL records below {@code seq} are dropped in the same atomic write. */
        public Batch checkpoint(long seq) {
            try {
                batch.deleteRange(wal, Keys.walKey(0), Keys.walKey(seq));
                batch.put(meta, META_CHECKPOINT_SEQ, new ByteWriter(8).u64(seq).toByteArray());
                return this;
            } catch (RocksDBException e) {
                throw storageFailure("batch", e);
            }
        }

        /** Removes every key of a tenant from every per-tenant family (one range delete each). */
        public Batch deleteTenant(TenantId tenant) {
            byte[] from = Keys.tenantPrefix(tenant);
            byte[] to = Keys.tenantPrefixEnd(tenant);
            try {
                for (ColumnFamilyHandle cf : List.of(series, postings, chunks, head)) {
                    batch.deleteRange(cf, from, to);
                }
                return this;
            } catch (RocksDBException e) {
                throw storageFailure("batch", e);
            }
        }

        private Batch put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
            try {
                batch.put(cf, key, value);
                return this;
            } catch (RocksDBException e) {
                throw storageFailure("batch", e);
            }
        }

        public int count() {
            return batch.count();
        }
    }

    @FunctionalInterface
    public interface RawVisitor {
        void visit(byte[] key, byte[] value);
    }

    @FunctionalInterface
    public interface SeriesVisitor {
        void visit(TenantId tenant, long ref, byte[] encodedLabels);
    }

    @FunctionalInterface
    public interface PostingVisitor {
        void visit(TenantId tenant, String name, String value, long ref);
    }

    @FunctionalInterface
    public interface ChunkMetaVisitor {
        void visit(TenantId tenant, long ref, long minTime, long chunkId, long maxTime);
    }
}
