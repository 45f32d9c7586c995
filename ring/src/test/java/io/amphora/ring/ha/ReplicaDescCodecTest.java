package io.amphora.ring.ha;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaDescCodecTest {
    private static final ReplicaDesc SAMPLE = new ReplicaDesc("prometheus-ü-1",
            Instant.ofEpochSecond(1_735_689_600L, 123_000_000), Instant.ofEpochSecond(1_735_689_000L), 7);

    @Test
    void roundTripsEveryField() {
        assertThat(ReplicaDescCodec.decode(ReplicaDescCodec.encode(SAMPLE))).isEqualTo(SAMPLE);
    }

    @Test
    void startsWithTheFormatVersion() {
        assertThat(ReplicaDescCodec.encode(SAMPLE)[0]).isEqualTo((byte) 1);
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        byte[] bytes = ReplicaDescCodec.encode(SAMPLE);
        bytes[0] = 3;

        assertThatThrownBy(() -> ReplicaDescCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported HA replica descriptor format version 3");
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        byte[] bytes = ReplicaDescCodec.encode(SAMPLE);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ReplicaDescCodec.decode(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ReplicaDescCodec.decode(Arrays.copyOf(bytes, bytes.length + 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt HA replica descriptor: 2 trailing bytes");
    }

    @Test
    void validatesTheDescriptor() {
        assertThatThrownBy(() -> new ReplicaDesc("", Instant.EPOCH, Instant.EPOCH, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplicaDesc("r", Instant.EPOCH, Instant.EPOCH, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
