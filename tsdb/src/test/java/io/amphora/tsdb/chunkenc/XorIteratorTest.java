package io.amphora.tsdb.chunkenc;

import static io.amphora.tsdb.chunkenc.XorChunkTest.bits;
import static io.amphora.tsdb.chunkenc.XorChunkTest.chunkOf;
import static io.amphora.tsdb.chunkenc.XorChunkTest.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.storage.ValueType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class XorIteratorTest {
    private static final HexFormat HEX = HexFormat.of();

    private static XorIterator fourSamples() {
        return chunkOf(new long[] {10, 20, 30, 40}, bits(1, 2, 3, 4)).iterator(null);
    }

    @Test
    void seekFromTheStartLandsOnTheFirstSampleAtOrAfterTheTarget() {
        XorIterator it = fourSamples();
        assertThat(it.seek(Long.MIN_VALUE)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(10);
        assertThat(it.atValue()).isEqualTo(1.0);

        XorIterator between = fourSamples();
        assertThat(between.seek(25)).isEqualTo(ValueType.FLOAT);
        assertThat(between.atT()).isEqualTo(30);
        assertThat(between.atValue()).isEqualTo(3.0);

        XorIterator exact = fourSamples();
        assertThat(exact.seek(40)).isEqualTo(ValueType.FLOAT);
        assertThat(exact.atT()).isEqualTo(40);
        assertThat(exact.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void seekNeverMovesBackwards() {
        XorIterator it = fourSamples();
        assertThat(it.seek(25)).isEqualTo(ValueType.FLOAT);

        assertThat(it.seek(5)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(30);
        assertThat(it.seek(30)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(30);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(40);
    }

    @Test
    void seekPastTheEndExhaustsTheIteratorForGood() {
        XorIterator it = fourSamples();

        assertThat(it.seek(41)).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        assertThat(it.seek(Long.MIN_VALUE)).isEqualTo(ValueType.NONE);
    }

    @Test
    void seekAfterNextExhaustedReturnsNoneEvenForAnEarlierTarget() {
        XorIterator it = fourSamples();
        while (it.next() == ValueType.FLOAT) {
            // drain
        }

        assertThat(it.seek(40)).isEqualTo(ValueType.NONE);
        assertThat(it.seek(0)).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void seekAndNextOnAnEmptyChunkReturnNone() {
        XorIterator it = new XorChunk().iterator(null);

        assertThat(it.seek(0)).isEqualTo(ValueType.NONE);
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void seekVisitsTheSameSamplesAsNextOverRandomTargets() {
        Random random = new Random(3);
        long[] timestamps = new long[120];
        long t = 1_000_000;
        for (int i = 0; i < timestamps.length; i++) {
            t += 1 + random.nextInt(30_000);
            timestamps[i] = t;
        }
        XorChunk chunk = chunkOf(timestamps, random.longs(120).toArray());
        XorIterator it = null;
        for (int round = 0; round < 200; round++) {
            it = chunk.iterator(it);
            long target = timestamps[0] - 10 + (long) (random.nextDouble() * (t - timestamps[0] + 20));
            int expected = 0;
            while (expected < timestamps.length && timestamps[expected] < target) {
                expected++;
            }
            if (expected == timestamps.length) {
                assertThat(it.seek(target)).isEqualTo(ValueType.NONE);
            } else {
                assertThat(it.seek(target)).isEqualTo(ValueType.FLOAT);
                assertThat(it.atT()).isEqualTo(timestamps[expected]);
            }
        }
    }

    @Test
    void reusedIteratorStartsAfreshOnNewData() {
        XorIterator it = fourSamples();
        it.seek(35);
        XorIterator broken = XorIterator.of(new byte[] {0, 5, 1}, it);
        assertThat(broken).isSameAs(it);
        assertThatThrownBy(broken::next).isInstanceOf(AmphoraException.class);

        XorChunk other = chunkOf(new long[] {7, 8}, bits(-1, -2));
        XorIterator again = XorIterator.of(other.bytes(), broken);

        assertThat(again).isSameAs(it);
        assertThat(drain(again).timestamps()).containsExactly(7, 8);
        assertThat(drain(other.iterator(again)).valueBits()).containsExactly(bits(-1, -2));
    }

    @Test
    void chunkIteratorSeesTheSamplesPresentWhenItWasCreated() {
        XorChunk chunk = new XorChunk();
        chunk.append(1, 1);
        chunk.append(2, 2);
        XorIterator early = chunk.iterator(null);
        for (int i = 3; i <= 200; i++) {
            chunk.append(i, i * 1.5);
        }

        assertThat(drain(early).timestamps()).containsExactly(1, 2);
        assertThat(drain(chunk.iterator(null)).timestamps()).hasSize(200);
    }

    @Test
    void everyTruncationOfAValidChunkIsReportedAsCorrupt() {
        Random random = new Random(9);
        long[] timestamps = new long[30];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = i * 15_000L + random.nextInt(3_000);
        }
        XorChunk chunk = chunkOf(timestamps, random.longs(30).toArray());
        byte[] data = chunk.bytes();
        int usedBytes = (chunk.bitLength() + 7) / 8;

        for (int length = 0; length < usedBytes; length++) {
            XorIterator it = XorIterator.of(Arrays.copyOf(data, length), null);
            assertCorrupt(() -> drain(it), length < 2 ? "2-byte" : "truncated");
        }
    }

    @Test
    void aSampleCountBeyondTheEncodedSamplesIsReportedAsCorrupt() {
        byte[] data = chunkOf(new long[] {1, 2, 3, 4, 5}, bits(1, 2, 3, 4, 5)).bytes();
        data[1] += 10;

        assertCorrupt(() -> drain(XorIterator.of(data, null)), "truncated");
    }

    @Test
    void aVarintLongerThanSixtyFourBitsIsReportedAsCorrupt() {
        byte[] tenthByteTooLarge = HEX.parseHex("0001" + "FFFFFFFFFFFFFFFFFF02" + "0000000000000000");
        byte[] elevenBytes = HEX.parseHex("0001" + "FFFFFFFFFFFFFFFFFFFF01" + "0000000000000000");

        assertCorrupt(() -> XorIterator.of(tenthByteTooLarge, null).next(), "overflows");
        assertCorrupt(() -> XorIterator.of(elevenBytes, null).next(), "overflows");
    }

    @Test
    void moreLeadingAndSignificantBitsThanADoubleHasIsReportedAsCorrupt() {
        // Sample 1's value: control 11, leading 11111 (31), significant 000000 (64): 95 bits cannot fit in 64.
        // Bits 11 11111 000000 then zeros: 1111_1110 0000_0000 ...
        byte[] data = HEX.parseHex("0002" + "00" + "0000000000000000" + "01" + "FE00000000000000000000");

        assertCorrupt(() -> drain(XorIterator.of(data, null)), "significant");
    }

    @Test
    void timestampsThatDoNotIncreaseAreReportedAsCorrupt() {
        // t0 = zigzag 20 -> 10; a delta of 0 and a delta of 2^64-1 (that is, -1) both fail to move forwards.
        byte[] zeroDelta = HEX.parseHex("0002" + "14" + "0000000000000000" + "00" + "00");
        byte[] wrappedDelta = HEX.parseHex("0002" + "14" + "0000000000000000" + "FFFFFFFFFFFFFFFFFF01" + "00");

        assertCorrupt(() -> drain(XorIterator.of(zeroDelta, null)), "not after");
        assertCorrupt(() -> drain(XorIterator.of(wrappedDelta, null)), "not after");
    }

    @Test
    void aFailureIsRepeatedByEveryLaterCall() {
        XorIterator it = XorIterator.of(new byte[] {0, 1, 2}, null);

        assertCorrupt(it::next, "truncated");
        assertCorrupt(it::next, "truncated");
        assertCorrupt(() -> it.seek(0), "truncated");
    }

    @Test
    void decodesAWindowReuseBeforeAnyWindowAsSixtyFourBits() {
        // Prometheus's appender, reopened on a one-sample chunk, starts from a 0/0 window and may reuse it at once:
        // control 10, then all 64 bits of 1.0^2.0 = 0x7FF0000000000000. Bits 10 0111111111110000 0...: 9F FC 00...
        byte[] data = HEX.parseHex("0002" + "00" + "3FF0000000000000" + "01" + "9FFC00000000000000");

        XorChunkTest.Decoded decoded = drain(XorIterator.of(data, null));
        assertThat(decoded.timestamps()).containsExactly(0, 1);
        assertThat(decoded.valueBits()).containsExactly(bits(1.0, 2.0));

        XorChunk resumed = XorChunk.fromBytes(data);
        resumed.append(2, 3.0);
        assertThat(drain(resumed.iterator(null)).valueBits()).containsExactly(bits(1.0, 2.0, 3.0));
    }

    @Test
    void ignoresBytesAfterTheLastSample() {
        byte[] data = chunkOf(new long[] {5, 6}, bits(1, 1)).bytes();
        byte[] padded = Arrays.copyOf(data, data.length + 16);
        Arrays.fill(padded, data.length, padded.length, (byte) 0xA5);

        assertThat(drain(XorIterator.of(padded, null)).timestamps()).containsExactly(5, 6);
    }

    private static void assertCorrupt(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA))
                .hasMessageContaining(messagePart);
    }
}
