package io.amphora.tsdb.store;

import io.amphora.model.Labels;
import io.amphora.model.TenantId;
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
