package io.amphora.tsdb.store;

import io.amphora.model.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class KeysTest {
    private static final byte[] A = Keys.tenantPrefix(TenantId.of("a"));

    @Test
    void aTenantsKeysFallInsideItsRangeAndNoOtherTenantsDo() {
        TenantId a = TenantId.of("a");
        byte[] from = Keys.tenantPrefix(a);
        byte[] to = Keys.tenantPrefixEnd(a);
        for (String other : new String[] {"a!", "a0", "aa", "A", "b", "a(", "a)"}) {
            byte[] key = Keys.seriesKey(Keys.tenantPrefix(TenantId.of(other)), 0);
            assertThat(inRange(key, from, to)).as(other).isFalse();
        }
        assertThat(inRange(Keys.seriesKey(from, Long.MAX_VALUE), from, to)).isTrue();
        assertThat(inRange(Keys.chunkKey(from, -1, Long.MIN_VALUE, 0), from, to)).isTrue();
        assertThat(inRange(Keys.postingKey(from, "", "", 0), from, to)).isTrue();
    }

    private static boolean inRange(byte[] key, byte[] from, byte[] to) {
        return Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, to) < 0;
    }

    @Test
    void chunkKeysSortByRefThenMinTimeIncludingNegativeTimes() {
        byte[][] keys = {
                Keys.chunkKey(A, 1, Long.MIN_VALUE, 9),
                Keys.chunkKey(A, 1, -1, 0),
                Keys.chunkKey(A, 1, 0, 0),
                Keys.chunkKey(A, 1, 0, 1),
                Keys.chunkKey(A, 1, Long.MAX_VALUE, 0),
                Keys.chunkKey(A, 2, Long.MIN_VALUE, 0),
        };
        for (int i = 1; i < keys.length; i++) {
            assertThat(Arrays.compareUnsigned(keys[i - 1], keys[i])).as("key %d < key %d", i - 1, i).isNegative();
        }
    }

    @Test
    void walKeysSortBySequence() {
        assertThat(Arrays.compareUnsigned(Keys.walKey(255), Keys.walKey(256))).isNegative();
        assertThat(Keys.getLong(Keys.walKey(123456789L), 0)).isEqualTo(123456789L);
    }

    @Test
    void tenantIsRecoveredFromAKey() {
        byte[] key = Keys.chunkKey(Keys.tenantPrefix(TenantId.of("ws-1")), 7, 0, 0);
        assertThat(Keys.tenantOf(key)).isEqualTo(TenantId.of("ws-1"));
        assertThat(Keys.getLong(key, Keys.prefixLength(key))).isEqualTo(7);
    }
}
