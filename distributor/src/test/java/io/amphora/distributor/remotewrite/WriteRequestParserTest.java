package io.amphora.distributor.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static io.amphora.distributor.remotewrite.WireBytes.END_GROUP;
import static io.amphora.distributor.remotewrite.WireBytes.FIXED64;
import static io.amphora.distributor.remotewrite.WireBytes.LENGTH_DELIMITED;
import static io.amphora.distributor.remotewrite.WireBytes.START_GROUP;
import static io.amphora.distributor.remotewrite.WireBytes.VARINT;
import static io.amphora.distributor.remotewrite.WireRequests.snappy;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link WriteRequestParser} against its reference, {@link GeneratedWriteRequestDecoder} (the generated protobuf
 * parser followed by a copy into the model): for every body both decode to the same batch, down to the bits of each
 * double and the place of the first string that is not UTF-8, or both refuse it with the same message. Seeded, so a
 * failure names a body that reproduces.
 */
class WriteRequestParserTest {
    private static final long SEED = 0x5eed_0001_0a11L;
    private static final int RANDOM_BODIES = 3_000;
    private static final int MUTATED_BODIES = 15_000;

    // ---- differential ------------------------------------------------------------------------------------------

    @Test
    void decodesRandomValidBodiesExactlyLikeTheGeneratedParser() {
        RandomWriteRequests random = new RandomWriteRequests(SEED);
        Tally tally = new Tally();
        for (int i = 0; i < RANDOM_BODIES; i++) {
            byte[] body = random.body();
            tally.add(assertSameOutcome("random body " + i, body));
        }

        // Only the rare deliberately overlong varint makes a generated body invalid.
        assertThat(tally.decoded).isGreaterThan(RANDOM_BODIES * 8 / 10);
        assertThat(tally.seriesDecoded).isGreaterThan(RANDOM_BODIES);
    }

    @Test
    void decodesOrRefusesMutatedBodiesExactlyLikeTheGeneratedParser() {
        RandomWriteRequests random = new RandomWriteRequests(SEED + 1);
        Tally tally = new Tally();
        for (int i = 0; i < MUTATED_BODIES; i++) {
            byte[] body = random.mutate(random.body());
            tally.add(assertSameOutcome("mutated body " + i, body));
        }

        // Both outcomes must be common, or the comparison proves little.
        assertThat(tally.decoded).isGreaterThan(MUTATED_BODIES / 10);
        assertThat(tally.refused).isGreaterThan(MUTATED_BODIES / 4);
    }

    @Test
    void reportsTheGeneratedParsersMessageThroughTheDecoder() {
        RemoteWriteDecoder decoder = new RemoteWriteDecoder();
        byte[][] malformed = {
                {0x0a, 0x7f, 0x01, 0x02}, // series longer than the body
                {0x0a, 0x02, 0x0a, 0x05}, // label longer than its series
                {0x00, 0x01}, // field number 0
                {0x0f}, // wire type 7
                {0x0c}, // end-group tag outside any group
                {0x0b, 0x08, 0x01}, // group without its end
                {0x08, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                        (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00}, // 11-byte varint
                {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, // negative length
        };
        for (byte[] raw : malformed) {
            String expected = "decoding prometheus.WriteRequest: " + referenceFailure(raw);

            assertThatThrownBy(() -> decoder.decode(null, null, snappy(raw)))
                    .as(Arrays.toString(raw))
                    .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessage(expected);
        }
    }

    // ---- single rules, each also compared with the reference --------------------------------------------------

    @Test
    void keepsTheLastValueOfAScalarFieldSentTwice() {
        WireBytes label = new WireBytes().bytesField(1, bytes("first")).bytesField(2, bytes("a"))
                .bytesField(1, bytes("second")).bytesField(2, bytes("b"));
        WireBytes sample = new WireBytes().doubleField(1, 1).varintField(2, 10).doubleField(1, 2).varintField(2, 20);
        byte[] body = new WireBytes().messageField(1, new WireBytes().messageField(1, label).messageField(2, sample))
                .toByteArray();

        IncomingSeries series = parse(body).series().getFirst();

        assertThat(series.namesAndValues()).containsExactly("second", "b");
        assertThat(series.timestamps()).containsExactly(20);
        assertThat(series.values()).containsExactly(2);
        assertSameOutcome("repeated scalars", body);
    }

    @Test
    void takesTheHistogramKindFromTheLastCountMemberSent() {
        WireBytes intThenFloat = new WireBytes().varintField(1, 7).doubleField(2, 2.5)
                .doubleField(7, 1.5).varintField(6, 3);
        WireBytes floatThenInt = new WireBytes().doubleField(2, 2.5).varintField(1, 7);
        byte[] body = new WireBytes().messageField(1, new WireBytes()
                .messageField(4, intThenFloat).messageField(4, floatThenInt)).toByteArray();

        List<NativeHistogram> histograms = parse(body).series().getFirst().histograms();

        assertThat(histograms.get(0).floatHistogram()).isTrue();
        assertThat(histograms.get(0).countInt()).isZero();
        assertThat(histograms.get(0).countFloat()).isEqualTo(2.5);
        assertThat(histograms.get(0).zeroCountInt()).isEqualTo(3);
        assertThat(histograms.get(0).zeroCountFloat()).isZero();
        assertThat(histograms.get(1).floatHistogram()).isFalse();
        assertThat(histograms.get(1).countInt()).isEqualTo(7);
        assertThat(histograms.get(1).countFloat()).isZero();
        assertSameOutcome("oneof members", body);
    }

    @Test
    void acceptsPackedAndUnpackedElementsOfOneRepeatedFieldInWireOrder() {
        WireBytes packed = new WireBytes().varint(2).varint(4); // zig-zag 1, 2
        WireBytes histogram = new WireBytes().sint64Field(12, -1).bytesField(12, packed.toByteArray())
                .sint64Field(12, 3).doubleField(16, 0.5)
                .bytesField(16, new WireBytes().fixed64(Double.doubleToRawLongBits(1.5)).toByteArray());
        byte[] body = new WireBytes().messageField(1, new WireBytes().messageField(4, histogram)).toByteArray();

        NativeHistogram decoded = parse(body).series().getFirst().histograms().getFirst();

        assertThat(decoded.positiveDeltas()).containsExactly(-1, 1, 2, 3);
        assertThat(decoded.customValues()).containsExactly(0.5, 1.5);
        assertSameOutcome("packed and unpacked", body);
    }

    @Test
    void skipsKnownFieldNumbersSentWithAnotherWireType() {
        WireBytes sample = new WireBytes().varintField(1, 5).doubleField(2, 9).doubleField(1, 1.5);
        WireBytes series = new WireBytes().varintField(1, 3).tag(2, FIXED64).fixed64(1).messageField(2, sample);
        byte[] body = new WireBytes().varintField(1, 1).messageField(1, series).toByteArray();

        IncomingSeries decoded = parse(body).series().getFirst();

        assertThat(decoded.namesAndValues()).isEmpty();
        assertThat(decoded.values()).containsExactly(1.5);
        assertThat(decoded.timestamps()).containsExactly(0);
        assertSameOutcome("wrong wire types", body);
    }

    @Test
    void readsTenByteVarintsExactlyLikeTheGeneratedParser() {
        // protobuf-java accepts a tenth varint byte that has the continuation bit set when its lowest bit is 1
        // (its fast path checks only the sign of the result), and refuses it otherwise. Unknown fields are read the
        // same way, while CodedInputStream.skipField would refuse every such varint.
        int accepted = 0;
        for (int tenth = 0; tenth < 256; tenth++) {
            byte[] varint = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                    (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) tenth};
            WireBytes sample = new WireBytes().tag(2, VARINT).raw(varint).doubleField(1, 2.5);
            WireBytes unknownInLabel = new WireBytes().tag(9, VARINT).raw(varint).bytesField(1, bytes("n"));
            byte[] body = new WireBytes()
                    .messageField(1, new WireBytes().messageField(2, sample).messageField(1, unknownInLabel))
                    .tag(7, VARINT).raw(varint)
                    .toByteArray();

            Outcome outcome = assertSameOutcome("tenth byte " + tenth, body);
            if (outcome.decoded()) {
                accepted++;
            }
        }
        // Below 0x80 (the varint ends), or odd (the quirk): 128 + 64.
        assertThat(accepted).isEqualTo(192);
    }

    @Test
    void countsTheEnclosingMessagesTowardsTheGroupNestingLimitLikeTheGeneratedParser() {
        int accepted = 0;
        int refused = 0;
        for (int groups = 95; groups <= 101; groups++) {
            byte[] nested = nestedGroups(groups);
            byte[] atTop = new WireBytes().raw(nested).toByteArray();
            byte[] inSeries = new WireBytes().messageField(1, new WireBytes().raw(nested)).toByteArray();
            byte[] inLabel = new WireBytes().messageField(1, new WireBytes().messageField(1, new WireBytes()
                    .raw(nested))).toByteArray();
            byte[] inSpan = new WireBytes().messageField(1, new WireBytes().messageField(4, new WireBytes()
                    .messageField(11, new WireBytes().raw(nested)))).toByteArray();
            for (byte[] body : List.of(atTop, inSeries, inLabel, inSpan)) {
                if (assertSameOutcome(groups + " nested groups", body).decoded()) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }

    @Test
    void refusesMalformedGroupsLikeTheGeneratedParser() {
        List<byte[]> bodies = List.of(
                new WireBytes().tag(9, START_GROUP).varintField(1, 1).toByteArray(), // never ends
                new WireBytes().tag(9, START_GROUP).tag(8, END_GROUP).toByteArray(), // ends with another number
                new WireBytes().messageField(1, new WireBytes().tag(9, END_GROUP)).toByteArray(), // stray end
                new WireBytes().messageField(1, new WireBytes().tag(9, START_GROUP)).tag(9, END_GROUP)
                        .toByteArray(), // ends outside the message it started in
                new WireBytes().tag(9, START_GROUP).tag(10, START_GROUP).tag(10, END_GROUP).tag(9, END_GROUP)
                        .messageField(1, new WireBytes()).toByteArray()); // valid: nested, then a series
        for (int i = 0; i < bodies.size(); i++) {
            Outcome outcome = assertSameOutcome("group body " + i, bodies.get(i));

            assertThat(outcome.decoded()).as("group body " + i).isEqualTo(i == bodies.size() - 1);
        }
    }

    @Test
    void refusesLengthsThatLeaveTheirMessageLikeTheGeneratedParser() {
        List<byte[]> bodies = List.of(
                new WireBytes().messageField(1, new WireBytes().tag(1, LENGTH_DELIMITED).varint(3)
                        .raw(0x0a, 0x01)).toByteArray(), // label longer than the series
                new WireBytes().messageField(1, new WireBytes().messageField(1, new WireBytes()
                        .tag(1, LENGTH_DELIMITED).varint(9).raw('a'))).toByteArray(), // name longer than the label
                new WireBytes().messageField(1, new WireBytes().messageField(4, new WireBytes()
                        .tag(13, LENGTH_DELIMITED).varint(12).raw(new byte[12]))).toByteArray(), // 1.5 doubles
                new WireBytes().messageField(1, new WireBytes().messageField(4, new WireBytes()
                        .tag(12, LENGTH_DELIMITED).varint(1).raw(0x80))).toByteArray(), // varint leaves packed run
                new WireBytes().messageField(1, new WireBytes().tag(2, LENGTH_DELIMITED).varint(-1)).toByteArray(),
                // A series that ends the body with a label tag, or a sample tag.
                new WireBytes().messageField(1, new WireBytes().tag(1, LENGTH_DELIMITED)).toByteArray(),
                new WireBytes().messageField(1, new WireBytes().tag(2, LENGTH_DELIMITED)).toByteArray(),
                // The same, running past the body.
                new WireBytes().tag(1, LENGTH_DELIMITED).varint(5).tag(1, LENGTH_DELIMITED).toByteArray(),
                // A sample ending with a timestamp tag, and one whose timestamp takes 11 bytes.
                new WireBytes().messageField(1, new WireBytes().tag(2, LENGTH_DELIMITED).varint(1).raw(0x10))
                        .toByteArray(),
                new WireBytes().messageField(1, new WireBytes().tag(2, LENGTH_DELIMITED).varint(12)
                        .tag(2, VARINT).raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))
                        .toByteArray());
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(assertSameOutcome("length body " + i, bodies.get(i)).decoded()).isFalse();
        }
    }

    @Test
    void marksTheFirstStringThatIsNotUtf8InSeriesAndExemplars() {
        byte[] bad = {'a', (byte) 0xc3, 'b'};
        WireBytes exemplar = new WireBytes()
                .messageField(1, new WireBytes().bytesField(1, bytes("trace_id")).bytesField(2, bad))
                .messageField(1, new WireBytes().bytesField(1, bad).bytesField(2, bytes("x")));
        WireBytes series = new WireBytes()
                .messageField(1, new WireBytes().bytesField(1, bytes("__name__")).bytesField(2, bytes("up")))
                .messageField(1, new WireBytes().bytesField(1, bad).bytesField(2, bad))
                .messageField(3, exemplar);
        byte[] body = new WireBytes().messageField(1, series).toByteArray();

        IncomingSeries decoded = parse(body).series().getFirst();

        assertThat(decoded.invalidUtf8At()).isEqualTo(2);
        assertThat(decoded.labelName(1)).isEqualTo("a\uFFFDb");
        assertThat(decoded.exemplars().getFirst().invalidUtf8At()).isEqualTo(1);
        assertSameOutcome("not UTF-8", body);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private record Outcome(boolean decoded, int series, String description) {}

    private static final class Tally {
        int decoded;
        int refused;
        int seriesDecoded;

        void add(Outcome outcome) {
            if (outcome.decoded()) {
                decoded++;
                seriesDecoded += outcome.series();
            } else {
                refused++;
            }
        }
    }

    private static Outcome assertSameOutcome(String what, byte[] raw) {
        Outcome expected = outcome(raw, true);
        Outcome actual = outcome(raw, false);
        assertThat(actual.description()).as("%s: %s", what, Arrays.toString(raw)).isEqualTo(expected.description());
        return actual;
    }

    private static Outcome outcome(byte[] raw, boolean reference) {
        WriteBatch batch;
        try {
            batch = reference ? GeneratedWriteRequestDecoder.decode(raw) : WriteRequestParser.parse(raw);
        } catch (InvalidProtocolBufferException e) {
            return new Outcome(false, 0, "refused: " + e.getMessage());
        } catch (IOException e) {
            throw new AssertionError("not an InvalidProtocolBufferException", e);
        }
        return new Outcome(true, batch.series().size(), WriteBatchText.describe(batch));
    }

    private static WriteBatch parse(byte[] raw) {
        try {
            return WriteRequestParser.parse(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String referenceFailure(byte[] raw) {
        try {
            GeneratedWriteRequestDecoder.decode(raw);
        } catch (IOException e) {
            return e.getMessage();
        }
        throw new AssertionError("the reference accepted " + Arrays.toString(raw));
    }

    private static byte[] nestedGroups(int levels) {
        WireBytes groups = new WireBytes();
        for (int i = 0; i < levels; i++) {
            groups.tag(20 + i, START_GROUP);
        }
        groups.varintField(5, 1);
        for (int i = levels - 1; i >= 0; i--) {
            groups.tag(20 + i, END_GROUP);
        }
        return groups.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
