package io.amphora.model.histogram;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.amphora.model.histogram.TestingHistograms.NONE;
import static io.amphora.model.histogram.TestingHistograms.NO_SPANS;
import static io.amphora.model.histogram.TestingHistograms.counts;
import static io.amphora.model.histogram.TestingHistograms.custom;
import static io.amphora.model.histogram.TestingHistograms.exponential;
import static io.amphora.model.histogram.TestingHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class BucketCursorTest {
    /** Zero threshold 0.3; negative buckets [-1, -0.5) and [-0.5, -0.25); positive (0.25, 0.5] and (1, 2]. */
    private static final FloatHistogram H =
            exponential(0, 0.3, 1, 11, 3, spans(-1, 1, 1, 1), counts(3, 4), spans(-1, 2), counts(2, 1));

    private record Seen(double lower, double upper, double count, int index, boolean lowerInclusive,
            boolean upperInclusive, String kind) {
        static Seen of(BucketCursor c) {
            return new Seen(c.lower(), c.upper(), c.count(), c.index(), c.lowerInclusive(), c.upperInclusive(),
                    c.isZeroBucket() ? "zero" : c.isPositive() ? "positive" : "negative");
        }
    }

    private static List<Seen> walk(BucketCursor cursor) {
        List<Seen> seen = new ArrayList<>();
        while (cursor.next()) {
            seen.add(Seen.of(cursor));
        }
        return seen;
    }

    @Test
    void walksAllBucketsInAscendingOrderMovingBoundsOutOfTheZeroBucket() {
        assertThat(walk(new BucketCursor().all(H))).containsExactly(
                new Seen(-1, -0.5, 1, 0, true, false, "negative"),
                new Seen(-0.5, -0.3, 2, -1, true, false, "negative"),
                new Seen(-0.3, 0.3, 1, 0, true, true, "zero"),
                new Seen(0.3, 0.5, 3, -1, false, true, "positive"),
                new Seen(1, 2, 4, 1, false, true, "positive"));
    }

    @Test
    void walksAllBucketsInDescendingOrder() {
        assertThat(walk(new BucketCursor().allDescending(H))).containsExactly(
                new Seen(1, 2, 4, 1, false, true, "positive"),
                new Seen(0.3, 0.5, 3, -1, false, true, "positive"),
                new Seen(-0.3, 0.3, 1, 0, true, true, "zero"),
                new Seen(-0.5, -0.3, 2, -1, true, false, "negative"),
                new Seen(-1, -0.5, 1, 0, true, false, "negative"));
    }

    @Test
    void walksOneSideFromZeroOutwardsWithUnmovedBounds() {
        assertThat(walk(new BucketCursor().positive(H))).containsExactly(
                new Seen(0.25, 0.5, 3, -1, false, true, "positive"),
                new Seen(1, 2, 4, 1, false, true, "positive"));
        assertThat(walk(new BucketCursor().negative(H))).containsExactly(
                new Seen(-0.5, -0.25, 2, -1, true, false, "negative"),
                new Seen(-1, -0.5, 1, 0, true, false, "negative"));
    }

    @Test
    void skipsAnEmptyZeroBucketButNotEmptyBuckets() {
        FloatHistogram h = exponential(0, 0.001, 0, 1, 1, spans(0, 2), counts(0, 1), NO_SPANS, NONE);

        assertThat(walk(new BucketCursor().all(h))).extracting(Seen::kind, Seen::count)
                .containsExactly(tuple("positive", 0.0),
                        tuple("positive", 1.0));
    }

    @Test
    void customBucketsStartAtMinusInfinityAndEndAtPlusInfinity() {
        FloatHistogram h = custom(new double[] {10, 20}, 6, 1, spans(0, 1, 1, 1), 2, 4);

        assertThat(walk(new BucketCursor().all(h))).containsExactly(
                new Seen(Double.NEGATIVE_INFINITY, 10, 2, 0, true, true, "positive"),
                new Seen(20, Double.POSITIVE_INFINITY, 4, 2, false, true, "positive"));
    }

    @Test
    void isReusableAcrossHistograms() {
        BucketCursor cursor = new BucketCursor();
        assertThat(walk(cursor.all(H))).hasSize(5);
        FloatHistogram other = exponential(0, 0, 0, 1, 1, spans(3, 1), counts(1), NO_SPANS, NONE);
        assertThat(walk(cursor.all(other))).containsExactly(new Seen(4, 8, 1, 3, false, true, "positive"));
        assertThat(cursor.next()).isFalse();
    }
}
