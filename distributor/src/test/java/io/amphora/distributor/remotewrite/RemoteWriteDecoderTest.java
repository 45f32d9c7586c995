package io.amphora.distributor.remotewrite;

import io.amphora.model.StaleMarker;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.amphora.model.ErrorCode;
import io.amphora.proto.prometheus.Exemplar;
import io.amphora.proto.prometheus.Histogram;
import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.Metadata;
import io.amphora.proto.remotewrite.v2.Request;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.SnappyFramedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static io.amphora.distributor.remotewrite.WireRequests.V2_CONTENT_TYPE;
import static io.amphora.distributor.remotewrite.WireRequests.snappy;
import static io.amphora.distributor.remotewrite.WireRequests.v1Sample;
import static io.amphora.distributor.remotewrite.WireRequests.v1Series;
import static io.amphora.distributor.remotewrite.WireRequests.v2Sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteWriteDecoderTest {
    private static final double STALE_NAN = Double.longBitsToDouble(StaleMarker.BITS);

    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder();

    // ---- 1.0 ---------------------------------------------------------------------------------------------------

    @Test
    void decodesV1SamplesExemplarsHistogramsAndMetadata() {
        Histogram intHistogram = Histogram.newBuilder()
                .setCountInt(5).setSum(12.5).setSchema(3).setZeroThreshold(0.001).setZeroCountInt(1)
                .addPositiveSpans(io.amphora.proto.prometheus.BucketSpan.newBuilder().setOffset(-2).setLength(2))
                .addPositiveSpans(io.amphora.proto.prometheus.BucketSpan.newBuilder().setOffset(1).setLength(1))
                .addAllPositiveDeltas(List.of(1L, 1L, -1L))
                .addNegativeSpans(io.amphora.proto.prometheus.BucketSpan.newBuilder().setOffset(0).setLength(1))
                .addNegativeDeltas(1)
                .setResetHint(Histogram.ResetHint.NO).setTimestamp(1_000).build();
        Histogram floatHistogram = Histogram.newBuilder()
                .setCountFloat(2.5).setSum(3).setSchema(-53).setZeroCountFloat(0)
                .addPositiveSpans(io.amphora.proto.prometheus.BucketSpan.newBuilder().setLength(2))
                .addAllPositiveCounts(List.of(1.5, 1.0)).addAllCustomValues(List.of(0.5, 1.0))
                .setResetHint(Histogram.ResetHint.GAUGE).setTimestamp(2_000).build();
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "http_requests_total", "job", "api")
                        .addSamples(v1Sample(1_000, 1.5)).addSamples(v1Sample(2_000, STALE_NAN))
                        .addExemplars(Exemplar.newBuilder().addAllLabels(WireRequests.labels("trace_id", "abc"))
                                .setValue(1.5).setTimestamp(1_000)))
                .addTimeseries(v1Series("__name__", "latency_seconds")
                        .addHistograms(intHistogram).addHistograms(floatHistogram))
                .addMetadata(io.amphora.proto.prometheus.MetricMetadata.newBuilder()
                        .setType(io.amphora.proto.prometheus.MetricMetadata.MetricType.COUNTER)
                        .setMetricFamilyName("http_requests_total").setHelp("Requests.").setUnit("requests"))
                .build();

        WriteBatch batch = decoder.decode("application/x-protobuf", "snappy", snappy(request.toByteArray()));

        assertThat(batch.version()).isEqualTo(ProtocolVersion.V1);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.series()).hasSize(2);
        IncomingSeries counter = batch.series().get(0);
        assertThat(counter.namesAndValues()).containsExactly("__name__", "http_requests_total", "job", "api");
        assertThat(counter.invalidUtf8At()).isEqualTo(-1);
        assertThat(counter.timestamps()).containsExactly(1_000, 2_000);
        assertThat(counter.values()[0]).isEqualTo(1.5);
        assertThat(Double.doubleToRawLongBits(counter.values()[1])).isEqualTo(StaleMarker.BITS);
        assertThat(counter.startTimestamps()).isEmpty();
        assertThat(counter.metadata()).isEqualTo(SeriesMetadata.NONE);
        assertThat(counter.exemplars()).containsExactly(IncomingExemplar.of(1.5, 1_000, "trace_id", "abc"));

        List<NativeHistogram> histograms = batch.series().get(1).histograms();
        assertThat(histograms).containsExactly(
                new NativeHistogram(1_000, 0, false, 5, 0, 12.5, 3, 0.001, 1, 0,
                        List.of(new BucketSpan(0, 1)), new long[] {1}, new double[0],
                        List.of(new BucketSpan(-2, 2), new BucketSpan(1, 1)), new long[] {1, 1, -1}, new double[0],
                        ResetHint.NO, new double[0]),
                new NativeHistogram(2_000, 0, true, 0, 2.5, 3, -53, 0, 0, 0,
                        List.of(), new long[0], new double[0],
                        List.of(new BucketSpan(0, 2)), new long[0], new double[] {1.5, 1.0},
                        ResetHint.GAUGE, new double[] {0.5, 1.0}));

        assertThat(batch.metadata()).containsExactly(
                new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests.", "requests"));
        assertThat(batch.counts()).isEqualTo(new PointCounts(2, 2, 1));
    }

    @Test
    void keepsLabelsInWireOrderWithDuplicatesAndEmptyValues() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(v1Series("job", "api", "__name__", "up", "job", "web", "", "x", "empty", "")
                        .addSamples(v1Sample(1, 1)))
                .build();

        IncomingSeries series = decoder.decode(null, null, snappy(request.toByteArray())).series().getFirst();

        assertThat(series.namesAndValues()).containsExactly("job", "api", "__name__", "up", "job", "web", "", "x",
                "empty", "");
        assertThat(series.metricName()).isEqualTo("up");
    }

    @Test
    void decodesMetadataOnlyRequests() {
        WriteRequest request = WriteRequest.newBuilder()
                .addMetadata(io.amphora.proto.prometheus.MetricMetadata.newBuilder()
                        .setType(io.amphora.proto.prometheus.MetricMetadata.MetricType.GAUGEHISTOGRAM)
                        .setMetricFamilyName("queue_depth"))
                .addMetadata(io.amphora.proto.prometheus.MetricMetadata.newBuilder()
                        .setTypeValue(42).setMetricFamilyName("from_the_future"))
                .build();

        WriteBatch batch = decoder.decode(null, null, snappy(request.toByteArray()));

        assertThat(batch.series()).isEmpty();
        assertThat(batch.metadata()).containsExactly(
                new MetricMetadata("queue_depth", MetricType.GAUGEHISTOGRAM, "", ""),
                new MetricMetadata("from_the_future", MetricType.UNKNOWN, "", ""));
    }

    @Test
    void decodesAnEmptyBodyAsAnEmptyBatch() {
        WriteBatch batch = decoder.decode(null, null, snappy(new byte[0]));

        assertThat(batch.series()).isEmpty();
        assertThat(batch.metadata()).isEmpty();
        assertThat(batch.counts()).isEqualTo(PointCounts.ZERO);
    }

    @Test
    void marksLabelsThatAreNotUtf8WithoutFailingTheRequest() {
        Label badValue = Label.newBuilder().setName("job")
                .setValueBytes(ByteString.copyFrom(new byte[] {'a', (byte) 0xff, 'b'})).build();
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(TimeSeries.newBuilder().addAllLabels(WireRequests.labels("__name__", "up"))
                        .addLabels(badValue).addSamples(v1Sample(1, 1)))
                .addTimeseries(v1Series("__name__", "fine").addSamples(v1Sample(1, 1)))
                .build();

        WriteBatch batch = decoder.decode(null, null, snappy(request.toByteArray()));

        assertThat(batch.series()).hasSize(2);
        assertThat(batch.series().get(0).invalidUtf8At()).isEqualTo(3);
        assertThat(batch.series().get(0).labelValue(1)).isEqualTo("a\uFFFDb");
        assertThat(batch.series().get(1).invalidUtf8At()).isEqualTo(-1);
    }

    @Test
    void skipsUnknownFieldsAtEveryLevel() {
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                .addField(100, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("future")).build())
                .addField(101, UnknownFieldSet.Field.newBuilder().addFixed64(1L).addFixed32(2).build())
                .build();
        WriteRequest plain = WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up").addSamples(v1Sample(10, 1))
                        .addExemplars(Exemplar.newBuilder().setValue(1).setTimestamp(10)))
                .build();
        WriteRequest.Builder extended = plain.toBuilder().setUnknownFields(unknown);
        TimeSeries.Builder series = extended.getTimeseriesBuilder(0).setUnknownFields(unknown);
        series.getLabelsBuilder(0).setUnknownFields(unknown);
        series.getSamplesBuilder(0).setUnknownFields(unknown);
        series.getExemplarsBuilder(0).setUnknownFields(unknown);
        // Field 2 is reserved in WriteRequest (Cortex's old "source"); a sender that still sets it is not refused.
        extended.mergeUnknownFields(UnknownFieldSet.newBuilder()
                .addField(2, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build());

        WriteBatch decoded = decoder.decode(null, null, snappy(extended.build().toByteArray()));

        assertThat(decoded).isEqualTo(decoder.decode(null, null, snappy(plain.toByteArray())));
        assertThat(decoded.series()).hasSize(1);
    }

    @Test
    void acceptsUnpackedRepeatedFieldsInV1Histograms() throws IOException {
        ByteArrayOutputStream histogram = new ByteArrayOutputStream();
        CodedOutputStream h = CodedOutputStream.newInstance(histogram);
        h.writeUInt64(1, 3); // count_int
        h.writeSInt32(4, 0); // schema
        writeMessage(h, 11, spanBytes(0, 2)); // positive_spans
        h.writeSInt64(12, 1); // positive_deltas, unpacked: one tag per element
        h.writeSInt64(12, 1);
        h.writeInt64(15, 77); // timestamp
        h.flush();
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(series);
        writeMessage(s, 1, WireRequests.labels("__name__", "h").getFirst().toByteArray());
        writeMessage(s, 4, histogram.toByteArray());
        s.flush();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream b = CodedOutputStream.newInstance(body);
        writeMessage(b, 1, series.toByteArray());
        b.flush();

        NativeHistogram decoded = decoder.decode(null, null, snappy(body.toByteArray()))
                .series().getFirst().histograms().getFirst();

        assertThat(decoded.positiveDeltas()).containsExactly(1, 1);
        assertThat(decoded.positiveSpans()).containsExactly(new BucketSpan(0, 2));
        assertThat(decoded.countInt()).isEqualTo(3);
        assertThat(decoded.timestamp()).isEqualTo(77);
    }

    // ---- content negotiation -------------------------------------------------------------------------------------

    static Stream<Arguments> contentTypes() {
        return Stream.of(
                Arguments.of(Named.of("absent", null), ProtocolVersion.V1),
                Arguments.of(Named.of("empty", ""), ProtocolVersion.V1),
                Arguments.of(Named.of("no proto parameter", "application/x-protobuf"), ProtocolVersion.V1),
                Arguments.of(Named.of("1.0 named", "application/x-protobuf;proto=prometheus.WriteRequest"),
                        ProtocolVersion.V1),
                Arguments.of(Named.of("2.0", V2_CONTENT_TYPE), ProtocolVersion.V2),
                Arguments.of(Named.of("2.0 with spaces and upper case",
                        "Application/X-Protobuf ; Proto = io.prometheus.write.v2.Request"), ProtocolVersion.V2),
                Arguments.of(Named.of("2.0 quoted", "application/x-protobuf;proto=\"io.prometheus.write.v2.Request\""),
                        ProtocolVersion.V2),
                Arguments.of(Named.of("other parameters only", "application/x-protobuf; charset=utf-8"),
                        ProtocolVersion.V1),
                Arguments.of(Named.of("empty parameter", "application/x-protobuf;"), ProtocolVersion.V1));
    }

    @ParameterizedTest
    @MethodSource("contentTypes")
    void selectsTheProtocolFromTheContentTypeAlone(String contentType, ProtocolVersion expected) {
        assertThat(RemoteWriteDecoder.protocolVersion(contentType)).isEqualTo(expected);
    }

    static Stream<Arguments> unsupportedContentTypes() {
        return Stream.of(
                Arguments.of("application/json",
                        "expected application/x-protobuf as the first (media) part, got application/json content-type"),
                Arguments.of("text/plain;proto=prometheus.WriteRequest",
                        "expected application/x-protobuf as the first (media) part, got"
                                + " text/plain;proto=prometheus.WriteRequest content-type"),
                Arguments.of("application/x-protobuf;proto=io.prometheus.write.v3.Request",
                        "got application/x-protobuf;proto=io.prometheus.write.v3.Request content type; unknown type for"
                                + " remote write protobuf message io.prometheus.write.v3.Request, supported:"
                                + " prometheus.WriteRequest, io.prometheus.write.v2.Request"),
                Arguments.of("application/x-protobuf;proto",
                        "as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be key-values,"
                                + " got proto in application/x-protobuf;proto content-type"));
    }

    @ParameterizedTest
    @MethodSource("unsupportedContentTypes")
    void refusesUnsupportedContentTypesWith415(String contentType, String message) {
        byte[] body = snappy(new byte[0]);

        assertThatThrownBy(() -> decoder.decode(contentType, "snappy", body))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
                })
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "zstd", "identity"})
    void refusesContentEncodingsOtherThanSnappyWith415(String encoding) {
        byte[] body = snappy(new byte[0]);

        assertThatThrownBy(() -> decoder.decode(null, encoding, body))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(415))
                .hasMessage(encoding + " encoding (compression) is not accepted by this server; only snappy is"
                        + " acceptable");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"snappy", "SNAPPY", " snappy "})
    void decodesAnAbsentContentEncodingAsSnappy(String encoding) {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up").addSamples(v1Sample(1, 1))).build();

        assertThat(decoder.decode(null, encoding, snappy(request.toByteArray())).series()).hasSize(1);
    }

    // ---- snappy and protobuf failures ----------------------------------------------------------------------------

    static Stream<Arguments> corruptSnappyBodies() {
        byte[] valid = snappy(WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up", "job", "a-rather-long-job-name-to-compress")
                        .addSamples(v1Sample(1, 1)))
                .build().toByteArray());
        return Stream.of(
                Arguments.of(Named.of("empty body", new byte[0])),
                Arguments.of(Named.of("plain protobuf, not compressed",
                        WriteRequest.newBuilder().addTimeseries(v1Series("__name__", "up")).build().toByteArray())),
                Arguments.of(Named.of("truncated", java.util.Arrays.copyOf(valid, valid.length - 3))),
                Arguments.of(Named.of("unterminated length varint",
                        new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80})),
                Arguments.of(Named.of("text", "hello, world".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @MethodSource("corruptSnappyBodies")
    void refusesCorruptSnappyWith400(byte[] body) {
        assertThatThrownBy(() -> decoder.decode(null, "snappy", body))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                })
                .hasMessageStartingWith("snappy: corrupt input");
    }

    @Test
    void refusesTheSnappyFramedFormatWith400NamingIt() throws IOException {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(framed)) {
            out.write(WriteRequest.newBuilder().addTimeseries(v1Series("__name__", "up")).build().toByteArray());
        }

        assertThatThrownBy(() -> decoder.decode(null, "snappy", framed.toByteArray()))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("snappy: corrupt input: the body is in the snappy framed (stream) format; remote write"
                        + " requires the snappy block format");
    }

    @Test
    void refusesBodiesThatDecompressBeyondTheLimitWith413() {
        RemoteWriteDecoder small = new RemoteWriteDecoder(1_000);
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int i = 0; i < 50; i++) {
            request.addTimeseries(v1Series("__name__", "up", "instance", "host-" + i).addSamples(v1Sample(i, i)));
        }
        byte[] raw = request.build().toByteArray();

        assertThatThrownBy(() -> small.decode(null, null, snappy(raw)))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
                })
                .hasMessage("received message larger than max (" + raw.length + " vs 1000)");
        assertThat(new RemoteWriteDecoder(raw.length).decode(null, null, snappy(raw)).series()).hasSize(50);
    }

    @Test
    void checksTheDeclaredLengthBeforeDecompressing() {
        // A header declaring 50,000 bytes followed by garbage: a decoder that decompressed first would answer 400.
        byte[] body = new byte[3_000];
        body[0] = (byte) (50_000 & 0x7f | 0x80);
        body[1] = (byte) ((50_000 >>> 7) & 0x7f | 0x80);
        body[2] = (byte) (50_000 >>> 14);
        for (int i = 3; i < body.length; i++) {
            body[i] = (byte) 0xfe;
        }

        assertThatThrownBy(() -> new RemoteWriteDecoder(1_000).decode(null, null, body))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessage("received message larger than max (50000 vs 1000)");
    }

    @Test
    void refusesADeclaredLengthNoSnappyBodyCouldProduceWithoutAllocatingIt() {
        // 5 bytes declaring 2^31-1 bytes: a decoder that trusted the header would allocate 2 GiB.
        byte[] body = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};

        assertThatThrownBy(() -> decoder.decode(null, null, body))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("snappy: corrupt input: ")
                .hasMessageContaining("2,147,483,647");
    }

    @Test
    void refusesInvalidProtobufWith400() {
        byte[] garbage = snappy(new byte[] {0x0a, 0x7f, 0x01, 0x02});

        assertThatThrownBy(() -> decoder.decode(null, null, garbage))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("decoding prometheus.WriteRequest: ");
        assertThatThrownBy(() -> decoder.decode(V2_CONTENT_TYPE, null, garbage))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("decoding io.prometheus.write.v2.Request: ");
    }

    @Test
    void refusesABodyWithAZeroTagWith400() {
        assertThatThrownBy(() -> decoder.decode(null, null, snappy(new byte[] {0x00, 0x01})))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("decoding prometheus.WriteRequest: ");
    }

    // ---- 2.0 ---------------------------------------------------------------------------------------------------

    @Test
    void decodesV2SeriesThroughTheSymbolTable() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "http_requests_total", "job", "api")
                .addSamples(v2Sample(1_000, 1).toBuilder().setStartTimestamp(500))
                .addSamples(v2Sample(2_000, 2))
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder()
                        .addAllLabelsRefs(request.refs("trace_id", "t1")).setValue(1).setTimestamp(1_000))
                .setMetadata(Metadata.newBuilder().setType(Metadata.MetricType.METRIC_TYPE_COUNTER)
                        .setHelpRef(request.ref("Requests served.")).setUnitRef(request.ref("requests")))
                .build());
        request.add(request.series("__name__", "latency_seconds", "job", "api")
                .addHistograms(io.amphora.proto.remotewrite.v2.Histogram.newBuilder()
                        .setCountFloat(1).setSum(0.2).setSchema(0).setZeroCountFloat(1)
                        .setResetHint(io.amphora.proto.remotewrite.v2.Histogram.ResetHint.RESET_HINT_YES)
                        .setTimestamp(3_000).setStartTimestamp(100))
                .setMetadata(Metadata.newBuilder().setType(Metadata.MetricType.METRIC_TYPE_HISTOGRAM))
                .build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, "snappy", request.body());

        assertThat(batch.version()).isEqualTo(ProtocolVersion.V2);
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.metadata()).isEmpty();
        IncomingSeries counter = batch.series().get(0);
        assertThat(counter.namesAndValues()).containsExactly("__name__", "http_requests_total", "job", "api");
        assertThat(counter.timestamps()).containsExactly(1_000, 2_000);
        assertThat(counter.values()).containsExactly(1, 2);
        assertThat(counter.startTimestamps()).containsExactly(500, 0);
        assertThat(counter.exemplars()).containsExactly(IncomingExemplar.of(1, 1_000, "trace_id", "t1"));
        assertThat(counter.metadata()).isEqualTo(new SeriesMetadata(MetricType.COUNTER, "Requests served.",
                "requests"));
        IncomingSeries histogram = batch.series().get(1);
        assertThat(histogram.metadata()).isEqualTo(new SeriesMetadata(MetricType.HISTOGRAM, "", ""));
        assertThat(histogram.histograms()).singleElement().satisfies(h -> {
            assertThat(h.floatHistogram()).isTrue();
            assertThat(h.countFloat()).isEqualTo(1);
            assertThat(h.zeroCountFloat()).isEqualTo(1);
            assertThat(h.startTimestamp()).isEqualTo(100);
            assertThat(h.resetHint()).isEqualTo(ResetHint.YES);
        });
        assertThat(batch.counts()).isEqualTo(new PointCounts(2, 1, 1));
    }

    @Test
    void usesThePreRc4CreatedTimestampFieldAsStartTimestampFallback() {
        WireRequests.V2 request = new WireRequests.V2();
        io.amphora.proto.remotewrite.v2.TimeSeries series = request.series("__name__", "c_total")
                .addSamples(v2Sample(2_000, 1))
                .addSamples(v2Sample(3_000, 2).toBuilder().setStartTimestamp(2_500))
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(6, UnknownFieldSet.Field.newBuilder().addVarint(1_500).build()).build())
                .build();
        request.add(series);

        IncomingSeries decoded = decoder.decode(V2_CONTENT_TYPE, null, request.body()).series().getFirst();

        assertThat(decoded.startTimestamps()).containsExactly(1_500, 2_500);
    }

    @Test
    void acceptsUnpackedLabelReferences() throws IOException {
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(series);
        for (int ref : new int[] {1, 2, 3, 4}) {
            s.writeUInt32(1, ref); // labels_refs, unpacked: one tag per element
        }
        writeMessage(s, 2, v2Sample(10, 1).toByteArray());
        s.flush();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream b = CodedOutputStream.newInstance(body);
        for (String symbol : new String[] {"", "__name__", "up", "job", "api"}) {
            b.writeString(4, symbol);
        }
        writeMessage(b, 5, series.toByteArray());
        b.flush();

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, snappy(body.toByteArray()));

        assertThat(batch.series().getFirst().namesAndValues()).containsExactly("__name__", "up", "job", "api");
    }

    @Test
    void refusesASymbolTableWhoseFirstSymbolIsNotEmptyWith400() {
        Request request = Request.newBuilder().addAllSymbols(List.of("__name__", "up"))
                .addTimeseries(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addAllLabelsRefs(List.of(0, 1))
                        .addSamples(v2Sample(1, 1)))
                .build();

        assertThatThrownBy(() -> decoder.decode(V2_CONTENT_TYPE, null, snappy(request.toByteArray())))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("invalid symbol table: the first symbol must be the empty string, got \"__name__\"");
    }

    @Test
    void refusesSeriesWithoutAnySymbolTableWith400() {
        Request request = Request.newBuilder()
                .addTimeseries(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder().addSamples(v2Sample(1, 1)))
                .build();

        assertThatThrownBy(() -> decoder.decode(V2_CONTENT_TYPE, null, snappy(request.toByteArray())))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("invalid symbol table: it is empty");
    }

    @Test
    void acceptsAnEmptyV2RequestWithoutSymbols() {
        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, snappy(new byte[0]));

        assertThat(batch.series()).isEmpty();
        assertThat(batch.rejected()).isEmpty();
    }

    @Test
    void rejectsOnlyTheSeriesWhoseLabelReferencesLeaveTheSymbolTable() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "good").addSamples(v2Sample(1, 1)).build());
        request.add(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder()
                .addAllLabelsRefs(List.of(1, 99)).addSamples(v2Sample(1, 1)).addSamples(v2Sample(2, 2))
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder().setTimestamp(1)).build());
        request.add(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder()
                .addAllLabelsRefs(List.of(1, -1)).addSamples(v2Sample(1, 1)).build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, request.body());

        assertThat(batch.series()).extracting(IncomingSeries::metricName).containsExactly("good");
        assertThat(batch.rejected()).containsExactly(
                new Rejection(ErrorCode.INVALID_REQUEST, "parsing labels for series with labels_refs [1, 99]: label"
                        + " reference 99 is outside of the symbol table (size 3)", new PointCounts(2, 0, 1)),
                new Rejection(ErrorCode.INVALID_REQUEST, "parsing labels for series with labels_refs [1, 4294967295]:"
                        + " label reference 4294967295 is outside of the symbol table (size 3)",
                        PointCounts.ofSamples(1)));
        assertThat(batch.rejectedCounts()).isEqualTo(new PointCounts(3, 0, 1));
    }

    @Test
    void rejectsSeriesWithAnOddNumberOfLabelReferences() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up", "job").addSamples(v2Sample(1, 1)).build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, request.body());

        assertThat(batch.series()).isEmpty();
        assertThat(batch.rejected()).containsExactly(new Rejection(ErrorCode.INVALID_REQUEST,
                "parsing labels for series with labels_refs [1, 2, 3]: odd number of label references (3); they must"
                        + " be (name, value) pairs", PointCounts.ofSamples(1)));
    }

    @Test
    void rejectsSeriesCarryingBothSamplesAndHistograms() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "mixed").addSamples(v2Sample(1, 1))
                .addHistograms(io.amphora.proto.remotewrite.v2.Histogram.newBuilder().setCountInt(0).setTimestamp(1))
                .build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, request.body());

        assertThat(batch.series()).isEmpty();
        assertThat(batch.rejected()).containsExactly(new Rejection(ErrorCode.INVALID_REQUEST,
                "TimeSeries must not contain both samples and histograms for series {__name__=\"mixed\"}; send them"
                        + " as two TimeSeries entries", new PointCounts(1, 1, 0)));
    }

    @Test
    void rejectsSeriesCarryingNeitherSamplesNorHistograms() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "metadata_only")
                .setMetadata(Metadata.newBuilder().setType(Metadata.MetricType.METRIC_TYPE_GAUGE)).build());
        request.add(request.series("__name__", "exemplar_only")
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder().setValue(1).setTimestamp(1))
                .build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, request.body());

        assertThat(batch.series()).isEmpty();
        assertThat(batch.rejected()).containsExactly(
                new Rejection(ErrorCode.EMPTY_SERIES, "TimeSeries must contain at least one sample or histogram for"
                        + " series {__name__=\"metadata_only\"}", PointCounts.ZERO),
                new Rejection(ErrorCode.EMPTY_SERIES, "TimeSeries must contain at least one sample or histogram for"
                        + " series {__name__=\"exemplar_only\"}", PointCounts.ofExemplars(1)));
    }

    @Test
    void rejectsSeriesWhoseMetadataReferencesLeaveTheSymbolTable() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up").addSamples(v2Sample(1, 1))
                .setMetadata(Metadata.newBuilder().setHelpRef(1).setUnitRef(50)).build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, request.body());

        assertThat(batch.series()).isEmpty();
        assertThat(batch.rejected()).containsExactly(new Rejection(ErrorCode.INVALID_REQUEST,
                "parsing metadata for series {__name__=\"up\"}: help_ref 1 or unit_ref 50 is outside of the symbol"
                        + " table (size 3)", PointCounts.ofSamples(1)));
    }

    @Test
    void dropsOnlyTheExemplarWhoseReferencesAreBroken() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "up").addSamples(v2Sample(1, 1))
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder()
                        .addAllLabelsRefs(List.of(1)).setValue(1).setTimestamp(1))
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder()
                        .addAllLabelsRefs(List.of(1, 77)).setValue(2).setTimestamp(1))
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder().setValue(3).setTimestamp(1))
                .build());

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, request.body());

        assertThat(batch.series()).singleElement()
                .satisfies(s -> assertThat(s.exemplars()).containsExactly(IncomingExemplar.of(3, 1)));
        assertThat(batch.rejected()).hasSize(2).allSatisfy(r -> {
            assertThat(r.discarded()).isEqualTo(PointCounts.ofExemplars(1));
            assertThat(r.message()).startsWith("parsing exemplar for series {__name__=\"up\"}: ");
        });
    }

    @Test
    void marksSymbolsThatAreNotUtf8OnlyInTheSeriesUsingThem() {
        Request request = Request.newBuilder()
                .addSymbols("").addSymbols("__name__").addSymbols("up").addSymbols("job")
                .addSymbolsBytes(ByteString.copyFrom(new byte[] {(byte) 0xc3, 0x28}))
                .addTimeseries(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder()
                        .addAllLabelsRefs(List.of(1, 2, 3, 4)).addSamples(v2Sample(1, 1)))
                .addTimeseries(io.amphora.proto.remotewrite.v2.TimeSeries.newBuilder()
                        .addAllLabelsRefs(List.of(1, 2)).addSamples(v2Sample(1, 1)))
                .build();

        WriteBatch batch = decoder.decode(V2_CONTENT_TYPE, null, snappy(request.toByteArray()));

        assertThat(batch.series()).extracting(IncomingSeries::invalidUtf8At).containsExactly(3, -1);
    }

    @Test
    void refusesABodyOfTheOtherVersionWhichWouldOtherwiseDecodeToNothing() {
        WireRequests.V2 v2 = new WireRequests.V2();
        v2.add(v2.series("__name__", "up").addSamples(v2Sample(1, 1)).build());
        byte[] v1 = snappy(WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "up").addSamples(v1Sample(1, 1))).build().toByteArray());

        assertThatThrownBy(() -> decoder.decode(null, null, v2.body()))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("holds no series and no metadata; was it sent with the Content-Type of the other");
        assertThatThrownBy(() -> decoder.decode(V2_CONTENT_TYPE, null, v1))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.status()).isEqualTo(400));
        // A genuinely empty request is zero bytes before compression and stays acceptable.
        assertThat(decoder.decode(null, null, snappy(new byte[0])).series()).isEmpty();
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new RemoteWriteDecoder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RemoteWriteDecoder().maxDecompressedBytes()).isEqualTo(100 * 1024 * 1024);
    }

    private static byte[] spanBytes(int offset, int length) {
        return io.amphora.proto.prometheus.BucketSpan.newBuilder().setOffset(offset).setLength(length).build()
                .toByteArray();
    }

    private static void writeMessage(CodedOutputStream out, int field, byte[] message) throws IOException {
        out.writeByteArray(field, message);
    }
}
