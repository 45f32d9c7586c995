package io.amphora.bench.remotewrite;

import io.amphora.bench.SyntheticSeries;
import io.amphora.model.Labels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * A remote-write load generator: {@code --series} synthetic Kubernetes-like series ({@link SyntheticSeries}), each
 * with {@code --samples-per-series} samples {@code --interval} apart, sent as snappy-compressed protobuf.
 *
 * <p>Samples go step by step: every series' sample {@code i} is answered before any series' sample {@code i + 1}
 * is sent, because a receiver without an out-of-order window refuses a sample older than the newest it holds for
 * that series. Within a step, requests of {@code --batch-size} samples (one per series) go {@code --concurrency}
 * at a time, paced to {@code --rate} samples/s when set. Nothing is retried: every non-2xx answer and every request
 * without an answer is counted, and the first few are shown with their bodies.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.amphora.bench.remotewrite.RemoteWriteLoad --url=URL ...}
 * (see {@link LoadOptions#USAGE}). It prints a report, then one {@code RESULT key=value ...} line for scripts, and
 * exits 0 when every request was answered 2xx, 1 otherwise, 2 for bad arguments.
 */
public final class RemoteWriteLoad {
    private final LoadOptions options;
    private final SyntheticSeries series;
    private final RequestEncoder encoder;
    private final RemoteWriteClient client;
    private final LongSupplier nanoTime;
    private final Pacer.Sleeper sleeper;

    /**
     * @param series the values source; the run calls {@link SyntheticSeries#nextValue} in step order, from one
     *     thread, so the same seed gives the same samples
     */
    RemoteWriteLoad(LoadOptions options, SyntheticSeries series, RemoteWriteClient client, LongSupplier nanoTime,
            Pacer.Sleeper sleeper) {
        this.options = requireNonNull(options, "options is null");
        this.series = requireNonNull(series, "series is null");
        this.client = requireNonNull(client, "client is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        if (series.count() != options.series()) {
            throw new IllegalArgumentException("series has " + series.count() + " series, options want " + options.series());
        }
        List<Labels> labels = new ArrayList<>(series.count());
        for (int i = 0; i < series.count(); i++) {
            labels.add(series.labels(i));
        }
        this.encoder = RequestEncoder.forProtocol(options.protocol(), labels);
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args, System.getenv(), InstantSource.system());
        }
        catch (IllegalArgumentException e) {
            System.err.println("RemoteWriteLoad: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        HttpClient http = HttpClient.newBuilder()
                // Plain HTTP/1.1 like Prometheus's sender; the default would try an h2c upgrade on http:// URLs.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .build();
        RemoteWriteClient client = new RemoteWriteClient(http, options.url(), options.protocol(), options.tenant(),
                options.sigV4().map(config -> new SigV4Signer(config, InstantSource.system())), options.timeout());
        RemoteWriteLoad load = new RemoteWriteLoad(options, new SyntheticSeries(options.series(), options.seed(), 0),
                client, System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)));
        System.out.printf(Locale.ROOT, "remote write %s to %s: %d series x %d samples (%d samples), %d ms apart from %s; "
                        + "batches of %d, concurrency %d, rate %s%s%s%n",
                options.protocol().displayName(), options.url(), options.series(), options.samplesPerSeries(),
                options.totalSamples(), options.interval().toMillis(), options.start(), options.batchSize(), options.concurrency(),
                options.rate() == 0 ? "unlimited" : options.rate() + " samples/s",
                options.tenant().map(id -> ", X-Scope-OrgID " + id).orElse(""),
                options.sigV4().map(config -> ", SigV4 " + config.region() + "/" + SigV4Config.SERVICE_NAME).orElse(""));
        LoadReport report = load.run();
        System.out.print(report.describe());
        System.out.printf(Locale.ROOT, "load tool CPU: %.2f s (this JVM: generating, encoding, compressing, sending)%n",
                ownCpuNanos() / 1e9);
        System.out.println(report.resultLine());
        System.exit(report.allAccepted() ? 0 : 1);
    }

    /** Sends the whole load and reports what came back. */
    public LoadReport run() throws InterruptedException {
        LoadStatistics statistics = new LoadStatistics();
        Pacer pacer = new Pacer(options.rate(), nanoTime, sleeper);
        int count = options.series();
        ExecutorService senders = Executors.newFixedThreadPool(options.concurrency(),
                Thread.ofPlatform().name("remote-write-sender-", 0).daemon().factory());
        long startNanos = nanoTime.getAsLong();
        try {
            List<Future<Void>> previousStep = List.of();
            for (int step = 0; step < options.samplesPerSeries(); step++) {
                // Values are drawn while the previous step is still in flight; only sending waits for it.
                double[] values = new double[count];
                for (int i = 0; i < count; i++) {
                    values[i] = series.nextValue(i);
                }
                long timestamp = options.timestampMillis(step);
                awaitAll(previousStep);
                List<Future<Void>> thisStep = new ArrayList<>();
                for (int from = 0; from < count; from += options.batchSize()) {
                    int batchFrom = from;
                    int batchTo = Math.min(count, from + options.batchSize());
                    pacer.awaitTurn(batchTo - batchFrom);
                    thisStep.add(senders.submit(() -> sendBatch(statistics, timestamp, values, batchFrom, batchTo)));
                }
                previousStep = thisStep;
            }
            awaitAll(previousStep);
        }
        finally {
            senders.shutdownNow();
        }
        return statistics.report(nanoTime.getAsLong() - startNanos);
    }

    private Void sendBatch(LoadStatistics statistics, long timestamp, double[] values, int from, int to)
            throws InterruptedException {
        byte[] body = encoder.encodeCompressed(timestamp, values, from, to);
        long sentNanos = nanoTime.getAsLong();
        try {
            RemoteWriteClient.Answer answer = client.send(body);
            statistics.answered(to - from, answer.status(), answer.body(), nanoTime.getAsLong() - sentNanos);
        }
        catch (IOException e) {
            statistics.failed(to - from, e, nanoTime.getAsLong() - sentNanos);
        }
        return null;
    }

    private static void awaitAll(List<Future<Void>> futures) throws InterruptedException {
        for (Future<Void> future : futures) {
            try {
                future.get();
            }
            catch (ExecutionException e) {
                // Send failures are counted in sendBatch; anything reaching here is a bug in encoding.
                throw new IllegalStateException("building or sending a batch failed", e.getCause());
            }
        }
    }

    private static long ownCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
