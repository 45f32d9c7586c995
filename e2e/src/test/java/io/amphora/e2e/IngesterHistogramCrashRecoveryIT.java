package io.amphora.e2e;

import io.amphora.model.StaleMarker;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.ingester.v1.BucketSpan;
import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.PushRequest;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.proto.ingester.v1.TimeSeries;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.FloatHistogramIterator;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramIterator;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durability promise for native histograms at process level: writers push integer counter histograms (whose
 * buckets grow, so the open chunks are re-encoded) and float gauge histograms (with staleness markers) through the
 * real gRPC port while the process is killed with SIGKILL; after a restart on the same data directory every
 * acknowledged histogram is back with the same counts, sum bits, schema and buckets.
 */
class IngesterHistogramCrashRecoveryIT {
    private static final int WRITERS = 2;
    private static final int SERIES_PER_PUSH = 10;
    private static final int ENOUGH_PUSHES = 300;
    private static final long T0 = 1_700_000_000_000L;
    private static final String TENANT = "histograms";

    /** series key ("name/writer") -> timestamp -> histogram as sent (hint cleared, empty buckets compacted away). */
    private final Map<String, Map<Long, Object>> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedHistogramSurvivesSigkill() throws Exception {
        try (AmphoraProcess amphora = AmphoraProcess.startJar("histogram-crash", "--amphora.ingester.checkpoint-interval=500ms")) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acks = new AtomicInteger();
            CountDownLatch enough = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", amphora.grpcPort()).usePlaintext().build();
            try {
                IngesterGrpc.IngesterBlockingStub client = IngesterGrpc.newBlockingStub(channel);
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().name("histogram-writer-" + w).start(() -> write(client, writer, stop, acks, enough)));
                }
                assertThat(enough.await(60, TimeUnit.SECONDS)).as("writers acknowledged enough pushes").isTrue();
                assertThat(amphora.kill()).isEqualTo(AmphoraProcess.EXIT_SIGKILL);
                stop.set(true);
                for (Thread t : writers) {
                    t.join(Duration.ofSeconds(30));
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }

            amphora.restart();
            assertThat(amphora.log()).contains("recovery done");
            ManagedChannel reader = NettyChannelBuilder.forAddress("127.0.0.1", amphora.grpcPort()).usePlaintext().build();
            try {
                Map<String, Map<Long, Object>> stored = readAll(IngesterGrpc.newBlockingStub(reader));
                int checked = 0;
                for (var series : acknowledged.entrySet()) {
                    Map<Long, Object> got = stored.get(series.getKey());
                    assertThat(got).as("series %s is back", series.getKey()).isNotNull();
                    for (var sample : series.getValue().entrySet()) {
                        assertThat(got.get(sample.getKey())).as("%s at %d", series.getKey(), sample.getKey())
                                .isEqualTo(sample.getValue());
                        checked++;
                    }
                }
                assertThat(checked).isGreaterThanOrEqualTo(ENOUGH_PUSHES * SERIES_PER_PUSH);
            } finally {
                reader.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private void write(IngesterGrpc.IngesterBlockingStub client, int writer, AtomicBoolean stop, AtomicInteger acks,
            CountDownLatch enough) {
        SplittableRandom random = new SplittableRandom(writer);
        for (int step = 0; !stop.get(); step++) {
            PushRequest.Builder push = PushRequest.newBuilder().setTenant(TENANT);
            Map<String, Object> sent = new HashMap<>();
            long t = T0 + step * 1000L;
            for (int i = 0; i < SERIES_PER_PUSH; i++) {
                String name = (i % 2 == 0 ? "latency_" : "queue_") + i;
                TimeSeries.Builder ts = TimeSeries.newBuilder()
                        .addLabels(LabelPair.newBuilder().setName("__name__").setValue(name))
                        .addLabels(LabelPair.newBuilder().setName("writer").setValue(String.valueOf(writer)));
                if (i % 2 == 0) {
                    Histogram h = counter(step, i);
                    ts.addHistograms(toProto(t, h));
                    sent.put(name + "/" + writer, comparable(h));
                } else {
                    FloatHistogram h = gauge(random);
                    ts.addHistograms(toProto(t, h));
                    sent.put(name + "/" + writer, comparable(h));
                }
                push.addTimeseries(ts);
            }
            try {
                client.withDeadlineAfter(10, TimeUnit.SECONDS).push(push.build());
            } catch (StatusRuntimeException e) {
                return; // the process died: this push was not acknowledged
            }
            sent.forEach((key, h) -> acknowledged.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(t, h));
            if (acks.incrementAndGet() >= ENOUGH_PUSHES) {
                enough.countDown();
            }
        }
    }

    /** A counter histogram that gains a bucket every 40 steps, with growing counts. */
    private static Histogram counter(int step, int series) {
        int buckets = 2 + step / 40;
        long[] deltas = new long[buckets];
        long previous = 0;
        long total = step;
        for (int b = 0; b < buckets; b++) {
            long count = (long) (b + series + 1) * step;
            deltas[b] = count - previous;
            previous = count;
            total += count;
        }
        return new Histogram(CounterResetHint.UNKNOWN, 2, 0x1p-128, step, total, step * 0.1 + series,
                new Span[] {new Span(-1, buckets)}, deltas, new Span[0], new long[0], new double[0]);
    }

    /** A float gauge histogram over a random subset of 6 buckets, a staleness marker now and then. */
    private static FloatHistogram gauge(SplittableRandom random) {
        if (random.nextInt(25) == 0) {
            return new FloatHistogram(CounterResetHint.GAUGE, 0, 0, 0, 1, Double.longBitsToDouble(StaleMarker.BITS),
                    new Span[0], new double[0], new Span[0], new double[0], new double[0]);
        }
        List<Span> spans = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        int last = -1;
        for (int index = 0; index < 6; index++) {
            if (random.nextBoolean()) {
                if (last >= 0 && index == last + 1) {
                    Span s = spans.removeLast();
                    spans.add(new Span(s.offset(), s.length() + 1));
                } else {
                    spans.add(new Span(last < 0 ? index : index - last - 1, 1));
                }
                counts.add(random.nextDouble() * 100);
                last = index;
            }
        }
        double total = counts.stream().mapToDouble(Double::doubleValue).sum() + 1;
        return new FloatHistogram(CounterResetHint.GAUGE, 1, 0.001, 1, Math.ceil(total), random.nextGaussian(),
                spans.toArray(new Span[0]), counts.stream().mapToDouble(Double::doubleValue).toArray(), new Span[0],
                new double[0], new double[0]);
    }

    private static io.amphora.proto.ingester.v1.Histogram toProto(long t, Histogram h) {
        var b = io.amphora.proto.ingester.v1.Histogram.newBuilder().setTimestampMs(t).setCountInt(h.count())
                .setZeroCountInt(h.zeroCount()).setSum(h.sum()).setSchema(h.schema()).setZeroThreshold(h.zeroThreshold())
                .setResetHint(h.counterResetHint().ordinal());
        h.positiveSpans().forEach(s -> b.addPositiveSpans(BucketSpan.newBuilder().setOffset(s.offset()).setLength(s.length())));
        for (long d : h.positiveBuckets()) {
            b.addPositiveDeltas(d);
        }
        return b.build();
    }

    private static io.amphora.proto.ingester.v1.Histogram toProto(long t, FloatHistogram h) {
        var b = io.amphora.proto.ingester.v1.Histogram.newBuilder().setTimestampMs(t).setCountFloat(h.count())
                .setZeroCountFloat(h.zeroCount()).setSum(h.sum()).setSchema(h.schema()).setZeroThreshold(h.zeroThreshold())
                .setResetHint(h.counterResetHint().ordinal());
        h.positiveSpans().forEach(s -> b.addPositiveSpans(BucketSpan.newBuilder().setOffset(s.offset()).setLength(s.length())));
        for (double c : h.positiveBuckets()) {
            b.addPositiveCounts(c);
        }
        return b.build();
    }

    /**
     * The histogram as it must come back: a staleness marker as its sum alone; otherwise every field, with the
     * hint (which chunks derive from their position) cleared and empty buckets compacted away (a chunk re-encoded
     * for new buckets holds its earlier samples with those buckets empty).
     */
    private static Object comparable(Histogram h) {
        if (StaleMarker.is(h.sum())) {
            return "stale";
        }
        return h.withCounterResetHint(CounterResetHint.UNKNOWN).compact(0);
    }

    private static Object comparable(FloatHistogram h) {
        if (StaleMarker.is(h.sum())) {
            return "stale";
        }
        return h.withCounterResetHint(CounterResetHint.UNKNOWN).compact(0);
    }

    private static Map<String, Map<Long, Object>> readAll(IngesterGrpc.IngesterBlockingStub client) {
        Map<String, Map<Long, Object>> out = new HashMap<>();
        client.queryStream(QueryRequest.newBuilder().setTenant(TENANT).setStartTimestampMs(Long.MIN_VALUE)
                .setEndTimestampMs(Long.MAX_VALUE).build()).forEachRemaining(response -> {
            for (StreamingSeries s : response.getSeriesList()) {
                String name = "";
                String writer = "";
                for (LabelPair p : s.getLabelsList()) {
                    if (p.getName().equals("__name__")) {
                        name = p.getValue();
                    } else if (p.getName().equals("writer")) {
                        writer = p.getValue();
                    }
                }
                Map<Long, Object> samples = out.computeIfAbsent(name + "/" + writer, k -> new TreeMap<>());
                for (Chunk c : s.getChunksList()) {
                    if (c.getEncoding() == HistogramChunk.ENCODING) {
                        HistogramIterator it = HistogramIterator.of(c.getData().toByteArray(), null);
                        while (it.next() == ValueType.HISTOGRAM) {
                            samples.put(it.atT(), comparable(it.atHistogram()));
                        }
                    } else {
                        assertThat(c.getEncoding()).isEqualTo(FloatHistogramChunk.ENCODING);
                        FloatHistogramIterator it = FloatHistogramIterator.of(c.getData().toByteArray(), null);
                        while (it.next() == ValueType.FLOAT_HISTOGRAM) {
                            samples.put(it.atT(), comparable(it.atFloatHistogram()));
                        }
                    }
                }
            }
        });
        return out;
    }
}
