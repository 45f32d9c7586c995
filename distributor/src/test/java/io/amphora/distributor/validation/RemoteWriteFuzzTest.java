package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.MetricMetadata;
import io.amphora.distributor.remotewrite.RemoteWriteDecoder;
import io.amphora.distributor.remotewrite.RemoteWriteException;
import io.amphora.distributor.remotewrite.WireRequests;
import io.amphora.distributor.remotewrite.WriteBatch;
import io.amphora.proto.prometheus.BucketSpan;
import io.amphora.proto.prometheus.Exemplar;
import io.amphora.proto.prometheus.Histogram;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.Metadata;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.amphora.distributor.remotewrite.WireRequests.V2_CONTENT_TYPE;
import static io.amphora.distributor.remotewrite.WireRequests.snappy;
import static io.amphora.distributor.remotewrite.WireRequests.v1Sample;
import static io.amphora.distributor.remotewrite.WireRequests.v1Series;
import static io.amphora.distributor.remotewrite.WireRequests.v2Sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Feeds thousands of seeded mutations of valid 1.0 and 2.0 bodies (bit flips, truncation, insertion, deletion,
 * garbage, splices, random bodies; before and after compression) through decoding and validation. Each one must
 * end in a batch that validates without throwing, or in a {@link RemoteWriteException} with a 4xx status; any
 * other exception, or a hang, fails the test. Seeded, so a failure names an iteration that reproduces.
 */
class RemoteWriteFuzzTest {
    private static final long SEED = 0x5eed_a4f0_2a01L;
    private static final int ITERATIONS = 12_000;

    private final TestingClock clock = new TestingClock();
    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(256 * 1024);
    private final SeriesValidator validator = new SeriesValidator(ValidationConfig.defaults(), clock);
    private final SeriesValidator legacyValidator = new SeriesValidator(
            ValidationConfig.defaults().withNameValidation(NameValidation.LEGACY).withRequireSortedLabels(true)
                    .withRejectOldSamples(Duration.ofHours(1)).withMaxLabelNamesPerSeries(5), clock);

    @Test
    void mutatedBodiesOnlyEverDecodeOrFailWithAClientError() {
        byte[] v1 = validV1Body();
        byte[] v2 = validV2Body();
        Outcomes outcomes = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> run(v1, v2));

        // Guard against a test that mutates nothing or refuses everything: both outcomes must occur often.
        assertThat(outcomes.decoded).isGreaterThan(ITERATIONS / 20);
        assertThat(outcomes.refused).isGreaterThan(ITERATIONS / 4);
        assertThat(outcomes.seriesValidated).isGreaterThan(ITERATIONS / 20);
    }

    @Test
    void theUnmutatedBodiesAreValid() {
        WriteBatch v1 = decoder.decode(null, "snappy", snappy(validV1Body()));
        WriteBatch v2 = decoder.decode(V2_CONTENT_TYPE, "snappy", snappy(validV2Body()));

        assertThat(v1.series()).hasSize(3);
        assertThat(v2.series()).hasSize(3);
        assertThat(v2.rejected()).isEmpty();
        for (IncomingSeries series : v1.series()) {
            assertThat(validator.validate(series).discards()).isEmpty();
        }
        for (IncomingSeries series : v2.series()) {
            assertThat(validator.validate(series).discards()).isEmpty();
        }
    }

    private Outcomes run(byte[] v1, byte[] v2) {
        Random random = new Random(SEED);
        Outcomes outcomes = new Outcomes();
        String[] contentTypes = {null, "application/x-protobuf", V2_CONTENT_TYPE,
                "application/x-protobuf;proto=prometheus.WriteRequest"};
        for (int i = 0; i < ITERATIONS; i++) {
            boolean useV2 = random.nextBoolean();
            byte[] raw = useV2 ? v2 : v1;
            byte[] body;
            int mode = random.nextInt(10);
            if (mode < 5) {
                body = snappy(mutate(raw, random)); // exercises the protobuf decoder and everything after it
            } else if (mode < 9) {
                body = mutate(snappy(raw), random); // exercises snappy
            } else {
                body = new byte[random.nextInt(512)];
                random.nextBytes(body);
            }
            // Mostly the matching content type, sometimes the other protocol's.
            String contentType = random.nextInt(8) == 0
                    ? contentTypes[random.nextInt(contentTypes.length)]
                    : (useV2 ? V2_CONTENT_TYPE : null);
            try {
                exercise(contentType, body, outcomes);
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " (seed " + SEED + ") threw " + t + " for body "
                        + Arrays.toString(Arrays.copyOf(body, Math.min(body.length, 64))), t);
            }
        }
        return outcomes;
    }

    private void exercise(String contentType, byte[] body, Outcomes outcomes) {
        WriteBatch batch;
        try {
            batch = decoder.decode(contentType, "snappy", body);
        } catch (RemoteWriteException e) {
            assertThat(e.status()).isBetween(400, 499);
            assertThat(e.getMessage()).isNotBlank();
            outcomes.refused++;
            return;
        }
        outcomes.decoded++;
        for (IncomingSeries series : batch.series()) {
            assertThat(validator.validate(series)).isNotNull();
            assertThat(legacyValidator.validate(series)).isNotNull();
            outcomes.seriesValidated++;
        }
        for (MetricMetadata metadata : batch.metadata()) {
            assertThat(validator.validateMetadata(metadata)).isNotNull();
        }
        assertThat(batch.counts()).isNotNull();
        assertThat(batch.rejectedCounts()).isNotNull();
    }

    private static byte[] mutate(byte[] input, Random random) {
        byte[] out = input.clone();
        int rounds = 1 + random.nextInt(3);
        for (int round = 0; round < rounds; round++) {
            out = mutateOnce(out, random);
        }
        return out;
    }

    private static byte[] mutateOnce(byte[] in, Random random) {
        if (in.length == 0) {
            byte[] b = new byte[1 + random.nextInt(8)];
            random.nextBytes(b);
            return b;
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(7)) {
            case 0 -> { // flip some bits
                byte[] out = in.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return out;
            }
            case 1 -> { // truncate
                return Arrays.copyOf(in, at);
            }
            case 2 -> { // insert random bytes
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                byte[] out = new byte[in.length + extra.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(in, at, out, at + extra.length, in.length - at);
                return out;
            }
            case 3 -> { // delete a range
                int length = Math.min(in.length - at, 1 + random.nextInt(16));
                byte[] out = new byte[in.length - length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + length, out, at, in.length - at - length);
                return out;
            }
            case 4 -> { // overwrite a range with garbage
                byte[] out = in.clone();
                int length = Math.min(in.length - at, 1 + random.nextInt(32));
                for (int i = 0; i < length; i++) {
                    out[at + i] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 5 -> { // splice: repeat a slice of the input elsewhere
                int length = Math.min(in.length - at, 1 + random.nextInt(64));
                int to = random.nextInt(in.length + 1);
                byte[] out = new byte[in.length + length];
                System.arraycopy(in, 0, out, 0, to);
                System.arraycopy(in, at, out, to, length);
                System.arraycopy(in, to, out, to + length, in.length - to);
                return out;
            }
            default -> { // boundary values that often mean "huge length" or "end"
                byte[] out = in.clone();
                byte[] interesting = {0x00, (byte) 0xff, 0x7f, (byte) 0x80, 0x01, (byte) 0xfe};
                out[at] = interesting[random.nextInt(interesting.length)];
                return out;
            }
        }
    }

    private long now() {
        return clock.millis();
    }

    private byte[] validV1Body() {
        Histogram histogram = Histogram.newBuilder().setCountInt(4).setSum(10).setSchema(0).setZeroThreshold(0.001)
                .setZeroCountInt(1).addPositiveSpans(BucketSpan.newBuilder().setOffset(0).setLength(2))
                .addAllPositiveDeltas(List.of(1L, 1L)).setTimestamp(now()).build();
        Histogram custom = Histogram.newBuilder().setCountFloat(3).setSum(1).setSchema(-53)
                .addPositiveSpans(BucketSpan.newBuilder().setLength(2)).addAllPositiveCounts(List.of(1.0, 2.0))
                .addCustomValues(0.5).setTimestamp(now() + 1).build();
        return WriteRequest.newBuilder()
                .addTimeseries(v1Series("__name__", "http_requests_total", "instance", "host:9090", "job", "api")
                        .addSamples(v1Sample(now() - 15_000, 1)).addSamples(v1Sample(now(), 2))
                        .addExemplars(Exemplar.newBuilder().addAllLabels(WireRequests.labels("trace_id", "0af7651916"))
                                .setValue(1).setTimestamp(now())))
                .addTimeseries(v1Series("__name__", "request_duration_seconds", "job", "api")
                        .addHistograms(histogram).addHistograms(custom))
                .addTimeseries(v1Series("__name__", "up", "job", "api").addSamples(v1Sample(now(), 1)))
                .addMetadata(io.amphora.proto.prometheus.MetricMetadata.newBuilder()
                        .setType(io.amphora.proto.prometheus.MetricMetadata.MetricType.COUNTER)
                        .setMetricFamilyName("http_requests_total").setHelp("Requests served.").setUnit("requests"))
                .build().toByteArray();
    }

    private byte[] validV2Body() {
        WireRequests.V2 request = new WireRequests.V2();
        request.add(request.series("__name__", "http_requests_total", "instance", "host:9090", "job", "api")
                .addSamples(v2Sample(now() - 15_000, 1).toBuilder().setStartTimestamp(now() - 60_000))
                .addSamples(v2Sample(now(), 2))
                .addExemplars(io.amphora.proto.remotewrite.v2.Exemplar.newBuilder()
                        .addAllLabelsRefs(request.refs("trace_id", "0af7651916")).setValue(1).setTimestamp(now()))
                .setMetadata(Metadata.newBuilder().setType(Metadata.MetricType.METRIC_TYPE_COUNTER)
                        .setHelpRef(request.ref("Requests served.")).setUnitRef(request.ref("requests")))
                .build());
        request.add(request.series("__name__", "request_duration_seconds", "job", "api")
                .addHistograms(io.amphora.proto.remotewrite.v2.Histogram.newBuilder().setCountInt(4).setSum(10)
                        .setSchema(0).setZeroThreshold(0.001).setZeroCountInt(1)
                        .addPositiveSpans(io.amphora.proto.remotewrite.v2.BucketSpan.newBuilder().setLength(2))
                        .addAllPositiveDeltas(List.of(1L, 1L)).setTimestamp(now()))
                .setMetadata(Metadata.newBuilder().setType(Metadata.MetricType.METRIC_TYPE_HISTOGRAM))
                .build());
        request.add(request.series("__name__", "service.latency", "service name", "checkout")
                .addSamples(v2Sample(now(), 0.25)).build());
        return request.build().toByteArray();
    }

    private static final class Outcomes {
        int decoded;
        int refused;
        int seriesValidated;
    }
}
