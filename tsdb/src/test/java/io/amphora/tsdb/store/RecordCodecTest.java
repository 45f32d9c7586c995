package io.amphora.tsdb.store;

import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.EncodedChunk;
import io.amphora.tsdb.head.HeadRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {
    @Test
    void walRecordsRoundTripExactly() {
        long[] refs = {1, 300, Long.MAX_VALUE};
        long[] ts = {-5, 0, Long.MAX_VALUE};
        double[] vs = {Double.NaN, -0.0, Double.longBitsToDouble(0x7ff0000000000002L)};
        WalRecord r = WalRecord.decode(WalRecord.encode(TenantId.of("t"), refs, ts, vs, 3));
        assertThat(r.tenant()).isEqualTo(TenantId.of("t"));
        assertThat(r.count()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(r.ref(i)).isEqualTo(refs[i]);
            assertThat(r.timestamp(i)).isEqualTo(ts[i]);
            assertThat(Double.doubleToRawLongBits(r.value(i))).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
    }

    @Test
    void everyFlippedBitOfAWalRecordIsDetected() {
        byte[] record = WalRecord.encode(TenantId.of("t"), new long[] {1}, new long[] {2}, new double[] {3}, 1);
        for (int bit = 0; bit < record.length * 8; bit++) {
            byte[] copy = record.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> WalRecord.decode(copy)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> WalRecord.decode(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headRecordsRoundTrip() {
        HeadRecord in = new HeadRecord(42, Double.doubleToRawLongBits(1.5), new byte[] {0, 1, 2},
                new long[] {1, 2}, new double[] {Double.NaN, 4});
        HeadRecord out = HeadRecord.decode(in.encode());
        assertThat(out.lastTimestamp()).isEqualTo(42);
        assertThat(out.lastValueBits()).isEqualTo(Double.doubleToRawLongBits(1.5));
        assertThat(out.openChunk()).containsExactly(0, 1, 2);
        assertThat(out.oooTimestamps()).containsExactly(1, 2);
        assertThat(Double.isNaN(out.oooValues()[0])).isTrue();
        HeadRecord none = HeadRecord.decode(new HeadRecord(1, 0, null, new long[0], new double[0]).encode());
        assertThat(none.openChunk()).isNull();
    }

    private static final Histogram HISTOGRAM = new Histogram(CounterResetHint.COUNTER_RESET, -2, 0x1p-128, 3, -1L, 12.5,
            new Span[] {new Span(-4, 2), new Span(3, 1)}, new long[] {1, Long.MIN_VALUE, 7}, new Span[] {new Span(0, 1)},
            new long[] {2}, new double[0]);
    private static final FloatHistogram FLOAT_HISTOGRAM = new FloatHistogram(CounterResetHint.GAUGE,
            Histogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 4.5, Double.longBitsToDouble(0x7ff0000000000002L),
            new Span[] {new Span(0, 2)}, new double[] {-0.0, 4.5}, new Span[0], new double[0], new double[] {0.5, 1e300});

    @Test
    void walRecordsWithHistogramsKeepEveryFieldAndTheSampleOrder() {
        long[] refs = {7, 8, 7};
        long[] ts = {1, 2, 3};
        double[] vs = {0, 0, -2.5};
        Object[] hs = {HISTOGRAM, FLOAT_HISTOGRAM, null};

        byte[] encoded = WalRecord.encode(TenantId.of("t"), refs, ts, vs, hs, 3);
        WalRecord r = WalRecord.decode(encoded);

        assertThat(encoded[0]).isEqualTo((byte) WalRecord.VERSION_WITH_HISTOGRAMS);
        assertThat(r.histogram(0)).isEqualTo(HISTOGRAM);
        assertThat(r.floatHistogram(0)).isNull();
        assertThat(r.floatHistogram(1)).isEqualTo(FLOAT_HISTOGRAM);
        assertThat(Double.doubleToRawLongBits(r.floatHistogram(1).sum())).isEqualTo(0x7ff0000000000002L);
        assertThat(r.histogram(2)).isNull();
        assertThat(r.value(2)).isEqualTo(-2.5);
        assertThat(WalRecord.encode(TenantId.of("t"), refs, ts, vs, null, 3)[0]).as("floats only").isEqualTo((byte) WalRecord.VERSION);
        for (int bit = 0; bit < encoded.length * 8; bit += 7) {
            byte[] copy = encoded.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> WalRecord.decode(copy)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void headRecordsOfHistogramSeriesCarryTheOpenEncodingTheLastHistogramAndOutOfOrderHistograms() {
        HeadRecord in = new HeadRecord(42, 0, new byte[] {0, 1, 0, 9}, 2, HISTOGRAM, new long[] {1, 2, 3},
                new double[] {0, 4, 0}, new Object[] {FLOAT_HISTOGRAM, null, HISTOGRAM});

        HeadRecord out = HeadRecord.decode(in.encode());

        assertThat(out.openEncoding()).isEqualTo(2);
        assertThat(out.lastHistogram()).isEqualTo(HISTOGRAM);
        assertThat(out.oooHistograms()).containsExactly(FLOAT_HISTOGRAM, null, HISTOGRAM);
        assertThat(out.oooValues()[1]).isEqualTo(4);
        assertThat(HeadRecord.decode(new HeadRecord(1, 0, null, new long[0], new double[0]).encode()).openEncoding())
                .as("a record without the histogram trailer").isEqualTo(1);
    }

    @Test
    void labelsAndChunksRoundTripAndDetectCorruption() {
        Labels labels = Labels.of("__name__", "up", "job", "a\u0000b", "zone", "é");
        byte[] encoded = RocksDbStore.encodeLabels(labels);
        assertThat(RocksDbStore.decodeLabels(encoded)).isEqualTo(labels);
        encoded[1] ^= 4;
        assertThatThrownBy(() -> RocksDbStore.decodeLabels(encoded)).hasMessageContaining("checksum mismatch");

        EncodedChunk chunk = new EncodedChunk(10, 20, 1, new byte[] {9, 8, 7});
        byte[] value = RocksDbStore.encodeChunk(chunk);
        EncodedChunk back = RocksDbStore.decodeChunk(10, value);
        assertThat(back.maxTime()).isEqualTo(20);
        assertThat(back.data()).containsExactly(9, 8, 7);
        value[9] ^= 1;
        assertThatThrownBy(() -> RocksDbStore.decodeChunk(10, value)).hasMessageContaining("checksum mismatch");
    }
}
