package io.amphora.promql.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.amphora.promql.ast.PositionRange;

import static java.util.Objects.requireNonNull;

/**
 * The warnings and infos of one query, as Prometheus's {@code annotations.Annotations}: keyed by their text without
 * position, so the same problem found at many steps or series is reported once; a later annotation with the same
 * text replaces the earlier one (and so its position wins), except the forced-monotonicity info of
 * {@code histogram_quantile}, which accumulates its bucket and time range. Rendered as the HTTP API shows them:
 * {@code PromQL warning: <text> (<line>:<column>)}. Not thread-safe: one per query.
 */
final class Annotations {
    static final String WARNING_PREFIX = "PromQL warning: ";
    static final String INFO_PREFIX = "PromQL info: ";

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> storageWarnings = new ArrayList<>();

    private sealed interface Entry {
        boolean warning();

        String render(String query);
    }

    private record Plain(boolean warning, String text, PositionRange position) implements Entry {
        @Override
        public String render(String query) {
            return (warning ? WARNING_PREFIX : INFO_PREFIX) + text + " (" + position.lineColumn(query) + ")";
        }
    }

    private record ForcedMonotonicity(String text, PositionRange position, long minTime, long maxTime,
            double minBucket, double maxBucket, double maxDiff, int count) implements Entry {
        @Override
        public boolean warning() {
            return false;
        }

        @Override
        public String render(String query) {
            return INFO_PREFIX + text + ", from buckets " + GoFloats.formatG(minBucket) + " to "
                    + GoFloats.formatG(maxBucket) + ", with a max diff of " + GoFloats.formatG(maxDiff, 2)
                    + ", over " + (count + 1) + " samples from " + RFC3339.format(Instant.ofEpochSecond(minTime / 1000))
                    + " to " + RFC3339.format(Instant.ofEpochSecond(maxTime / 1000))
                    + " (" + position.lineColumn(query) + ")";
        }
    }

    void warn(String text, PositionRange position) {
        add(new Plain(true, text, requireNonNull(position, "position is null")));
    }

    void info(String text, PositionRange position) {
        add(new Plain(false, text, requireNonNull(position, "position is null")));
    }

    private void add(Plain entry) {
        String key = (entry.warning ? WARNING_PREFIX : INFO_PREFIX) + entry.text;
        entries.remove(key);
        entries.put(key, entry);
    }

    /** {@code histogram_quantile} had to fix the monotonicity of classic buckets at {@code time}. */
    void forcedMonotonicity(String metricName, PositionRange position, long time, double minBucket,
            double maxBucket, double maxDiff) {
        String text = "input to histogram_quantile needed to be fixed for monotonicity (see "
                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
                + forMetricName(metricName);
        String key = INFO_PREFIX + text;
        ForcedMonotonicity added = new ForcedMonotonicity(text, position, time, time, minBucket, maxBucket, maxDiff, 0);
        if (entries.get(key) instanceof ForcedMonotonicity previous) {
            added = new ForcedMonotonicity(text, position,
                    Math.min(previous.minTime, time), Math.max(previous.maxTime, time),
                    Math.min(previous.minBucket, minBucket), Math.max(previous.maxBucket, maxBucket),
                    Math.max(previous.maxDiff, maxDiff), previous.count + 1);
        }
        entries.remove(key);
        entries.put(key, added);
    }

    /** A storage warning (e.g. a partial result), reported verbatim. */
    void storageWarning(String text) {
        if (!storageWarnings.contains(text)) {
            storageWarnings.add(text);
        }
    }

    void addAll(Annotations other) {
        for (Map.Entry<String, Entry> e : other.entries.entrySet()) {
            entries.remove(e.getKey());
            entries.put(e.getKey(), e.getValue());
        }
        for (String w : other.storageWarnings) {
            storageWarning(w);
        }
    }

    List<String> warnings(String query) {
        List<String> result = new ArrayList<>(storageWarnings);
        for (Entry e : entries.values()) {
            if (e.warning()) {
                result.add(e.render(query));
            }
        }
        return result;
    }

    List<String> infos(String query) {
        List<String> result = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.warning()) {
                result.add(e.render(query));
            }
        }
        return result;
    }

    /** Prometheus's {@code maybeAddMetricName}: {@code  for metric name "x"}, or nothing for an empty name. */
    static String forMetricName(String metricName) {
        return metricName.isEmpty() ? "" : " for metric name " + GoFloats.quote(metricName);
    }
}
