package io.amphora.distributor;

import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The distributor's port to one ingester replica (bound to gRPC in {@code distributor.grpc}). The future fails
 * only for server-side trouble (unreachable, timeout, internal error); refusals of individual series are part of a
 * normal {@link Result}.
 */
@FunctionalInterface
public interface IngesterClient {
    CompletableFuture<Result> push(String address, TenantId tenant, List<Series> series, List<Metadata> metadata);

    /** Metric family metadata; {@code type} is Prometheus's type name ({@code counter}, {@code gauge}, ...). */
    record Metadata(String metricFamilyName, String type, String help, String unit) {
        public Metadata {
            requireNonNull(metricFamilyName, "metricFamilyName is null");
            requireNonNull(type, "type is null");
            requireNonNull(help, "help is null");
            requireNonNull(unit, "unit is null");
        }
    }

    /**
     * A validated series with its float samples and native histogram samples, as sent to an ingester (which
     * appends the floats first, then the histograms).
     */
    record Series(Labels labels, long[] timestamps, double[] values, List<HistogramSample> histograms) {
        public Series {
            requireNonNull(labels, "labels is null");
            histograms = List.copyOf(requireNonNull(histograms, "histograms is null"));
            if (timestamps.length != values.length) {
                throw new IllegalArgumentException("timestamps and values differ in length");
            }
        }

        /** A series of float samples only. */
        public Series(Labels labels, long[] timestamps, double[] values) {
            this(labels, timestamps, values, List.of());
        }
    }

    /** One validated native histogram sample: exactly one of the two forms is set. */
    record HistogramSample(long timestamp, Histogram histogram, FloatHistogram floatHistogram) {
        public HistogramSample {
            if ((histogram == null) == (floatHistogram == null)) {
                throw new IllegalArgumentException("exactly one of histogram and floatHistogram must be set");
            }
        }
    }

    /**
     * What one replica stored; {@code refused} lists series (by index into the request) it refused samples of, and
     * metadata entries as index {@code -1 - i}.
     */
    record Result(long samplesAccepted, List<Refusal> refused) {
        public Result {
            refused = List.copyOf(refused);
        }
    }

    /** @param code the refusal reason, or null when the replica sent a reason this build does not know */
    record Refusal(int seriesIndex, ErrorCode code, String reason, String message, int samplesRejected) {}
}
