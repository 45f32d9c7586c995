package io.amphora.tsdb.chunkenc;

import io.amphora.tsdb.store.ByteReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static java.util.Objects.requireNonNull;

/**
 * Reads every chunk of a Prometheus block's {@code chunks/} directory, for tests that compare Amphora's encodings
 * with what Prometheus wrote. Test-only: it loads whole files and stops at the first malformed byte.
 *
 * <p>Layout (Prometheus {@code tsdb/docs/format/chunks.md}): segment files named {@code 000001}, {@code 000002}, ...,
 * each a 4-byte big-endian magic {@code 0x85BD40DD}, a version byte {@code 1} and 3 zero bytes, then back to back
 * until the end of the file: the data length as a uvarint, an encoding byte, the data, and the big-endian CRC32C of
 * the encoding byte and the data. The index refers to a chunk by the 0-based position of its file among the
 * segment files in the upper 32 bits of the reference and its byte offset in that file in the lower 32 bits.
 */
final class PrometheusChunkSegments {
    static final int MAGIC = 0x85BD40DD;
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8;

    private PrometheusChunkSegments() {}

    /** One chunk as stored: its reference, encoding byte, data, and the checksum that followed it. */
    record StoredChunk(long ref, int encoding, byte[] data, int storedCrc) {
        StoredChunk {
            requireNonNull(data, "data is null");
        }

        /** The CRC32C of the encoding byte and the data, to compare with {@link #storedCrc()}. */
        int computedCrc() {
            CRC32C crc = new CRC32C();
            crc.update(encoding);
            crc.update(data);
            return (int) crc.getValue();
        }
    }

    /**
     * Every chunk of every segment file in {@code chunksDirectory}, keyed by reference, in file order.
     *
     * @throws IllegalStateException if a file has a wrong header or ends inside a chunk
     */
    static Map<Long, StoredChunk> read(Path chunksDirectory) {
        requireNonNull(chunksDirectory, "chunksDirectory is null");
        List<Path> segments;
        try (Stream<Path> files = Files.list(chunksDirectory)) {
            segments = files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Long, StoredChunk> chunks = new LinkedHashMap<>();
        for (int sequence = 0; sequence < segments.size(); sequence++) {
            Path segment = segments.get(sequence);
            if (!segment.getFileName().toString().matches("\\d{6}")) {
                throw new IllegalStateException("unexpected file in " + chunksDirectory + ": " + segment.getFileName());
            }
            readSegment(segment, sequence, chunks);
        }
        return chunks;
    }

    private static void readSegment(Path segment, int sequence, Map<Long, StoredChunk> chunks) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(segment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteReader header = new ByteReader(bytes);
        try {
            int magic = header.u32();
            int version = header.u8();
            int padding = header.u8() | header.u8() | header.u8();
            if (magic != MAGIC || version != VERSION || padding != 0) {
                throw new IllegalStateException(String.format("%s: header magic %08x version %d padding %d, want %08x %d 0",
                        segment, magic, version, padding, MAGIC, VERSION));
            }
            ByteReader reader = new ByteReader(bytes, HEADER_BYTES, bytes.length);
            while (reader.remaining() > 0) {
                long offset = reader.position();
                long length = reader.uvarint();
                if (length > reader.remaining()) {
                    throw new IllegalStateException(segment + ": chunk at " + offset + " of " + length
                            + " bytes runs past the end of the file");
                }
                int encoding = reader.u8();
                byte[] data = reader.bytes((int) length);
                int crc = reader.u32();
                long ref = ((long) sequence << 32) | offset;
                chunks.put(ref, new StoredChunk(ref, encoding, data, crc));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(segment + ": truncated: " + e.getMessage(), e);
        }
    }
}
