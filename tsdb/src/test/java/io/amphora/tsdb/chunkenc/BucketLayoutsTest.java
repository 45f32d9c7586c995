package io.amphora.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import io.amphora.model.histogram.Span;
import io.amphora.tsdb.chunkenc.BucketLayouts.Expansion;
import io.amphora.tsdb.chunkenc.BucketLayouts.Insert;
import io.amphora.tsdb.chunkenc.BucketLayouts.Merge;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketLayoutsTest {
    /**
     * The layout change Prometheus documents for its integer appender: old buckets 0 1 4 8 9 13 15 (counts 6 3 3 2 4
     * 5 1); the new layout adds bucket 2 at the end of a span, 6 and 7 before one, and 14, which joins two spans.
     */
    private static final Span[] OLD = {new Span(0, 2), new Span(2, 1), new Span(3, 2), new Span(3, 1), new Span(1, 1)};
    private static final Span[] NEW = {new Span(0, 3), new Span(1, 1), new Span(1, 4), new Span(3, 3)};
    private static final long[] OLD_DELTAS = {6, -3, 0, -1, 2, 1, -4};

    @Test
    void findsWhereNewBucketsGoAndWidensTheOldDeltas() {
        long[] newDeltas = {6, -3, -3, 3, -3, 0, 2, 2, 1, -5, 1};

        Expansion expansion = BucketLayouts.expand(OLD, NEW, OLD_DELTAS, newDeltas);

        assertThat(expansion.forward()).containsExactly(new Insert(2, 1, 2), new Insert(3, 2, 6), new Insert(6, 1, 14));
        assertThat(expansion.backward()).isEmpty();
        assertThat(BucketLayouts.insertDeltas(OLD_DELTAS, 11, expansion.forward())).containsExactly(newDeltas[0], -3, -3, 3,
                -3, 0, 2, 2, 1, -5, 1);
    }

    @Test
    void treatsADecreasedOrVanishedNonEmptyBucketAsACounterReset() {
        Span[] one = {new Span(0, 2)};
        assertThat(BucketLayouts.expand(one, one, new long[] {5, 0}, new long[] {5, -1})).isNull();
        assertThat(BucketLayouts.expand(one, new Span[] {new Span(0, 1)}, new long[] {5, -5}, new long[] {5})).isNotNull();
        assertThat(BucketLayouts.expand(one, new Span[] {new Span(0, 1)}, new long[] {5, -4}, new long[] {5})).isNull();
        assertThat(BucketLayouts.expand(one, one, new double[] {1, 2}, new double[] {1, 1.5})).isNull();
    }

    @Test
    void widensHistogramsByTheChunksEmptyBucketsAndAdjustsTheirSpans() {
        Span[] chunk = {new Span(0, 3)};
        Span[] histogram = {new Span(1, 1), new Span(2, 1)};

        Expansion expansion = BucketLayouts.expand(chunk, histogram, new long[] {0, 4, -4}, new long[] {7, -3});

        assertThat(expansion.forward()).containsExactly(new Insert(3, 1, 4));
        assertThat(expansion.backward()).containsExactly(new Insert(0, 1, 0), new Insert(1, 1, 2));
        assertThat(BucketLayouts.adjustForInserts(histogram, expansion.backward())).containsExactly(new Span(0, 3), new Span(1, 1));
        assertThat(BucketLayouts.insertDeltas(new long[] {7, -3}, 4, expansion.backward())).containsExactly(0, 7, -7, 4);
    }

    @Test
    void mergesGaugeLayoutsIntoTheirUnion() {
        Span[] a = {new Span(-2, 2), new Span(3, 1)};
        Span[] b = {new Span(0, 2), new Span(5, 1)};

        Merge merge = BucketLayouts.merge(a, b);

        assertThat(merge.mergedSpans()).containsExactly(new Span(-2, 4), new Span(1, 1), new Span(3, 1));
        assertThat(merge.forward()).extracting(Insert::pos, Insert::num)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 2), org.assertj.core.groups.Tuple.tuple(3, 1));
        assertThat(merge.backward()).extracting(Insert::pos, Insert::num)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2), org.assertj.core.groups.Tuple.tuple(2, 1));
        assertThat(BucketLayouts.insertAbsolute(new double[] {1, 2, 3}, 6, List.of(new Insert(2, 1, 0), new Insert(3, 2, 0))))
                .containsExactly(1, 2, 0, 3, 0, 0);
    }

    @Test
    void iteratesBucketIndexesAcrossEmptySpans() {
        BucketLayouts.BucketIterator it = new BucketLayouts.BucketIterator(
                new Span[] {new Span(-3, 0), new Span(2, 2), new Span(0, 0), new Span(4, 1)});
        List<Integer> indexes = new java.util.ArrayList<>();
        while (it.next()) {
            indexes.add(it.index());
        }
        assertThat(indexes).containsExactly(-1, 0, 5);
    }
}
