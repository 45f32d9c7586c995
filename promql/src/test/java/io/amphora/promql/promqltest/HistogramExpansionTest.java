package io.amphora.promql.promqltest;

import io.amphora.promql.promqltest.HistogramDescription.CounterResetHint;
import io.amphora.promql.promqltest.SequenceValue.HistogramValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HistogramExpansionTest {
    private static final SourceLocation LOCATION = new SourceLocation("histograms.test", 1);

    /** The values of {@code h <item>}, rendered in the notation. */
    private static List<String> expand(String item) {
        return SeriesDescriptionParser.parse("h " + item, LOCATION, 1).values().stream()
                .map(SequenceValue::toString)
                .toList();
    }

    private static HistogramDescription combine(String a, String b, boolean subtract) {
        String op = subtract ? "-" : "+";
        List<SequenceValue> values = SeriesDescriptionParser.parse("h " + a + op + b + "x1", LOCATION, 1).values();
        return ((HistogramValue) values.getLast()).histogram();
    }

    @Test
    void givesTheBaseAndOneValuePerStep() {
        assertThat(expand("{{count:1}}+{{count:2}}x3"))
                .containsExactly("{{count:1}}", "{{count:3}}", "{{count:5}}", "{{count:7}}");
        assertThat(expand("{{count:0}}+{{count:1}}x0")).containsExactly("{{}}");
    }

    @Test
    void addsCountsSumsAndBucketsOneStepAtATime() {
        List<SequenceValue> values = SeriesDescriptionParser.parse(
                "h {{sum:0 count:0 buckets:[0]}}+{{sum:0.1 count:0.1 buckets:[0.1]}}x10", LOCATION, 1).values();

        HistogramDescription last = ((HistogramValue) values.getLast()).histogram();
        double tenAdditions = 0;
        for (int i = 0; i < 10; i++) {
            tenAdditions += 0.1;
        }
        assertThat(last.sum()).isEqualTo(tenAdditions).isNotEqualTo(1.0);
        assertThat(last.count()).isEqualTo(tenAdditions);
        assertThat(last.buckets()).containsExactly(tenAdditions);
    }

    @Test
    void addsBothSidesAndTheZeroBucket() {
        assertThat(expand("{{schema:1 count:12 sum:18.4 z_bucket:2 z_bucket_w:0.001 buckets:[1 2 0 1 1] "
                + "n_buckets:[1 2 0 1 1]}}+{{schema:1 count:9 sum:18.4 z_bucket:1 z_bucket_w:0.001 "
                + "buckets:[1 1 0 1 1] n_buckets:[1 1 0 1 1]}}x1").getLast())
                .isEqualTo("{{schema:1 sum:36.8 count:21 z_bucket:3 z_bucket_w:0.001 buckets:[2 3 0 2 2] "
                        + "n_buckets:[2 3 0 2 2]}}");
        assertThat(expand("{{schema:0 sum:4 count:4 buckets:[1 2 1]}}+{{schema:0 sum:-4 count:4 n_buckets:[1 2 1]}}x1")
                .getLast())
                .isEqualTo("{{count:8 buckets:[1 2 1] n_buckets:[1 2 1]}}");
    }

    @Test
    void subtractsBucketByBucket() {
        assertThat(expand("{{sum:10 count:9 z_bucket:3 buckets:[3 3] offset:2}}-{{sum:1 count:2 z_bucket:1 "
                + "buckets:[1] offset:3}}x2"))
                .containsExactly(
                        "{{sum:10 count:9 z_bucket:3 buckets:[3 3] offset:2}}",
                        "{{sum:9 count:7 z_bucket:2 buckets:[3 2] offset:2}}",
                        "{{sum:8 count:5 z_bucket:1 buckets:[3 1] offset:2}}");
    }

    @Test
    void fillsTheGapBetweenDisjointBucketRangesWithEmptyBuckets() {
        assertThat(combine("{{buckets:[1] offset:-1}}", "{{buckets:[2] offset:2}}", false))
                .isEqualTo(new HistogramDescription(0, 0, 0, 0, 0, List.of(1.0, 0.0, 0.0, 2.0), -1, List.of(), 0,
                        CounterResetHint.UNKNOWN, List.of()));
        assertThat(combine("{{}}", "{{n_buckets:[2 3] n_offset:4}}", true).negativeBuckets()).containsExactly(-2.0, -3.0);
        assertThat(combine("{{}}", "{{n_buckets:[2 3] n_offset:4}}", true).negativeOffset()).isEqualTo(4);
    }

    @Test
    void bringsAFinerIncrementDownToTheBaseSchema() {
        // Schema 0 buckets 1 and 2 both fall into schema -1 bucket 1: ((i - 1) >> 1) + 1.
        assertThat(expand("{{schema:-1 sum:4 count:1 buckets:[1] offset:1}}+{{schema:0 sum:4 count:4 buckets:[2 2] "
                + "offset:1}}x1").getLast())
                .isEqualTo("{{schema:-1 sum:8 count:5 buckets:[5] offset:1}}");
        // Schema 2 buckets -1..2 map to schema 0 buckets 0, 0, 1, 1.
        assertThat(combine("{{}}", "{{schema:2 buckets:[1 2 3 4] offset:-1}}", false).buckets())
                .containsExactly(3.0, 7.0);
    }

    @Test
    void refusesAnIncrementCoarserThanTheBase() {
        assertThatThrownBy(() -> expand("{{schema:1}}+{{schema:0}}x1"))
                .isInstanceOf(TestScriptFormatException.class)
                .hasMessageContaining("error combining histograms: cannot merge from schema 0 to 1");
    }

    @Test
    void refusesToMixCustomAndExponentialBuckets() {
        assertThatThrownBy(() -> expand("{{schema:-53 custom_values:[1]}}+{{schema:0}}x1"))
                .hasMessageContaining(
                        "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas");
        assertThatThrownBy(() -> expand("{{schema:0}}+{{schema:-53 custom_values:[1]}}x1"))
                .hasMessageContaining("cannot merge from schema -53 to 0");
    }

    @Test
    void addsCustomBucketsWithTheSameBounds() {
        assertThat(expand("{{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]}}+{{schema:-53 sum:1 count:1 "
                + "custom_values:[5 10] buckets:[1]}}x2").getLast())
                .isEqualTo("{{schema:-53 sum:3 count:3 buckets:[3] custom_values:[5 10]}}");
    }

    @Test
    void dropsTheZeroBucketAndNegativeBucketsOfCustomBucketHistogramsAsPrometheusCopiesThem() {
        assertThat(combine("{{schema:-53 z_bucket:4 n_buckets:[1] custom_values:[5]}}",
                "{{schema:-53 z_bucket:4 custom_values:[5]}}", false).toString())
                .isEqualTo("{{schema:-53 custom_values:[5]}}");
    }

    @Test
    void reducesMismatchedCustomBoundsToTheSharedOnes() {
        // Shared bounds [2 5]: the base's buckets (≤1, ≤2, ≤5, +Inf) land in ≤2, ≤2, ≤5, +Inf.
        HistogramDescription sum = combine("{{schema:-53 count:4 custom_values:[1 2 5] buckets:[1 1 1 1]}}",
                "{{schema:-53 count:3 custom_values:[2 5] buckets:[1 1 1]}}", false);

        assertThat(sum.customValues()).containsExactly(2.0, 5.0);
        assertThat(sum.buckets()).containsExactly(3.0, 2.0, 2.0);
        assertThat(sum.offset()).isZero();
        assertThat(sum.count()).isEqualTo(7);
    }

    @Test
    void widensTheIncrementsNarrowerZeroBucketAndSkipsBucketsInsideIt() {
        // The increment's bucket 0, (0.5, 1], lies inside the base's zero bucket of width 1.
        HistogramDescription sum = combine("{{count:4 z_bucket:1 z_bucket_w:1 buckets:[3] offset:1}}",
                "{{count:6 z_bucket:2 z_bucket_w:0.5 buckets:[4]}}", false);

        assertThat(sum.zeroBucket()).isEqualTo(7);
        assertThat(sum.zeroBucketWidth()).isEqualTo(1);
        assertThat(sum.buckets()).containsExactly(3.0);
        assertThat(sum.offset()).isEqualTo(1);
        assertThat(sum.count()).isEqualTo(10);
    }

    @Test
    void widensTheBasesNarrowerZeroBucketAndRemovesTheBucketsItAbsorbs() {
        HistogramDescription sum = combine("{{z_bucket:1 z_bucket_w:0.5 buckets:[2 3]}}",
                "{{z_bucket:1 z_bucket_w:1}}", false);

        assertThat(sum.zeroBucket()).isEqualTo(4);
        assertThat(sum.zeroBucketWidth()).isEqualTo(1);
        assertThat(sum.buckets()).containsExactly(3.0);
        assertThat(sum.offset()).isEqualTo(1);
    }

    @Test
    void movesAThresholdThatFallsInsideAPopulatedBucketToThatBucketsUpperBound() {
        HistogramDescription sum = combine("{{z_bucket:1 z_bucket_w:0.5 buckets:[2 3]}}",
                "{{z_bucket:1 z_bucket_w:0.7}}", false);

        assertThat(sum.zeroBucketWidth()).isEqualTo(1);
        assertThat(sum.zeroBucket()).isEqualTo(4);
        assertThat(sum.buckets()).containsExactly(3.0);
    }

    @Test
    void combinesCounterResetHintsAsPrometheus() {
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.RESET, CounterResetHint.RESET))
                .isEqualTo(CounterResetHint.RESET);
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.GAUGE, CounterResetHint.RESET))
                .isEqualTo(CounterResetHint.GAUGE);
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.NOT_RESET, CounterResetHint.GAUGE))
                .isEqualTo(CounterResetHint.GAUGE);
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.UNKNOWN, CounterResetHint.GAUGE))
                .isEqualTo(CounterResetHint.GAUGE);
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.UNKNOWN, CounterResetHint.RESET))
                .isEqualTo(CounterResetHint.UNKNOWN);
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.NOT_RESET, CounterResetHint.UNKNOWN))
                .isEqualTo(CounterResetHint.UNKNOWN);
        assertThat(HistogramExpansion.combinedHint(CounterResetHint.RESET, CounterResetHint.NOT_RESET))
                .isEqualTo(CounterResetHint.UNKNOWN);
    }

    @Test
    void takesWhetherTheHintWasGivenFromTheIncrementForEveryValue() {
        List<SequenceValue> given = SeriesDescriptionParser.parse(
                "h {{count:1}}+{{count:1 counter_reset_hint:gauge}}x1", LOCATION, 1).values();
        List<SequenceValue> notGiven = SeriesDescriptionParser.parse(
                "h {{count:1 counter_reset_hint:gauge}}+{{count:1}}x1", LOCATION, 1).values();

        assertThat(given).allSatisfy(value -> assertThat(((HistogramValue) value).counterResetHintGiven()).isTrue());
        assertThat(((HistogramValue) given.getLast()).histogram().counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(notGiven).allSatisfy(value ->
                assertThat(((HistogramValue) value).counterResetHintGiven()).isFalse());
        assertThat(((HistogramValue) notGiven.getLast()).histogram().counterResetHint())
                .isEqualTo(CounterResetHint.GAUGE);
    }

    @Test
    void computesExponentialBucketBounds() {
        assertThat(HistogramExpansion.upperBound(0, 0)).isEqualTo(1);
        assertThat(HistogramExpansion.upperBound(1, 0)).isEqualTo(2);
        assertThat(HistogramExpansion.upperBound(-1, 0)).isEqualTo(0.5);
        assertThat(HistogramExpansion.upperBound(1, -1)).isEqualTo(4);
        assertThat(HistogramExpansion.upperBound(-2, -2)).isEqualTo(1.0 / 256);
        assertThat(HistogramExpansion.upperBound(1, 1)).isEqualTo(Math.sqrt(2));
        assertThat(HistogramExpansion.upperBound(3, 2)).isCloseTo(Math.pow(2, 0.75), within(1e-15));
        assertThat(HistogramExpansion.upperBound(4, 2)).isEqualTo(2);
        // The last finite bucket ends at the largest double; the one after it holds only infinities.
        assertThat(HistogramExpansion.upperBound(1024, 0)).isEqualTo(Double.MAX_VALUE);
        assertThat(HistogramExpansion.upperBound(256, -2)).isEqualTo(Double.MAX_VALUE);
        assertThat(HistogramExpansion.upperBound(8192, 3)).isEqualTo(Double.MAX_VALUE);
        assertThat(HistogramExpansion.upperBound(1025, 0)).isEqualTo(Double.POSITIVE_INFINITY);
    }
}
