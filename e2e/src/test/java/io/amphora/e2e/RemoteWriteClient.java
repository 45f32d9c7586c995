package io.amphora.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.prometheus.BucketSpan;
import io.amphora.proto.prometheus.Histogram;
import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.MetricMetadata;
import io.amphora.proto.prometheus.Sample;
import io.amphora.proto.prometheus.TimeSeries;
import io.amphora.proto.prometheus.WriteRequest;
import org.xerial.snappy.Snappy;

import static java.util.Objects.requireNonNull;

/**
 * Sends Prometheus remote-write 1.0 requests (snappy-compressed {@code prometheus.WriteRequest} protobuf with native
 * histograms in its {@code histograms} field, the headers Prometheus's own sender sets) to any receiver: Amphora's
 * {@code /workspaces/<id>/api/v1/remote_write} or Prometheus's {@code /api/v1/write}. Thread-safe.
 */
final class RemoteWriteClient {
    static final String CONTENT_TYPE = "application/x-protobuf";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RemoteWriteClient() {}

    /**
     * One series to write: its labels, its float samples and its native histogram samples (sent as float
     * histograms), each timestamp (ms) to value, sent in timestamp order. A timestamp holds a float or a histogram,
     * not both.
     */
    record Series(SortedMap<String, String> labels, SortedMap<Long, Double> samples,
            SortedMap<Long, FloatHistogram> histograms) {
        Series {
            labels = new TreeMap<>(requireNonNull(labels, "labels is null"));
            samples = new TreeMap<>(requireNonNull(samples, "samples is null"));
            histograms = new TreeMap<>(requireNonNull(histograms, "histograms is null"));
        }

        static Series of(Map<String, String> labels) {
            return new Series(new TreeMap<>(labels), new TreeMap<>(), new TreeMap<>());
        }

        void add(long timestampMs, double value) {
            if (histograms.containsKey(timestampMs)) {
                throw new IllegalArgumentException("a histogram is already at " + timestampMs + "ms");
            }
            samples.put(timestampMs, value);
        }

        void add(long timestampMs, FloatHistogram histogram) {
            requireNonNull(histogram, "histogram is null");
            if (samples.containsKey(timestampMs)) {
                throw new IllegalArgumentException("a float sample is already at " + timestampMs + "ms");
            }
            histograms.put(timestampMs, histogram);
        }
    }

    /**
     * A series whose floats and histograms alternate in time goes out as several {@code TimeSeries} with the same
     * labels, one per run of the same kind, in time order: a receiver appends a {@code TimeSeries}' samples before
     * its histograms, so one entry holding both would have the later kind's older points refused as out of order.
     */
    static WriteRequest request(List<Series> series, List<MetricMetadata> metadata) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (Series s : series) {
            List<Label> labels = new ArrayList<>();
            s.labels().forEach((name, value) -> labels.add(Label.newBuilder().setName(name).setValue(value).build()));
            TreeMap<Long, Object> points = new TreeMap<>();
            points.putAll(s.samples());
            points.putAll(s.histograms());
            TimeSeries.Builder run = null;
            boolean runIsHistograms = false;
            for (Map.Entry<Long, Object> point : points.entrySet()) {
                boolean histogram = point.getValue() instanceof FloatHistogram;
                if (run == null || histogram != runIsHistograms) {
                    if (run != null) {
                        request.addTimeseries(run);
                    }
                    run = TimeSeries.newBuilder().addAllLabels(labels);
                    runIsHistograms = histogram;
                }
                if (point.getValue() instanceof FloatHistogram h) {
                    run.addHistograms(histogram(point.getKey(), h));
                } else {
                    run.addSamples(Sample.newBuilder().setTimestamp(point.getKey()).setValue((Double) point.getValue()));
                }
            }
            request.addTimeseries(run != null ? run : TimeSeries.newBuilder().addAllLabels(labels));
        }
        return request.addAllMetadata(metadata).build();
    }

    /** The remote-write 1.0 float histogram ({@code count_float}, absolute bucket counts) of {@code h}. */
    static Histogram histogram(long timestampMs, FloatHistogram h) {
        Histogram.Builder out = Histogram.newBuilder().setTimestamp(timestampMs).setCountFloat(h.count())
                .setSum(h.sum()).setSchema(h.schema()).setZeroThreshold(h.zeroThreshold())
                .setZeroCountFloat(h.zeroCount()).setResetHint(switch (h.counterResetHint()) {
                    case UNKNOWN -> Histogram.ResetHint.UNKNOWN;
                    case COUNTER_RESET -> Histogram.ResetHint.YES;
                    case NOT_COUNTER_RESET -> Histogram.ResetHint.NO;
                    case GAUGE -> Histogram.ResetHint.GAUGE;
                });
        for (Span span : h.positiveSpans()) {
            out.addPositiveSpans(BucketSpan.newBuilder().setOffset(span.offset()).setLength(span.length()));
        }
        for (double count : h.positiveBuckets()) {
            out.addPositiveCounts(count);
        }
        for (Span span : h.negativeSpans()) {
            out.addNegativeSpans(BucketSpan.newBuilder().setOffset(span.offset()).setLength(span.length()));
        }
        for (double count : h.negativeBuckets()) {
            out.addNegativeCounts(count);
        }
        for (double bound : h.customValues()) {
            out.addCustomValues(bound);
        }
        return out.build();
    }

    static MetricMetadata metadata(String family, MetricMetadata.MetricType type, String help, String unit) {
        return MetricMetadata.newBuilder().setMetricFamilyName(family).setType(type).setHelp(help).setUnit(unit).build();
    }

    /**
     * POSTs {@code request} to {@code url}.
     *
     * @throws RefusedException when the receiver does not answer 2xx, with its status and body
     */
    static void send(String url, WriteRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", CONTENT_TYPE)
                        .header("Content-Encoding", "snappy")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .header("User-Agent", "amphora-e2e")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(request.toByteArray())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new RefusedException(url, response.statusCode(), response.body());
        }
    }

    /** A receiver answered a write with something other than 2xx. */
    static final class RefusedException extends IllegalStateException {
        private final int status;
        private final String body;

        RefusedException(String url, int status, String body) {
            super("remote write to " + url + " answered " + status + ": " + body);
            this.status = status;
            this.body = body;
        }

        int status() {
            return status;
        }

        String body() {
            return body;
        }
    }

    /** The series split at whole multiples of {@code windowMs} into requests in time order (see {@link #send}). */
    static List<List<Series>> byTimeWindow(List<Series> series, long windowMs) {
        TreeMap<Long, List<Series>> windows = new TreeMap<>();
        for (Series s : series) {
            TreeMap<Long, Series> parts = new TreeMap<>();
            s.samples().forEach((t, v) -> parts.computeIfAbsent(Math.floorDiv(t, windowMs),
                    w -> Series.of(s.labels())).add(t, v));
            s.histograms().forEach((t, h) -> parts.computeIfAbsent(Math.floorDiv(t, windowMs),
                    w -> Series.of(s.labels())).add(t, h));
            parts.forEach((window, part) -> windows.computeIfAbsent(window, w -> new ArrayList<>()).add(part));
        }
        return List.copyOf(windows.values());
    }
}
