package io.amphora.tsdb.chunkenc;

import io.amphora.tsdb.store.ByteReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static java.util.Objects.requireNonNull;

/**
 * Reads the series section of a Prometheus block's {@code index} file (format version 2): each series' labels and
 * the time range and reference of each of its chunks. Test-only: it loads the whole file, checks every checksum it
 * passes, and ignores the postings and label index sections.
 *
 * <p>Layout (Prometheus {@code tsdb/docs/format/index.md}): a 4-byte magic {@code 0xBAAAD700} and a version byte;
 * at the end a table of contents of six big-endian 8-byte section offsets and a CRC32C. The symbol table is a 4-byte
 * length, a 4-byte count and the strings (uvarint length, bytes), then a CRC32C over the length's bytes. Series
 * entries start at 16-byte-aligned offsets: a uvarint length, then the label count and pairs of symbol numbers
 * (uvarints), the chunk count, the first chunk's min time (varint), max time minus min time and reference
 * (uvarints), and for each later chunk its min time minus the previous max time, its max time minus its min time
 * (uvarints) and its reference minus the previous one (varint); then a CRC32C over those length's bytes.
 */
final class PrometheusIndexSeries {
    static final int MAGIC = 0xBAAAD700;
    static final int VERSION = 2;
    private static final int TOC_BYTES = 6 * 8 + 4;

    private PrometheusIndexSeries() {}

    /** A chunk as the index describes it; the times are the first and last sample's, inclusive. */
    record ChunkMeta(long ref, long minTime, long maxTime) {}

    /** One series: labels in the index's (sorted) order, and its chunks in time order. */
    record Series(Map<String, String> labels, List<ChunkMeta> chunks) {
        Series {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * Every series in the index, in the index's order.
     *
     * @throws IllegalStateException if the file is not a version 2 index or a checksum does not match
     */
    static List<Series> read(Path indexFile) {
        requireNonNull(indexFile, "indexFile is null");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(indexFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return read(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(indexFile + ": truncated: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(indexFile + ": " + e.getMessage(), e);
        }
    }

    private static List<Series> read(byte[] bytes) {
        ByteReader header = new ByteReader(bytes);
        int magic = header.u32();
        int version = header.u8();
        if (magic != MAGIC || version != VERSION) {
            throw new IllegalStateException(String.format("magic %08x version %d, want %08x %d",
                    magic, version, MAGIC, VERSION));
        }
        int tocStart = bytes.length - TOC_BYTES;
        ByteReader toc = new ByteReader(bytes, tocStart, bytes.length);
        long[] sections = new long[6];
        for (int i = 0; i < sections.length; i++) {
            sections[i] = toc.u64();
        }
        checkCrc(bytes, tocStart, TOC_BYTES - 4, toc.u32(), "table of contents");
        List<String> symbols = readSymbols(bytes, Math.toIntExact(sections[0]));

        long seriesStart = sections[1];
        long seriesEnd = tocStart;
        for (int i = 2; i < sections.length; i++) {
            if (sections[i] > seriesStart) {
                seriesEnd = Math.min(seriesEnd, sections[i]);
            }
        }
        List<Series> series = new ArrayList<>();
        int pos = Math.toIntExact(seriesStart);
        while (true) {
            pos = (pos + 15) & ~15;
            if (pos >= seriesEnd) {
                return series;
            }
            ByteReader lengthReader = new ByteReader(bytes, pos, (int) seriesEnd);
            int length = Math.toIntExact(lengthReader.uvarint());
            int start = lengthReader.position();
            ByteReader entry = new ByteReader(bytes, start, start + length);
            series.add(readSeries(entry, symbols));
            if (entry.remaining() != 0) {
                throw new IllegalStateException("series at " + pos + " has " + entry.remaining() + " unread bytes");
            }
            checkCrc(bytes, start, length, new ByteReader(bytes, start + length, bytes.length).u32(), "series at " + pos);
            pos = start + length + 4;
        }
    }

    private static List<String> readSymbols(byte[] bytes, int offset) {
        ByteReader reader = new ByteReader(bytes, offset, bytes.length);
        int length = reader.u32();
        int count = reader.u32();
        List<String> symbols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int size = Math.toIntExact(reader.uvarint());
            symbols.add(new String(reader.bytes(size), StandardCharsets.UTF_8));
        }
        if (reader.position() != offset + 4 + length) {
            throw new IllegalStateException("symbol table length " + length + " does not match its " + count + " symbols");
        }
        checkCrc(bytes, offset + 4, length, reader.u32(), "symbol table");
        return symbols;
    }

    private static Series readSeries(ByteReader entry, List<String> symbols) {
        Map<String, String> labels = new LinkedHashMap<>();
        long labelCount = entry.uvarint();
        for (long i = 0; i < labelCount; i++) {
            String name = symbols.get(Math.toIntExact(entry.uvarint()));
            String value = symbols.get(Math.toIntExact(entry.uvarint()));
            labels.put(name, value);
        }
        long chunkCount = entry.uvarint();
        List<ChunkMeta> chunks = new ArrayList<>();
        long previousMaxTime = 0;
        long ref = 0;
        for (long i = 0; i < chunkCount; i++) {
            long minTime = i == 0 ? entry.varint() : previousMaxTime + entry.uvarint();
            long maxTime = minTime + entry.uvarint();
            ref = i == 0 ? entry.uvarint() : ref + entry.varint();
            chunks.add(new ChunkMeta(ref, minTime, maxTime));
            previousMaxTime = maxTime;
        }
        return new Series(labels, chunks);
    }

    private static void checkCrc(byte[] bytes, int offset, int length, int stored, String what) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int computed = (int) crc.getValue();
        if (computed != stored) {
            throw new IllegalStateException(String.format("%s: stored CRC32C %08x, computed %08x", what, stored, computed));
        }
    }
}
