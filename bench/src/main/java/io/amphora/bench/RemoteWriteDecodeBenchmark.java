package io.amphora.bench;

import io.amphora.bench.remotewrite.V1RequestEncoder;
import io.amphora.bench.remotewrite.V2RequestEncoder;
import io.amphora.distributor.remotewrite.RemoteWriteDecoder;
import io.amphora.distributor.remotewrite.WriteBatch;
import io.amphora.model.Labels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of decoding one remote-write 1.0 request as Prometheus sends it: 2,000 series with one sample each (its default
 * {@code max_samples_per_send}), 10 labels per series shaped like a Kubernetes scrape (the 8 of
 * {@link SyntheticSeries} plus {@code endpoint} and {@code node}), snappy block-compressed. Reported per series:
 * time with the default mode, allocated bytes with {@code -prof gc} ({@code gc.alloc.rate.norm}).
 *
 * <p>{@code decode} is the whole {@link RemoteWriteDecoder#decode} (decompression included, as a request pays it);
 * {@code decompressOnly} is the snappy part alone, so that the protobuf-to-model part is the difference.
 * {@code decodeV2} decodes the same series and samples sent as remote write 2.0 (one symbol table for the request,
 * metadata per series), as Prometheus 3 sends them when configured to.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RemoteWriteDecode -wi 2 -i 3 -r 2s -f 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RemoteWriteDecodeBenchmark {
    private static final int SERIES = 2_000;
    private static final long SEED = 20_261_121L;
    private static final long TIMESTAMP = 1_790_000_000_000L;

    private static final String V2_CONTENT_TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder();
    private byte[] body;
    private int decompressedLength;
    private byte[] bodyV2;

    @Setup(Level.Trial)
    public void encode() throws IOException {
        SyntheticSeries synthetic = new SyntheticSeries(SERIES, SEED, 0);
        List<Labels> labels = new ArrayList<>(SERIES);
        double[] values = new double[SERIES];
        for (int i = 0; i < SERIES; i++) {
            int target = i / 10;
            labels.add(synthetic.labels(i).toBuilder()
                    .add("endpoint", "http-metrics")
                    .add("node", "ip-10-0-" + (target % 30) + "-17.eu-west-1.compute.internal")
                    .build());
            values[i] = synthetic.nextValue(i);
        }
        byte[] raw = new V1RequestEncoder(labels).encode(TIMESTAMP, values, 0, SERIES);
        body = Snappy.compress(raw);
        decompressedLength = raw.length;

        bodyV2 = Snappy.compress(new V2RequestEncoder(labels).encode(TIMESTAMP, values, 0, SERIES));

        check(decoder.decode(null, "snappy", body));
        check(decoder.decode(V2_CONTENT_TYPE, "snappy", bodyV2));
    }

    private static void check(WriteBatch batch) {
        if (batch.series().size() != SERIES || batch.series().getFirst().labelCount() != 10
                || !batch.rejected().isEmpty()) {
            throw new IllegalStateException("the " + batch.version() + " request does not decode to " + SERIES
                    + " series of 10 labels: " + batch.series().size() + " series, " + batch.rejected().size()
                    + " rejected, first " + batch.series().getFirst());
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public WriteBatch decode() {
        return decoder.decode(null, "snappy", body);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public WriteBatch decodeV2() {
        return decoder.decode(V2_CONTENT_TYPE, "snappy", bodyV2);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public byte[] decompressOnly() throws IOException {
        byte[] raw = new byte[decompressedLength];
        Snappy.uncompress(body, 0, body.length, raw, 0);
        return raw;
    }
}
