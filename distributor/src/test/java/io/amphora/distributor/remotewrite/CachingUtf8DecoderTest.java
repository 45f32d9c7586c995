package io.amphora.distributor.remotewrite;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CachingUtf8Decoder} must give what {@code ByteString.toStringUtf8()} and {@code ByteString.isValidUtf8()}
 * give for the same bytes, whatever its cache holds.
 */
class CachingUtf8DecoderTest {
    private static final int[] INTERESTING_BYTES = {
            0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
            0xf4, 0xf5, 0xff};

    @Test
    void judgesEveryOneAndTwoByteStringLikeProtobuf() {
        byte[] bytes = new byte[2];
        for (int first = 0; first < 256; first++) {
            bytes[0] = (byte) first;
            assertSameAsProtobuf(bytes, 0, 1);
            for (int second = 0; second < 256; second++) {
                bytes[1] = (byte) second;
                assertSameAsProtobuf(bytes, 0, 2);
            }
        }
    }

    @Test
    void judgesEveryThreeByteStringWithANonAsciiLeadLikeProtobuf() {
        byte[] bytes = new byte[3];
        for (int first = 0xc0; first < 256; first++) {
            bytes[0] = (byte) first;
            for (int second = 0; second < 256; second++) {
                bytes[1] = (byte) second;
                for (int third = 0; third < 256; third++) {
                    bytes[2] = (byte) third;
                    assertValidityAsProtobuf(bytes);
                }
            }
        }
    }

    @Test
    void judgesFourByteSequencesLikeProtobuf() {
        byte[] bytes = new byte[4];
        for (int first = 0xf0; first <= 0xf5; first++) {
            bytes[0] = (byte) first;
            for (int second = 0; second < 256; second++) {
                bytes[1] = (byte) second;
                for (int third : INTERESTING_BYTES) {
                    bytes[2] = (byte) third;
                    for (int fourth : INTERESTING_BYTES) {
                        bytes[3] = (byte) fourth;
                        assertSameAsProtobuf(bytes, 0, 4);
                    }
                }
            }
        }
    }

    @Test
    void decodesRandomMixturesLikeProtobufWhereverTheyStartAndEnd() {
        SplittableRandom random = new SplittableRandom(0x0007_f8a1L);
        String[] pieces = {"a", "label_value", "é", "日本", "😀", "\u0000", "\u007f"};
        for (int round = 0; round < 20_000; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int parts = random.nextInt(8);
            for (int i = 0; i < parts; i++) {
                if (random.nextInt(5) == 0) {
                    out.write(INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
                } else {
                    out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(UTF_8));
                }
            }
            byte[] bytes = out.toByteArray();
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertSameAsProtobuf(bytes, offset, random.nextInt(bytes.length - offset + 1));
        }
    }

    @Test
    void returnsOneInstanceForRepeatedAsciiStrings() {
        byte[] buffer = "__name__ job __name__ job".getBytes(UTF_8);
        CachingUtf8Decoder decoder = new CachingUtf8Decoder(buffer);

        String name = decoder.decode(0, 8);
        String job = decoder.decode(9, 3);

        assertThat(decoder.decode(13, 8)).isEqualTo("__name__").isSameAs(name);
        assertThat(decoder.decode(22, 3)).isEqualTo("job").isSameAs(job);
        assertThat(decoder.decode(0, 0)).isEmpty();
    }

    @Test
    void neverConfusesDistinctStringsThatShareTheirEndsOrCollide() {
        // For every length 1..48, 40 strings that differ only in their middle byte, so that strings longer than 16
        // bytes share their first and last eight bytes: 1,920 strings for a table of 512 slots, where strings of the
        // same length collide all the time.
        SplittableRandom random = new SplittableRandom(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> spans = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int length = 1; length <= 48; length++) {
            for (int variant = 0; variant < 40; variant++) {
                byte[] s = new byte[length];
                Arrays.fill(s, (byte) 'x');
                s[length / 2] = (byte) ('A' + variant);
                spans.add(new int[] {out.size(), length});
                expected.add(new String(s, UTF_8));
                out.writeBytes(s);
            }
        }
        CachingUtf8Decoder decoder = new CachingUtf8Decoder(out.toByteArray());

        int reused = 0;
        String[] previous = new String[spans.size()];
        for (int round = 0; round < 100_000; round++) {
            int i = random.nextInt(spans.size());
            String decoded = decoder.decode(spans.get(i)[0], spans.get(i)[1]);
            if (!decoded.equals(expected.get(i))) {
                assertThat(decoded).as("string %d", i).isEqualTo(expected.get(i));
            }
            if (decoded == previous[i]) {
                reused++;
            }
            previous[i] = decoded;
        }
        // The cache was in play: many decodes returned a cached instance, while collisions replaced others.
        assertThat(reused).isBetween(10_000, 90_000);
    }

    @Test
    void readsShortStringsAtTheVeryEndOfTheBuffer() {
        byte[] buffer = "abcdefghij".getBytes(UTF_8);
        CachingUtf8Decoder decoder = new CachingUtf8Decoder(buffer);

        for (int length = 1; length <= 7; length++) {
            int offset = buffer.length - length;
            assertThat(decoder.decode(offset, length)).isEqualTo("abcdefghij".substring(offset));
            assertThat(decoder.decode(0, length)).isEqualTo("abcdefghij".substring(0, length));
        }
    }

    private static void assertSameAsProtobuf(byte[] bytes, int offset, int length) {
        ByteString reference = ByteString.copyFrom(bytes, offset, length);
        CachingUtf8Decoder decoder = new CachingUtf8Decoder(bytes);

        String decoded = decoder.decode(offset, length);

        assertThat(decoded).as("%s", reference).isEqualTo(reference.toStringUtf8());
        assertThat(decoder.lastWasValidUtf8()).as("%s", reference).isEqualTo(reference.isValidUtf8());
    }

    private static void assertValidityAsProtobuf(byte[] bytes) {
        // Called millions of times: compare first, build the assertion only for a difference.
        boolean expected = UnsafeByteOperations.unsafeWrap(bytes).isValidUtf8();
        if (CachingUtf8Decoder.isValidUtf8(bytes, 0, bytes.length) != expected) {
            assertThat(!expected).as("validity of %s", ByteString.copyFrom(bytes)).isEqualTo(expected);
        }
    }
}
