package io.amphora.distributor.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static io.amphora.distributor.remotewrite.WireBytes.FIXED64;
import static io.amphora.distributor.remotewrite.WireBytes.VARINT;
import static io.amphora.distributor.remotewrite.WireRequests.V2_CONTENT_TYPE;
import static io.amphora.distributor.remotewrite.WireRequests.snappy;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link V2RequestParser} against its reference, {@link GeneratedRequestV2Decoder} (the generated protobuf parser
 * followed by symbol resolution): for every body both give the same series and the same rejections, down to the bits
 * of each double, or both refuse the body with the same message. Seeded, so a failure names a body that reproduces.
 */
class V2RequestParserTest {
    private static final long SEED = 0x5eed_0002_0a11L;
    private static final int RANDOM_BODIES = 3_000;
    /** Fewer than for 1.0: most mutated 2.0 bodies are refused, and every refusal costs two exceptions. */
    private static final int MUTATED_BODIES = 6_000;

    // ---- differential ------------------------------------------------------------------------------------------

    @Test
    void decodesRandomValidBodiesExactlyLikeTheGeneratedParser() {
        RandomWriteRequests random = new RandomWriteRequests(SEED);
        Tally tally = new Tally();
        for (int i = 0; i < RANDOM_BODIES; i++) {
            tally.add(assertSameOutcome("random body " + i, random.v2Body()));
        }

        // Some bodies are refused for their symbol table, but most decode, to series and to rejections.
        assertThat(tally.decoded).isGreaterThan(RANDOM_BODIES * 7 / 10);
        assertThat(tally.seriesDecoded).isGreaterThan(RANDOM_BODIES / 2);
        assertThat(tally.rejections).isGreaterThan(RANDOM_BODIES / 2);
        assertThat(tally.refused).isGreaterThan(RANDOM_BODIES / 50);
    }

    @Test
    void decodesOrRefusesMutatedBodiesExactlyLikeTheGeneratedParser() {
        RandomWriteRequests random = new RandomWriteRequests(SEED + 1);
        Tally tally = new Tally();
        for (int i = 0; i < MUTATED_BODIES; i++) {
            tally.add(assertSameOutcome("mutated body " + i, random.mutate(random.v2Body())));
        }

        // Both outcomes must be common, or the comparison proves little.
        assertThat(tally.decoded).isGreaterThan(MUTATED_BODIES / 20);
        assertThat(tally.refused).isGreaterThan(MUTATED_BODIES / 4);
    }

    @Test
    void reportsTheGeneratedParsersMessageThroughTheDecoder() {
        RemoteWriteDecoder decoder = new RemoteWriteDecoder();
        byte[][] malformed = {
                {0x2a, 0x7f, 0x01, 0x02}, // series longer than the body
                {0x22, 0x05, 'a'}, // symbol longer than the body
                {0x2a, 0x02, 0x0a, 0x05}, // packed references longer than their series
                {0x00, 0x01}, // field number 0
                {0x2f}, // wire type 7
        };
        for (byte[] raw : malformed) {
            String expected = "decoding io.prometheus.write.v2.Request: " + referenceOutcome(raw).substring(9);

            assertThatThrownBy(() -> decoder.decode(V2_CONTENT_TYPE, null, snappy(raw)))
                    .as(Arrays.toString(raw))
                    .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessage(expected);
        }
    }

    // ---- single rules, each also compared with the reference --------------------------------------------------

    @Test
    void resolvesSymbolsSentAfterTheSeriesThatUseThem() {
        WireBytes series = new WireBytes().bytesField(1, new WireBytes().varint(1).varint(2).toByteArray())
                .messageField(2, new WireBytes().doubleField(1, 1).varintField(2, 10));
        byte[] body = new WireBytes().bytesField(4, new byte[0]).messageField(5, series)
                .bytesField(4, bytes("__name__")).bytesField(4, bytes("up")).toByteArray();

        WriteBatch batch = parse(body);

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.series().getFirst().namesAndValues()).containsExactly("__name__", "up");
        assertSameOutcome("late symbols", body);
    }

    @Test
    void mergesMetadataSentTwiceFieldByField() {
        WireBytes series = new WireBytes().bytesField(1, new WireBytes().varint(1).varint(2).toByteArray())
                .messageField(2, new WireBytes().varintField(2, 10))
                .messageField(5, new WireBytes().varintField(1, 1).varintField(3, 3))
                .messageField(5, new WireBytes().varintField(4, 4));
        byte[] body = symbols("", "__name__", "c_total", "Requests.", "requests").messageField(5, series)
                .toByteArray();

        IncomingSeries decoded = parse(body).series().getFirst();

        assertThat(decoded.metadata()).isEqualTo(new SeriesMetadata(MetricType.COUNTER, "Requests.", "requests"));
        assertSameOutcome("metadata merge", body);
    }

    @Test
    void takesTheLastVarintOfTheLegacyCreatedTimestampField() {
        WireBytes series = new WireBytes().bytesField(1, new WireBytes().varint(1).varint(2).toByteArray())
                .varintField(6, 100)
                .messageField(2, new WireBytes().varintField(2, 10))
                .messageField(2, new WireBytes().varintField(2, 20).varintField(3, 15))
                .varintField(6, 5)
                .tag(6, FIXED64).fixed64(999); // field 6, but not a varint: not a created timestamp
        byte[] body = symbols("", "__name__", "c_total").messageField(5, series).toByteArray();

        IncomingSeries decoded = parse(body).series().getFirst();

        assertThat(decoded.startTimestamps()).containsExactly(5, 15);
        assertSameOutcome("legacy created timestamp", body);
    }

    @Test
    void rejectsOneSeriesAndKeepsTheNext() {
        byte[] body = symbols("", "__name__", "up")
                .messageField(5, new WireBytes().tag(1, VARINT).varint(4_000_000_000L)
                        .tag(1, VARINT).varint(2).messageField(2, new WireBytes().varintField(2, 1)))
                .messageField(5, new WireBytes().bytesField(1, new WireBytes().varint(1).varint(2).toByteArray())
                        .messageField(2, new WireBytes().varintField(2, 1)))
                .toByteArray();

        WriteBatch batch = parse(body);

        assertThat(batch.series()).hasSize(1);
        assertThat(batch.rejected()).singleElement().satisfies(r -> assertThat(r.message())
                .isEqualTo("parsing labels for series with labels_refs [4000000000, 2]: label reference 4000000000"
                        + " is outside of the symbol table (size 3)"));
        assertSameOutcome("one rejected", body);
    }

    @Test
    void readsPackedReferencesExactlyLikeTheGeneratedParser() {
        // A uint32 keeps the low 32 bits of a varint of up to 10 bytes: 2^35 + 2 reads as 2.
        byte[] beyond32Bits = new WireBytes().varint((1L << 35) + 2).toByteArray();
        byte[][] runs = {
                new WireBytes().varint(1).varint(2, 4).toByteArray(), // padded to 5 bytes
                new WireBytes().varint(1).raw(beyond32Bits).toByteArray(),
                new WireBytes().varint(1).varint(2, 9).toByteArray(), // padded to the 10-byte maximum
                new WireBytes().varint(1).varint(2, 10).toByteArray(), // 11 bytes: malformed
                new WireBytes().varint(1).raw(0x82).toByteArray(), // ends inside a varint
                new WireBytes().varint(1).varint(-1L).toByteArray(), // 4294967295
        };
        for (int i = 0; i < runs.length; i++) {
            byte[] body = symbols("", "__name__", "up")
                    .messageField(5, new WireBytes().bytesField(1, runs[i])
                            .messageField(2, new WireBytes().varintField(2, 1)))
                    .toByteArray();
            String outcome = assertSameOutcome("run " + i, body);

            if (i == 1) {
                assertThat(parse(body).series().getFirst().namesAndValues()).containsExactly("__name__", "up");
            }
            if (i == 3 || i == 4) {
                assertThat(outcome).startsWith("refused: ");
            }
        }
        // A run that claims more bytes than its series holds.
        byte[] body = symbols("", "__name__").messageField(5, new WireBytes().tag(1, WireBytes.LENGTH_DELIMITED)
                .varint(5).varint(1)).toByteArray();
        assertThat(assertSameOutcome("long run", body)).startsWith("refused: ");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static final class Tally {
        int decoded;
        int refused;
        int seriesDecoded;
        int rejections;

        void add(String outcome) {
            if (outcome.startsWith("refused: ")) {
                refused++;
            } else {
                decoded++;
                seriesDecoded += outcome.split("\nseries ", -1).length - 1;
                rejections += outcome.split("Rejection\\[", -1).length - 1;
            }
        }
    }

    private static String assertSameOutcome(String what, byte[] raw) {
        String expected = referenceOutcome(raw);
        String actual = outcome(raw);
        assertThat(actual).as("%s: %s", what, Arrays.toString(raw)).isEqualTo(expected);
        return actual;
    }

    private static String referenceOutcome(byte[] raw) {
        try {
            return WriteBatchText.describe(GeneratedRequestV2Decoder.decode(raw));
        } catch (InvalidProtocolBufferException | RemoteWriteException e) {
            return "refused: " + e.getMessage();
        } catch (IOException e) {
            throw new AssertionError("not an InvalidProtocolBufferException", e);
        }
    }

    private static String outcome(byte[] raw) {
        try {
            return WriteBatchText.describe(V2RequestParser.parse(raw));
        } catch (InvalidProtocolBufferException | RemoteWriteException e) {
            return "refused: " + e.getMessage();
        } catch (IOException e) {
            throw new AssertionError("not an InvalidProtocolBufferException", e);
        }
    }

    private static WriteBatch parse(byte[] raw) {
        try {
            return V2RequestParser.parse(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static WireBytes symbols(String... symbols) {
        WireBytes request = new WireBytes();
        for (String symbol : symbols) {
            request.bytesField(4, bytes(symbol));
        }
        return request;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
