package io.amphora.ingester;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metric metadata of one tenant (Cortex keeps it in the ingesters, in memory: Prometheus re-sends it every
 * minute, so a restart heals within one interval). Distinct entries per metric family are kept in arrival order,
 * up to the per-metric limit; families up to the per-user limit. Thread-safe.
 */
final class TenantMetadata {
    private final Map<String, Set<MetricMetadata>> byFamily = new TreeMap<>();

    /** @throws AmphoraException {@code MAX_METADATA_PER_USER} / {@code MAX_METADATA_PER_METRIC} past the limits */
    synchronized void add(MetricMetadata metadata, int maxPerUser, int maxPerMetric) {
        Set<MetricMetadata> entries = byFamily.get(metadata.metricFamilyName());
        if (entries == null) {
            if (byFamily.size() >= maxPerUser) {
                throw new AmphoraException(ErrorCode.MAX_METADATA_PER_USER,
                        "per-user metric metadata limit of " + maxPerUser + " exceeded for metric " + metadata.metricFamilyName());
            }
            entries = new LinkedHashSet<>();
            byFamily.put(metadata.metricFamilyName(), entries);
        }
        if (entries.contains(metadata)) {
            return;
        }
        if (entries.size() >= maxPerMetric) {
            throw new AmphoraException(ErrorCode.MAX_METADATA_PER_METRIC,
                    "per-metric metadata limit of " + maxPerMetric + " exceeded for metric " + metadata.metricFamilyName());
        }
        entries.add(metadata);
    }

    /** Entries sorted by family name; {@code metric} empty for all; limits 0 mean none. */
    synchronized List<MetricMetadata> list(String metric, int limit, int limitPerMetric) {
        List<MetricMetadata> out = new ArrayList<>();
        int families = 0;
        for (var e : byFamily.entrySet()) {
            if (!metric.isEmpty() && !metric.equals(e.getKey())) {
                continue;
            }
            if (limit > 0 && families >= limit) {
                break;
            }
            families++;
            int n = 0;
            for (MetricMetadata m : e.getValue()) {
                if (limitPerMetric > 0 && n++ >= limitPerMetric) {
                    break;
                }
                out.add(m);
            }
        }
        return out;
    }
}
