package io.amphora.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The limits of one workspace (tenant). Defaults are the managed service's quotas; a runtime overrides file can
 * change any of them per workspace. Field names map to the Cortex/Mimir YAML keys in {@link #yamlKeys()}.
 *
 * @param ingestionRate samples per second a workspace may write (token bucket refill rate)
 * @param ingestionBurstSize samples a workspace may write at once (token bucket size)
 * @param maxSeriesPerUser active series per workspace
 * @param maxSeriesPerMetric active series per metric name in a workspace
 * @param maxLabelNamesPerSeries labels per series
 * @param maxLabelNameLength bytes per label name
 * @param maxLabelValueLength bytes per label value
 * @param creationGracePeriod how far in the future a sample timestamp may be
 * @param acceptHaSamples whether series with the HA cluster and replica labels are de-duplicated
 * @param haClusterLabel label naming a Prometheus HA pair
 * @param haReplicaLabel label naming the replica within the pair; removed before storage
 * @param haMaxClusters HA clusters per workspace
 * @param outOfOrderTimeWindow how far behind the newest sample an older one is accepted (0 = never)
 * @param maxMetadataPerUser metric families with metadata per workspace
 * @param maxMetadataPerMetric metadata entries per metric family
 * @param maxFetchedSeriesPerQuery distinct series one query may read (0 = no limit)
 * @param maxFetchedChunksPerQuery chunks one query may fetch from the ingesters, replicas counted (0 = no limit)
 * @param maxFetchedSamplesPerQuery samples one query may read from storage, after replica de-duplication
 *     (0 = no limit)
 * @param maxQueryLength the longest time range one select may read (0 = no limit)
 */
public record Limits(
        double ingestionRate,
        int ingestionBurstSize,
        int maxSeriesPerUser,
        int maxSeriesPerMetric,
        int maxLabelNamesPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength,
        Duration creationGracePeriod,
        boolean acceptHaSamples,
        String haClusterLabel,
        String haReplicaLabel,
        int haMaxClusters,
        Duration outOfOrderTimeWindow,
        int maxMetadataPerUser,
        int maxMetadataPerMetric,
        int maxFetchedSeriesPerQuery,
        int maxFetchedChunksPerQuery,
        int maxFetchedSamplesPerQuery,
        Duration maxQueryLength) {

    public Limits {
        requireNonNull(creationGracePeriod, "creationGracePeriod is null");
        requireNonNull(haClusterLabel, "haClusterLabel is null");
        requireNonNull(haReplicaLabel, "haReplicaLabel is null");
        requireNonNull(outOfOrderTimeWindow, "outOfOrderTimeWindow is null");
        requireNonNull(maxQueryLength, "maxQueryLength is null");
        if (ingestionRate < 0) {
            throw new IllegalArgumentException("ingestion_rate must not be negative");
        }
        requireNonNegative(ingestionBurstSize, "ingestion_burst_size");
        requireNonNegative(maxSeriesPerUser, "max_global_series_per_user");
        requireNonNegative(maxSeriesPerMetric, "max_global_series_per_metric");
        requireNonNegative(maxLabelNamesPerSeries, "max_label_names_per_series");
        requireNonNegative(maxLabelNameLength, "max_label_name_length");
        requireNonNegative(maxLabelValueLength, "max_label_value_length");
        requireNonNegative(haMaxClusters, "ha_max_clusters");
        requireNonNegative(maxMetadataPerUser, "max_metadata_per_user");
        requireNonNegative(maxMetadataPerMetric, "max_metadata_per_metric");
        requireNonNegative(maxFetchedSeriesPerQuery, "max_fetched_series_per_query");
        requireNonNegative(maxFetchedChunksPerQuery, "max_fetched_chunks_per_query");
        requireNonNegative(maxFetchedSamplesPerQuery, "max_fetched_samples_per_query");
        if (maxQueryLength.isNegative()) {
            throw new IllegalArgumentException("max_query_length must not be negative");
        }
        if (creationGracePeriod.isNegative()) {
            throw new IllegalArgumentException("creation_grace_period must not be negative");
        }
        if (outOfOrderTimeWindow.isNegative()) {
            throw new IllegalArgumentException("out_of_order_time_window must not be negative");
        }
        if (haClusterLabel.isEmpty() || haReplicaLabel.isEmpty()) {
            throw new IllegalArgumentException("ha_cluster_label and ha_replica_label must not be empty");
        }
    }

    private static void requireNonNegative(long value, String key) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
    }

    /** The managed service's defaults (ARCHITECTURE.md, "Managed-service defaults"). */
    public static Limits defaults() {
        return new Limits(140_000, 1_000_000, 2_000_000, 2_000_000, 70, 1024, 2048, Duration.ofMinutes(10),
                true, "cluster", "__replica__", 500, Duration.ZERO, 8000, 10,
                0, 2_000_000, 50_000_000, Duration.ofDays(32));
    }

    /** Accessors by Cortex/Mimir YAML key, in declaration order; the single source of the key names. */
    public static Map<String, Function<Limits, Object>> yamlKeys() {
        Map<String, Function<Limits, Object>> keys = new LinkedHashMap<>();
        keys.put("ingestion_rate", Limits::ingestionRate);
        keys.put("ingestion_burst_size", Limits::ingestionBurstSize);
        keys.put("max_global_series_per_user", Limits::maxSeriesPerUser);
        keys.put("max_global_series_per_metric", Limits::maxSeriesPerMetric);
        keys.put("max_label_names_per_series", Limits::maxLabelNamesPerSeries);
        keys.put("max_label_name_length", Limits::maxLabelNameLength);
        keys.put("max_label_value_length", Limits::maxLabelValueLength);
        keys.put("creation_grace_period", Limits::creationGracePeriod);
        keys.put("accept_ha_samples", Limits::acceptHaSamples);
        keys.put("ha_cluster_label", Limits::haClusterLabel);
        keys.put("ha_replica_label", Limits::haReplicaLabel);
        keys.put("ha_max_clusters", Limits::haMaxClusters);
        keys.put("out_of_order_time_window", Limits::outOfOrderTimeWindow);
        keys.put("max_metadata_per_user", Limits::maxMetadataPerUser);
        keys.put("max_metadata_per_metric", Limits::maxMetadataPerMetric);
        keys.put("max_fetched_series_per_query", Limits::maxFetchedSeriesPerQuery);
        keys.put("max_fetched_chunks_per_query", Limits::maxFetchedChunksPerQuery);
        keys.put("max_fetched_samples_per_query", Limits::maxFetchedSamplesPerQuery);
        keys.put("max_query_length", Limits::maxQueryLength);
        return keys;
    }

    /**
     * These limits with some keys replaced, e.g. from a workspace's entry in the overrides file. Values may be
     * numbers, booleans, strings, or durations as Prometheus writes them ({@code 10m}, {@code 1h30m}).
     *
     * @throws IllegalArgumentException naming an unknown key or a value of the wrong kind
     */
    public Limits with(Map<String, ?> changes) {
        Map<String, Object> values = new LinkedHashMap<>();
        yamlKeys().forEach((key, getter) -> values.put(key, getter.apply(this)));
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            if (!values.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown limit " + e.getKey() + "; known: " + String.join(", ", values.keySet()));
            }
            values.put(e.getKey(), e.getValue());
        }
        try {
            return new Limits(
                    number(values, "ingestion_rate").doubleValue(),
                    integer(values, "ingestion_burst_size"),
                    integer(values, "max_global_series_per_user"),
                    integer(values, "max_global_series_per_metric"),
                    integer(values, "max_label_names_per_series"),
                    integer(values, "max_label_name_length"),
                    integer(values, "max_label_value_length"),
                    duration(values, "creation_grace_period"),
                    bool(values, "accept_ha_samples"),
                    string(values, "ha_cluster_label"),
                    string(values, "ha_replica_label"),
                    integer(values, "ha_max_clusters"),
                    duration(values, "out_of_order_time_window"),
                    integer(values, "max_metadata_per_user"),
                    integer(values, "max_metadata_per_metric"),
                    integer(values, "max_fetched_series_per_query"),
                    integer(values, "max_fetched_chunks_per_query"),
                    integer(values, "max_fetched_samples_per_query"),
                    duration(values, "max_query_length"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("invalid limits: " + e.getMessage(), e);
        }
    }

    private static Number number(Map<String, Object> values, String key) {
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: " + s);
            }
        }
        throw new IllegalArgumentException(key + ": not a number: " + v);
    }

    private static int integer(Map<String, Object> values, String key) {
        Number n = number(values, key);
        double d = n.doubleValue();
        if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(key + ": not an integer: " + n);
        }
        return (int) d;
    }

    private static boolean bool(Map<String, Object> values, String key) {
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + ": not a boolean: " + v);
    }

    private static String string(Map<String, Object> values, String key) {
        Object v = values.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(key + ": not a string: " + v);
    }

    private static Duration duration(Map<String, Object> values, String key) {
        Object v = values.get(key);
        if (v instanceof Duration d) {
            return d;
        }
        if (v instanceof Number n && n.doubleValue() == 0) {
            return Duration.ZERO;
        }
        if (v instanceof String s) {
            return PrometheusDuration.parse(s);
        }
        throw new IllegalArgumentException(key + ": not a duration: " + v);
    }
}
