package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code load_with_nhcb} adds to a load block: for every classic histogram family in the block
 * ({@code X_bucket{le=…}}, {@code X_count}, {@code X_sum}, grouped by their other labels) a series {@code X} (without
 * {@code le}) holding one native histogram with custom buckets at every timestamp where any member has a float
 * sample. This follows Prometheus's harness and its classic-to-NHCB conversion:
 *
 * <ul>
 *   <li>a {@code _bucket} series without {@code le} is an error; one whose {@code le} is not a number (or NaN) is
 *       ignored, and so are histogram samples of member series;</li>
 *   <li>bucket counts are cumulative: a bucket may not hold less than the one below it (or more than the one above),
 *       and negative counts are errors; a second bucket with the same bound is ignored;</li>
 *   <li>without {@code _count} the count is the highest bucket's; without a {@code +Inf} bucket one is added holding
 *       the count; the {@code +Inf} bucket must then hold exactly the count;</li>
 *   <li>when every count is an integer the histogram is laid out as Prometheus lays out an integer histogram
 *       (runs of up to two empty buckets between populated ones stay in a span), otherwise as a float histogram
 *       (all empty buckets removed). Either way it is stored as a float histogram with an unknown counter-reset
 *       hint.</li>
 * </ul>
 *
 * Any error makes the whole load fail, as upstream.
 */
final class NhcbConversion {
    private static final String BUCKET_LABEL = "le";

    private NhcbConversion() {}

    private enum Member { BUCKET, COUNT, SUM }

    /**
     * The NHCB series the block's classic histograms convert to, in the order their families first appear.
     *
     * @throws IllegalArgumentException when a family cannot be converted, naming it and the reason
     */
    static List<LoadSeries> convert(Load load) {
        Map<Labels, TreeMap<Long, ClassicHistogram>> families = new LinkedHashMap<>();
        for (Load.LoadedSeries series : load.loadedSeries()) {
            Labels labels = series.description().labels();
            String name = labels.metricName();
            Member member;
            String baseName;
            if (name.endsWith("_bucket")) {
                member = Member.BUCKET;
                baseName = name.substring(0, name.length() - "_bucket".length());
            } else if (name.endsWith("_sum")) {
                member = Member.SUM;
                baseName = name.substring(0, name.length() - "_sum".length());
            } else if (name.endsWith("_count")) {
                member = Member.COUNT;
                baseName = name.substring(0, name.length() - "_count".length());
            } else {
                continue;
            }
            double bound = Double.NaN;
            if (member == Member.BUCKET) {
                if (!labels.has(BUCKET_LABEL)) {
                    throw new IllegalArgumentException("expected bucket label in metric " + labels);
                }
                bound = parseBound(labels.get(BUCKET_LABEL));
                if (Double.isNaN(bound)) {
                    continue;
                }
            }
            Labels base = labels.toBuilder().set(Labels.METRIC_NAME, baseName).remove(BUCKET_LABEL).build();
            TreeMap<Long, ClassicHistogram> byTimestamp = families.computeIfAbsent(base, key -> new TreeMap<>());
            for (Sample sample : series.samples()) {
                if (!(sample.value() instanceof SequenceValue.FloatValue(double value))) {
                    continue;
                }
                ClassicHistogram histogram =
                        byTimestamp.computeIfAbsent(sample.timestamp(), key -> new ClassicHistogram());
                switch (member) {
                    case BUCKET -> histogram.setBucket(bound, value);
                    case COUNT -> histogram.setCount(value);
                    case SUM -> histogram.setSum(value);
                }
            }
        }
        List<LoadSeries> converted = new ArrayList<>(families.size());
        for (Map.Entry<Labels, TreeMap<Long, ClassicHistogram>> family : families.entrySet()) {
            List<LoadSeries.Point> points = new ArrayList<>(family.getValue().size());
            for (Map.Entry<Long, ClassicHistogram> entry : family.getValue().entrySet()) {
                FloatHistogram histogram;
                try {
                    histogram = entry.getValue().convert();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cannot convert the classic histogram " + family.getKey()
                            + " at " + entry.getKey() + "ms to a native histogram: " + e.getMessage(), e);
                }
                points.add(LoadSeries.Point.ofHistogram(entry.getKey(), histogram));
            }
            converted.add(new LoadSeries(family.getKey(), points));
        }
        return converted;
    }

    /** An {@code le} value as Go's {@code strconv.ParseFloat} reads it; NaN when it is not a number. */
    static double parseBound(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.isEmpty() || !(Character.isDigit(unsigned.charAt(0)) || unsigned.charAt(0) == '.')) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The members of one family at one timestamp, collected in any order. */
    private static final class ClassicHistogram {
        private final List<double[]> buckets = new ArrayList<>();
        private double count;
        private boolean hasCount;
        private double sum;
        private String error;

        void setBucket(double bound, double cumulativeCount) {
            if (error != null) {
                return;
            }
            if (cumulativeCount < 0) {
                error = "bucket count must be non-negative: le=" + bound + ", count=" + cumulativeCount;
                return;
            }
            int i = 0;
            while (i < buckets.size() && buckets.get(i)[0] < bound) {
                i++;
            }
            if (i < buckets.size() && buckets.get(i)[0] == bound) {
                return;
            }
            if (i > 0 && cumulativeCount < buckets.get(i - 1)[1]) {
                error = "count is not cumulative: " + cumulativeCount + " < " + buckets.get(i - 1)[1];
                return;
            }
            if (i < buckets.size() && cumulativeCount > buckets.get(i)[1]) {
                error = "count is not cumulative: " + cumulativeCount + " > " + buckets.get(i)[1];
                return;
            }
            buckets.add(i, new double[] {bound, cumulativeCount});
        }

        void setCount(double value) {
            if (error != null) {
                return;
            }
            if (value < 0) {
                error = "count must be non-negative: count=" + value;
                return;
            }
            count = value;
            hasCount = true;
        }

        void setSum(double value) {
            if (error == null) {
                sum = value;
            }
        }

        FloatHistogram convert() {
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            List<double[]> all = new ArrayList<>(buckets);
            double total = count;
            if (!hasCount && !all.isEmpty()) {
                total = all.getLast()[1];
            }
            if (all.isEmpty() || all.getLast()[0] != Double.POSITIVE_INFINITY) {
                all.add(new double[] {Double.POSITIVE_INFINITY, total});
            }
            if (total != all.getLast()[1]) {
                throw new IllegalArgumentException("count mismatch: count=" + total + " != le=+Inf count="
                        + all.getLast()[1]);
            }
            boolean integral = isIntegral(total);
            double[] counts = new double[all.size()];
            double[] bounds = new double[all.size() - 1];
            double previous = 0;
            for (int i = 0; i < all.size(); i++) {
                double cumulative = all.get(i)[1];
                integral &= isIntegral(cumulative);
                counts[i] = cumulative - previous;
                previous = cumulative;
                if (i < bounds.length) {
                    bounds[i] = all.get(i)[0];
                }
            }
            FloatHistogram dense = new FloatHistogram(CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA,
                    0, 0, total, sum, new Span[] {new Span(0, counts.length)}, counts, new Span[0], new double[0],
                    bounds);
            return dense.compact(integral ? 2 : 0);
        }

        private static boolean isIntegral(double value) {
            return !Double.isInfinite(value) && Math.rint(value) == value && Math.abs(value) < 0x1p63;
        }
    }
}
