package io.amphora.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamTest {
    @Test
    void writesBitsMostSignificantFirst() {
        byte[] buf = new byte[2];
        BitStream.write(buf, 0, 0b101, 3);
        BitStream.write(buf, 3, 0b1, 1);
        BitStream.write(buf, 4, 0b0110_1, 5);

        assertThat(buf).containsExactly(0b1011_0110, 0b1000_0000);
    }

    @Test
    void ignoresBitsAboveTheRequestedWidth() {
        byte[] buf = new byte[1];
        BitStream.write(buf, 2, -1L, 3);

        assertThat(buf).containsExactly(0b0011_1000);
    }

    @Test
    void writesSixtyFourBitsAcrossNineBytes() {
        byte[] buf = new byte[9];
        BitStream.write(buf, 4, 0x0123_4567_89AB_CDEFL, 64);

        assertThat(buf).containsExactly(0x00, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0);
        assertThat(BitStream.peek(buf, 4)).isEqualTo(0x0123_4567_89AB_CDEFL);
    }

    @Test
    void peekReadsZerosPastTheEnd() {
        byte[] buf = {(byte) 0xFF, (byte) 0x81};

        assertThat(BitStream.peek(buf, 0)).isEqualTo(0xFF81_0000_0000_0000L);
        assertThat(BitStream.peek(buf, 9)).isEqualTo(0x0200_0000_0000_0000L);
        assertThat(BitStream.peek(buf, 16)).isZero();
        assertThat(BitStream.peek(buf, 100)).isZero();
    }

    @Test
    void randomFieldsReadBackAtEveryOffsetAndArraySize() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            int fields = 1 + random.nextInt(12);
            int[] widths = new int[fields];
            long[] values = new long[fields];
            int totalBits = 0;
            for (int i = 0; i < fields; i++) {
                widths[i] = 1 + random.nextInt(64);
                values[i] = random.nextLong();
                totalBits += widths[i];
            }
            // Exactly as many bytes as the bits need, so the writes near the end take the byte-loop path.
            byte[] buf = new byte[(totalBits + 7) / 8];
            boolean[] model = new boolean[buf.length * 8];
            int pos = 0;
            for (int i = 0; i < fields; i++) {
                BitStream.write(buf, pos, values[i], widths[i]);
                for (int b = 0; b < widths[i]; b++) {
                    model[pos + b] = ((values[i] >>> (widths[i] - 1 - b)) & 1) != 0;
                }
                pos += widths[i];
            }

            for (int bit = 0; bit < model.length; bit++) {
                boolean actual = (buf[bit >>> 3] & (0x80 >>> (bit & 7))) != 0;
                assertThat(actual).as("bit %d of round %d", bit, round).isEqualTo(model[bit]);
            }
            pos = 0;
            for (int i = 0; i < fields; i++) {
                long mask = widths[i] == 64 ? -1L : (1L << widths[i]) - 1;
                long read = widths[i] == 64 ? BitStream.peek(buf, pos) : BitStream.peek(buf, pos) >>> (64 - widths[i]);
                assertThat(read).as("field %d of round %d", i, round).isEqualTo(values[i] & mask);
                pos += widths[i];
            }
        }
    }
}
