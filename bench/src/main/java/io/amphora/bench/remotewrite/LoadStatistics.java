package io.amphora.bench.remotewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Collects request outcomes from concurrent senders. Thread-safe. */
final class LoadStatistics {
    static final int KEPT_ERRORS = 5;
    static final int KEPT_BODY_CHARS = 500;

    private long samplesSent;
    private long samplesAccepted;
    private long requests2xx;
    private long requests4xx;
    private long requests5xx;
    private long requestsOther;
    private long requestsFailed;
    private long[] latencies = new long[1024];
    private int latencyCount;
    private final List<String> firstErrors = new ArrayList<>();

    synchronized void answered(int samples, int status, String body, long latencyNanos) {
        requireNonNull(body, "body is null");
        samplesSent += samples;
        addLatency(latencyNanos);
        if (status >= 200 && status < 300) {
            requests2xx++;
            samplesAccepted += samples;
            return;
        }
        if (status >= 400 && status < 500) {
            requests4xx++;
        }
        else if (status >= 500 && status < 600) {
            requests5xx++;
        }
        else {
            requestsOther++;
        }
        keepError("HTTP " + status + ": " + shorten(body.strip()));
    }

    synchronized void failed(int samples, Exception cause, long latencyNanos) {
        requireNonNull(cause, "cause is null");
        samplesSent += samples;
        requestsFailed++;
        addLatency(latencyNanos);
        keepError("no answer: " + cause);
    }

    synchronized LoadReport report(long elapsedNanos) {
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        return new LoadReport(samplesSent, samplesAccepted, requests2xx, requests4xx, requests5xx, requestsOther,
                requestsFailed, elapsedNanos, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], firstErrors);
    }

    /** Nearest rank: the smallest value with at least {@code fraction} of the values at or below it. */
    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private void addLatency(long nanos) {
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = nanos;
    }

    private void keepError(String error) {
        if (firstErrors.size() < KEPT_ERRORS) {
            firstErrors.add(error);
        }
    }

    private static String shorten(String body) {
        return body.length() <= KEPT_BODY_CHARS ? body : body.substring(0, KEPT_BODY_CHARS) + "... (" + body.length() + " chars)";
    }
}
