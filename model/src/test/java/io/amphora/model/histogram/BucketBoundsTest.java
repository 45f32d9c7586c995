package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketBoundsTest {
    @Test
    void schemaZeroBoundsArePowersOfTwo() {
        assertThat(BucketBounds.exponentialUpperBound(0, 0)).isEqualTo(1.0);
        assertThat(BucketBounds.exponentialUpperBound(1, 0)).isEqualTo(2.0);
        assertThat(BucketBounds.exponentialUpperBound(3, 0)).isEqualTo(8.0);
        assertThat(BucketBounds.exponentialUpperBound(-1, 0)).isEqualTo(0.5);
    }

    @Test
    void negativeSchemasSpanSeveralPowersOfTwoPerBucket() {
        assertThat(BucketBounds.exponentialUpperBound(1, -1)).isEqualTo(4.0);
        assertThat(BucketBounds.exponentialUpperBound(-1, -1)).isEqualTo(0.25);
        assertThat(BucketBounds.exponentialUpperBound(1, -4)).isEqualTo(65536.0);
    }

    @Test
    void positiveSchemasUsePrometheusBoundTableRatherThanCorrectlyRoundedPowers() {
        // 2^(1/2) rounds to 1.4142135623730951; Prometheus's bound is one unit in the last place below.
        assertThat(BucketBounds.exponentialUpperBound(1, 1)).isEqualTo(1.414213562373095);
        assertThat(BucketBounds.exponentialUpperBound(2, 1)).isEqualTo(2.0);
        // Entry 6 of the schema-8 table: 2^(6/256) = 1.0163783149109530379..., stored as ...528.
        assertThat(BucketBounds.exponentialUpperBound(6, 8)).isEqualTo(1.0163783149109528);
        assertThat(BucketBounds.exponentialUpperBound(-256, 8)).isEqualTo(0.5);
    }

    @Test
    void lowerSchemaBoundsAreSubsetsOfHigherSchemaBounds() {
        for (int schema = 1; schema <= 8; schema++) {
            for (int index = -20; index <= 20; index++) {
                assertThat(BucketBounds.exponentialUpperBound(index * 2, schema))
                        .isEqualTo(BucketBounds.exponentialUpperBound(index, schema - 1));
            }
        }
    }

    @Test
    void lastRegularBucketEndsAtLargestDoubleAndOverflowBucketAtInfinity() {
        assertThat(BucketBounds.exponentialUpperBound(1024, 0)).isEqualTo(Double.MAX_VALUE);
        assertThat(BucketBounds.exponentialUpperBound(1025, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(BucketBounds.exponentialUpperBound(256, -2)).isEqualTo(Double.MAX_VALUE);
        assertThat(BucketBounds.exponentialUpperBound(4096, 2)).isEqualTo(Double.MAX_VALUE);
        assertThat(BucketBounds.exponentialUpperBound(4097, 2)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void customBucketsEndAtTheirBoundsWithInfiniteOuterBuckets() {
        double[] bounds = {1, 2.5};
        assertThat(BucketBounds.upperBound(-1, Histogram.CUSTOM_BUCKETS_SCHEMA, bounds))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(BucketBounds.upperBound(0, Histogram.CUSTOM_BUCKETS_SCHEMA, bounds)).isEqualTo(1.0);
        assertThat(BucketBounds.upperBound(1, Histogram.CUSTOM_BUCKETS_SCHEMA, bounds)).isEqualTo(2.5);
        assertThat(BucketBounds.upperBound(2, Histogram.CUSTOM_BUCKETS_SCHEMA, bounds))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> BucketBounds.upperBound(3, Histogram.CUSTOM_BUCKETS_SCHEMA, bounds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index 3 out of bounds for custom bounds of length 2");
    }

    @Test
    void targetIndexNamesTheLowResolutionBucketContainingABucket() {
        assertThat(BucketBounds.targetIndex(1, 1, 0)).isEqualTo(1);
        assertThat(BucketBounds.targetIndex(2, 1, 0)).isEqualTo(1);
        assertThat(BucketBounds.targetIndex(3, 1, 0)).isEqualTo(2);
        assertThat(BucketBounds.targetIndex(0, 1, 0)).isEqualTo(0);
        assertThat(BucketBounds.targetIndex(-1, 1, 0)).isEqualTo(0);
        assertThat(BucketBounds.targetIndex(5, 2, 0)).isEqualTo(2);
    }
}
