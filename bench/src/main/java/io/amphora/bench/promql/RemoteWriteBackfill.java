package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.RemoteWriteClient;
import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.Sample;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.prometheus.WriteRequest;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Loads a whole {@link PromqlBenchmarkData} dataset into a remote-write 1.0 receiver (Prometheus's
 * {@code /api/v1/write}), in time order.
 *
 * <p>The data goes in windows of {@code scrapesPerRequest} scrapes. Within a window, each request carries the
 * window's samples of the series of {@code targetsPerRequest} targets (several samples per series, so that labels
 * are sent once per window rather than once per sample), {@code concurrency} requests at a time. Every request of a
 * window is answered before the next window starts: a receiver without an out-of-order window (Prometheus's head)
 * refuses a sample older than the newest of its series, and a sample too far behind the newest of all series once
 * its head has been compacted. Nothing is retried: the first non-2xx answer or failed request ends the load, since
 * a comparison over partly loaded data would be void.
 *
 * <p>Not thread-safe; {@link #run} may be called once.
 */
public final class RemoteWriteBackfill {
    /** What a finished load sent: all of the dataset's samples, every request answered 2xx. */
    public record Result(long samples, int requests, long elapsedNanos) {
        public double samplesPerSecond() {
            return elapsedNanos == 0 ? 0 : samples * 1e9 / elapsedNanos;
        }
    }

    private final PromqlBenchmarkData data;
    private final RemoteWriteClient client;
    private final int targetsPerRequest;
    private final int scrapesPerRequest;
    private final int concurrency;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;
    /** Each series' labels as a message without samples, built once. */
    private final TimeSeries[] labelsOnly;
    private final PromqlBenchmarkData.TargetCursor[] cursors;

    /**
     * @param client a client for remote write 1.0 ({@code prometheus.WriteRequest})
     * @param progress receives a line about every tenth of the load
     */
    public RemoteWriteBackfill(PromqlBenchmarkData data, RemoteWriteClient client, int targetsPerRequest,
            int scrapesPerRequest, int concurrency, LongSupplier nanoTime, Consumer<String> progress) {
        this.data = requireNonNull(data, "data is null");
        this.client = requireNonNull(client, "client is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.progress = requireNonNull(progress, "progress is null");
        if (targetsPerRequest <= 0 || scrapesPerRequest <= 0 || concurrency <= 0) {
            throw new IllegalArgumentException("targetsPerRequest, scrapesPerRequest and concurrency must be positive, got "
                    + targetsPerRequest + ", " + scrapesPerRequest + ", " + concurrency);
        }
        this.targetsPerRequest = targetsPerRequest;
        this.scrapesPerRequest = scrapesPerRequest;
        this.concurrency = concurrency;
        this.labelsOnly = new TimeSeries[data.seriesCount()];
        for (int i = 0; i < labelsOnly.length; i++) {
            TimeSeries.Builder builder = TimeSeries.newBuilder();
            data.labels(i).forEach((name, value) -> builder.addLabels(Label.newBuilder().setName(name).setValue(value)));
            labelsOnly[i] = builder.build();
        }
        this.cursors = new PromqlBenchmarkData.TargetCursor[data.targetCount()];
        for (int t = 0; t < cursors.length; t++) {
            cursors[t] = data.cursor(t);
        }
    }

    /**
     * Sends every sample of the dataset.
     *
     * @throws IOException when a request got no answer or a non-2xx one (its status and body are in the message)
     */
    public Result run() throws IOException, InterruptedException {
        int scrapes = data.scrapesPerSeries();
        int targets = data.targetCount();
        long total = data.totalSamples();
        long sent = 0;
        int requests = 0;
        long nextReport = total / 10;
        long start = nanoTime.getAsLong();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency,
                Thread.ofPlatform().name("remote-write-backfill-", 0).daemon().factory());
        try {
            for (int from = 0; from < scrapes; from += scrapesPerRequest) {
                int windowFrom = from;
                int windowTo = Math.min(scrapes, from + scrapesPerRequest);
                List<Future<Long>> window = new ArrayList<>();
                for (int t = 0; t < targets; t += targetsPerRequest) {
                    int targetFrom = t;
                    int targetTo = Math.min(targets, t + targetsPerRequest);
                    window.add(senders.submit(() -> send(targetFrom, targetTo, windowFrom, windowTo)));
                }
                for (Future<Long> request : window) {
                    sent += await(request);
                    requests++;
                }
                if (sent >= nextReport && sent < total) {
                    progress.accept(String.format(Locale.ROOT, "  sent %,d of %,d samples (%d%%)", sent, total, sent * 100 / total));
                    nextReport = sent + total / 10;
                }
            }
        } finally {
            senders.shutdownNow();
        }
        return new Result(sent, requests, nanoTime.getAsLong() - start);
    }

    private long send(int targetFrom, int targetTo, int scrapeFrom, int scrapeTo) throws IOException, InterruptedException {
        int scrapes = scrapeTo - scrapeFrom;
        int width = PromqlBenchmarkData.SERIES_PER_TARGET;
        long[] timestamps = new long[scrapes];
        double[] values = new double[scrapes * width];
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int t = targetFrom; t < targetTo; t++) {
            PromqlBenchmarkData.TargetCursor cursor = cursors[t];
            if (cursor.scrape() != scrapeFrom) {
                throw new IllegalStateException("target " + t + " is at scrape " + cursor.scrape() + ", not " + scrapeFrom);
            }
            for (int k = 0; k < scrapes; k++) {
                timestamps[k] = cursor.next(values, k * width);
            }
            for (int j = 0; j < width; j++) {
                TimeSeries.Builder series = labelsOnly[t * width + j].toBuilder();
                for (int k = 0; k < scrapes; k++) {
                    series.addSamples(Sample.newBuilder().setTimestamp(timestamps[k]).setValue(values[k * width + j]));
                }
                request.addTimeseries(series);
            }
        }
        RemoteWriteClient.Answer answer = client.send(Snappy.compress(request.build().toByteArray()));
        if (answer.status() / 100 != 2) {
            throw new IOException("remote write of targets " + targetFrom + ".." + (targetTo - 1) + ", scrapes "
                    + scrapeFrom + ".." + (scrapeTo - 1) + " answered " + answer.status() + ": " + answer.body().strip());
        }
        return (long) (targetTo - targetFrom) * width * scrapes;
    }

    private static long await(Future<Long> request) throws IOException, InterruptedException {
        try {
            return request.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("building or sending a request failed", e.getCause());
        }
    }
}
