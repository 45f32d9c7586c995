package io.amphora.distributor;

import io.amphora.distributor.IngesterClient.Metadata;
import io.amphora.distributor.IngesterClient.Series;
import io.amphora.distributor.limits.IngestionRateLimiter;
import io.amphora.distributor.remotewrite.BucketSpan;
import io.amphora.distributor.remotewrite.IncomingExemplar;
import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.MetricMetadata;
import io.amphora.distributor.remotewrite.MetricType;
import io.amphora.distributor.remotewrite.NativeHistogram;
import io.amphora.distributor.remotewrite.PointCounts;
import io.amphora.distributor.remotewrite.ProtocolVersion;
import io.amphora.distributor.remotewrite.ResetHint;
import io.amphora.distributor.remotewrite.SeriesMetadata;
import io.amphora.distributor.remotewrite.WriteBatch;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.ring.HashRing;
import io.amphora.ring.InstanceDesc;
import io.amphora.ring.InstanceState;
import io.amphora.ring.RingDesc;
import io.amphora.ring.ha.HaTracker;
import io.amphora.ring.ha.HaTrackerConfig;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.testing.TestingClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DistributorTest {
    private static final TenantId TENANT = TenantId.of("ws-1");
    private static final TenantId OTHER_TENANT = TenantId.of("ws-2");
    private static final Limits DEFAULTS = Limits.defaults();
    private static final long NOW = TestingClock.DEFAULT_START.toEpochMilli();
    private static final Duration REMOTE_TIMEOUT = Duration.ofMillis(150);
    private static final String INGESTER_1 = "ingester-1:9095";
    private static final String INGESTER_2 = "ingester-2:9095";
    private static final String INGESTER_3 = "ingester-3:9095";

    private final TestingClock clock = new TestingClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestingIngesterClient ingesters = new TestingIngesterClient();
    private final InMemoryKvStore kv = new InMemoryKvStore();
    private final List<HaTracker> trackers = new ArrayList<>();

    @AfterEach
    void closeTrackers() {
        trackers.forEach(HaTracker::close);
    }

    // ---- validation ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("invalidSeries")
    void refusesAnInvalidSeriesWithCortexMessageAndCountsItWhileStoringTheValidOne(IncomingSeries invalid,
            Map<String, Object> limits, ErrorCode code, String message) {
        Distributor distributor = distributor(overrides(limits));
        IncomingSeries valid = series(labels("__name__", "ok", "job", "a"), NOW - 1000, NOW);

        PushOutcome outcome = distributor.push(TENANT, batch(invalid, valid));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo(message + summary(1, 2, 4));
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(2));
        assertThat(discardedSamples(code)).isEqualTo(2);
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "ok", "job", "a"));
    }

    static Stream<Arguments> invalidSeries() {
        Map<String, Object> defaults = Map.of();
        return Stream.of(
                rejected("missing metric name", series(labels("job", "api"), NOW - 1000, NOW), defaults,
                        ErrorCode.MISSING_METRIC_NAME, "sample missing metric name"),
                rejected("empty metric name", series(labels("__name__", "", "job", "api"), NOW - 1000, NOW), defaults,
                        ErrorCode.MISSING_METRIC_NAME, "sample missing metric name"),
                rejected("metric name not valid UTF-8", withInvalidUtf8(labels("__name__", "up\uFFFD", "job", "api"), 1),
                        defaults, ErrorCode.INVALID_METRIC_NAME, "sample invalid metric name: \"up\uFFFD\""),
                rejected("empty label name", series(labels("__name__", "up", "", "x"), NOW - 1000, NOW), defaults,
                        ErrorCode.INVALID_LABEL_NAME, "sample invalid label: \"\" metric \"up{=\\\"x\\\"}\""),
                rejected("label value not valid UTF-8", withInvalidUtf8(labels("__name__", "up", "job", "a\uFFFD"), 3),
                        defaults, ErrorCode.INVALID_LABEL_VALUE, "sample invalid label value: \"a\uFFFD\" label name: \"job\""
                                + " metric \"up{job=\\\"a\uFFFD\\\"}\" (label values must be valid UTF-8)"),
                rejected("too many labels", series(labels("__name__", "up", "job", "api", "zone", "eu"), NOW - 1000, NOW),
                        Map.of("max_label_names_per_series", 2), ErrorCode.MAX_LABEL_NAMES_PER_SERIES,
                        "series has too many labels (actual: 3, limit: 2) series: 'up{job=\"api\", zone=\"eu\"}'"),
                rejected("label name too long", series(labels("__name__", "up", "instance_name", "a"), NOW - 1000, NOW),
                        Map.of("max_label_name_length", 8), ErrorCode.LABEL_NAME_TOO_LONG,
                        "label name too long for metric (actual: 13, limit: 8) metric: \"up{instance_name=\\\"a\\\"}\""
                                + " label name: \"instance_name\""),
                rejected("label value too long", series(labels("__name__", "up", "job", "abcdef"), NOW - 1000, NOW),
                        Map.of("max_label_value_length", 4), ErrorCode.LABEL_VALUE_TOO_LONG,
                        "label value too long for metric (actual: 6, limit: 4) metric: \"up{job=\\\"abcdef\\\"}\""
                                + " label name: \"job\" label value: \"abcdef\""),
                rejected("duplicate label names", series(labels("__name__", "up", "job", "a", "job", "b"), NOW - 1000, NOW),
                        defaults, ErrorCode.DUPLICATE_LABEL_NAMES, "duplicate label name: \"job\" metric \"up{job=\\\"a\\\", job=\\\"b\\\"}\""),
                rejected("duplicate label names among unsorted labels",
                        series(labels("job", "a", "__name__", "up", "job", "b"), NOW - 1000, NOW), defaults,
                        ErrorCode.DUPLICATE_LABEL_NAMES, "duplicate label name: \"job\" metric \"up{job=\\\"a\\\", job=\\\"b\\\"}\""));
    }

    private static Arguments rejected(String description, IncomingSeries series, Map<String, Object> limits, ErrorCode code,
            String message) {
        return arguments(Named.of(description, series), limits, code, message);
    }

    @Test
    void dropsOnlyTheSampleTooFarInTheFuture() {
        Distributor distributor = distributor();
        long tooNew = NOW + Duration.ofMinutes(10).toMillis() + 1;
        long newestAllowed = NOW + Duration.ofMinutes(10).toMillis();

        PushOutcome outcome = distributor.push(TENANT, batch(series(labels("__name__", "up"), NOW - 1000, tooNew, newestAllowed)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("timestamp too new: " + tooNew + " metric: \"up\"" + summary(0, 1, 3));
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(2));
        assertThat(discardedSamples(ErrorCode.SAMPLE_TOO_FAR_IN_FUTURE)).isEqualTo(1);
        Series stored = single(ingesters.stored(INGESTER_1));
        assertThat(stored.timestamps()).containsExactly(NOW - 1000, newestAllowed);
        assertThat(stored.values()).containsExactly(1, 3);
    }

    @Test
    void dropsEmptyLabelValuesBeforeStorage() {
        PushOutcome outcome = distributor().push(TENANT, batch(series(labels("__name__", "up", "job", "", "zone", "eu"), NOW)));

        assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(1)));
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "up", "zone", "eu"));
    }

    // ---- partial acceptance -----------------------------------------------------------------------------------------

    @Test
    void storesExactlyTheValidSeriesOfABatchAndNamesTheFailures() {
        Distributor distributor = distributor();

        PushOutcome outcome = distributor.push(TENANT, batch(
                series(labels("__name__", "a"), NOW - 2000, NOW - 1000),
                series(labels("job", "no-name"), NOW - 3000, NOW - 2000, NOW - 1000),
                series(labels("__name__", "b"), NOW),
                series(labels("__name__", "d", "job", "1", "job", "2"), NOW),
                series(labels("__name__", "c", "job", "x"), NOW - 1000, NOW)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("sample missing metric name; duplicate label name: \"job\" metric"
                + " \"d{job=\\\"1\\\", job=\\\"2\\\"}\"" + summary(2, 4, 9));
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(5));
        List<Series> stored = ingesters.stored(INGESTER_1);
        assertThat(stored).extracting(Series::labels).containsExactly(
                Labels.of("__name__", "a"), Labels.of("__name__", "b"), Labels.of("__name__", "c", "job", "x"));
        assertThat(stored).extracting(Series::timestamps)
                .containsExactly(new long[] {NOW - 2000, NOW - 1000}, new long[] {NOW}, new long[] {NOW - 1000, NOW});
        assertThat(discardedSamples(ErrorCode.MISSING_METRIC_NAME)).isEqualTo(3);
        assertThat(discardedSamples(ErrorCode.DUPLICATE_LABEL_NAMES)).isEqualTo(1);
    }

    @Test
    void namesTheFirstThreeFailuresAndCountsTheRest() {
        List<IncomingSeries> series = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            series.add(series(labels("job", "j" + i), NOW));
        }
        series.add(series(labels("__name__", "up"), NOW));

        PushOutcome outcome = distributor().push(TENANT, batch(series.toArray(IncomingSeries[]::new)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("sample missing metric name; sample missing metric name; sample missing"
                + " metric name; and 2 more errors" + summary(5, 5, 6));
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "up"));
    }

    @Test
    void sendsNothingWhenEverySeriesIsInvalid() {
        PushOutcome outcome = distributor().push(TENANT, batch(series(labels("job", "a"), NOW)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.written()).isEqualTo(PointCounts.ZERO);
        assertThat(ingesters.pushes()).isEmpty();
    }

    // ---- ingester refusals ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("ingesterRefusals")
    void reportsAnIngesterRefusalAsClientErrorWhileTheOtherSeriesCountAsWritten(ErrorCode code, String message) {
        Distributor distributor = distributor();
        Labels refused = Labels.of("__name__", "b");
        ingesters.refuse(refused, code, message);

        PushOutcome outcome = distributor.push(TENANT, batch(
                series(labels("__name__", "a"), NOW - 1000, NOW),
                series(labels("__name__", "b"), NOW - 3000, NOW - 2000, NOW - 1000),
                series(labels("__name__", "c"), NOW)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo(message + summary(0, 3, 6));
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(3));
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "a"), Labels.of("__name__", "c"));
        // The ingester counts what it refuses (as in Cortex); counting here too would count it twice.
        assertThat(discardedSamples(code)).isZero();
    }

    static Stream<Arguments> ingesterRefusals() {
        return Stream.of(
                arguments(Named.of("out of order", ErrorCode.SAMPLE_OUT_OF_ORDER),
                        "out of order sample (timestamp=" + (NOW - 3000) + ", series={__name__=\"b\"})"),
                arguments(Named.of("duplicate timestamp with another value", ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP),
                        "duplicate sample for timestamp (timestamp=" + (NOW - 3000) + ", series={__name__=\"b\"})"),
                arguments(Named.of("too old for the head", ErrorCode.SAMPLE_OUT_OF_BOUNDS),
                        "sample timestamp out of bounds (timestamp=" + (NOW - 3000) + ", series={__name__=\"b\"})"),
                arguments(Named.of("per-user series limit", ErrorCode.MAX_SERIES_PER_USER),
                        "per-user series limit of 2000000 exceeded for series {__name__=\"b\"}"),
                arguments(Named.of("per-metric series limit", ErrorCode.MAX_SERIES_PER_METRIC),
                        "per-metric series limit of 2000000 exceeded for series {__name__=\"b\"}"));
    }

    @Test
    void reportsValidationFailuresBeforeIngesterRefusals() {
        Distributor distributor = distributor();
        ingesters.refuse(Labels.of("__name__", "b"), ErrorCode.SAMPLE_OUT_OF_ORDER, "out of order sample");

        PushOutcome outcome = distributor.push(TENANT, batch(
                series(labels("__name__", "b"), NOW),
                series(labels("job", "x"), NOW, NOW)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("sample missing metric name; out of order sample" + summary(1, 3, 3));
        assertThat(outcome.written()).isEqualTo(PointCounts.ZERO);
    }

    // ---- rate limit --------------------------------------------------------------------------------------------------

    @Test
    void throttlesAWorkspaceOverItsIngestionRateAndLetsItWriteAgainOnceTokensRefill() {
        Distributor distributor = distributor(overrides(Map.of("ingestion_rate", 10, "ingestion_burst_size", 20)));

        PushOutcome throttled = distributor.push(TENANT, batch(samplesEverySecond("up", 21)));

        assertThat(throttled).isEqualTo(new PushOutcome(429,
                "ingestion rate limit (10) exceeded while adding 21 samples and 0 metadata", PointCounts.ZERO));
        assertThat(ingesters.pushes()).isEmpty();
        assertThat(discardedSamples(ErrorCode.RATE_LIMITED)).isEqualTo(21);

        assertThat(distributor.push(TENANT, batch(samplesEverySecond("up", 20))).status()).isEqualTo(200);
        assertThat(distributor.push(TENANT, batch(samplesEverySecond("up", 1))).status()).isEqualTo(429);

        clock.advance(Duration.ofMillis(100));
        assertThat(distributor.push(TENANT, batch(samplesEverySecond("up", 1))).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(distributor.push(TENANT, batch(samplesEverySecond("up", 20))).status()).isEqualTo(200);
        assertThat(ingesters.stored(INGESTER_1)).extracting(s -> s.timestamps().length).containsExactly(20, 1, 20);
    }

    @Test
    void neverAdmitsARequestLargerThanTheBurst() {
        Distributor distributor = distributor(overrides(Map.of("ingestion_rate", 10, "ingestion_burst_size", 20)));

        clock.advance(Duration.ofHours(1));

        assertThat(distributor.push(TENANT, batch(samplesEverySecond("up", 21))).status()).isEqualTo(429);
        assertThat(ingesters.pushes()).isEmpty();
    }

    @Test
    void countsMetadataAgainstTheRateLimit() {
        Distributor distributor = distributor(overrides(Map.of("ingestion_rate", 10, "ingestion_burst_size", 20)));

        PushOutcome outcome = distributor.push(TENANT, new WriteBatch(List.of(samplesEverySecond("up", 20)),
                List.of(new MetricMetadata("up", MetricType.GAUGE, "", "")), ProtocolVersion.V1, List.of()));

        assertThat(outcome.status()).isEqualTo(429);
        assertThat(outcome.message()).isEqualTo("ingestion rate limit (10) exceeded while adding 20 samples and 1 metadata");
    }

    @Test
    void rateLimitsEachWorkspaceByItsOwnLimits() {
        Distributor distributor = distributor(overrides(Map.of("ingestion_rate", 10, "ingestion_burst_size", 20)));

        assertThat(distributor.push(TENANT, batch(samplesEverySecond("up", 21))).status()).isEqualTo(429);
        assertThat(distributor.push(OTHER_TENANT, batch(samplesEverySecond("up", 21))).status()).isEqualTo(200);
    }

    // ---- HA de-duplication -------------------------------------------------------------------------------------------

    @Test
    void storesOnlyTheElectedReplicaAndRemovesTheReplicaLabel() {
        Distributor distributor = distributor();

        PushOutcome first = distributor.push(TENANT, batch(haSeries("c", "r1", NOW)));
        PushOutcome second = distributor.push(TENANT, batch(haSeries("c", "r2", NOW, NOW + 1)));

        assertThat(first).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(1)));
        assertThat(second).isEqualTo(new PushOutcome(202, "replicas did not match, rejecting sample: replica=r2, elected=r1",
                PointCounts.ZERO));
        assertThat(ingesters.pushes()).hasSize(1);
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "up", "cluster", "c", "job", "api"));
        assertThat(registry.find("cortex_distributor_deduped_samples").tags("user", TENANT.value(), "cluster", "c")
                .counter().count()).isEqualTo(2);

        assertThat(distributor.push(TENANT, batch(haSeries("c", "r1", NOW + 1))).status()).isEqualTo(200);
        assertThat(ingesters.pushes()).hasSize(2);
    }

    @Test
    void electsAnotherReplicaAfterThirtySecondsOfSilence() {
        Distributor distributor = distributor();
        assertThat(distributor.push(TENANT, batch(haSeries("c", "r1", NOW))).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        assertThat(distributor.push(TENANT, batch(haSeries("c", "r2", NOW + 30_000))).status()).isEqualTo(202);

        clock.advance(Duration.ofSeconds(1));
        PushOutcome failover = distributor.push(TENANT, batch(haSeries("c", "r2", NOW + 31_000)));
        PushOutcome formerlyElected = distributor.push(TENANT, batch(haSeries("c", "r1", NOW + 31_000)));

        assertThat(failover.status()).isEqualTo(200);
        assertThat(formerlyElected).isEqualTo(new PushOutcome(202,
                "replicas did not match, rejecting sample: replica=r1, elected=r2", PointCounts.ZERO));
        assertThat(ingesters.stored(INGESTER_1)).extracting(s -> s.timestamps()[0]).containsExactly(NOW, NOW + 31_000);
    }

    @Test
    void doesNotDeduplicateSeriesWithoutBothHaLabels() {
        Distributor distributor = distributor();

        assertThat(distributor.push(TENANT, batch(series(labels("__name__", "up", "job", "a"), NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(TENANT, batch(series(labels("__name__", "up", "job", "a"), NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(TENANT, batch(series(labels("__name__", "up", "cluster", "c"), NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(TENANT, batch(series(labels("__name__", "up", "__replica__", "r2"), NOW))).status())
                .isEqualTo(200);

        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(
                Labels.of("__name__", "up", "job", "a"),
                Labels.of("__name__", "up", "job", "a"),
                Labels.of("__name__", "up", "cluster", "c"),
                Labels.of("__name__", "up", "__replica__", "r2"));
    }

    @Test
    void refusesAClusterBeyondTheWorkspaceHaClusterLimit() {
        Distributor distributor = distributor(overrides(Map.of("ha_max_clusters", 1)));
        assertThat(distributor.push(TENANT, batch(haSeries("c", "r1", NOW))).status()).isEqualTo(200);

        PushOutcome outcome = distributor.push(TENANT, batch(haSeries("d", "r1", NOW, NOW + 1)));

        assertThat(outcome).isEqualTo(new PushOutcome(400, "too many HA clusters (limit: 1)", PointCounts.ZERO));
        assertThat(discardedSamples(ErrorCode.HA_TOO_MANY_CLUSTERS)).isEqualTo(2);
        assertThat(ingesters.storedLabels(INGESTER_1)).extracting(l -> l.get("cluster")).containsExactly("c");
        assertThat(distributor.push(OTHER_TENANT, batch(haSeries("d", "r1", NOW))).status())
                .as("the other workspace has the default limit").isEqualTo(200);
    }

    @Test
    void validatesSeriesWithoutTheReplicaLabelThatIsNeverStored() {
        // __name__, cluster and job are stored; __replica__ is removed first, as in Cortex, so it counts against no limit.
        Distributor distributor = distributor(overrides(Map.of("max_label_names_per_series", 3, "max_label_value_length", 4)));

        PushOutcome outcome = distributor.push(TENANT, batch(haSeries("c", "replica-1", NOW)));

        assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(1)));
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "up", "cluster", "c", "job", "api"));
    }

    @Test
    void removesTheReplicaLabelFromEverySeriesOfAnElectedRequest() {
        Distributor distributor = distributor();

        PushOutcome outcome = distributor.push(TENANT, batch(haSeries("c", "r1", NOW),
                series(labels("job", "api", "__replica__", "r1", "__name__", "down", "cluster", "c"), NOW)));

        assertThat(outcome.status()).isEqualTo(200);
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(
                Labels.of("__name__", "up", "cluster", "c", "job", "api"), Labels.of("__name__", "down", "cluster", "c", "job", "api"));
    }

    @Test
    void findsInvalidUtf8AfterTheRemovedReplicaLabel() {
        Distributor distributor = distributor();
        IncomingSeries invalidJob = new IncomingSeries(labels("__name__", "up", "__replica__", "r1", "cluster", "c", "job", "a\uFFFD"),
                7, new long[] {NOW}, new double[] {1}, new long[0], List.of(), List.of(), SeriesMetadata.NONE);

        PushOutcome outcome = distributor.push(TENANT, batch(invalidJob));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("sample invalid label value: \"a\uFFFD\" label name: \"job\" metric"
                + " \"up{cluster=\\\"c\\\", job=\\\"a\uFFFD\\\"}\" (label values must be valid UTF-8)" + summary(1, 1, 1));
    }

    @Test
    void refusesASeriesWhoseReplicaLabelIsNotValidUtf8() {
        Distributor distributor = distributor();
        IncomingSeries invalidReplica = new IncomingSeries(labels("__name__", "down", "__replica__", "r\uFFFD", "cluster", "c"),
                3, new long[] {NOW}, new double[] {1}, new long[0], List.of(), List.of(), SeriesMetadata.NONE);

        PushOutcome outcome = distributor.push(TENANT, batch(haSeries("c", "r1", NOW), invalidReplica));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).startsWith("sample invalid label value: \"r\uFFFD\" label name: \"__replica__\"");
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "up", "cluster", "c", "job", "api"));
    }

    @Test
    void keepsTheReplicaLabelAndStoresEveryReplicaWhenHaSamplesAreNotAccepted() {
        Distributor distributor = distributor(overrides(Map.of("accept_ha_samples", false)));

        assertThat(distributor.push(TENANT, batch(haSeries("c", "r1", NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(TENANT, batch(haSeries("c", "r2", NOW))).status()).isEqualTo(200);

        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(
                Labels.of("__name__", "up", "__replica__", "r1", "cluster", "c", "job", "api"),
                Labels.of("__name__", "up", "__replica__", "r2", "cluster", "c", "job", "api"));
    }

    @Test
    void electsReplicasPerWorkspace() {
        Distributor distributor = distributor();

        assertThat(distributor.push(TENANT, batch(haSeries("c", "r1", NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(OTHER_TENANT, batch(haSeries("c", "r2", NOW))).status()).isEqualTo(200);
        assertThat(distributor.push(OTHER_TENANT, batch(haSeries("c", "r1", NOW))).status()).isEqualTo(202);
    }

    // ---- sharding and quorum -----------------------------------------------------------------------------------------

    @Nested
    class ReplicationFactorThree {
        private final RingDesc ring = ring(3);

        @Test
        void sendsEverySeriesToAllThreeReplicas() {
            PushOutcome outcome = distributor(3, ring).push(TENANT, batch(manySeries(10)));

            assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(10)));
            for (String address : List.of(INGESTER_1, INGESTER_2, INGESTER_3)) {
                assertThat(ingesters.storedLabels(address)).as(address).containsExactlyInAnyOrderElementsOf(manySeriesLabels(10));
            }
        }

        @Test
        void succeedsWhenOneReplicaFails() {
            ingesters.failWithServerError(INGESTER_2, "disk full");

            PushOutcome outcome = distributor(3, ring).push(TENANT, batch(manySeries(10)));

            assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(10)));
            assertThat(ingesters.storedLabels(INGESTER_1)).hasSize(10);
            assertThat(ingesters.storedLabels(INGESTER_3)).hasSize(10);
        }

        @Test
        void failsWithServerErrorWhenTwoReplicasFail() {
            ingesters.failWithServerError(INGESTER_1, "disk full").failWithServerError(INGESTER_3, "disk full");

            PushOutcome outcome = distributor(3, ring).push(TENANT, batch(manySeries(10)));

            assertThat(outcome.status()).isEqualTo(500);
            assertThat(outcome.message()).matches("failed pushing to ingester ingester-[13]: ingester ingester-[13]:9095: INTERNAL: disk full");
            assertThat(outcome.written()).isEqualTo(PointCounts.ZERO);
        }

        @Test
        void failsWithServerErrorWhenTwoReplicasTimeOut() {
            ingesters.delay(INGESTER_1, Duration.ofSeconds(5)).delay(INGESTER_2, Duration.ofSeconds(5));

            long start = System.nanoTime();
            PushOutcome outcome = distributor(3, ring).push(TENANT, batch(manySeries(3)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(500);
            assertThat(outcome.message()).matches("failed pushing to ingester ingester-[12]: no answer within PT0.15S");
        }

        @Test
        void doesNotWaitForASlowReplicaOnceAQuorumAnswered() {
            ingesters.delay(INGESTER_3, Duration.ofSeconds(10));
            DistributorConfig patient = new DistributorConfig(3, Duration.ofSeconds(5), DistributorConfig.DEFAULT_MAX_RECV_MESSAGE_SIZE,
                    DistributorConfig.DEFAULT_HA_FAILOVER_TIMEOUT, DistributorConfig.DEFAULT_HA_UPDATE_TIMEOUT);

            long start = System.nanoTime();
            PushOutcome outcome = distributor(Overrides.of(DEFAULTS), patient, ring).push(TENANT, batch(manySeries(3)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(outcome.status()).isEqualTo(200);
            assertThat(ingesters.storedLabels(INGESTER_3)).as("the slow replica still gets the write").hasSize(3);
        }

        @Test
        void doesNotCountRefusalsAsReplicaFailures() {
            Labels refused = Labels.of("__name__", "s3");
            ingesters.refuse(refused, ErrorCode.SAMPLE_OUT_OF_ORDER, "out of order sample (series={__name__=\"s3\"})");
            ingesters.failWithServerError(INGESTER_1, "disk full");

            PushOutcome outcome = distributor(3, ring).push(TENANT, batch(manySeries(5)));

            assertThat(outcome.status()).isEqualTo(400);
            assertThat(outcome.message()).isEqualTo("out of order sample (series={__name__=\"s3\"})" + summary(0, 1, 5));
            assertThat(outcome.written()).as("a refusal by every replica counts once").isEqualTo(PointCounts.ofSamples(4));
        }

        @Test
        void needsAQuorumOfHealthyInstances() {
            Instant stale = clock.instant().minus(Duration.ofMinutes(2));
            RingDesc twoStale = ring.with(ring.instance("ingester-1").orElseThrow().withHeartbeat(stale))
                    .with(ring.instance("ingester-2").orElseThrow().withHeartbeat(stale));

            PushOutcome outcome = distributor(3, twoStale).push(TENANT, batch(manySeries(3)));

            assertThat(outcome).isEqualTo(new PushOutcome(503, "at least 2 live replicas required, could only find 1",
                    PointCounts.ZERO));
            assertThat(ingesters.pushes()).isEmpty();
        }

        @Test
        void needsEveryRemainingReplicaWhenOneInstanceIsUnhealthy() {
            RingDesc oneLeaving = ring.with(ring.instance("ingester-3").orElseThrow().withState(InstanceState.LEAVING));

            assertThat(distributor(3, oneLeaving).push(TENANT, batch(manySeries(3))).status()).isEqualTo(200);
            assertThat(ingesters.pushesTo(INGESTER_3)).isEmpty();

            ingesters.failWithServerError(INGESTER_1, "disk full");
            assertThat(distributor(3, oneLeaving).push(TENANT, batch(manySeries(3))).status()).isEqualTo(500);
        }
    }

    @Test
    void sendsEverythingToTheOnlyInstanceWithReplicationFactorOne() {
        PushOutcome outcome = distributor(1, ring(1)).push(TENANT, batch(manySeries(10)));

        assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(10)));
        assertThat(ingesters.pushes()).singleElement().satisfies(p -> assertThat(p.address()).isEqualTo(INGESTER_1));
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactlyElementsOf(manySeriesLabels(10));
    }

    @Test
    void shardsSeriesOverTheRingWithReplicationFactorOne() {
        Distributor distributor = distributor(1, ring(3));

        assertThat(distributor.push(TENANT, batch(manySeries(60))).status()).isEqualTo(200);
        assertThat(distributor.push(TENANT, batch(manySeries(60))).status()).isEqualTo(200);

        Map<Labels, Set<String>> owners = new HashMap<>();
        List<Labels> all = new ArrayList<>();
        for (String address : List.of(INGESTER_1, INGESTER_2, INGESTER_3)) {
            List<Labels> stored = ingesters.storedLabels(address);
            assertThat(stored).as("every instance owns part of the series").isNotEmpty();
            stored.forEach(labels -> owners.computeIfAbsent(labels, l -> new HashSet<>()).add(address));
            all.addAll(stored);
        }
        assertThat(all).hasSize(120).hasSameElementsAs(manySeriesLabels(60));
        assertThat(owners.values()).as("a series always goes to the same instance").allSatisfy(o -> assertThat(o).hasSize(1));
    }

    @Test
    void answersServiceUnavailableWhenTheRingIsEmpty() {
        PushOutcome outcome = distributor(1, RingDesc.EMPTY).push(TENANT, batch(manySeries(1)));

        assertThat(outcome).isEqualTo(new PushOutcome(503, "at least 1 live replicas required, could only find 0", PointCounts.ZERO));
    }

    // ---- metadata, exemplars, histograms -----------------------------------------------------------------------------

    @Test
    void sendsAMetadataOnlyRequestToTheIngester() {
        PushOutcome outcome = distributor().push(TENANT, metadataOnly(
                new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests served.", ""),
                new MetricMetadata("process_resident_memory_bytes", MetricType.GAUGE, "Resident memory size.", "bytes")));

        assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ZERO));
        assertThat(ingesters.storedMetadata(INGESTER_1)).containsExactly(
                new Metadata("http_requests_total", "counter", "Requests served.", ""),
                new Metadata("process_resident_memory_bytes", "gauge", "Resident memory size.", "bytes"));
    }

    @Test
    void reportsAndCountsInvalidMetadataWhileStoringTheValidEntries() {
        String longHelp = "h".repeat(1025);

        PushOutcome outcome = distributor().push(TENANT, metadataOnly(
                new MetricMetadata("", MetricType.COUNTER, "No name.", ""),
                new MetricMetadata("up", MetricType.GAUGE, "Whether the target is up.", ""),
                new MetricMetadata("verbose", MetricType.GAUGE, longHelp, "")));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("metadata missing metric name; metadata 'HELP' value too long: \""
                + "h".repeat(200) + "\" metric \"verbose\"" + summary(0, 0, 0));
        assertThat(ingesters.storedMetadata(INGESTER_1)).containsExactly(new Metadata("up", "gauge", "Whether the target is up.", ""));
        assertThat(discardedMetadata(ErrorCode.MISSING_METRIC_NAME)).isEqualTo(1);
        assertThat(discardedMetadata(ErrorCode.METADATA_HELP_TOO_LONG)).isEqualTo(1);
    }

    @Test
    void sendsTheMetadataOfEachMetricFamilyOnceFromSeriesMetadata() {
        SeriesMetadata requests = new SeriesMetadata(MetricType.COUNTER, "Requests served.", "");

        PushOutcome outcome = distributor().push(TENANT, batch(
                series(labels("__name__", "http_requests_total", "code", "200"), NOW).withMetadata(requests),
                series(labels("__name__", "http_requests_total", "code", "500"), NOW).withMetadata(requests)));

        assertThat(outcome.status()).isEqualTo(200);
        assertThat(ingesters.storedMetadata(INGESTER_1)).containsExactly(new Metadata("http_requests_total", "counter", "Requests served.", ""));
    }

    @Test
    void reportsMetadataTheIngesterRefusesAndStoresTheSamples() {
        Distributor distributor = distributor();
        ingesters.refuseMetadata("up", ErrorCode.MAX_METADATA_PER_USER, "per-user metric metadata limit of 1 exceeded");

        PushOutcome outcome = distributor.push(TENANT, new WriteBatch(List.of(series(labels("__name__", "up"), NOW)),
                List.of(new MetricMetadata("up", MetricType.GAUGE, "", "")), ProtocolVersion.V1, List.of()));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).isEqualTo("per-user metric metadata limit of 1 exceeded" + summary(0, 0, 1));
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(1));
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "up"));
    }

    @Test
    void dropsAndCountsExemplarsWhileStoringTheirSamples() {
        IncomingSeries withExemplars = series(labels("__name__", "http_request_duration_seconds_bucket", "le", "0.5"), NOW)
                .withExemplars(List.of(IncomingExemplar.of(0.2, NOW, "trace_id", "abc"), IncomingExemplar.of(0.3, NOW, "trace_id", "def")));

        PushOutcome outcome = distributor().push(TENANT, batch(withExemplars));

        assertThat(outcome).isEqualTo(new PushOutcome(200, "", PointCounts.ofSamples(1)));
        assertThat(ingesters.storedLabels(INGESTER_1)).hasSize(1);
        assertThat(discardedExemplars("exemplars_disabled")).isEqualTo(2);
    }

    @Test
    void countsExemplarsRefusedByValidationByTheirReason() {
        IncomingSeries withExemplars = series(labels("__name__", "requests_total"), NOW)
                .withExemplars(List.of(IncomingExemplar.of(1, 0, "trace_id", "abc"), IncomingExemplar.of(1, NOW, "trace_id", "def")));

        PushOutcome outcome = distributor().push(TENANT, batch(withExemplars));

        assertThat(outcome.status()).as("exemplars are not stored, so an invalid one fails nothing").isEqualTo(200);
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(1));
        assertThat(discardedExemplars("exemplars_disabled")).isEqualTo(1);
        assertThat(discardedExemplars(ErrorCode.EXEMPLAR_TIMESTAMP_INVALID.reason())).isEqualTo(1);
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "requests_total"));
    }

    @Test
    void countsSeriesMetadataRefusedByValidationAndStoresTheSamples() {
        IncomingSeries verbose = series(labels("__name__", "verbose"), NOW)
                .withMetadata(new SeriesMetadata(MetricType.GAUGE, "h".repeat(1025), ""));

        PushOutcome outcome = distributor().push(TENANT, batch(verbose));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).startsWith("metadata 'HELP' value too long: \"hhh");
        assertThat(outcome.written()).isEqualTo(PointCounts.ofSamples(1));
        assertThat(discardedMetadata(ErrorCode.METADATA_HELP_TOO_LONG)).isEqualTo(1);
        assertThat(ingesters.storedMetadata(INGESTER_1)).isEmpty();
        assertThat(ingesters.storedLabels(INGESTER_1)).containsExactly(Labels.of("__name__", "verbose"));
    }

    @Test
    void storesNativeHistogramsAndCountsThemApartFromFloatSamples() {
        IncomingSeries histograms = IncomingSeries.ofLabels("__name__", "latency")
                .withHistograms(List.of(histogram(NOW - 1000), histogram(NOW)));
        IncomingSeries floats = series(labels("__name__", "up"), NOW - 1000, NOW);

        PushOutcome outcome = distributor().push(TENANT, batch(histograms, floats));

        assertThat(outcome.status()).isEqualTo(200);
        assertThat(outcome.written()).isEqualTo(new PointCounts(2, 2, 0));
        Series stored = ingesters.stored(INGESTER_1).stream().filter(s -> s.labels().metricName().equals("latency"))
                .findFirst().orElseThrow();
        assertThat(stored.timestamps()).isEmpty();
        assertThat(stored.histograms()).containsExactly(
                new IngesterClient.HistogramSample(NOW - 1000, histogram(NOW - 1000).toHistogram(), null),
                new IngesterClient.HistogramSample(NOW, histogram(NOW).toHistogram(), null));
        assertThat(stored.histograms().getFirst().histogram().count()).isEqualTo(4);
    }

    @Test
    void sendsFloatSamplesAndHistogramsOfOneSeriesTogether() {
        NativeHistogram floating = new NativeHistogram(NOW, 0, true, 0, 2.5, -1, 0, 0, 0, 0.5, List.of(), new long[0],
                new double[0], List.of(new BucketSpan(0, 1)), new long[0], new double[] {2}, ResetHint.GAUGE, new double[0]);
        IncomingSeries mixed = series(labels("__name__", "latency"), NOW - 1000).withHistograms(List.of(histogram(NOW), floating));

        PushOutcome outcome = distributor().push(TENANT, batch(mixed));

        assertThat(outcome.status()).isEqualTo(200);
        Series stored = single(ingesters.stored(INGESTER_1));
        assertThat(stored.timestamps()).containsExactly(NOW - 1000);
        assertThat(stored.histograms()).extracting(IngesterClient.HistogramSample::floatHistogram)
                .containsExactly(null, floating.toFloatHistogram());
    }

    @Test
    void reducesHistogramsFinerThanSchema8BeforeStoringThem() {
        NativeHistogram fine = new NativeHistogram(NOW, 0, false, 3, 0, 1, 10, 0, 0, 0, List.of(), new long[0],
                new double[0], List.of(new BucketSpan(0, 3)), new long[] {1, 0, 0}, new double[0], ResetHint.UNKNOWN, new double[0]);

        PushOutcome outcome = distributor().push(TENANT, batch(IncomingSeries.ofLabels("__name__", "latency").withHistograms(List.of(fine))));

        assertThat(outcome.status()).isEqualTo(200);
        var stored = single(ingesters.stored(INGESTER_1)).histograms().getFirst().histogram();
        assertThat(stored.schema()).isEqualTo(8);
        assertThat(stored.count()).isEqualTo(3);
    }

    @Test
    void refusesAnInvalidHistogramWithPrometheusMessageAndStoresTheValidRest() {
        NativeHistogram negative = new NativeHistogram(NOW, 0, false, 0, 0, 1, 0, 0, 0, 0, List.of(), new long[0],
                new double[0], List.of(new BucketSpan(0, 2)), new long[] {1, -2}, new double[0], ResetHint.UNKNOWN, new double[0]);
        IncomingSeries series = IncomingSeries.ofLabels("__name__", "latency").withHistograms(List.of(histogram(NOW - 1000), negative));

        PushOutcome outcome = distributor().push(TENANT, batch(series));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.message()).startsWith("invalid native histogram, validation err: positive side: bucket number 2"
                + " has observation count of -1: histogram has a bucket whose observation count is negative");
        assertThat(outcome.written()).isEqualTo(new PointCounts(0, 1, 0));
        assertThat(discardedSamples(ErrorCode.NATIVE_HISTOGRAM_INVALID)).isEqualTo(1);
    }

    @Test
    void histogramsAnIngesterRefusesAreNotCountedAsWritten() {
        ingesters.refuse(Labels.of("__name__", "latency"), ErrorCode.SAMPLE_OUT_OF_ORDER, "out of order sample");
        IncomingSeries histograms = IncomingSeries.ofLabels("__name__", "latency").withHistograms(List.of(histogram(NOW)));
        IncomingSeries floats = series(labels("__name__", "up"), NOW);

        PushOutcome outcome = distributor().push(TENANT, batch(histograms, floats));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.written()).isEqualTo(new PointCounts(1, 0, 0));
    }

    // ---- fixtures ----------------------------------------------------------------------------------------------------

    private Distributor distributor() {
        return distributor(Overrides.of(DEFAULTS));
    }

    private Distributor distributor(Overrides overrides) {
        return distributor(overrides, config(1), ring(1));
    }

    private Distributor distributor(int replicationFactor, RingDesc ring) {
        return distributor(Overrides.of(DEFAULTS), config(replicationFactor), ring);
    }

    private Distributor distributor(Overrides overrides, DistributorConfig config, RingDesc ring) {
        HaTracker haTracker = new HaTracker(kv, clock, HaTrackerConfig.defaults(), t -> overrides.forTenant(t).haMaxClusters());
        trackers.add(haTracker);
        HashRing hashRing = new HashRing(ring, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, clock);
        return new Distributor(config, overrides, haTracker, () -> hashRing, ingesters,
                new IngestionRateLimiter(overrides, clock), clock, registry);
    }

    private static DistributorConfig config(int replicationFactor) {
        return new DistributorConfig(replicationFactor, REMOTE_TIMEOUT, DistributorConfig.DEFAULT_MAX_RECV_MESSAGE_SIZE,
                DistributorConfig.DEFAULT_HA_FAILOVER_TIMEOUT, DistributorConfig.DEFAULT_HA_UPDATE_TIMEOUT);
    }

    /** {@code TENANT} with {@code changes} to the default limits; other workspaces keep the defaults. */
    private static Overrides overrides(Map<String, ?> changes) {
        return Overrides.of(DEFAULTS, Map.of(TENANT, DEFAULTS.with(changes)));
    }

    /** {@code n} ACTIVE instances {@code ingester-1..n} with interleaved tokens and a heartbeat from now. */
    private RingDesc ring(int n) {
        RingDesc ring = RingDesc.EMPTY;
        int tokensPerInstance = 8;
        long step = (1L << 32) / ((long) n * tokensPerInstance);
        for (int k = 0; k < n; k++) {
            int[] tokens = new int[tokensPerInstance];
            for (int j = 0; j < tokensPerInstance; j++) {
                tokens[j] = (int) (Integer.MIN_VALUE + ((long) j * n + k) * step);
            }
            String id = "ingester-" + (k + 1);
            ring = ring.with(new InstanceDesc(id, id + ":9095", "", InstanceState.ACTIVE, tokens, clock.instant()));
        }
        return ring;
    }

    private static String[] labels(String... namesAndValues) {
        return namesAndValues;
    }

    /** A series with a sample at each timestamp, valued 1, 2, 3, ... */
    private static IncomingSeries series(String[] labels, long... timestamps) {
        double[] values = new double[timestamps.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        return IncomingSeries.ofSamples(labels, timestamps, values);
    }

    private static IncomingSeries withInvalidUtf8(String[] labels, int invalidUtf8At) {
        return new IncomingSeries(labels, invalidUtf8At, new long[] {NOW - 1000, NOW}, new double[] {1, 2}, new long[0],
                List.of(), List.of(), SeriesMetadata.NONE);
    }

    /** One series of {@code n} samples a second apart, ending now. */
    private static IncomingSeries samplesEverySecond(String metric, int n) {
        long[] timestamps = new long[n];
        for (int i = 0; i < n; i++) {
            timestamps[i] = NOW - (n - 1 - i) * 1000L;
        }
        return series(labels("__name__", metric), timestamps);
    }

    private static IncomingSeries haSeries(String cluster, String replica, long... timestamps) {
        return series(labels("__name__", "up", "__replica__", replica, "cluster", cluster, "job", "api"), timestamps);
    }

    private static IncomingSeries[] manySeries(int n) {
        IncomingSeries[] series = new IncomingSeries[n];
        for (int i = 0; i < n; i++) {
            series[i] = series(labels("__name__", "s" + i), NOW);
        }
        return series;
    }

    private static List<Labels> manySeriesLabels(int n) {
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(Labels.of("__name__", "s" + i));
        }
        return labels;
    }

    private static WriteBatch batch(IncomingSeries... series) {
        return new WriteBatch(Arrays.asList(series), List.of(), ProtocolVersion.V1, List.of());
    }

    private static WriteBatch metadataOnly(MetricMetadata... metadata) {
        return new WriteBatch(List.of(), Arrays.asList(metadata), ProtocolVersion.V1, List.of());
    }

    /** A valid integer histogram: schema 0, count 4 = zero bucket 1 + positive buckets 1 and 2. */
    private static NativeHistogram histogram(long timestamp) {
        return new NativeHistogram(timestamp, 0, false, 4, 0, 10, 0, 0.001, 1, 0, List.of(), new long[0], new double[0],
                List.of(new BucketSpan(0, 2)), new long[] {1, 1}, new double[0], ResetHint.UNKNOWN, new double[0]);
    }

    /** The totals the distributor appends to a 400 message. */
    private static String summary(int series, long samples, long received) {
        return summary(series, samples, received, received - samples);
    }

    private static String summary(int series, long samples, long received, long stored) {
        return " (" + series + " series and " + samples + " samples rejected of " + received
                + " samples received; " + stored + " samples stored)";
    }

    private static Series single(List<Series> series) {
        assertThat(series).hasSize(1);
        return series.getFirst();
    }

    private double discardedSamples(ErrorCode code) {
        Counter counter = registry.find("cortex_discarded_samples").tags("reason", code.reason(), "user", TENANT.value()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double discardedExemplars(String reason) {
        Counter counter = registry.find("cortex_discarded_exemplars").tags("reason", reason, "user", TENANT.value()).counter();
        return counter == null ? 0 : counter.count();
    }

    private double discardedMetadata(ErrorCode code) {
        Counter counter = registry.find("cortex_discarded_metadata").tags("reason", code.reason(), "user", TENANT.value()).counter();
        return counter == null ? 0 : counter.count();
    }
}
