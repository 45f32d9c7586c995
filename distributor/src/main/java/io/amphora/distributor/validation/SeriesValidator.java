package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.IncomingExemplar;
import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.LabelText;
import io.amphora.distributor.remotewrite.MetricMetadata;
import io.amphora.distributor.remotewrite.NativeHistogram;
import io.amphora.model.histogram.HistogramValidation;
import io.amphora.distributor.remotewrite.PointCounts;
import io.amphora.distributor.remotewrite.SeriesMetadata;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static io.amphora.distributor.remotewrite.LabelText.CORTEX_PRECISION;
import static java.util.Objects.requireNonNull;

/**
 * Checks one incoming series against the Cortex/Prometheus rules and a workspace's {@link ValidationConfig}.
 *
 * <p>Label rules refuse the whole series ({@link SeriesValidation.Rejected}), checked in this order like Cortex:
 * missing metric name, invalid metric name, too many labels, then per label in wire order: invalid name, name too
 * long, value not valid UTF-8, value too long, duplicate name (and unsorted names when
 * {@link ValidationConfig#requireSortedLabels()}). Point rules drop single points and keep the rest
 * ({@link SeriesValidation.Accepted} with {@code discards}): a sample or histogram too far in the future (or too
 * old, when enabled), a structurally invalid histogram, an exemplar without timestamp, with over-long or non-UTF-8
 * labels; and a 2.0 series' metadata is dropped alone when a field is too long. Messages follow Cortex's texts
 * (pkg/util/validation), with {@code %.200q} quoting, so that users find them when they search.
 *
 * <p>Out-of-order, duplicate-timestamp and out-of-bounds samples are judged by the ingester, which knows the head.
 *
 * <p>Thread-safe and cheap to create: keep one per distinct config (per workspace with overrides).
 */
public final class SeriesValidator {
    /** OpenMetrics: an exemplar's label names and values together must not exceed 128 UTF-8 characters. */
    public static final int EXEMPLAR_MAX_LABEL_SET_LENGTH = 128;

    private final ValidationConfig config;
    private final InstantSource clock;

    public SeriesValidator(ValidationConfig config, InstantSource clock) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public ValidationConfig config() {
        return config;
    }

    /** Validates one series; never throws for any decoded input. */
    public SeriesValidation validate(IncomingSeries series) {
        requireNonNull(series, "series is null");
        ValidationError labelError = checkLabels(series);
        if (labelError != null && labelError != VALID_UNSORTED) {
            return new SeriesValidation.Rejected(labelError, series.counts());
        }
        Labels labels = toLabels(series.namesAndValues(), labelError == null);

        long now = clock.millis();
        long newest = saturatedAdd(now, config.creationGracePeriod().toMillis());
        long oldest = config.rejectOldSamples()
                ? saturatedAdd(now, -config.rejectOldSamplesMaxAge().toMillis())
                : Long.MIN_VALUE;
        String metricName = series.metricName();
        DiscardTally tally = new DiscardTally();

        IncomingSeries kept = keepValidSamples(series, newest, oldest, metricName, tally);
        kept = keepValidHistograms(kept, newest, oldest, metricName, tally);
        kept = keepValidExemplars(kept, labels, tally);
        kept = keepValidMetadata(kept, metricName, tally);
        return new SeriesValidation.Accepted(labels, kept, tally.discards());
    }

    /**
     * Validates one 1.0 metadata entry: Cortex's {@code metadata missing metric name} and
     * {@code metadata '<FIELD>' value too long} rules. Empty when valid.
     */
    public Optional<ValidationError> validateMetadata(MetricMetadata metadata) {
        requireNonNull(metadata, "metadata is null");
        String family = metadata.metricFamilyName();
        if (family.isEmpty()) {
            return Optional.of(new ValidationError(ErrorCode.MISSING_METRIC_NAME, "metadata missing metric name"));
        }
        return Optional.ofNullable(metadataLengthError(family, metadata.help(), metadata.unit(), family));
    }

    private ValidationError metadataLengthError(String family, String help, String unit, String metricName) {
        int max = config.maxMetadataLength();
        if (utf8Length(family) > max) {
            return metadataTooLong(ErrorCode.METADATA_METRIC_NAME_TOO_LONG, "METRIC_NAME", family, metricName);
        }
        if (utf8Length(help) > max) {
            return metadataTooLong(ErrorCode.METADATA_HELP_TOO_LONG, "HELP", help, metricName);
        }
        if (utf8Length(unit) > max) {
            return metadataTooLong(ErrorCode.METADATA_UNIT_TOO_LONG, "UNIT", unit, metricName);
        }
        return null;
    }

    private static ValidationError metadataTooLong(ErrorCode code, String field, String cause, String metricName) {
        return new ValidationError(code, "metadata '" + field + "' value too long: " + q(cause) + " metric "
                + q(metricName));
    }

    // ---- labels ------------------------------------------------------------------------------------------------

    /**
     * Not an error: what {@link #checkLabels} returns for labels that are valid but not sorted by name, so that
     * {@link #toLabels} need not compare the names a second time. Compared by identity.
     */
    private static final ValidationError VALID_UNSORTED = new ValidationError(ErrorCode.LABELS_NOT_SORTED, "valid, not sorted");

    /** The first label error; else null when the names are sorted, {@link #VALID_UNSORTED} when they are not. */
    private ValidationError checkLabels(IncomingSeries series) {
        String[] nv = series.namesAndValues();
        int invalidUtf8At = series.invalidUtf8At();
        int nameAt = -1;
        for (int i = 0; i < nv.length; i += 2) {
            if (Labels.METRIC_NAME.equals(nv[i])) {
                nameAt = i;
                break;
            }
        }
        if (nameAt < 0 || nv[nameAt + 1].isEmpty()) {
            return new ValidationError(ErrorCode.MISSING_METRIC_NAME, "sample missing metric name");
        }
        String metricName = nv[nameAt + 1];
        if (invalidUtf8At == nameAt + 1 || !config.nameValidation().isValidMetricName(metricName)) {
            return new ValidationError(ErrorCode.INVALID_METRIC_NAME, "sample invalid metric name: " + q(metricName));
        }
        int labelCount = nv.length / 2;
        if (labelCount > config.maxLabelNamesPerSeries()) {
            return new ValidationError(ErrorCode.MAX_LABEL_NAMES_PER_SERIES, "series has too many labels (actual: "
                    + labelCount + ", limit: " + config.maxLabelNamesPerSeries() + ") series: '"
                    + LabelText.sortedMetric(nv) + "'");
        }

        boolean sorted = true;
        for (int i = 0; i < nv.length; i += 2) {
            String name = nv[i];
            String value = nv[i + 1];
            if (invalidUtf8At == i || !config.nameValidation().isValidLabelName(name)) {
                return new ValidationError(ErrorCode.INVALID_LABEL_NAME,
                        "sample invalid label: " + q(name) + " metric " + q(LabelText.cortexSeries(nv)));
            }
            int nameLength = utf8Length(name);
            if (nameLength > config.maxLabelNameLength()) {
                return new ValidationError(ErrorCode.LABEL_NAME_TOO_LONG, "label name too long for metric (actual: "
                        + nameLength + ", limit: " + config.maxLabelNameLength() + ") metric: "
                        + q(LabelText.cortexSeries(nv)) + " label name: " + q(name));
            }
            if (invalidUtf8At == i + 1) {
                return new ValidationError(ErrorCode.INVALID_LABEL_VALUE, "sample invalid label value: " + q(value)
                        + " label name: " + q(name) + " metric " + q(LabelText.cortexSeries(nv))
                        + " (label values must be valid UTF-8)");
            }
            int valueLength = utf8Length(value);
            if (valueLength > config.maxLabelValueLength()) {
                return new ValidationError(ErrorCode.LABEL_VALUE_TOO_LONG, "label value too long for metric (actual: "
                        + valueLength + ", limit: " + config.maxLabelValueLength() + ") metric: "
                        + q(LabelText.cortexSeries(nv)) + " label name: " + q(name) + " label value: " + q(value));
            }
            if (i > 0) {
                int cmp = Labels.compareStrings(nv[i - 2], name);
                if (cmp == 0) {
                    return duplicate(name, nv);
                }
                if (cmp > 0) {
                    if (config.requireSortedLabels()) {
                        return new ValidationError(ErrorCode.LABELS_NOT_SORTED,
                                "labels not sorted: " + q(name) + " metric " + q(LabelText.cortexSeries(nv)));
                    }
                    sorted = false;
                }
            }
        }
        if (sorted) {
            return null;
        }
        ValidationError duplicate = firstDuplicateOfUnsorted(nv);
        return duplicate != null ? duplicate : VALID_UNSORTED;
    }

    private static ValidationError firstDuplicateOfUnsorted(String[] nv) {
        String[] names = new String[nv.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = nv[2 * i];
        }
        Arrays.sort(names, Labels::compareStrings);
        for (int i = 1; i < names.length; i++) {
            if (names[i].equals(names[i - 1])) {
                return duplicate(names[i], nv);
            }
        }
        return null;
    }

    private static ValidationError duplicate(String name, String[] nv) {
        return new ValidationError(ErrorCode.DUPLICATE_LABEL_NAMES,
                "duplicate label name: " + q(name) + " metric " + q(LabelText.cortexSeries(nv)));
    }

    /**
     * Labels of a series whose label checks passed: sorted, unique names, empty values dropped. When the pairs
     * already are such labels the array is shared, not copied: {@link IncomingSeries} and {@link Labels} both forbid
     * changing it.
     */
    private static Labels toLabels(String[] nv, boolean sorted) {
        boolean withoutEmpty = sorted;
        for (int i = 1; i < nv.length && withoutEmpty; i += 2) {
            withoutEmpty = !nv[i].isEmpty();
        }
        if (withoutEmpty) {
            return Labels.ofSortedPairs(nv);
        }
        Labels.Builder builder = Labels.builder();
        for (int i = 0; i < nv.length; i += 2) {
            builder.set(nv[i], nv[i + 1]);
        }
        return builder.build();
    }

    // ---- points ------------------------------------------------------------------------------------------------

    private static IncomingSeries keepValidSamples(IncomingSeries series, long newest, long oldest, String metricName,
            DiscardTally tally) {
        long[] timestamps = series.timestamps();
        int n = timestamps.length;
        int firstBad = 0;
        while (firstBad < n && timestamps[firstBad] <= newest && timestamps[firstBad] >= oldest) {
            firstBad++;
        }
        if (firstBad == n) {
            return series;
        }
        double[] values = series.values();
        boolean hasStarts = series.startTimestamps().length > 0;
        long[] keptTimestamps = new long[n];
        double[] keptValues = new double[n];
        long[] keptStarts = hasStarts ? new long[n] : series.startTimestamps();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            ErrorCode code = timestampProblem(timestamps[i], newest, oldest);
            if (code != null) {
                long timestamp = timestamps[i];
                tally.add(code, PointCounts.ofSamples(1), 0, () -> timestampMessage(code, timestamp, metricName));
                continue;
            }
            keptTimestamps[kept] = timestamps[i];
            keptValues[kept] = values[i];
            if (hasStarts) {
                keptStarts[kept] = series.startTimestamps()[i];
            }
            kept++;
        }
        return series.withSamples(Arrays.copyOf(keptTimestamps, kept), Arrays.copyOf(keptValues, kept),
                hasStarts ? Arrays.copyOf(keptStarts, kept) : keptStarts);
    }

    /** The reason a point's timestamp is refused, or null; Cortex checks the age first. */
    private static ErrorCode timestampProblem(long timestamp, long newest, long oldest) {
        if (timestamp < oldest) {
            return ErrorCode.SAMPLE_TOO_OLD;
        }
        if (timestamp > newest) {
            return ErrorCode.SAMPLE_TOO_FAR_IN_FUTURE;
        }
        return null;
    }

    private static String timestampMessage(ErrorCode code, long timestamp, String metricName) {
        return (code == ErrorCode.SAMPLE_TOO_OLD ? "timestamp too old: " : "timestamp too new: ") + timestamp
                + " metric: " + q(metricName);
    }

    private static IncomingSeries keepValidHistograms(IncomingSeries series, long newest, long oldest,
            String metricName, DiscardTally tally) {
        List<NativeHistogram> histograms = series.histograms();
        if (histograms.isEmpty()) {
            return series;
        }
        List<NativeHistogram> kept = new ArrayList<>(histograms.size());
        for (NativeHistogram h : histograms) {
            ValidationError error = histogramError(h, newest, oldest, metricName, series.namesAndValues());
            if (error != null) {
                tally.add(error.code(), PointCounts.ofHistograms(1), 0, error::message);
            } else {
                kept.add(h);
            }
        }
        return kept.size() == histograms.size() ? series : series.withHistograms(kept);
    }

    private static ValidationError histogramError(NativeHistogram h, long newest, long oldest, String metricName,
            String[] nv) {
        ErrorCode timestampProblem = timestampProblem(h.timestamp(), newest, oldest);
        if (timestampProblem != null) {
            return new ValidationError(timestampProblem, timestampMessage(timestampProblem, h.timestamp(), metricName));
        }
        if (!HistogramChecks.hasValidSchema(h)) {
            return new ValidationError(ErrorCode.NATIVE_HISTOGRAM_INVALID_SCHEMA, "invalid native histogram schema "
                    + h.schema() + " for metric: " + q(LabelText.cortexSeries(nv)) + ". supported schema from "
                    + NativeHistogram.MIN_EXPONENTIAL_SCHEMA + " to " + NativeHistogram.MAX_EXPONENTIAL_SCHEMA
                    + " (or " + NativeHistogram.CUSTOM_BUCKETS_SCHEMA + " for custom buckets; 9 to "
                    + HistogramValidation.MAX_RESERVED_EXPONENTIAL_SCHEMA + " are reduced to "
                    + NativeHistogram.MAX_EXPONENTIAL_SCHEMA + ")");
        }
        String problem = HistogramChecks.problem(h);
        if (problem != null) {
            return new ValidationError(ErrorCode.NATIVE_HISTOGRAM_INVALID, "invalid native histogram, validation err: "
                    + problem + ", metric: " + q(LabelText.cortexSeries(nv)));
        }
        return null;
    }

    private static IncomingSeries keepValidExemplars(IncomingSeries series, Labels labels, DiscardTally tally) {
        List<IncomingExemplar> exemplars = series.exemplars();
        if (exemplars.isEmpty()) {
            return series;
        }
        List<IncomingExemplar> kept = new ArrayList<>(exemplars.size());
        for (IncomingExemplar e : exemplars) {
            ValidationError error = exemplarError(e, labels);
            if (error != null) {
                tally.add(error.code(), PointCounts.ofExemplars(1), 0, error::message);
            } else {
                kept.add(e);
            }
        }
        return kept.size() == exemplars.size() ? series : series.withExemplars(kept);
    }

    private static ValidationError exemplarError(IncomingExemplar e, Labels series) {
        String context = ", timestamp: " + e.timestamp() + " series: " + series + " labels: "
                + LabelText.braces(e.namesAndValues());
        if (e.invalidUtf8At() >= 0) {
            return new ValidationError(ErrorCode.EXEMPLAR_LABELS_INVALID,
                    "exemplar label is not valid UTF-8" + context);
        }
        if (e.timestamp() == 0) {
            return new ValidationError(ErrorCode.EXEMPLAR_TIMESTAMP_INVALID, "exemplar missing timestamp" + context);
        }
        int length = 0;
        for (String s : e.namesAndValues()) {
            length += s.codePointCount(0, s.length());
        }
        if (length > EXEMPLAR_MAX_LABEL_SET_LENGTH) {
            return new ValidationError(ErrorCode.EXEMPLAR_LABELS_TOO_LONG, "exemplar combined labelset exceeds "
                    + EXEMPLAR_MAX_LABEL_SET_LENGTH + " characters" + context);
        }
        return null;
    }

    private IncomingSeries keepValidMetadata(IncomingSeries series, String metricName, DiscardTally tally) {
        SeriesMetadata metadata = series.metadata();
        if (metadata.isNone()) {
            return series;
        }
        ValidationError error = metadataLengthError(metricName, metadata.help(), metadata.unit(), metricName);
        if (error == null) {
            return series;
        }
        tally.add(error.code(), PointCounts.ZERO, 1, error::message);
        return series.withMetadata(SeriesMetadata.NONE);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Go's {@code %.200q}, as in every Cortex validation message. */
    private static String q(String s) {
        return LabelText.quote(s, CORTEX_PRECISION);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) { // signed overflow
            return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    /** The length of {@code s} in UTF-8 bytes, which is what Cortex's length limits count; allocation-free. */
    static int utf8Length(String s) {
        int length = s.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 2; // 4 bytes for the pair, already counted 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    /**
     * Collects discards per reason, keeping each reason's first message (built only for the first occurrence, so a
     * batch of far-future samples costs one message). Not thread-safe; one per validate call.
     */
    private static final class DiscardTally {
        private final List<Discard> discards = new ArrayList<>(2);

        void add(ErrorCode code, PointCounts counts, int metadata, Supplier<String> message) {
            for (int i = 0; i < discards.size(); i++) {
                Discard d = discards.get(i);
                if (d.error().code() == code) {
                    discards.set(i, new Discard(d.error(), d.discarded().plus(counts), d.metadata() + metadata));
                    return;
                }
            }
            discards.add(new Discard(new ValidationError(code, message.get()), counts, metadata));
        }

        List<Discard> discards() {
            return discards;
        }
    }
}
