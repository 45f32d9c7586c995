package io.amphora.ring;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.amphora.ring.RingFixtures.instance;
import static io.amphora.ring.RingFixtures.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingDescCodecTest {
    private static final RingDesc SAMPLE = ring(
            instance("ingester-0", "eu-west-1a", Integer.MIN_VALUE, -5, 17),
            new InstanceDesc("ingester-1", "10.0.0.2:9095", "", InstanceState.JOINING, new int[0],
                    Instant.ofEpochSecond(1_700_000_000L, 123_456_789)),
            new InstanceDesc("ingéster-ü", "[::1]:9095", "zone ü", InstanceState.LEAVING, new int[] {Integer.MAX_VALUE},
                    Instant.ofEpochSecond(-5, 1)));

    @Test
    void roundTripsEveryField() {
        assertThat(RingDescCodec.decode(RingDescCodec.encode(SAMPLE))).isEqualTo(SAMPLE);
        assertThat(RingDescCodec.decode(RingDescCodec.encode(RingDesc.EMPTY))).isEqualTo(RingDesc.EMPTY);
    }

    @Test
    void startsWithTheFormatVersion() {
        assertThat(RingDescCodec.encode(SAMPLE)[0]).isEqualTo((byte) 1);
    }

    @Test
    void encodingDoesNotDependOnMapOrder() {
        Map<String, InstanceDesc> forward = new LinkedHashMap<>();
        Map<String, InstanceDesc> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("i" + i, instance("i" + i, i * 10));
            backward.put("i" + (19 - i), instance("i" + (19 - i), (19 - i) * 10));
        }

        assertThat(RingDescCodec.encode(new RingDesc(forward))).isEqualTo(RingDescCodec.encode(new RingDesc(backward)));
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        byte[] bytes = RingDescCodec.encode(SAMPLE);
        bytes[0] = 2;

        assertThatThrownBy(() -> RingDescCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported ring descriptor format version 2");
    }

    @Test
    void refusesEveryTruncation() {
        byte[] bytes = RingDescCodec.encode(SAMPLE);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> RingDescCodec.decode(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesTrailingBytes() {
        byte[] bytes = Arrays.copyOf(RingDescCodec.encode(SAMPLE), RingDescCodec.encode(SAMPLE).length + 1);

        assertThatThrownBy(() -> RingDescCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt ring descriptor: 1 trailing bytes");
    }

    @Test
    void refusesAnUnknownState() {
        byte[] bytes = RingDescCodec.encode(ring(instance("a", 1)));
        // version(1) + count(4) + id "a"(3) + address "a:9095"(8) + zone ""(2), then the state byte.
        bytes[1 + 4 + 3 + 8 + 2] = 9;

        assertThatThrownBy(() -> RingDescCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt ring descriptor: unknown instance state 9");
    }

    @Test
    void refusesAHugeInstanceCountWithoutAllocatingForIt() {
        byte[] bytes = {1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};

        assertThatThrownBy(() -> RingDescCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("corrupt ring descriptor: instance count 2147483647");
    }
}
