package io.amphora.bench;

import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.XorChunk;
import io.amphora.tsdb.chunkenc.XorIterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode and decode cost of one full XOR chunk (120 samples, Prometheus's usual chunk size), reported per sample.
 *
 * <p>{@code counter}: a monotonically increasing request counter scraped every 15 s with a few milliseconds of
 * jitter. {@code gauge}: a random walk of arbitrary doubles on the same timestamps, the hard case for XOR compression.
 * Encoding includes creating the chunk, as the head does when it cuts a new one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class XorChunkBenchmark {
    private static final int SAMPLES = 120;

    @Param({"counter", "gauge"})
    public String series;

    private final long[] timestamps = new long[SAMPLES];
    private final double[] values = new double[SAMPLES];
    private byte[] encoded;
    private XorIterator iterator;

    @Setup(Level.Trial)
    public void generate() {
        Random random = new Random(20_240_601L);
        long t = 1_700_000_000_000L;
        double value = series.equals("counter") ? 1_000 : 50;
        for (int i = 0; i < SAMPLES; i++) {
            t += 15_000 + random.nextInt(11) - 5;
            value = switch (series) {
                case "counter" -> value + random.nextInt(30);
                case "gauge" -> value + random.nextGaussian();
                default -> throw new IllegalArgumentException("unknown series " + series);
            };
            timestamps[i] = t;
            values[i] = value;
        }
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < SAMPLES; i++) {
            chunk.append(timestamps[i], values[i]);
        }
        encoded = chunk.bytes();
        iterator = XorIterator.of(encoded, null);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public XorChunk encode() {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < SAMPLES; i++) {
            chunk.append(timestamps[i], values[i]);
        }
        return chunk;
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void decode(Blackhole blackhole) {
        XorIterator it = XorIterator.of(encoded, iterator);
        long timestampSum = 0;
        double valueSum = 0;
        while (it.next() == ValueType.FLOAT) {
            timestampSum += it.atT();
            valueSum += it.atValue();
        }
        blackhole.consume(timestampSum);
        blackhole.consume(valueSum);
    }
}
