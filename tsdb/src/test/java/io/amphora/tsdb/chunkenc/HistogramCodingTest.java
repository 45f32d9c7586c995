package io.amphora.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HistogramCodingTest {
    private static BitReader reader(BitWriter w) {
        BitReader r = new BitReader();
        r.reset(w.bytes(), 0, w.bitPosition());
        return r;
    }

    @Test
    void varbitIntegersUseTheSmallestBucketAndRoundTripAtEveryBoundary() {
        long[] values = {0, 1, -1, 4, -3, 5, -4, 32, -31, 33, -32, 256, -255, 257, -256, 2048, -2047, 2049, -2048,
            131072, -131071, 131073, -131072, 16777216, -16777215, 16777217, -16777216, 1L << 55, -(1L << 55) + 1,
            (1L << 55) + 1, -(1L << 55), Long.MAX_VALUE, Long.MIN_VALUE};
        int[] widths = {1, 5, 5, 5, 5, 9, 9, 9, 9, 13, 13, 13, 13, 17, 17, 17, 17, 24, 24, 24, 24, 32, 32, 32, 32,
            64, 64, 64, 64, 72, 72, 72, 72};
        BitWriter w = new BitWriter(0);
        for (int i = 0; i < values.length; i++) {
            int before = w.bitPosition();
            HistogramCoding.putVarbitInt(w, values[i]);
            assertThat(w.bitPosition() - before).as("bits for %d", values[i]).isEqualTo(widths[i]);
        }
        BitReader r = reader(w);
        for (long v : values) {
            assertThat(HistogramCoding.readVarbitInt(r)).isEqualTo(v);
        }
    }

    @Test
    void varbitUnsignedIntegersRoundTripUpToTheFull64Bits() {
        long[] values = {0, 7, 8, 63, 64, 511, 512, 4095, 4096, 262143, 262144, 33554431, 33554432, (1L << 56) - 1, 1L << 56, -1};
        BitWriter w = new BitWriter(0);
        for (long v : values) {
            HistogramCoding.putVarbitUint(w, v);
        }
        BitReader r = reader(w);
        for (long v : values) {
            assertThat(HistogramCoding.readVarbitUint(r)).isEqualTo(v);
        }
    }

    @Test
    void zeroThresholdsTakeOneByteWhenZeroOrAPowerOfTwoInRange() {
        BitWriter w = new BitWriter(0);
        double[] thresholds = {0, 0x1p-128, 0x1p-243, 0x1p10, 0x1p-244, 0x1p11, 0.001, -0x1p-128, Double.NaN};
        for (double t : thresholds) {
            HistogramCoding.putZeroThreshold(w, t);
        }
        assertThat(HexFormat.of().formatHex(w.bytes(), 0, 4)).isEqualTo("007401fe");
        BitReader r = reader(w);
        for (double t : thresholds) {
            assertThat(Double.doubleToRawLongBits(HistogramCoding.readZeroThreshold(r))).isEqualTo(Double.doubleToRawLongBits(t));
        }
        assertThat(w.bitPosition()).isEqualTo(4 * 8 + 5 * 72);
    }

    @Test
    void customBoundsUseAShortFormForMultiplesOfAThousandthUpTo33554point43() {
        double[] bounds = {0, 0.001, 1, 2.5, 33554.43, 33554.431, -1, 0.0001, Double.POSITIVE_INFINITY, 1e300};
        int[] widths = {5, 5, 17, 17, 32, 65, 65, 65, 65, 65};
        BitWriter w = new BitWriter(0);
        for (int i = 0; i < bounds.length; i++) {
            int before = w.bitPosition();
            HistogramCoding.putCustomBound(w, bounds[i]);
            assertThat(w.bitPosition() - before).as("bits for %s", bounds[i]).isEqualTo(widths[i]);
        }
        BitReader r = reader(w);
        for (double b : bounds) {
            assertThat(HistogramCoding.readCustomBound(r)).isEqualTo(b);
        }
    }

    @Test
    void lengthFollowsPrometheus2WhoseWholeByteWritesLeaveAnEmptyByteOnABoundary() {
        BitWriter aligned = new BitWriter(3);
        aligned.write(0xABCD, 16);
        BitWriter unaligned = new BitWriter(3);
        unaligned.write(1, 1);
        unaligned.write(0xAB, 8);
        BitWriter bitsLast = new BitWriter(3);
        bitsLast.write(0xAB, 7);
        bitsLast.write(1, 1);

        assertThat(aligned.length()).isEqualTo(6);
        assertThat(unaligned.length()).isEqualTo(5);
        assertThat(bitsLast.length()).isEqualTo(4);
    }
}
