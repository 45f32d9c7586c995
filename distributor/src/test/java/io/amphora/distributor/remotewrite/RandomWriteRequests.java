package io.amphora.distributor.remotewrite;

import io.amphora.model.StaleMarker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.amphora.distributor.remotewrite.WireBytes.END_GROUP;
import static io.amphora.distributor.remotewrite.WireBytes.FIXED32;
import static io.amphora.distributor.remotewrite.WireBytes.FIXED64;
import static io.amphora.distributor.remotewrite.WireBytes.LENGTH_DELIMITED;
import static io.amphora.distributor.remotewrite.WireBytes.START_GROUP;
import static io.amphora.distributor.remotewrite.WireBytes.VARINT;

/**
 * Seeded random {@code prometheus.WriteRequest} (1.0) and {@code io.prometheus.write.v2.Request} (2.0) bodies that are
 * valid protobuf but exercise everything a parser may meet: fields in any order, repeated scalars (the last wins), both oneof members, packed and unpacked and mixed
 * repeated numbers, padded varints, 10-byte negative numbers, unknown fields of every wire type (groups nested) at
 * every level, known field numbers with the wrong wire type, strings that are empty, long, shared, non-ASCII or not
 * UTF-8 at all, NaN payloads and negative zero; for 2.0 also symbol tables split around the series, broken and odd
 * references, merged metadata and the pre-rc.4 created timestamp. Also the byte-level mutations the fuzz tests use.
 */
final class RandomWriteRequests {
    private static final String[] NAMES = {
            "__name__", "job", "instance", "le", "pod", "namespace", "a", "", "a_label_name_longer_than_sixteen",
            "container_network_receive_bytes_total_by_interface"};
    private static final String[] VALUES = {
            "up", "api", "10.0.0.1:9090", "+Inf", "0.25", "prod", "x", "", "abcdefgh", "abcdefghi",
            "abcdefghijklmnop", "abcdefghijklmnopq", "http_request_duration_seconds_bucket", "Grüße", "日本語",
            "emoji 😀 here"};
    /** Byte strings that are not UTF-8: stray continuation, truncated sequences, overlong forms, surrogates. */
    private static final byte[][] NOT_UTF8 = {
            {(byte) 0xff}, {'a', (byte) 0x80, 'b'}, {(byte) 0xc3}, {(byte) 0xe6, (byte) 0x97}, {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {'v', 'a', 'l', 'u', 'e', '-', 'o', 'f', '-', 'l', 'e', 'n', 'g', 't', 'h', (byte) 0xf0, (byte) 0x9f}};
    private static final double[] DOUBLES = {
            0, -0.0, 1, -1.5, Double.NaN, Double.longBitsToDouble(StaleMarker.BITS),
            Double.longBitsToDouble(0x7ff8_0000_0000_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, 1e300, 123_456.789};

    /** The tags a {@code Histogram} knows (both versions; 17 is known in 2.0 only, so never generated as unknown). */
    private static final int[] HISTOGRAM_TAGS = {
            1 << 3 | VARINT, 2 << 3 | FIXED64, 3 << 3 | FIXED64, 4 << 3 | VARINT, 5 << 3 | FIXED64, 6 << 3 | VARINT,
            7 << 3 | FIXED64, 8 << 3 | LENGTH_DELIMITED, 9 << 3 | VARINT, 9 << 3 | LENGTH_DELIMITED, 10 << 3 | FIXED64,
            10 << 3 | LENGTH_DELIMITED, 11 << 3 | LENGTH_DELIMITED, 12 << 3 | VARINT, 12 << 3 | LENGTH_DELIMITED,
            13 << 3 | FIXED64, 13 << 3 | LENGTH_DELIMITED, 14 << 3 | VARINT, 15 << 3 | VARINT, 16 << 3 | FIXED64,
            16 << 3 | LENGTH_DELIMITED, 17 << 3 | VARINT};

    private final SplittableRandom random;

    RandomWriteRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    byte[] body() {
        WireBytes request = new WireBytes();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                request.messageField(1, timeSeries());
            } else if (kind < 9) {
                request.messageField(3, metricMetadata());
            } else {
                unknownField(request, new int[] {1 << 3 | LENGTH_DELIMITED, 3 << 3 | LENGTH_DELIMITED}, 2);
            }
        }
        return request.toByteArray();
    }

    private WireBytes timeSeries() {
        WireBytes series = new WireBytes();
        int fields = random.nextInt(14);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(12)) {
                case 0, 1, 2, 3, 4 -> series.messageField(1, label());
                case 5, 6, 7 -> series.messageField(2, sample());
                case 8 -> series.messageField(3, exemplar());
                case 9 -> series.messageField(4, histogram(false));
                default -> unknownField(series, new int[] {
                        1 << 3 | LENGTH_DELIMITED, 2 << 3 | LENGTH_DELIMITED, 3 << 3 | LENGTH_DELIMITED,
                        4 << 3 | LENGTH_DELIMITED}, 2);
            }
        }
        return series;
    }

    private WireBytes label() {
        WireBytes label = new WireBytes();
        int fields = random.nextInt(10) == 0 ? random.nextInt(5) : 2;
        for (int i = 0; i < fields; i++) {
            int roll = random.nextInt(12);
            if (roll == 0) {
                unknownField(label, new int[] {1 << 3 | LENGTH_DELIMITED, 2 << 3 | LENGTH_DELIMITED}, 2);
            } else {
                // Mostly name then value; sometimes twice the same field, or value first.
                int field = fields == 2 && roll > 1 ? i + 1 : 1 + random.nextInt(2);
                label.bytesField(field, string(field == 1 ? NAMES : VALUES));
            }
        }
        return label;
    }

    private WireBytes sample() {
        WireBytes sample = new WireBytes();
        int fields = random.nextInt(8) == 0 ? random.nextInt(5) : 2;
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(fields == 2 ? 2 : 3)) {
                case 0 -> sample.doubleField(1, randomDouble());
                case 1 -> varint(sample.tag(2, VARINT), timestamp());
                default -> unknownField(sample, new int[] {1 << 3 | FIXED64, 2 << 3 | VARINT}, 1);
            }
        }
        return sample;
    }

    private WireBytes exemplar() {
        WireBytes exemplar = new WireBytes();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(5)) {
                case 0, 1 -> exemplar.messageField(1, label());
                case 2 -> exemplar.doubleField(2, randomDouble());
                case 3 -> varint(exemplar.tag(3, VARINT), timestamp());
                default -> unknownField(exemplar, new int[] {
                        1 << 3 | LENGTH_DELIMITED, 2 << 3 | FIXED64, 3 << 3 | VARINT}, 1);
            }
        }
        return exemplar;
    }

    private WireBytes metricMetadata() {
        WireBytes metadata = new WireBytes();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(5)) {
                case 0 -> varint(metadata.tag(1, VARINT), random.nextInt(-2, 10)); // int32: negative → 10 bytes
                case 1 -> metadata.bytesField(2, string(VALUES));
                case 2 -> metadata.bytesField(4, string(VALUES));
                case 3 -> metadata.bytesField(5, string(VALUES));
                default -> unknownField(metadata, new int[] {
                        1 << 3 | VARINT, 2 << 3 | LENGTH_DELIMITED, 4 << 3 | LENGTH_DELIMITED,
                        5 << 3 | LENGTH_DELIMITED}, 1);
            }
        }
        return metadata;
    }

    private WireBytes histogram(boolean v2) {
        WireBytes histogram = new WireBytes();
        int fields = random.nextInt(16);
        for (int i = 0; i < fields; i++) {
            int field = 1 + random.nextInt(18);
            switch (field) {
                case 1, 6 -> varint(histogram.tag(field, VARINT), random.nextLong()); // count_int, zero_count_int
                case 2, 3, 5, 7 -> histogram.doubleField(field, randomDouble()); // doubles
                case 4 -> varint(histogram.tag(4, VARINT), zigZag(random.nextInt(-60, 60))); // schema
                case 8, 11 -> histogram.messageField(field, bucketSpan());
                case 9, 12 -> sint64s(histogram, field);
                case 10, 13, 16 -> doubles(histogram, field);
                case 14 -> varint(histogram.tag(14, VARINT), random.nextInt(-1, 6)); // reset_hint
                case 15 -> varint(histogram.tag(15, VARINT), timestamp());
                case 17 -> varint(histogram.tag(17, VARINT), v2 ? timestamp() : random.nextLong()); // 2.0 start
                default -> unknownField(histogram, HISTOGRAM_TAGS, 1);
            }
        }
        return histogram;
    }

    // ---- 2.0 ---------------------------------------------------------------------------------------------------

    /** A random 2.0 body: a symbol table (mostly first, sometimes split around the series) and series using it. */
    byte[] v2Body() {
        List<byte[]> symbols = new ArrayList<>();
        int tableRoll = random.nextInt(40);
        if (tableRoll > 1) {
            symbols.add(new byte[0]);
        } else if (tableRoll == 1) {
            symbols.add(string(VALUES)); // a first symbol that should have been ""
        } // else: no symbols at all
        if (!symbols.isEmpty()) {
            int more = random.nextInt(12);
            for (int i = 0; i < more; i++) {
                symbols.add(string(random.nextBoolean() ? NAMES : VALUES));
            }
        }
        // Where the symbols go: all before the series (as senders do), or some of them after.
        int splitAt = random.nextInt(8) == 0 ? random.nextInt(symbols.size() + 1) : symbols.size();

        WireBytes request = new WireBytes();
        for (int i = 0; i < splitAt; i++) {
            request.bytesField(4, symbols.get(i));
        }
        int series = random.nextInt(6);
        for (int i = 0; i < series; i++) {
            request.messageField(5, v2TimeSeries(symbols.size()));
            if (random.nextInt(10) == 0) {
                unknownField(request, new int[] {4 << 3 | LENGTH_DELIMITED, 5 << 3 | LENGTH_DELIMITED}, 2);
            }
        }
        for (int i = splitAt; i < symbols.size(); i++) {
            request.bytesField(4, symbols.get(i));
        }
        return request.toByteArray();
    }

    private WireBytes v2TimeSeries(int symbolCount) {
        WireBytes series = new WireBytes();
        int pairs = random.nextInt(10) == 0 ? 6 + random.nextInt(8) : random.nextInt(6); // over 16 refs sometimes
        boolean odd = random.nextInt(25) == 0;
        int refs = pairs * 2 + (odd ? 1 : 0);
        // Label references: unpacked, packed, or a mixture; placed among the other fields.
        WireBytes packed = new WireBytes();
        int[] otherFields = new int[random.nextInt(6)];
        for (int i = 0; i < otherFields.length; i++) {
            otherFields[i] = random.nextInt(7);
        }
        int refsWritten = 0;
        for (int slot = 0; slot <= otherFields.length; slot++) {
            int here = slot == otherFields.length ? refs - refsWritten : random.nextInt(refs - refsWritten + 1);
            if (here > 0 && random.nextBoolean()) {
                for (int i = 0; i < here; i++) {
                    varint(packed, ref(symbolCount));
                }
                series.bytesField(1, packed.toByteArray());
                packed = new WireBytes();
            } else {
                for (int i = 0; i < here; i++) {
                    varint(series.tag(1, VARINT), ref(symbolCount));
                }
            }
            refsWritten += here;
            if (slot < otherFields.length) {
                switch (otherFields[slot]) {
                    case 0, 1 -> series.messageField(2, v2Sample());
                    case 2 -> series.messageField(3, histogram(true));
                    case 3 -> series.messageField(4, v2Exemplar(symbolCount));
                    case 4 -> series.messageField(5, v2Metadata(symbolCount));
                    case 5 -> {
                        if (random.nextBoolean()) {
                            varint(series.tag(6, VARINT), timestamp()); // the pre-rc.4 created timestamp
                        } else {
                            series.tag(6, FIXED64).fixed64(random.nextLong()); // field 6, but not a varint
                        }
                    }
                    default -> unknownField(series, new int[] {
                            1 << 3 | VARINT, 1 << 3 | LENGTH_DELIMITED, 2 << 3 | LENGTH_DELIMITED,
                            3 << 3 | LENGTH_DELIMITED, 4 << 3 | LENGTH_DELIMITED, 5 << 3 | LENGTH_DELIMITED,
                            6 << 3 | VARINT}, 1);
                }
            }
        }
        return series;
    }

    /** Mostly a valid reference; sometimes just past the table, or far outside it (uint32 above 2^31 included). */
    private long ref(int symbolCount) {
        int roll = random.nextInt(40);
        if (roll == 0) {
            return symbolCount + random.nextInt(3);
        }
        if (roll == 1) {
            return Integer.toUnsignedLong(random.nextInt());
        }
        return symbolCount == 0 ? 0 : random.nextInt(symbolCount);
    }

    private WireBytes v2Sample() {
        WireBytes sample = new WireBytes();
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(4)) {
                case 0 -> sample.doubleField(1, randomDouble());
                case 1 -> varint(sample.tag(2, VARINT), timestamp());
                case 2 -> varint(sample.tag(3, VARINT), random.nextBoolean() ? 0 : timestamp());
                default -> unknownField(sample, new int[] {1 << 3 | FIXED64, 2 << 3 | VARINT, 3 << 3 | VARINT}, 1);
            }
        }
        return sample;
    }

    private WireBytes v2Exemplar(int symbolCount) {
        WireBytes exemplar = new WireBytes();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    WireBytes packed = new WireBytes();
                    int refs = random.nextInt(4);
                    for (int r = 0; r < refs; r++) {
                        varint(packed, ref(symbolCount));
                    }
                    exemplar.bytesField(1, packed.toByteArray());
                }
                case 1 -> varint(exemplar.tag(1, VARINT), ref(symbolCount));
                case 2 -> exemplar.doubleField(2, randomDouble());
                case 3 -> varint(exemplar.tag(3, VARINT), timestamp());
                default -> unknownField(exemplar, new int[] {
                        1 << 3 | VARINT, 1 << 3 | LENGTH_DELIMITED, 2 << 3 | FIXED64, 3 << 3 | VARINT}, 1);
            }
        }
        return exemplar;
    }

    private WireBytes v2Metadata(int symbolCount) {
        WireBytes metadata = new WireBytes();
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(4)) {
                case 0 -> varint(metadata.tag(1, VARINT), random.nextInt(-2, 10));
                case 1 -> varint(metadata.tag(3, VARINT), ref(symbolCount));
                case 2 -> varint(metadata.tag(4, VARINT), ref(symbolCount));
                default -> unknownField(metadata, new int[] {1 << 3 | VARINT, 3 << 3 | VARINT, 4 << 3 | VARINT}, 1);
            }
        }
        return metadata;
    }

    // ---- both ----------------------------------------------------------------------------------------------------

    private WireBytes bucketSpan() {
        WireBytes span = new WireBytes();
        int fields = random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            switch (random.nextInt(3)) {
                case 0 -> varint(span.tag(1, VARINT), zigZag(random.nextInt()));
                case 1 -> varint(span.tag(2, VARINT), random.nextBoolean() ? random.nextInt(10)
                        : Integer.toUnsignedLong(random.nextInt()));
                default -> unknownField(span, new int[] {1 << 3 | VARINT, 2 << 3 | VARINT}, 1);
            }
        }
        return span;
    }

    private void sint64s(WireBytes histogram, int field) {
        int count = random.nextInt(5);
        if (random.nextBoolean()) {
            WireBytes packed = new WireBytes();
            for (int i = 0; i < count; i++) {
                long value = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(-5, 6);
                varint(packed, value << 1 ^ value >> 63);
            }
            histogram.bytesField(field, packed.toByteArray());
        } else {
            for (int i = 0; i < count; i++) {
                histogram.sint64Field(field, random.nextInt(-5, 6));
            }
        }
    }

    private void doubles(WireBytes histogram, int field) {
        int count = random.nextInt(5);
        if (random.nextBoolean()) {
            WireBytes packed = new WireBytes();
            for (int i = 0; i < count; i++) {
                packed.fixed64(Double.doubleToRawLongBits(randomDouble()));
            }
            histogram.bytesField(field, packed.toByteArray());
        } else {
            for (int i = 0; i < count; i++) {
                histogram.doubleField(field, randomDouble());
            }
        }
    }

    /**
     * A field that {@code knownTags} (the message's own tags) do not contain: an unknown number, or a known number
     * with another wire type. Groups hold further unknown fields, {@code groupDepth} levels at most.
     */
    private void unknownField(WireBytes message, int[] knownTags, int groupDepth) {
        int field;
        int wireType;
        do {
            field = random.nextInt(8) == 0 ? 1 + random.nextInt(536_870_911) : 1 + random.nextInt(20);
            wireType = switch (random.nextInt(groupDepth > 0 ? 5 : 4)) {
                case 0 -> VARINT;
                case 1 -> FIXED64;
                case 2 -> LENGTH_DELIMITED;
                case 3 -> FIXED32;
                default -> START_GROUP;
            };
        } while (contains(knownTags, field << 3 | wireType));
        message.tag(field, wireType);
        switch (wireType) {
            case VARINT -> varint(message, random.nextLong());
            case FIXED64 -> message.fixed64(random.nextLong());
            case LENGTH_DELIMITED -> {
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                message.lengthDelimited(bytes);
            }
            case FIXED32 -> message.fixed32(random.nextInt());
            default -> {
                int inside = random.nextInt(3);
                for (int i = 0; i < inside; i++) {
                    unknownField(message, new int[0], groupDepth - 1);
                }
                message.tag(field, END_GROUP);
            }
        }
    }

    private static boolean contains(int[] tags, int tag) {
        for (int t : tags) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    private byte[] string(String[] pool) {
        int roll = random.nextInt(20);
        if (roll == 0) {
            return NOT_UTF8[random.nextInt(NOT_UTF8.length)];
        }
        if (roll < 4) {
            byte[] ascii = new byte[random.nextInt(40)];
            for (int i = 0; i < ascii.length; i++) {
                ascii[i] = (byte) random.nextInt(0x20, 0x7f);
            }
            return ascii;
        }
        return pool[random.nextInt(pool.length)].getBytes(StandardCharsets.UTF_8);
    }

    private double randomDouble() {
        return random.nextInt(3) == 0 ? random.nextDouble() * 1e6 : DOUBLES[random.nextInt(DOUBLES.length)];
    }

    private long timestamp() {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextLong(); // negative ones take 10 bytes
            case 1 -> -1;
            case 2 -> 0;
            default -> 1_790_000_000_000L + random.nextInt(1_000_000);
        };
    }

    private WireBytes varint(WireBytes out, long value) {
        return out.varint(value, padding(value));
    }

    /**
     * Extra bytes for a varint of {@code value}: mostly none; sometimes a few, within the 10-byte maximum; rarely
     * beyond it, which makes the varint malformed.
     */
    private int padding(long value) {
        int roll = random.nextInt(400);
        if (roll >= 30) {
            return 0;
        }
        int canonical = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        return roll == 0 ? 11 - canonical : Math.min(1 + random.nextInt(3), 10 - canonical);
    }

    private static long zigZag(int value) {
        return Integer.toUnsignedLong(value << 1 ^ value >> 31);
    }

    /** One to three of the mutations the fuzz tests apply: bit flips, truncation, insertion, deletion, overwrite. */
    byte[] mutate(byte[] input) {
        byte[] out = input;
        int rounds = 1 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            out = mutateOnce(out);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] in) {
        if (in.length == 0) {
            byte[] bytes = new byte[1 + random.nextInt(8)];
            random.nextBytes(bytes);
            return bytes;
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(7)) {
            case 0 -> {
                byte[] out = in.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return out;
            }
            case 1 -> {
                return Arrays.copyOf(in, at);
            }
            case 2 -> {
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] out = new byte[in.length + extra.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(in, at, out, at + extra.length, in.length - at);
                return out;
            }
            case 3 -> {
                int length = Math.min(in.length - at, 1 + random.nextInt(8));
                byte[] out = new byte[in.length - length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + length, out, at, in.length - at - length);
                return out;
            }
            case 4 -> {
                byte[] out = in.clone();
                int length = Math.min(in.length - at, 1 + random.nextInt(8));
                for (int i = 0; i < length; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 5 -> {
                int length = Math.min(in.length - at, 1 + random.nextInt(32));
                int to = random.nextInt(in.length + 1);
                byte[] out = new byte[in.length + length];
                System.arraycopy(in, 0, out, 0, to);
                System.arraycopy(in, at, out, to, length);
                System.arraycopy(in, to, out, to + length, in.length - to);
                return out;
            }
            default -> {
                byte[] out = in.clone();
                int[] interesting = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x0c, 0x0b, 0x04, 0x03};
                out[at] = (byte) interesting[random.nextInt(interesting.length)];
                return out;
            }
        }
    }
}
