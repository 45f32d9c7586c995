package io.amphora.bench.remotewrite;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one load run.
 *
 * @param samplesSent samples in every request sent, answered or not
 * @param samplesAccepted samples in requests answered 2xx
 * @param requests2xx requests answered 2xx; likewise for 4xx and 5xx
 * @param requestsOtherStatus requests answered 1xx or 3xx
 * @param requestsFailed requests that got no answer (connection refused or reset, timeout)
 * @param elapsedNanos from the first request sent to the last answer
 * @param latencyP50Nanos median time from sending a request to its answer; likewise p99 and max (0 without requests)
 * @param firstErrors the first non-2xx answers and failures, in the order they came, bodies shortened
 */
public record LoadReport(
        long samplesSent,
        long samplesAccepted,
        long requests2xx,
        long requests4xx,
        long requests5xx,
        long requestsOtherStatus,
        long requestsFailed,
        long elapsedNanos,
        long latencyP50Nanos,
        long latencyP99Nanos,
        long latencyMaxNanos,
        List<String> firstErrors) {
    public LoadReport {
        requireNonNull(firstErrors, "firstErrors is null");
        firstErrors = List.copyOf(firstErrors);
    }

    /** True when every request was answered 2xx. */
    public boolean allAccepted() {
        return requests4xx == 0 && requests5xx == 0 && requestsOtherStatus == 0 && requestsFailed == 0;
    }

    public long requests() {
        return requests2xx + requests4xx + requests5xx + requestsOtherStatus + requestsFailed;
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** Accepted samples per second of the run's wall time. */
    public double acceptedSamplesPerSecond() {
        return elapsedNanos == 0 ? 0 : samplesAccepted / elapsedSeconds();
    }

    /** A few lines for people. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "sent %d samples in %d requests in %.3f s; accepted %d samples: %.0f samples/s%n",
                samplesSent, requests(), elapsedSeconds(), samplesAccepted, acceptedSamplesPerSecond()));
        text.append(String.format(Locale.ROOT, "answers: %d 2xx, %d 4xx, %d 5xx, %d other, %d without answer%n",
                requests2xx, requests4xx, requests5xx, requestsOtherStatus, requestsFailed));
        text.append(String.format(Locale.ROOT, "latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencyP50Nanos / 1e6, latencyP99Nanos / 1e6, latencyMaxNanos / 1e6));
        if (!firstErrors.isEmpty()) {
            text.append("first errors:\n");
            firstErrors.forEach(error -> text.append("  ").append(error).append('\n'));
        }
        return text.toString();
    }

    /** One {@code key=value} line for scripts, prefixed {@code RESULT}. */
    public String resultLine() {
        return String.format(Locale.ROOT,
                "RESULT samples_sent=%d samples_accepted=%d seconds=%.3f samples_per_second=%.1f requests_2xx=%d "
                        + "requests_4xx=%d requests_5xx=%d requests_other=%d requests_failed=%d p50_ms=%.2f p99_ms=%.2f",
                samplesSent, samplesAccepted, elapsedSeconds(), acceptedSamplesPerSecond(), requests2xx, requests4xx,
                requests5xx, requestsOtherStatus, requestsFailed, latencyP50Nanos / 1e6, latencyP99Nanos / 1e6);
    }
}
