package io.amphora.tsdb.chunkenc;

import io.amphora.model.StaleMarker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amphora.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorChunkTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Special doubles, by raw bits so that NaN payloads survive building the list. */
    static final long[] SPECIAL_BITS = {
        StaleMarker.BITS,
        Double.doubleToRawLongBits(Double.NaN),
        0x7FF0_0000_0000_0001L, // signalling NaN, smallest payload
        0xFFF8_0000_0000_0000L, // negative quiet NaN
        0xFFFF_FFFF_FFFF_FFFFL, // NaN with every bit set
        Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
        Double.doubleToRawLongBits(0.0),
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(Double.MIN_VALUE),
        Double.doubleToRawLongBits(-Double.MIN_VALUE),
        0x000F_FFFF_FFFF_FFFFL, // largest subnormal
        Double.doubleToRawLongBits(Double.MIN_NORMAL),
        Double.doubleToRawLongBits(Double.MAX_VALUE),
        Double.doubleToRawLongBits(-Double.MAX_VALUE),
        Double.doubleToRawLongBits(1.0),
        Double.doubleToRawLongBits(Math.nextUp(1.0)), // XOR with 1.0 has 63 leading zeros: the 31 cap applies
        Double.doubleToRawLongBits(-1.0),
        0x8000_0000_0000_0001L, // XOR with 0.0 has 64 significant bits, written as 0
    };

    record Decoded(long[] timestamps, long[] valueBits) {}

    static Decoded drain(XorIterator it) {
        List<long[]> out = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
            out.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atValue())});
        }
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        return new Decoded(out.stream().mapToLong(s -> s[0]).toArray(), out.stream().mapToLong(s -> s[1]).toArray());
    }

    static XorChunk chunkOf(long[] timestamps, long[] valueBits) {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < timestamps.length; i++) {
            chunk.append(timestamps[i], Double.longBitsToDouble(valueBits[i]));
        }
        return chunk;
    }

    private static void assertRoundTrips(long[] timestamps, long[] valueBits) {
        XorChunk chunk = chunkOf(timestamps, valueBits);

        assertThat(chunk.numSamples()).isEqualTo(timestamps.length);
        assertThat(chunk.sizeBytes()).isEqualTo(chunk.bytes().length);
        for (Decoded decoded : List.of(drain(chunk.iterator(null)), drain(XorIterator.of(chunk.bytes(), null)))) {
            assertThat(decoded.timestamps()).containsExactly(timestamps);
            assertThat(decoded.valueBits()).containsExactly(valueBits);
        }
        if (timestamps.length > 0) {
            assertThat(chunk.minTime()).isEqualTo(timestamps[0]);
            assertThat(chunk.maxTime()).isEqualTo(timestamps[timestamps.length - 1]);
        }
    }

    // Golden vectors. Each was derived by hand from the layout in tsdb/docs/format/chunks.md, field by field, and
    // then packed into bytes most significant bit first; the derivation is written next to the bytes.

    @Test
    void encodesGoldenVectorCoveringEachValueCase() {
        // Samples (1000, 1.0) (16000, 1.0) (31000, 2.0) (46100, 3.0) (61000, 3.0) (76000, 2.0).
        //   header      00 06                       six samples
        //   t0          D0 0F                       varint: zigzag(1000) = 2000 = 0b1111_1010000 -> 0xD0 (low 7 bits
        //                                           0x50 + continuation), 0x0F
        //   v0          3F F0 00 00 00 00 00 00     raw bits of 1.0
        //   t1          98 75                       uvarint delta 15000: low 7 bits 24 (0x18 + 0x80), then 117 (0x75)
        // then bits:
        //   v1  0                                   same value as before
        //   t2  0                                   delta 15000 again: dod 0
        //   v2  1 1 00001 001011 11111111111        1.0^2.0 = 0x7FF0000000000000: 1 leading, 52 trailing zeros,
        //                                           11 significant bits; no window yet, so a new one
        //   t3  10 00000001100100                   dod +100 in the 14-bit bucket
        //   v3  1 1 01100 000001 1                  2.0^3.0 = 0x0008000000000000: 12 leading, 51 trailing; 51 < 52
        //                                           trailing of the window, so a new window of 1 bit
        //   t4  10 11111100111000                   dod -200: 14-bit two's complement 16384-200 = 16184
        //   v4  0                                   unchanged
        //   t5  10 00000001100100                   dod +100
        //   v5  1 0 1                               3.0^2.0 has the same 12/51 zeros: reuse the window, 1 bit
        // 92 bits -> 0011_0000 1001_0111 1111_1111 1110_0000 0001_1001 0011_0110 0000_0011 1011_1111
        //            0011_1000 0100_0000 0011_0010 0101_[0000 padding]
        XorChunk chunk = chunkOf(
                new long[] {1000, 16000, 31000, 46100, 61000, 76000},
                bits(1.0, 1.0, 2.0, 3.0, 3.0, 2.0));

        assertThat(HEX.formatHex(chunk.bytes()))
                .isEqualTo("0006" + "D00F" + "3FF0000000000000" + "9875" + "3097FFE0193603BF38403250");
    }

    @Test
    void encodesGoldenVectorWithNegativeTimestampStalenessMarkerAndLargeGap() {
        // Samples (-1, stale NaN) (999, stale NaN) (1001999, -0.0) (2002999, Double.MIN_VALUE).
        //   header 00 04; t0: zigzag(-1) = 1 -> 01; v0: 7F F0 00 00 00 00 00 02; t1: uvarint 1000 -> E8 07
        // then bits:
        //   v1  0                                   unchanged
        //   t2  1111 <64 bits of 1000000>           dod 1001000-1000 = 1000000 is beyond the 20-bit bucket
        //   v2  1 1 00000 111111 <63 bits>          NaN^-0.0 = 0xFFF0000000000002: 0 leading, 1 trailing zero,
        //                                           63 significant bits 0x7FF8000000000001
        //   t3  0                                   same delta: dod 0
        //   v3  1 1 00000 000000 <64 bits>          -0.0^MIN_VALUE = 0x8000000000000001: trailing 0 < 1, new window;
        //                                           64 significant bits are written as 000000
        // 223 bits, packed: 78 00 00 00 00 00 7A 12 06 0F FF FC 00 00 00 00 00 00 B0 01 00 00 00 00 00 00 00 02
        XorChunk chunk = new XorChunk();
        chunk.append(-1, Double.longBitsToDouble(StaleMarker.BITS));
        chunk.append(999, Double.longBitsToDouble(StaleMarker.BITS));
        chunk.append(1_001_999, -0.0);
        chunk.append(2_002_999, Double.MIN_VALUE);

        assertThat(HEX.formatHex(chunk.bytes()))
                .isEqualTo("0004" + "01" + "7FF0000000000002" + "E807"
                        + "7800000000007A12060FFFFC000000000000B00100000000000000" + "02");
    }

    @Test
    void keepsTheEmptyTrailingByteAfterAWholeByteWrite() {
        // Prometheus writes a sample's final field byte-wise when its width is a multiple of 8 bits, and each byte
        // write leaves a new byte at the end; so a stream ending on a byte boundary after such a write carries one
        // empty byte. One sample: header 00 01, t0 zigzag(-1) = 01, v0 raw 64 bits, then the empty byte.
        XorChunk one = new XorChunk();
        one.append(-1, Double.longBitsToDouble(StaleMarker.BITS));
        assertThat(HEX.formatHex(one.bytes())).isEqualTo("0001" + "01" + "7FF0000000000002" + "00");

        // Samples (0, 0.0) (1, 0.125) (2, 2^-11): header 00 03, t0 00, v0 eight 00 bytes, t1 uvarint 1 = 01, then
        //   v1  1 1 00010 001000 11111111           0.125 = 0x3FC0000000000000: 2 leading, 54 trailing, 8 bits
        //   t2  0                                   dod 0
        //   v2  1 0 00000010                        0.125^2^-11 = 0x0080000000000000 fits the window: its 8 bits
        // 32 bits = C4 47 FA 02, ending on a boundary after an 8-bit field, hence the trailing 00.
        XorChunk three = new XorChunk();
        three.append(0, 0.0);
        three.append(1, 0.125);
        three.append(2, 0x1p-11);
        assertThat(HEX.formatHex(three.bytes()))
                .isEqualTo("0003" + "00" + "0000000000000000" + "01" + "C447FA02" + "00");
    }

    @Test
    void encodesAnEmptyChunkAsAZeroCount() {
        XorChunk chunk = new XorChunk();

        assertThat(chunk.bytes()).containsExactly(0, 0);
        assertThat(chunk.sizeBytes()).isEqualTo(2);
        assertThat(chunk.numSamples()).isZero();
        assertThat(chunk.iterator(null).next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void sizesARegularConstantSeriesOfOneHundredTwentySamplesExactly() {
        // 16 header bits + 8 (t0 = 0) + 64 (v0) + 16 (uvarint 15000) + 1 (v1 unchanged) + 118 * (1 + 1) = 341 bits,
        // ending in a 1-bit write: 43 bytes.
        long[] timestamps = new long[120];
        long[] values = new long[120];
        for (int i = 0; i < 120; i++) {
            timestamps[i] = i * 15_000L;
            values[i] = Double.doubleToRawLongBits(42.0);
        }

        assertThat(chunkOf(timestamps, values).sizeBytes()).isEqualTo(43);
        assertRoundTrips(timestamps, values);
    }

    @Test
    void roundTripsOneHundredTwentySampleCounterAndGaugeChunks() {
        Random random = new Random(42);
        long[] timestamps = new long[120];
        long[] counter = new long[120];
        long[] gauge = new long[120];
        long t = 1_700_000_000_000L;
        double c = 0;
        double g = 100;
        for (int i = 0; i < 120; i++) {
            t += 15_000 + random.nextInt(41) - 20;
            c += random.nextInt(50);
            g += random.nextGaussian();
            timestamps[i] = t;
            counter[i] = Double.doubleToRawLongBits(c);
            gauge[i] = Double.doubleToRawLongBits(g);
        }

        assertRoundTrips(timestamps, counter);
        assertRoundTrips(timestamps, gauge);
        // Jittered timestamps cost a 16-bit delta-of-delta each, random increments about as much again.
        assertThat(chunkOf(timestamps, counter).sizeBytes()).isLessThan(4 * 120);
    }

    static Stream<Arguments> randomSeries() {
        return Stream.of(
                Arguments.of(Named.of("regular scrapes with jitter", 1L)),
                Arguments.of(Named.of("jitter in every delta-of-delta bucket", 2L)),
                Arguments.of(Named.of("huge gaps and negative timestamps", 3L)),
                Arguments.of(Named.of("arbitrary bit patterns and repeats", 4L)));
    }

    @ParameterizedTest
    @MethodSource("randomSeries")
    void roundTripsRandomSeries(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            long[] timestamps = new long[n];
            long[] values = new long[n];
            long t = seed == 3 ? -(1L << 50) + random.nextLong(1L << 40) : random.nextLong(1L << 41);
            double v = random.nextDouble() * 1000;
            for (int i = 0; i < n; i++) {
                t += switch ((int) seed) {
                    case 1 -> 15_000 + random.nextInt(101) - 50;
                    case 2 -> 1_100_000 + random.nextLong(2_100_000) - 1_050_000; // dod up to about ±2^21
                    case 3 -> 1 + random.nextLong(1L << (1 + random.nextInt(40)));
                    default -> 1 + random.nextInt(60_000);
                };
                v = switch (random.nextInt(5)) {
                    case 0 -> v;
                    case 1 -> v + random.nextInt(10);
                    case 2 -> Double.longBitsToDouble(random.nextLong());
                    case 3 -> Double.longBitsToDouble(SPECIAL_BITS[random.nextInt(SPECIAL_BITS.length)]);
                    default -> v * (1 + random.nextGaussian() / 100);
                };
                timestamps[i] = t;
                values[i] = Double.doubleToRawLongBits(v);
            }
            assertRoundTrips(timestamps, values);
        }
    }

    @Test
    void roundTripsEveryPairOfSpecialDoublesBitExactly() {
        for (long a : SPECIAL_BITS) {
            for (long b : SPECIAL_BITS) {
                assertRoundTrips(new long[] {10, 20, 30, 40, 50}, new long[] {a, b, a, b, b});
            }
        }
    }

    @Test
    void roundTripsTimestampsAtTheEndsOfTheLongRange() {
        // Deltas past Long.MAX_VALUE wrap as unsigned 64-bit numbers, as in Prometheus's uint64 arithmetic.
        assertRoundTrips(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, bits(1, 2, 3));
        assertRoundTrips(
                new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Long.MAX_VALUE}, bits(1, 1, 1, 1));
        assertRoundTrips(new long[] {-5_000, -4_000, -2_500, -1, 0, 1}, bits(0, 0, 0, 0, 0, 0));
    }

    static Stream<Arguments> deltaOfDeltaBuckets() {
        return Stream.of(
                Arguments.of(0L, 1),
                Arguments.of(1L, 16),
                Arguments.of(-1L, 16),
                Arguments.of(8_192L, 16),
                Arguments.of(-8_191L, 16),
                Arguments.of(8_193L, 20),
                Arguments.of(-8_192L, 20),
                Arguments.of(65_536L, 20),
                Arguments.of(-65_535L, 20),
                Arguments.of(65_537L, 24),
                Arguments.of(-65_536L, 24),
                Arguments.of(524_288L, 24),
                Arguments.of(-524_287L, 24),
                Arguments.of(524_289L, 68),
                Arguments.of(-524_288L, 68),
                Arguments.of(1L << 40, 68));
    }

    @ParameterizedTest(name = "dod {0} takes {1} bits")
    @MethodSource("deltaOfDeltaBuckets")
    void choosesTheSmallestDeltaOfDeltaBucket(long dod, int expectedBits) {
        long[] timestamps = {0, 10_000_000, 20_000_000 + dod};
        long[] values = bits(5, 5, 5);
        XorChunk base = chunkOf(new long[] {0, 10_000_000, 20_000_000}, values);
        XorChunk chunk = chunkOf(timestamps, values);

        assertThat(chunk.bitLength() - base.bitLength()).isEqualTo(expectedBits - 1);
        assertRoundTrips(timestamps, values);
    }

    @Test
    void continuingFromBytesProducesTheSameBytesAsAppendingInOneGo() {
        Random random = new Random(11);
        List<long[]> valueSeries = List.of(
                bits(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
                bits(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
                Arrays.copyOf(SPECIAL_BITS, SPECIAL_BITS.length),
                random.longs(40).toArray(),
                bits(0, 0.125, 0x1p-11, 0x1p-11, 0.125, 0, 7, 7, 7.5, 1e300, -1e-300, 3));
        for (long[] values : valueSeries) {
            long[] timestamps = new long[values.length];
            long t = -100_000;
            long step = 15_000;
            for (int i = 0; i < timestamps.length; i++) {
                step += random.nextInt(3) == 0 ? random.nextInt(2_000_001) - 1_000_000 : 0;
                t += Math.max(1, step);
                timestamps[i] = t;
            }
            byte[] expected = chunkOf(timestamps, values).bytes();
            for (int split = 0; split <= values.length; split++) {
                XorChunk prefix = chunkOf(Arrays.copyOf(timestamps, split), Arrays.copyOf(values, split));
                XorChunk resumed = XorChunk.fromBytes(prefix.bytes());
                assertThat(resumed.bytes()).isEqualTo(prefix.bytes());
                for (int i = split; i < values.length; i++) {
                    resumed.append(timestamps[i], Double.longBitsToDouble(values[i]));
                }

                assertThat(resumed.bytes()).as("split at %d", split).isEqualTo(expected);
                assertThat(resumed.numSamples()).isEqualTo(values.length);
                assertThat(resumed.minTime()).isEqualTo(timestamps[0]);
                assertThat(resumed.maxTime()).isEqualTo(timestamps[values.length - 1]);
                assertThat(drain(resumed.iterator(null)).valueBits()).containsExactly(values);
            }
        }
    }

    @Test
    void restoresTheAppenderFromAChunkWithoutTheEmptyTrailingByte() {
        // A stream that ends on a byte boundary after single-bit writes has no trailing byte; both forms resume alike.
        XorChunk three = new XorChunk();
        three.append(0, 0.0);
        three.append(1, 0.125);
        three.append(2, 0x1p-11);
        byte[] withByte = three.bytes();
        byte[] withoutByte = Arrays.copyOf(withByte, withByte.length - 1);

        XorChunk a = XorChunk.fromBytes(withByte);
        XorChunk b = XorChunk.fromBytes(withoutByte);
        assertThat(b.bytes()).isEqualTo(withoutByte);
        a.append(3, 0x1p-11);
        b.append(3, 0x1p-11);
        three.append(3, 0x1p-11);

        assertThat(a.bytes()).isEqualTo(three.bytes());
        assertThat(b.bytes()).isEqualTo(three.bytes());
    }

    @Test
    void fromBytesRestoresTimeBoundsAndRejectsEarlierTimestamps() {
        XorChunk chunk = XorChunk.fromBytes(chunkOf(new long[] {100, 200, 300}, bits(1, 2, 3)).bytes());

        assertThat(chunk.numSamples()).isEqualTo(3);
        assertThat(chunk.minTime()).isEqualTo(100);
        assertThat(chunk.maxTime()).isEqualTo(300);
        assertThatThrownBy(() -> chunk.append(300, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fromBytesRejectsMalformedData() {
        byte[] valid = chunkOf(new long[] {100, 200, 350, 400}, bits(1, 2.5, 3, -7)).bytes();
        byte[] dirtyPadding = valid.clone();
        dirtyPadding[dirtyPadding.length - 1] |= 1;
        byte[] trailingGarbage = Arrays.copyOf(valid, valid.length + 2);

        assertThatThrownBy(() -> XorChunk.fromBytes(new byte[] {0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XorChunk.fromBytes(Arrays.copyOf(valid, valid.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> XorChunk.fromBytes(dirtyPadding))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> XorChunk.fromBytes(trailingGarbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void rejectsTimestampsThatDoNotIncrease() {
        XorChunk chunk = new XorChunk();
        chunk.append(10, 1);

        assertThatThrownBy(() -> chunk.append(10, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chunk.append(9, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(chunk.numSamples()).isEqualTo(1);
    }

    @Test
    void holdsAtMostTheSampleCountTheHeaderCanSay() {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
            chunk.append(i * 1000L, i & 7);
        }

        assertThatThrownBy(() -> chunk.append(Long.MAX_VALUE, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(Arrays.copyOf(chunk.bytes(), 2)).containsExactly(0xFF, 0xFF);
        assertThat(drain(XorIterator.of(chunk.bytes(), null)).timestamps()).hasSize(XorChunk.MAX_SAMPLES);
    }

    @Test
    void reportsTimeBoundsOnlyForANonEmptyChunk() {
        XorChunk chunk = new XorChunk();
        assertThatThrownBy(chunk::minTime).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(chunk::maxTime).isInstanceOf(IllegalStateException.class);

        chunk.append(-20, 1);
        chunk.append(30, 1);
        assertThat(chunk.minTime()).isEqualTo(-20);
        assertThat(chunk.maxTime()).isEqualTo(30);
    }

    @Test
    void returnsACopyFromBytes() {
        XorChunk chunk = chunkOf(new long[] {1, 2}, bits(1, 2));
        byte[] first = chunk.bytes();
        first[2] = 0x55;

        assertThat(chunk.bytes()).isNotEqualTo(first);
    }

    @Test
    void keepsAOneHundredTwentySampleCounterChunkWellUnderOneKilobyteOfHeap() {
        XorChunk empty = new XorChunk();
        assertThat(empty.heapBytes()).isLessThanOrEqualTo(128);

        XorChunk chunk = new XorChunk();
        Random random = new Random(5);
        long t = 1_700_000_000_000L;
        double value = 0;
        long previousHeap = empty.heapBytes();
        for (int i = 0; i < 120; i++) {
            chunk.append(t, value);
            t += 15_000 + random.nextInt(21) - 10;
            value += random.nextInt(20);
            assertThat(chunk.heapBytes()).isGreaterThanOrEqualTo(previousHeap).isGreaterThan(chunk.sizeBytes() + 72L);
            // Growth by half plus room for one worst-case sample bounds the unused capacity.
            assertThat(chunk.heapBytes()).isLessThanOrEqualTo(72 + 16 + (chunk.sizeBytes() + 21) * 3 / 2 + 8);
            previousHeap = chunk.heapBytes();
        }

        assertThat(chunk.heapBytes()).isGreaterThan(empty.heapBytes()).isLessThan(1024);
    }

    static long[] bits(double... values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
