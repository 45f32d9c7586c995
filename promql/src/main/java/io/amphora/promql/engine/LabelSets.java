package io.amphora.promql.engine;

import java.util.Collection;

import io.amphora.model.Labels;

/** Label-set operations the engine needs, without builders: results are cut from the sorted input pairs. */
final class LabelSets {
    static final String TYPE_LABEL = "__type__";
    static final String UNIT_LABEL = "__unit__";
    private static final char SEPARATOR = '\u00ff';

    private LabelSets() {}

    /** Prometheus's metadata labels ({@code schema.IsMetadataLabel}): {@code __name__}, {@code __type__}, {@code __unit__}. */
    static boolean isMetadata(String name) {
        return name.equals(Labels.METRIC_NAME) || name.equals(TYPE_LABEL) || name.equals(UNIT_LABEL);
    }

    /** The labels without {@code __name__}, {@code __type__} and {@code __unit__}; the same instance when none is set. */
    static Labels withoutMetadata(Labels labels) {
        int n = labels.size();
        int drop = 0;
        for (int i = 0; i < n; i++) {
            if (isMetadata(labels.name(i))) {
                drop++;
            }
        }
        if (drop == 0) {
            return labels;
        }
        String[] pairs = new String[(n - drop) * 2];
        int j = 0;
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            if (!isMetadata(name)) {
                pairs[j++] = name;
                pairs[j++] = labels.value(i);
            }
        }
        return Labels.ofSortedPairs(pairs);
    }

    /** The labels without {@code __name__} only. */
    static Labels withoutName(Labels labels) {
        if (!labels.has(Labels.METRIC_NAME)) {
            return labels;
        }
        return without(labels, java.util.List.of(Labels.METRIC_NAME), false);
    }

    /** Only the labels named in {@code names} (Prometheus {@code Builder.Keep}). */
    static Labels keep(Labels labels, Collection<String> names) {
        int n = labels.size();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (names.contains(labels.name(i))) {
                kept++;
            }
        }
        if (kept == n) {
            return labels;
        }
        String[] pairs = new String[kept * 2];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (names.contains(labels.name(i))) {
                pairs[j++] = labels.name(i);
                pairs[j++] = labels.value(i);
            }
        }
        return Labels.ofSortedPairs(pairs);
    }

    /** The labels not named in {@code names}, and without {@code __name__} too when {@code dropName}. */
    static Labels without(Labels labels, Collection<String> names, boolean dropName) {
        int n = labels.size();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            if (!names.contains(name) && !(dropName && name.equals(Labels.METRIC_NAME))) {
                kept++;
            }
        }
        if (kept == n) {
            return labels;
        }
        String[] pairs = new String[kept * 2];
        int j = 0;
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            if (!names.contains(name) && !(dropName && name.equals(Labels.METRIC_NAME))) {
                pairs[j++] = name;
                pairs[j++] = labels.value(i);
            }
        }
        return Labels.ofSortedPairs(pairs);
    }

    /** Prometheus's {@code MatchLabels}: with {@code on} only {@code names}; otherwise all but them and the name. */
    static Labels matchLabels(Labels labels, boolean on, Collection<String> names) {
        return on ? keep(labels, names) : without(labels, names, true);
    }

    /**
     * A key identifying the values of {@code names} (with {@code on}) or of all labels but {@code names} and
     * {@code __name__} (without): equal keys mean equal signatures. Computed once per series.
     */
    static String signature(Labels labels, boolean on, Collection<String> names) {
        StringBuilder sb = new StringBuilder();
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            boolean include = on ? names.contains(name) : !names.contains(name) && !name.equals(Labels.METRIC_NAME);
            if (include) {
                sb.append(name).append(SEPARATOR).append(labels.value(i)).append(SEPARATOR);
            }
        }
        return sb.toString();
    }

    /** A key of all labels (for detecting equal label sets through a hash map keyed by string). */
    static String key(Labels labels) {
        StringBuilder sb = new StringBuilder();
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            sb.append(labels.name(i)).append(SEPARATOR).append(labels.value(i)).append(SEPARATOR);
        }
        return sb.toString();
    }

    /** {@code labels} with {@code name} set to {@code value} (removed when the value is empty). */
    static Labels with(Labels labels, String name, String value) {
        if (value.equals(labels.get(name))) {
            return labels;
        }
        return labels.toBuilder().set(name, value).build();
    }
}
