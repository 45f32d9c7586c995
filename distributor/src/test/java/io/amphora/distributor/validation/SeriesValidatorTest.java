package io.amphora.distributor.validation;

import io.amphora.model.StaleMarker;
import io.amphora.distributor.remotewrite.IncomingExemplar;
import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.MetricMetadata;
import io.amphora.distributor.remotewrite.MetricType;
import io.amphora.distributor.remotewrite.NativeHistogram;
import io.amphora.distributor.remotewrite.PointCounts;
import io.amphora.distributor.remotewrite.SeriesMetadata;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.amphora.distributor.validation.TestHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;

class SeriesValidatorTest {
    private static final TestingClock CLOCK = new TestingClock();
    private static final long NOW = CLOCK.millis();
    private static final long GRACE = Duration.ofMinutes(10).toMillis();

    private final SeriesValidator validator = new SeriesValidator(ValidationConfig.defaults(), CLOCK);

    // ---- accepted series -----------------------------------------------------------------------------------------

    @Test
    void acceptsAValidSeriesUnchangedWithSortedLabels() {
        IncomingSeries series = samples(new String[] {"__name__", "up", "job", "api"}, NOW - 1000, NOW);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.labels()).isEqualTo(Labels.of("__name__", "up", "job", "api"));
        assertThat(accepted.series()).isSameAs(series);
        assertThat(accepted.discards()).isEmpty();
    }

    @Test
    void sortsUnsortedLabelsAndDropsEmptyValues() {
        IncomingSeries series = samples(new String[] {"zone", "eu", "job", "", "__name__", "up", "az", "1"}, NOW);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.labels()).isEqualTo(Labels.of("__name__", "up", "az", "1", "zone", "eu"));
        assertThat(accepted.labels().name(0)).isEqualTo("__name__");
    }

    @Test
    void sortsUnsortedLabelsWithoutEmptyValues() {
        IncomingSeries series = samples(new String[] {"zone", "eu", "__name__", "up", "az", "1"}, NOW);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.labels()).isEqualTo(Labels.of("__name__", "up", "az", "1", "zone", "eu"));
        assertThat(accepted.discards()).isEmpty();
    }

    @Test
    void dropsEmptyValuesOfSortedLabels() {
        IncomingSeries series = samples(new String[] {"__name__", "up", "az", "", "zone", "eu"}, NOW);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.labels()).isEqualTo(Labels.of("__name__", "up", "zone", "eu"));
        assertThat(accepted.labels().size()).isEqualTo(2);
    }

    @Test
    void refusesDuplicateNamesInUnsortedLabels() {
        IncomingSeries series = samples(new String[] {"zone", "eu", "__name__", "up", "zone", "us"}, NOW);

        assertThat(validator.validate(series)).isInstanceOfSatisfying(SeriesValidation.Rejected.class,
                r -> assertThat(r.error().code()).isEqualTo(ErrorCode.DUPLICATE_LABEL_NAMES));
    }

    @Test
    void acceptsUtf8MetricAndLabelNamesByDefault() {
        IncomingSeries series = samples(new String[] {"__name__", "http.server.duration", "service name", "a b",
                "note", "line 1\nline 2", "ünïcødé", "日本"}, NOW);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.labels().metricName()).isEqualTo("http.server.duration");
        assertThat(accepted.labels().get("service name")).isEqualTo("a b");
    }

    @Test
    void acceptsSpecialSampleValues() {
        double staleNaN = Double.longBitsToDouble(StaleMarker.BITS);
        IncomingSeries series = IncomingSeries.ofSamples(new String[] {"__name__", "up"},
                new long[] {NOW - 3, NOW - 2, NOW - 1, NOW},
                new double[] {Double.NaN, staleNaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});

        assertThat(accepted(validator.validate(series)).series()).isSameAs(series);
    }

    // ---- label rules, in Cortex's order --------------------------------------------------------------------------

    static Stream<Arguments> invalidLabels() {
        ValidationConfig defaults = ValidationConfig.defaults();
        ValidationConfig legacy = defaults.withNameValidation(NameValidation.LEGACY);
        return Stream.of(
                Arguments.of(Named.of("no __name__", defaults), new String[] {"job", "api"},
                        ErrorCode.MISSING_METRIC_NAME, "sample missing metric name"),
                Arguments.of(Named.of("empty __name__", defaults), new String[] {"__name__", "", "job", "api"},
                        ErrorCode.MISSING_METRIC_NAME, "sample missing metric name"),
                Arguments.of(Named.of("empty label set", defaults), new String[0],
                        ErrorCode.MISSING_METRIC_NAME, "sample missing metric name"),
                Arguments.of(Named.of("dotted metric name under legacy validation", legacy),
                        new String[] {"__name__", "http.requests", "job", "api"},
                        ErrorCode.INVALID_METRIC_NAME, "sample invalid metric name: \"http.requests\""),
                Arguments.of(Named.of("metric name starting with a digit under legacy validation", legacy),
                        new String[] {"__name__", "1up"},
                        ErrorCode.INVALID_METRIC_NAME, "sample invalid metric name: \"1up\""),
                Arguments.of(Named.of("too many labels", defaults.withMaxLabelNamesPerSeries(3)),
                        new String[] {"__name__", "up", "c", "3", "a", "1", "b", ""},
                        ErrorCode.MAX_LABEL_NAMES_PER_SERIES,
                        "series has too many labels (actual: 4, limit: 3) series: 'up{a=\"1\", b=\"\", c=\"3\"}'"),
                Arguments.of(Named.of("empty label name", defaults), new String[] {"__name__", "up", "", "x"},
                        ErrorCode.INVALID_LABEL_NAME, "sample invalid label: \"\" metric \"up{=\\\"x\\\"}\""),
                Arguments.of(Named.of("dotted label name under legacy validation", legacy),
                        new String[] {"__name__", "up", "service.name", "api"},
                        ErrorCode.INVALID_LABEL_NAME,
                        "sample invalid label: \"service.name\" metric \"up{service.name=\\\"api\\\"}\""),
                Arguments.of(Named.of("colon in a label name under legacy validation", legacy),
                        new String[] {"__name__", "up:rate5m", "a:b", "x"},
                        ErrorCode.INVALID_LABEL_NAME, "sample invalid label: \"a:b\" metric \"up:rate5m{a:b=\\\"x\\\"}\""),
                Arguments.of(Named.of("label name too long", defaults.withMaxLabelNameLength(8)),
                        new String[] {"__name__", "up", "instance_name", "a"},
                        ErrorCode.LABEL_NAME_TOO_LONG, "label name too long for metric (actual: 13, limit: 8) metric:"
                                + " \"up{instance_name=\\\"a\\\"}\" label name: \"instance_name\""),
                Arguments.of(Named.of("label value too long, counted in UTF-8 bytes",
                                defaults.withMaxLabelValueLength(5)),
                        new String[] {"__name__", "up", "city", "Zürich"},
                        ErrorCode.LABEL_VALUE_TOO_LONG, "label value too long for metric (actual: 7, limit: 5) metric:"
                                + " \"up{city=\\\"Zürich\\\"}\" label name: \"city\" label value: \"Zürich\""),
                Arguments.of(Named.of("metric name too long as a label value", defaults.withMaxLabelValueLength(3)),
                        new String[] {"__name__", "long_name"},
                        ErrorCode.LABEL_VALUE_TOO_LONG, "label value too long for metric (actual: 9, limit: 3) metric:"
                                + " \"long_name\" label name: \"__name__\" label value: \"long_name\""),
                Arguments.of(Named.of("adjacent duplicate names", defaults),
                        new String[] {"__name__", "up", "job", "a", "job", "b"},
                        ErrorCode.DUPLICATE_LABEL_NAMES,
                        "duplicate label name: \"job\" metric \"up{job=\\\"a\\\", job=\\\"b\\\"}\""),
                Arguments.of(Named.of("duplicate names apart in unsorted labels", defaults),
                        new String[] {"job", "a", "__name__", "up", "instance", "x", "job", "b"},
                        ErrorCode.DUPLICATE_LABEL_NAMES, "duplicate label name: \"job\" metric"
                                + " \"up{job=\\\"a\\\", instance=\\\"x\\\", job=\\\"b\\\"}\""),
                Arguments.of(Named.of("duplicate __name__", defaults),
                        new String[] {"__name__", "up", "__name__", "down"},
                        ErrorCode.DUPLICATE_LABEL_NAMES,
                        "duplicate label name: \"__name__\" metric \"up{__name__=\\\"down\\\"}\""),
                Arguments.of(Named.of("unsorted labels when sorting is required",
                                defaults.withRequireSortedLabels(true)),
                        new String[] {"__name__", "up", "zone", "a", "job", "b"},
                        ErrorCode.LABELS_NOT_SORTED,
                        "labels not sorted: \"job\" metric \"up{zone=\\\"a\\\", job=\\\"b\\\"}\""));
    }

    @ParameterizedTest
    @MethodSource("invalidLabels")
    void rejectsTheWholeSeriesForInvalidLabels(ValidationConfig config, String[] labels, ErrorCode code,
            String message) {
        IncomingSeries series = samples(labels, NOW - 1, NOW)
                .withExemplars(List.of(IncomingExemplar.of(1, NOW)))
                .withHistograms(List.of(TestHistograms.integer(NOW).build()));

        SeriesValidation result = new SeriesValidator(config, CLOCK).validate(series);

        assertThat(result).isEqualTo(new SeriesValidation.Rejected(new ValidationError(code, message),
                new PointCounts(2, 1, 1)));
        assertThat(result.discards()).containsExactly(
                new Discard(new ValidationError(code, message), new PointCounts(2, 1, 1), 0));
    }

    @Test
    void rejectsLabelsThatWereNotUtf8OnTheWire() {
        String[] labels = {"__name__", "up", "job", "a\uFFFDb", "zone", "eu"};
        IncomingSeries badValue = new IncomingSeries(labels, 3, new long[] {NOW}, new double[] {1}, new long[0],
                List.of(), List.of(), SeriesMetadata.NONE);
        IncomingSeries badName = new IncomingSeries(new String[] {"__name__", "up", "j\uFFFD", "x"}, 2,
                new long[] {NOW}, new double[] {1}, new long[0], List.of(), List.of(), SeriesMetadata.NONE);
        IncomingSeries badMetricName = new IncomingSeries(new String[] {"__name__", "u\uFFFD"}, 1,
                new long[] {NOW}, new double[] {1}, new long[0], List.of(), List.of(), SeriesMetadata.NONE);

        assertThat(rejected(validator.validate(badValue))).isEqualTo(new ValidationError(ErrorCode.INVALID_LABEL_VALUE,
                "sample invalid label value: \"a\uFFFDb\" label name: \"job\" metric"
                        + " \"up{job=\\\"a\uFFFDb\\\", zone=\\\"eu\\\"}\" (label values must be valid UTF-8)"));
        assertThat(rejected(validator.validate(badName)).code()).isEqualTo(ErrorCode.INVALID_LABEL_NAME);
        assertThat(rejected(validator.validate(badMetricName))).isEqualTo(
                new ValidationError(ErrorCode.INVALID_METRIC_NAME, "sample invalid metric name: \"u\uFFFD\""));
    }

    @Test
    void reportsTheFirstFailingLabelInWireOrder() {
        ValidationConfig config = ValidationConfig.defaults().withMaxLabelValueLength(3)
                .withNameValidation(NameValidation.LEGACY);
        IncomingSeries series = samples(new String[] {"__name__", "up", "long", "abcd", "bad.name", "x"}, NOW);

        ValidationError error = rejected(new SeriesValidator(config, CLOCK).validate(series));

        assertThat(error.code()).isEqualTo(ErrorCode.LABEL_VALUE_TOO_LONG);
    }

    @Test
    void acceptsExactlyTheLimits() {
        ValidationConfig config = ValidationConfig.defaults().withMaxLabelNamesPerSeries(2)
                .withMaxLabelNameLength(8).withMaxLabelValueLength(6);
        IncomingSeries series = samples(new String[] {"__name__", "up", "instance", "Zürch"}, NOW + GRACE);

        assertThat(new SeriesValidator(config, CLOCK).validate(series))
                .isInstanceOf(SeriesValidation.Accepted.class);
    }

    @Test
    void truncatesQuotedValuesInMessagesTo200Characters() {
        String longValue = "v".repeat(300);
        IncomingSeries series = samples(new String[] {"__name__", "up", "", longValue}, NOW);

        ValidationError error = rejected(validator.validate(series));

        // Go's %.200q cuts the unquoted text `up{="vvv…` after 200 characters: 5 for `up{="`, then 195 v.
        assertThat(error.message()).isEqualTo("sample invalid label: \"\" metric \"up{=\\\"" + "v".repeat(195) + "\"");
    }

    // ---- per-sample rules: the rest of the series survives ----------------------------------------------------

    @Test
    void dropsOnlyTheSamplesTooFarInTheFuture() {
        IncomingSeries series = new IncomingSeries(new String[] {"__name__", "up"}, -1,
                new long[] {NOW - 1, NOW + GRACE + 1, NOW + GRACE, NOW + GRACE + 5}, new double[] {1, 2, 3, 4},
                new long[] {11, 12, 13, 14}, List.of(), List.of(), SeriesMetadata.NONE);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.series().timestamps()).containsExactly(NOW - 1, NOW + GRACE);
        assertThat(accepted.series().values()).containsExactly(1, 3);
        assertThat(accepted.series().startTimestamps()).containsExactly(11, 13);
        assertThat(accepted.discards()).containsExactly(new Discard(new ValidationError(
                ErrorCode.SAMPLE_TOO_FAR_IN_FUTURE, "timestamp too new: " + (NOW + GRACE + 1) + " metric: \"up\""),
                PointCounts.ofSamples(2), 0));
    }

    @Test
    void acceptsTheSeriesEvenWhenEverySampleIsDropped() {
        IncomingSeries series = samples(new String[] {"__name__", "up"}, NOW + GRACE + 1);

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.series().sampleCount()).isZero();
        assertThat(accepted.discards()).singleElement()
                .satisfies(d -> assertThat(d.discarded()).isEqualTo(PointCounts.ofSamples(1)));
    }

    @Test
    void refusesOldSamplesOnlyWhenConfiguredTo() {
        long maxAge = Duration.ofHours(1).toMillis();
        IncomingSeries series = samples(new String[] {"__name__", "up"}, NOW - maxAge - 1, NOW - maxAge, NOW);
        SeriesValidator strict = new SeriesValidator(
                ValidationConfig.defaults().withRejectOldSamples(Duration.ofHours(1)), CLOCK);

        assertThat(accepted(validator.validate(series)).series()).isSameAs(series);
        SeriesValidation.Accepted accepted = accepted(strict.validate(series));
        assertThat(accepted.series().timestamps()).containsExactly(NOW - maxAge, NOW);
        assertThat(accepted.discards()).containsExactly(new Discard(new ValidationError(ErrorCode.SAMPLE_TOO_OLD,
                "timestamp too old: " + (NOW - maxAge - 1) + " metric: \"up\""), PointCounts.ofSamples(1), 0));
    }

    @Test
    void usesTheClockAtEachValidation() {
        TestingClock clock = new TestingClock();
        SeriesValidator moving = new SeriesValidator(ValidationConfig.defaults(), clock);
        IncomingSeries series = samples(new String[] {"__name__", "up"}, clock.millis() + GRACE + 1_000);

        assertThat(accepted(moving.validate(series)).discards()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(accepted(moving.validate(series)).discards()).isEmpty();
    }

    @Test
    void countsEveryReasonOnceWithItsFirstMessage() {
        IncomingSeries series = samples(new String[] {"__name__", "up"}, NOW, NOW + GRACE + 1, NOW + GRACE + 2)
                .withHistograms(List.of(TestHistograms.integer(NOW + GRACE + 3).build(),
                        TestHistograms.integer(NOW).countInt(99).build(),
                        TestHistograms.integer(NOW).build()))
                .withExemplars(List.of(IncomingExemplar.of(1, 0), IncomingExemplar.of(2, 0),
                        IncomingExemplar.of(3, NOW)));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.series().counts()).isEqualTo(new PointCounts(1, 1, 1));
        assertThat(accepted.discards()).extracting(d -> d.error().code(), Discard::discarded).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ErrorCode.SAMPLE_TOO_FAR_IN_FUTURE, new PointCounts(2, 1, 0)),
                org.assertj.core.groups.Tuple.tuple(ErrorCode.NATIVE_HISTOGRAM_INVALID, PointCounts.ofHistograms(1)),
                org.assertj.core.groups.Tuple.tuple(ErrorCode.EXEMPLAR_TIMESTAMP_INVALID, PointCounts.ofExemplars(2)));
        assertThat(accepted.discards().getFirst().error().message())
                .isEqualTo("timestamp too new: " + (NOW + GRACE + 1) + " metric: \"up\"");
    }

    // ---- native histograms -------------------------------------------------------------------------------------

    static Stream<Arguments> validHistograms() {
        return Stream.of(
                Arguments.of(Named.of("integer", TestHistograms.integer(NOW))),
                Arguments.of(Named.of("float", TestHistograms.floating(NOW))),
                Arguments.of(Named.of("custom buckets", TestHistograms.custom(NOW))),
                Arguments.of(Named.of("integer with NaN sum and a count above its buckets",
                        TestHistograms.integer(NOW).sum(Double.NaN).countInt(10))),
                Arguments.of(Named.of("stale marker", TestHistograms.integer(NOW)
                        .sum(Double.longBitsToDouble(StaleMarker.BITS)).countInt(0).zeroCountInt(0)
                        .positive(List.of()))),
                Arguments.of(Named.of("integer with negative buckets and several spans", TestHistograms.integer(NOW)
                        .negative(spans(-3, 2, 1, 1), 2, -1, 0).countInt(8))),
                Arguments.of(Named.of("lowest exponential schema", TestHistograms.integer(NOW).schema(-4))),
                Arguments.of(Named.of("highest exponential schema", TestHistograms.integer(NOW).schema(8))),
                Arguments.of(Named.of("custom buckets with gaps", TestHistograms.custom(NOW)
                        .positive(spans(0, 1, 1, 1), 1, 1).countInt(3))),
                Arguments.of(Named.of("empty integer histogram", TestHistograms.integer(NOW).countInt(0)
                        .zeroCountInt(0).positive(List.of()))));
    }

    @ParameterizedTest
    @MethodSource("validHistograms")
    void acceptsValidNativeHistograms(TestHistograms histogram) {
        IncomingSeries series = IncomingSeries.ofLabels("__name__", "latency").withHistograms(List.of(histogram.build()));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.discards()).isEmpty();
        assertThat(accepted.series().histograms()).hasSize(1);
    }

    static Stream<Arguments> invalidHistograms() {
        return Stream.of(
                Arguments.of(Named.of("count differs from the buckets", TestHistograms.integer(NOW).countInt(5)),
                        "4 observations found in buckets, but the Count field is 5: histogram's observation count should"
                                + " equal the number of observations found in the buckets (in absence of NaN)"),
                Arguments.of(Named.of("NaN sum with a count below the buckets",
                                TestHistograms.integer(NOW).sum(Double.NaN).countInt(3)),
                        "4 observations found in buckets, but the Count field is 3: histogram's observation count should"
                                + " be at least the number of observations found in the buckets"),
                Arguments.of(Named.of("spans need more buckets than given",
                                TestHistograms.integer(NOW).positive(spans(0, 3), 1, 1)),
                        "positive side: spans need 3 buckets, have 2 buckets: histogram spans specify different number"
                                + " of buckets than provided"),
                Arguments.of(Named.of("negative offset in a later span",
                                TestHistograms.integer(NOW).positive(spans(0, 1, -1, 1), 1, 1)),
                        "positive side: span number 2 with offset -1: histogram has a span whose offset is negative"),
                Arguments.of(Named.of("negative bucket count from deltas",
                                TestHistograms.integer(NOW).negative(spans(0, 2), 1, -2)),
                        "negative side: bucket number 2 has observation count of -1: histogram has a bucket whose"
                                + " observation count is negative"),
                Arguments.of(Named.of("float bucket with a negative count",
                                TestHistograms.floating(NOW).positiveCounts(spans(0, 1), -2)),
                        "positive side: bucket number 1 has observation count of -2: histogram has a bucket whose"
                                + " observation count is negative"),
                Arguments.of(Named.of("float histogram with a negative count",
                                TestHistograms.floating(NOW).countFloat(-1)),
                        "observation count is  -1: histogram's observation count is negative"),
                Arguments.of(Named.of("float histogram with a negative zero bucket",
                                TestHistograms.floating(NOW).zeroCountFloat(-0.5)),
                        "zero bucket has observation count of -0.5: histogram has a bucket whose observation count is"
                                + " negative"),
                Arguments.of(Named.of("float histogram with integer deltas",
                                TestHistograms.floating(NOW).positive(spans(0, 1), 1)),
                        "a float histogram (count_float set) must carry bucket counts, not integer deltas"),
                Arguments.of(Named.of("integer histogram with float counts",
                                TestHistograms.integer(NOW).positiveCounts(spans(0, 1), 1)),
                        "an integer histogram must carry bucket deltas, not float counts"),
                Arguments.of(Named.of("integer histogram with a float zero count",
                                TestHistograms.integer(NOW).zeroCountFloat(1)),
                        "an integer histogram must not carry a float zero count"),
                Arguments.of(Named.of("exponential schema with custom bounds",
                                TestHistograms.integer(NOW).customValues(1, 2)),
                        "histogram with exponential schema must not have custom bounds"),
                Arguments.of(Named.of("custom bounds not increasing", TestHistograms.custom(NOW).customValues(2, 1)),
                        "custom buckets: previous bound is 2.000000 and current is 1.000000: histogram custom bounds"
                                + " must be in strictly increasing order"),
                Arguments.of(Named.of("custom bound NaN", TestHistograms.custom(NOW).customValues(1, Double.NaN)),
                        "custom buckets: histogram custom bounds must not be NaN"),
                Arguments.of(Named.of("explicit +Inf custom bound",
                                TestHistograms.custom(NOW).customValues(1, Double.POSITIVE_INFINITY)),
                        "custom buckets: last +Inf bound must not be explicitly defined: histogram custom bounds must be"
                                + " finite"),
                Arguments.of(Named.of("too few custom bounds for the spans", TestHistograms.custom(NOW).customValues(1)),
                        "custom buckets: only 1 custom bounds defined which is insufficient to cover total span length"
                                + " of 3: histogram custom bounds are too few"),
                Arguments.of(Named.of("custom buckets with a zero threshold",
                                TestHistograms.custom(NOW).zeroThreshold(0.1)),
                        "custom buckets: must have zero threshold of 0"),
                Arguments.of(Named.of("custom buckets with a zero count",
                                TestHistograms.custom(NOW).zeroCountInt(1).countInt(7)),
                        "custom buckets: must have zero count of 0"),
                Arguments.of(Named.of("custom buckets with negative spans",
                                TestHistograms.custom(NOW).negative(spans(0, 1), 1)),
                        "custom buckets: must not have negative spans"),
                Arguments.of(Named.of("custom buckets with a negative first offset",
                                TestHistograms.custom(NOW).positive(spans(-1, 3), 1, 1, 1)),
                        "custom buckets: span number 1 with offset -1: histogram has a span whose offset is negative"),
                Arguments.of(Named.of("bucket count overflowing 64 bits, so negative",
                                TestHistograms.integer(NOW).positive(spans(0, 2), Long.MAX_VALUE, 1)),
                        "positive side: bucket number 2 has observation count of -9223372036854775808: histogram has a"
                                + " bucket whose observation count is negative"));
    }

    @ParameterizedTest
    @MethodSource("invalidHistograms")
    void dropsInvalidNativeHistogramsNamingTheProblem(TestHistograms histogram, String problem) {
        IncomingSeries series = IncomingSeries.ofLabels("__name__", "latency", "job", "api")
                .withHistograms(List.of(histogram.build(), TestHistograms.integer(NOW - 1).build()));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.series().histograms()).containsExactly(TestHistograms.integer(NOW - 1).build());
        assertThat(accepted.discards()).containsExactly(new Discard(new ValidationError(
                ErrorCode.NATIVE_HISTOGRAM_INVALID, "invalid native histogram, validation err: " + problem
                        + ", metric: \"latency{job=\\\"api\\\"}\""), PointCounts.ofHistograms(1), 0));
    }

    @Test
    void dropsNativeHistogramsWithAnUnsupportedSchema() {
        IncomingSeries series = IncomingSeries.ofLabels("__name__", "latency")
                .withHistograms(List.of(TestHistograms.integer(NOW).schema(53).build(),
                        TestHistograms.integer(NOW).schema(-5).build()));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.discards()).containsExactly(new Discard(new ValidationError(
                ErrorCode.NATIVE_HISTOGRAM_INVALID_SCHEMA, "invalid native histogram schema 53 for metric: \"latency\"."
                        + " supported schema from -4 to 8 (or -53 for custom buckets; 9 to 52 are reduced to 8)"),
                PointCounts.ofHistograms(2), 0));
    }

    @Test
    void acceptsFinerSchemasThatAreReducedToSchema8BeforeTheyAreStored() {
        NativeHistogram fine = TestHistograms.integer(NOW).schema(10).build();
        IncomingSeries series = IncomingSeries.ofLabels("__name__", "latency").withHistograms(List.of(fine));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.discards()).isEmpty();
        assertThat(HistogramChecks.toHistogram(fine).schema()).isEqualTo(8);
        assertThat(HistogramChecks.toHistogram(fine).count()).isEqualTo(fine.countInt());
    }

    @Test
    void dropsNativeHistogramsTooFarInTheFuture() {
        IncomingSeries series = IncomingSeries.ofLabels("__name__", "latency")
                .withHistograms(List.of(TestHistograms.integer(NOW + GRACE + 1).build()));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.series().histograms()).isEmpty();
        assertThat(accepted.discards()).containsExactly(new Discard(new ValidationError(
                ErrorCode.SAMPLE_TOO_FAR_IN_FUTURE, "timestamp too new: " + (NOW + GRACE + 1) + " metric: \"latency\""),
                PointCounts.ofHistograms(1), 0));
    }

    // ---- exemplars -----------------------------------------------------------------------------------------------

    @Test
    void keepsExemplarsWithAndWithoutLabels() {
        IncomingSeries series = samples(new String[] {"__name__", "up"}, NOW).withExemplars(List.of(
                IncomingExemplar.of(1, NOW), IncomingExemplar.of(2, NOW, "trace_id", "abc", "span_id", "ü")));

        assertThat(accepted(validator.validate(series)).series()).isSameAs(series);
    }

    @Test
    void dropsExemplarsWithoutTimestampOrWithOverlongOrBrokenLabels() {
        String[] longLabels = {"trace_id", "t".repeat(121)}; // 8 + 121 = 129 characters
        String[] exactlyLong = {"trace_id", "t".repeat(120)};
        IncomingExemplar brokenUtf8 = new IncomingExemplar(new String[] {"trace_id", "\uFFFD"}, 1, 4, NOW);
        IncomingSeries series = samples(new String[] {"__name__", "up", "job", "api"}, NOW).withExemplars(List.of(
                IncomingExemplar.of(1, 0, "trace_id", "a"), IncomingExemplar.of(2, NOW, longLabels),
                IncomingExemplar.of(3, NOW, exactlyLong), brokenUtf8));

        SeriesValidation.Accepted accepted = accepted(validator.validate(series));

        assertThat(accepted.series().exemplars()).containsExactly(IncomingExemplar.of(3, NOW, exactlyLong));
        assertThat(accepted.series().sampleCount()).isEqualTo(1);
        String seriesText = " series: {__name__=\"up\", job=\"api\"} labels: ";
        assertThat(accepted.discards()).containsExactly(
                new Discard(new ValidationError(ErrorCode.EXEMPLAR_TIMESTAMP_INVALID,
                        "exemplar missing timestamp, timestamp: 0" + seriesText + "{trace_id=\"a\"}"),
                        PointCounts.ofExemplars(1), 0),
                new Discard(new ValidationError(ErrorCode.EXEMPLAR_LABELS_TOO_LONG,
                        "exemplar combined labelset exceeds 128 characters, timestamp: " + NOW + seriesText
                                + "{trace_id=\"" + "t".repeat(121) + "\"}"), PointCounts.ofExemplars(1), 0),
                new Discard(new ValidationError(ErrorCode.EXEMPLAR_LABELS_INVALID,
                        "exemplar label is not valid UTF-8, timestamp: " + NOW + seriesText + "{trace_id=\"\uFFFD\"}"),
                        PointCounts.ofExemplars(1), 0));
    }

    // ---- metadata ----------------------------------------------------------------------------------------------

    @Test
    void validatesMetadataEntries() {
        SeriesValidator small = new SeriesValidator(ValidationConfig.defaults().withMaxMetadataLength(10), CLOCK);

        assertThat(small.validateMetadata(new MetricMetadata("up", MetricType.GAUGE, "Is it up?", "")))
                .isEmpty();
        assertThat(small.validateMetadata(new MetricMetadata("", MetricType.GAUGE, "", "")))
                .contains(new ValidationError(ErrorCode.MISSING_METRIC_NAME, "metadata missing metric name"));
        assertThat(small.validateMetadata(new MetricMetadata("a_very_long_name", MetricType.GAUGE, "", "")))
                .contains(new ValidationError(ErrorCode.METADATA_METRIC_NAME_TOO_LONG,
                        "metadata 'METRIC_NAME' value too long: \"a_very_long_name\" metric \"a_very_long_name\""));
        assertThat(small.validateMetadata(new MetricMetadata("up", MetricType.GAUGE, "Whether the target is up.", "")))
                .contains(new ValidationError(ErrorCode.METADATA_HELP_TOO_LONG,
                        "metadata 'HELP' value too long: \"Whether the target is up.\" metric \"up\""));
        assertThat(small.validateMetadata(new MetricMetadata("up", MetricType.GAUGE, "", "kilowatthours")))
                .contains(new ValidationError(ErrorCode.METADATA_UNIT_TOO_LONG,
                        "metadata 'UNIT' value too long: \"kilowatthours\" metric \"up\""));
        assertThat(small.validateMetadata(new MetricMetadata("up", MetricType.GAUGE, "ééééé", "")))
                .isEqualTo(Optional.empty());
        assertThat(small.validateMetadata(new MetricMetadata("up", MetricType.GAUGE, "éééééé", "")))
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.METADATA_HELP_TOO_LONG));
    }

    @Test
    void dropsOverlongSeriesMetadataButKeepsTheSamples() {
        SeriesValidator small = new SeriesValidator(ValidationConfig.defaults().withMaxMetadataLength(10), CLOCK);
        IncomingSeries valid = samples(new String[] {"__name__", "up"}, NOW)
                .withMetadata(new SeriesMetadata(MetricType.GAUGE, "Up?", "bool"));
        IncomingSeries overlong = valid.withMetadata(new SeriesMetadata(MetricType.GAUGE, "Whether it is up.", ""));

        assertThat(accepted(small.validate(valid)).series()).isSameAs(valid);
        SeriesValidation.Accepted accepted = accepted(small.validate(overlong));
        assertThat(accepted.series().metadata()).isEqualTo(SeriesMetadata.NONE);
        assertThat(accepted.series().sampleCount()).isEqualTo(1);
        assertThat(accepted.discards()).containsExactly(new Discard(new ValidationError(
                ErrorCode.METADATA_HELP_TOO_LONG, "metadata 'HELP' value too long: \"Whether it is up.\" metric \"up\""),
                PointCounts.ZERO, 1));
    }

    @Test
    void countsUtf8BytesLikeGo() {
        assertThat(SeriesValidator.utf8Length("")).isZero();
        assertThat(SeriesValidator.utf8Length("abc")).isEqualTo(3);
        assertThat(SeriesValidator.utf8Length("ü")).isEqualTo(2);
        assertThat(SeriesValidator.utf8Length("日")).isEqualTo(3);
        assertThat(SeriesValidator.utf8Length("\uD83D\uDE00")).isEqualTo(4);
        assertThat(SeriesValidator.utf8Length("a\uD83D\uDE00ü日")).isEqualTo(10);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static IncomingSeries samples(String[] labels, long... timestamps) {
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return IncomingSeries.ofSamples(labels, timestamps, values);
    }

    private static SeriesValidation.Accepted accepted(SeriesValidation result) {
        assertThat(result).isInstanceOf(SeriesValidation.Accepted.class);
        return (SeriesValidation.Accepted) result;
    }

    private static ValidationError rejected(SeriesValidation result) {
        assertThat(result).isInstanceOf(SeriesValidation.Rejected.class);
        return ((SeriesValidation.Rejected) result).error();
    }
}
