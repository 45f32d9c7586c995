package io.amphora.app;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.amphora.app.RemoteWriteBodies.TestSeries;
import io.amphora.app.RemoteWriteBodies.V2Metadata;
import io.amphora.proto.prometheus.MetricMetadata;
import io.amphora.proto.remotewrite.v2.Metadata.MetricType;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.amphora.app.RemoteWriteBodies.V1_CONTENT_TYPE;
import static io.amphora.app.RemoteWriteBodies.V2_CONTENT_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of seeded mutations of valid remote-write 1.0 and 2.0 requests against the running single process. The
 * contract: a body the sender got wrong is the sender's fault (4xx), never a server fault (5xx, which makes Prometheus
 * retry the same bad body forever); the process stays ready; and nothing stored before is lost or changed. A
 * mutation that happens to be a valid request may store data: only 5xx answers and changes to the earlier data fail.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "amphora.grpc.port=0",
            // This test is about the data plane behind the gateway; GatewayIntegrationTest covers authentication.
            "amphora.gateway.auth-enabled=false",
            "amphora.grpc.in-process-name=" + RemoteWriteFuzzTest.IN_PROCESS_NAME,
            // Small, so that bodies over the limit (413) are cheap to send.
            "amphora.distributor.max-recv-message-size=" + RemoteWriteFuzzTest.MAX_BODY_BYTES + "B"})
@DirtiesContext
class RemoteWriteFuzzTest {
    static final String IN_PROCESS_NAME = "remote-write-fuzz-test";
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String WORKSPACE = "ws-fuzz";
    private static final long SEED = 0x5EED_2026_1121L;
    private static final int REQUESTS = 3_000;
    private static final int READY_CHECK_EVERY = 250;
    private static final int FAILURES_SHOWN = 10;

    /** What a request was derived from; every kind is used, each names what the distributor must survive. */
    enum Mutation {
        BIT_FLIPS_IN_COMPRESSED_BODY,
        TRUNCATED_COMPRESSED_BODY,
        BYTES_INSERTED_INTO_COMPRESSED_BODY,
        RANDOM_BYTES,
        SNAPPY_OF_BIT_FLIPPED_PROTOBUF,
        SNAPPY_OF_TRUNCATED_PROTOBUF,
        SNAPPY_OF_PROTOBUF_WITH_OVERWRITTEN_BYTES,
        SNAPPY_OF_SPLICED_PROTOBUFS,
        SNAPPY_OF_RANDOM_BYTES,
        SNAPPY_DECLARING_A_HUGE_LENGTH,
        SNAPPY_FRAMED_FORMAT,
        OTHER_PROTOCOL_VERSIONS_MESSAGE,
        WRONG_CONTENT_TYPE,
        WRONG_CONTENT_ENCODING,
        BODY_OVER_THE_LIMIT,
        EMPTY_BODY,
        BAD_WORKSPACE
    }

    private static final List<String> WRONG_CONTENT_TYPES = List.of(
            "text/plain", "application/json", "application/protobuf", "application/x-protobuf;proto=",
            "application/x-protobuf;proto=prometheus.ReadRequest", "application/x-protobuf;proto=io.prometheus.write.v3.Request",
            "application/x-protobuf;;;", "application/x-protobuf;proto", "multipart/form-data; boundary=x",
            "application/x-protobuf;proto=\"io.prometheus.write.v2.Request", "*/*", "application/octet-stream");
    private static final List<String> WRONG_ENCODINGS = List.of(
            "gzip", "identity", "deflate", "br", "zstd", "snappy, gzip", "x-snappy-framed", "snapp");

    @TempDir
    static Path dataDir;

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("amphora.data-dir", () -> dataDir.toString());
    }

    private record Sent(int index, Mutation mutation, String path, Map<String, String> headers, int bodyLength,
                        int status, String answer) {}

    @Test
    void mutatedBodiesGetOnly2xxOr4xxAndLoseNoEarlierData() throws Exception {
        RemoteWriteHttp http = new RemoteWriteHttp(httpPort);
        long t0 = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        List<TestSeries> known = knownBatch(t0);
        Map<String, SortedMap<Long, Long>> knownSamples = new TreeMap<>();
        known.forEach(s -> knownSamples.put(s.key(), s.samples()));
        ManagedChannel channel = InProcessChannelBuilder.forName(IN_PROCESS_NAME).build();
        try {
            IngesterReadback ingester = new IngesterReadback(channel);
            HttpResponse<String> stored = http.write(WORKSPACE, V1_CONTENT_TYPE, RemoteWriteBodies.v1(known));
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(204);
            assertThat(ingester.samples(WORKSPACE)).isEqualTo(knownSamples);

            long fuzzStart = System.nanoTime();
            List<Sent> serverFaults = new ArrayList<>();
            Map<Mutation, Map<Integer, Integer>> perMutation = new EnumMap<>(Mutation.class);
            Map<Integer, Integer> perStatus = new TreeMap<>();
            Bases bases = new Bases(known, t0);
            SplittableRandom random = new SplittableRandom(SEED);
            for (int i = 0; i < REQUESTS; i++) {
                Mutation mutation = Mutation.values()[i % Mutation.values().length];
                Sent sent = send(http, i, mutation, bases, random);
                perMutation.computeIfAbsent(mutation, m -> new TreeMap<>()).merge(sent.status, 1, Integer::sum);
                perStatus.merge(sent.status, 1, Integer::sum);
                if (sent.status < 200 || sent.status >= 500) {
                    serverFaults.add(sent);
                }
                if (i % READY_CHECK_EVERY == READY_CHECK_EVERY - 1) {
                    assertThat(HttpProbe.get(httpPort, "/ready").statusCode()).as("/ready after request %d", i).isEqualTo(200);
                }
            }
            Duration fuzzTime = Duration.ofNanos(System.nanoTime() - fuzzStart);

            assertThat(serverFaults.size()).as("requests answered outside 2xx/4xx (seed %d); the first ones: %s",
                    SEED, serverFaults.subList(0, Math.min(FAILURES_SHOWN, serverFaults.size()))).isZero();
            assertThat(HttpProbe.get(httpPort, "/ready").statusCode()).isEqualTo(200);
            // Every kind of answer the protocol defines for a bad body was reached, and some mutants were valid.
            assertThat(perStatus).as("answers by status after %s", fuzzTime).containsKeys(204, 400, 401, 413, 415);
            // Where the protocol fixes the answer, it is that answer whatever else the body holds.
            assertThat(perMutation.get(Mutation.WRONG_CONTENT_ENCODING)).as("%s", perMutation).containsOnlyKeys(415);
            assertThat(perMutation.get(Mutation.BODY_OVER_THE_LIMIT)).as("%s", perMutation).containsOnlyKeys(413);
            assertThat(perMutation.get(Mutation.SNAPPY_DECLARING_A_HUGE_LENGTH).keySet()).as("%s", perMutation)
                    .isSubsetOf(400, 413);

            Map<String, SortedMap<Long, Long>> after = ingester.samples(WORKSPACE);
            for (var series : knownSamples.entrySet()) {
                SortedMap<Long, Long> now = after.get(series.getKey());
                assertThat(now).as("series %s after the fuzzing", series.getKey()).isNotNull();
                // Mutants may add samples at new timestamps; the known ones must all be there, with the same bits.
                Map<Long, Long> knownPart = new TreeMap<>(now);
                knownPart.keySet().retainAll(series.getValue().keySet());
                assertThat(knownPart).as("samples of %s after the fuzzing", series.getKey()).isEqualTo(series.getValue());
            }
        } finally {
            channel.shutdownNow();
        }
    }

    /** 40 series × 20 samples, with values whose bits are easy to get wrong. */
    private static List<TestSeries> knownBatch(long t0) {
        SplittableRandom random = new SplittableRandom(SEED ^ 1);
        double[] special = {Double.NaN, Double.longBitsToDouble(0x7ff0000000000002L), -0.0, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        List<TestSeries> known = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            TestSeries series = TestSeries.of("__name__", "fuzz_known_" + (s % 4), "job", "fuzz", "shard", String.valueOf(s));
            for (int i = 0; i < 20; i++) {
                double v = random.nextInt(8) == 0 ? special[random.nextInt(special.length)] : random.nextDouble() * 1e6;
                series = series.sample(t0 + i * 15_000L, v);
            }
            known.add(series);
        }
        return known;
    }

    /**
     * The valid requests mutants are made from: the known batch sent again (so that mutants hit stored series and
     * timestamps), new series in both protocol versions, and metadata.
     */
    private static final class Bases {
        final List<byte[]> v1Raw = new ArrayList<>();
        final List<byte[]> v2Raw = new ArrayList<>();

        Bases(List<TestSeries> known, long t0) {
            long later = t0 + Duration.ofMinutes(10).toMillis();
            List<TestSeries> fresh = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                TestSeries series = TestSeries.of("__name__", "fuzz_new", "job", "fuzz", "n", String.valueOf(s), "empty", "");
                for (int i = 0; i < 5; i++) {
                    series = series.sample(later + i * 1000L, s * 10 + i);
                }
                fresh.add(series);
            }
            v1Raw.add(RemoteWriteBodies.v1Request(known.subList(0, 8), List.of()).toByteArray());
            v1Raw.add(RemoteWriteBodies.v1Request(fresh, List.of(MetricMetadata.newBuilder()
                    .setType(MetricMetadata.MetricType.GAUGE).setMetricFamilyName("fuzz_new").setHelp("Fuzzing.")
                    .setUnit("bytes").build())).toByteArray());
            v2Raw.add(RemoteWriteBodies.v2Request(known.subList(8, 16), Map.of()).toByteArray());
            v2Raw.add(RemoteWriteBodies.v2Request(fresh, Map.of(
                    "fuzz_new", new V2Metadata(MetricType.METRIC_TYPE_GAUGE, "Fuzzing.", "bytes"))).toByteArray());
        }
    }

    private Sent send(RemoteWriteHttp http, int index, Mutation mutation, Bases bases, SplittableRandom random) throws Exception {
        boolean v2 = random.nextBoolean();
        List<byte[]> raws = v2 ? bases.v2Raw : bases.v1Raw;
        byte[] raw = raws.get(random.nextInt(raws.size()));
        byte[] compressed = RemoteWriteBodies.snappy(raw);
        String contentType = v2 ? V2_CONTENT_TYPE : V1_CONTENT_TYPE;
        String encoding = "snappy";
        String workspace = WORKSPACE;
        byte[] body = switch (mutation) {
            case BIT_FLIPS_IN_COMPRESSED_BODY -> flipBits(compressed, 1 + random.nextInt(8), random);
            case TRUNCATED_COMPRESSED_BODY -> Arrays.copyOf(compressed, random.nextInt(compressed.length));
            case BYTES_INSERTED_INTO_COMPRESSED_BODY -> insert(compressed, randomBytes(1 + random.nextInt(16), random), random);
            case RANDOM_BYTES -> randomBytes(random.nextInt(2_000), random);
            case SNAPPY_OF_BIT_FLIPPED_PROTOBUF -> RemoteWriteBodies.snappy(flipBits(raw, 1 + random.nextInt(8), random));
            case SNAPPY_OF_TRUNCATED_PROTOBUF -> RemoteWriteBodies.snappy(Arrays.copyOf(raw, random.nextInt(raw.length)));
            case SNAPPY_OF_PROTOBUF_WITH_OVERWRITTEN_BYTES -> RemoteWriteBodies.snappy(overwrite(raw, random));
            case SNAPPY_OF_SPLICED_PROTOBUFS -> RemoteWriteBodies.snappy(splice(raw, raws.get(random.nextInt(raws.size())), random));
            case SNAPPY_OF_RANDOM_BYTES -> RemoteWriteBodies.snappy(randomBytes(random.nextInt(2_000), random));
            case SNAPPY_DECLARING_A_HUGE_LENGTH -> hugeDeclaredLength(compressed, random);
            case SNAPPY_FRAMED_FORMAT -> framed(compressed);
            case OTHER_PROTOCOL_VERSIONS_MESSAGE -> {
                contentType = v2 ? V1_CONTENT_TYPE : V2_CONTENT_TYPE;
                yield compressed;
            }
            case WRONG_CONTENT_TYPE -> {
                contentType = random.nextInt(4) == 0 ? printableAscii(1 + random.nextInt(40), random)
                        : WRONG_CONTENT_TYPES.get(random.nextInt(WRONG_CONTENT_TYPES.size()));
                yield compressed;
            }
            case WRONG_CONTENT_ENCODING -> {
                encoding = random.nextInt(4) == 0 ? printableAscii(1 + random.nextInt(20), random)
                        : WRONG_ENCODINGS.get(random.nextInt(WRONG_ENCODINGS.size()));
                yield compressed;
            }
            case BODY_OVER_THE_LIMIT -> random.nextBoolean()
                    ? randomBytes(MAX_BODY_BYTES + 1 + random.nextInt(MAX_BODY_BYTES), random)
                    // Compresses to far less than the limit but decompresses to more.
                    : RemoteWriteBodies.snappy(new byte[MAX_BODY_BYTES + 1 + random.nextInt(MAX_BODY_BYTES)]);
            case EMPTY_BODY -> new byte[0];
            case BAD_WORKSPACE -> {
                workspace = switch (random.nextInt(4)) {
                    case 0 -> "";
                    case 1 -> "ws fuzz";
                    case 2 -> "x".repeat(151);
                    default -> "ws%2Ffuzz";
                };
                yield compressed;
            }
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Encoding", encoding);
        String path;
        if (random.nextInt(5) == 0) {
            path = "/api/v1/push";
            if (!workspace.isEmpty()) {
                headers.put("X-Scope-OrgID", workspace);
            }
        } else {
            path = "/workspaces/" + (workspace.isEmpty() ? "%20" : workspace.replace(" ", "%20")) + "/api/v1/remote_write";
        }
        HttpResponse<String> response = http.post(path, headers, body);
        String answer = response.body().length() > 300 ? response.body().substring(0, 300) + "…" : response.body();
        return new Sent(index, mutation, path, headers, body.length, response.statusCode(), answer);
    }

    private static byte[] flipBits(byte[] bytes, int flips, SplittableRandom random) {
        byte[] out = bytes.clone();
        for (int i = 0; i < flips && out.length > 0; i++) {
            int bit = random.nextInt(out.length * 8);
            out[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return out;
    }

    private static byte[] insert(byte[] bytes, byte[] inserted, SplittableRandom random) {
        int at = random.nextInt(bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    /** Runs of bytes that protobuf parsers find hardest: varint continuation bytes, huge lengths, wire type 7. */
    private static byte[] overwrite(byte[] bytes, SplittableRandom random) {
        byte[] out = bytes.clone();
        byte[] nasty = {(byte) 0xff, (byte) 0x80, 0x7f, 0x00, 0x0f, (byte) 0xfe};
        int at = random.nextInt(out.length);
        int run = 1 + random.nextInt(12);
        for (int i = at; i < Math.min(out.length, at + run); i++) {
            out[i] = nasty[random.nextInt(nasty.length)];
        }
        return out;
    }

    /** A prefix of one message followed by a suffix of another: often a valid protobuf with surprising content. */
    private static byte[] splice(byte[] a, byte[] b, SplittableRandom random) {
        int cutA = random.nextInt(a.length + 1);
        int cutB = random.nextInt(b.length + 1);
        byte[] out = Arrays.copyOf(a, cutA + b.length - cutB);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    /** The compressed body with its leading length varint replaced by one close to 2^32. */
    private static byte[] hugeDeclaredLength(byte[] compressed, SplittableRandom random) {
        int headerLength = 0;
        while (headerLength < compressed.length && (compressed[headerLength] & 0x80) != 0) {
            headerLength++;
        }
        headerLength++;
        long declared = 0xFFFF_FFFFL - random.nextInt(1 << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v = declared; ; v >>>= 7) {
            if (v < 0x80) {
                out.write((int) v);
                break;
            }
            out.write((int) (v & 0x7f) | 0x80);
        }
        out.write(compressed, headerLength, compressed.length - headerLength);
        return out.toByteArray();
    }

    /** The stream identifier of snappy's framed format in front of a block: a format remote write does not use. */
    private static byte[] framed(byte[] compressed) {
        byte[] magic = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
        byte[] out = Arrays.copyOf(magic, magic.length + compressed.length);
        System.arraycopy(compressed, 0, out, magic.length, compressed.length);
        return out;
    }

    private static byte[] randomBytes(int n, SplittableRandom random) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static String printableAscii(int n, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) random.nextInt(0x21, 0x7f));
        }
        return sb.toString();
    }
}
