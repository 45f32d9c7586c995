package io.amphora.e2e;

import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.PushRequest;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.Sample;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.proto.ingester.v1.TimeSeries;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.XorIterator;
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
 * The ingester's durability promise at process level: writers push through the real gRPC port while the
 * process is killed with SIGKILL; after a restart on the same data directory every acknowledged sample is back,
 * bit for bit.
 */
class IngesterCrashRecoveryIT {
    private static final int WRITERS = 3;
    private static final int SERIES_PER_PUSH = 25;
    private static final long T0 = 1_700_000_000_000L;
    private static final double[] SPECIAL = {Double.NaN, Double.longBitsToDouble(0x7ff0000000000002L), -0.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

    /** series key ("tenant/name/writer/i") -> timestamp -> raw value bits, for acknowledged pushes only. */
    private final Map<String, Map<Long, Long>> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedSampleSurvivesSigkillBitForBit() throws Exception {
        // A short checkpoint interval makes the kill land on a mix of checkpointed chunks and WAL records.
        try (AmphoraProcess amphora = AmphoraProcess.startJar("crash", "--amphora.ingester.checkpoint-interval=500ms")) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acks = new AtomicInteger();
            CountDownLatch enough = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", amphora.grpcPort()).usePlaintext().build();
            try {
                IngesterGrpc.IngesterBlockingStub client = IngesterGrpc.newBlockingStub(channel);
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> write(client, writer, stop, acks, enough)));
                }
                // Kill mid-stream: writers are still pushing when the process dies.
                assertThat(enough.await(60, TimeUnit.SECONDS)).as("writers acknowledged enough pushes").isTrue();
                assertThat(amphora.kill()).isEqualTo(AmphoraProcess.EXIT_SIGKILL);
                stop.set(true);
                for (Thread t : writers) {
                    t.join(Duration.ofSeconds(30));
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertThat(acks.get()).isGreaterThanOrEqualTo(600);

            amphora.restart();
            assertThat(amphora.log()).contains("recovery done");
            ManagedChannel reader = NettyChannelBuilder.forAddress("127.0.0.1", amphora.grpcPort()).usePlaintext().build();
            try {
                Map<String, Map<Long, Long>> stored = readAll(IngesterGrpc.newBlockingStub(reader));
                int checked = 0;
                for (var series : acknowledged.entrySet()) {
                    Map<Long, Long> got = stored.get(series.getKey());
                    assertThat(got).as("series %s is back", series.getKey()).isNotNull();
                    for (var sample : series.getValue().entrySet()) {
                        assertThat(got.get(sample.getKey()))
                                .as("%s at %d", series.getKey(), sample.getKey())
                                .isEqualTo(sample.getValue());
                        checked++;
                    }
                }
                assertThat(checked).isGreaterThanOrEqualTo(600 * SERIES_PER_PUSH);
            } finally {
                reader.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private void write(IngesterGrpc.IngesterBlockingStub client, int writer, AtomicBoolean stop, AtomicInteger acks, CountDownLatch enough) {
        SplittableRandom random = new SplittableRandom(writer);
        String tenant = "tenant-" + (writer % 2);
        for (int step = 0; !stop.get(); step++) {
            PushRequest.Builder push = PushRequest.newBuilder().setTenant(tenant);
            Map<String, long[]> sent = new HashMap<>();
            long t = T0 + step * 1000L;
            for (int i = 0; i < SERIES_PER_PUSH; i++) {
                double v = random.nextInt(20) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextDouble() * 1e6;
                push.addTimeseries(TimeSeries.newBuilder()
                        .addLabels(LabelPair.newBuilder().setName("__name__").setValue("m" + i))
                        .addLabels(LabelPair.newBuilder().setName("writer").setValue(String.valueOf(writer)))
                        .addSamples(Sample.newBuilder().setTimestampMs(t).setValue(v)));
                sent.put(tenant + "/m" + i + "/" + writer, new long[] {t, Double.doubleToRawLongBits(v)});
            }
            try {
                client.withDeadlineAfter(10, TimeUnit.SECONDS).push(push.build());
            } catch (StatusRuntimeException e) {
                return; // the process died: this push was not acknowledged
            }
            sent.forEach((key, sample) -> acknowledged.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(sample[0], sample[1]));
            if (acks.incrementAndGet() >= 600) {
                enough.countDown();
            }
        }
    }

    private static Map<String, Map<Long, Long>> readAll(IngesterGrpc.IngesterBlockingStub client) {
        Map<String, Map<Long, Long>> out = new HashMap<>();
        for (String tenant : List.of("tenant-0", "tenant-1")) {
            client.queryStream(QueryRequest.newBuilder().setTenant(tenant).setStartTimestampMs(Long.MIN_VALUE)
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
                    Map<Long, Long> samples = out.computeIfAbsent(tenant + "/" + name + "/" + writer, k -> new TreeMap<>());
                    for (Chunk c : s.getChunksList()) {
                        XorIterator it = XorIterator.of(c.getData().toByteArray(), null);
                        while (it.next() == ValueType.FLOAT) {
                            samples.put(it.atT(), Double.doubleToRawLongBits(it.atValue()));
                        }
                    }
                }
            });
        }
        return out;
    }
}
