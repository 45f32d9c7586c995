package io.amphora.querier.grpc;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.querier.IngesterQueryFailedException;
import io.amphora.querier.IngesterQueryable;
import io.amphora.querier.LimitingQueryable;
import io.amphora.querier.MetricMetadata;
import io.amphora.querier.QueryLimitExceededException;
import io.amphora.querier.QueryLimiter;
import io.amphora.querier.QueryLimits;
import io.amphora.storage.Querier;
import io.amphora.storage.Queryable;
import io.amphora.storage.SelectHints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.amphora.querier.grpc.IngesterCluster.NOW;
import static io.amphora.testing.StorageAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads through the querier's gRPC client from three real ingesters with replication factor 3. */
class IngesterClientPoolTest {
    private static final int[] ALL = {0, 1, 2};
    private static final long T1 = NOW - 60_000;
    private static final long T2 = NOW - 45_000;
    private static final long T3 = NOW - 30_000;
    private static final long T4 = NOW - 15_000;
    private static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "b");
    private static final Matcher UP = Matcher.equal("__name__", "up");

    @TempDir
    static Path dir;
    private static IngesterCluster cluster;
    private static IngesterClientPool pool;

    @BeforeAll
    static void start() throws Exception {
        cluster = new IngesterCluster(dir, 3);
        pool = cluster.clientPool(3);
        // Each of T2, T3, T4 reached only two replicas (the write quorum), a different two each time, so no single
        // ingester holds the whole series: only a merge of the replicas gives it back.
        cluster.push("merge", UP_A, ALL, T1, 1);
        cluster.push("merge", UP_A, new int[] {0, 1}, T2, 2);
        cluster.push("merge", UP_A, new int[] {1, 2}, T3, 3);
        cluster.push("merge", UP_A, new int[] {0, 2}, T4, 4);
        cluster.push("merge", UP_B, ALL, T1, 10, T2, 20);

        cluster.push("ws-a", Labels.of("__name__", "up", "job", "a-api", "only_a", "x"), ALL, T1, 1);
        cluster.push("ws-b", Labels.of("__name__", "up", "job", "b-api", "only_b", "y"), ALL, T1, 2);
        cluster.push("ws-b", Labels.of("__name__", "requests_total", "job", "b-api"), ALL, T1, 3);
        // Metadata, like samples, reaches a write quorum: any two replicas that answer a read hold it.
        cluster.pushMetadata("ws-a", new int[] {0, 1}, "up", "gauge", "A's up");
        cluster.pushMetadata("ws-b", new int[] {1, 2}, "requests_total", "counter", "B's requests");
        cluster.pushMetadata("merge", ALL, "up", "gauge", "Up.");
        cluster.pushMetadata("merge", new int[] {0, 2}, "up", "gauge", "Whether the target is up.");
    }

    @AfterEach
    void recover() {
        cluster.recoverAll();
    }

    @AfterAll
    static void stop() {
        pool.close();
        cluster.close();
    }

    private static Querier querier(String tenant, QueryLimiter limiter) {
        return new IngesterQueryable(pool, TenantId.of(tenant), limiter).querier(0, NOW);
    }

    private static Querier querier(String tenant) {
        return querier(tenant, new QueryLimiter(QueryLimits.NONE));
    }

    @Test
    void mergesTheReplicasOfASeriesAndDropsTheirDuplicateSamples() {
        assertThat(querier("merge").select(true, SelectHints.range(0, NOW), UP))
                .containsExactlySeries("up{job=\"a\"}", "up{job=\"b\"}")
                .hasSeries("up{job=\"a\"}").withSamples(T1, 1, T2, 2, T3, 3, T4, 4)
                .and().hasSeries("up{job=\"b\"}").withSamples(T1, 10, T2, 20);
    }

    @Test
    void restrictsSamplesToTheSelectedRange() {
        assertThat(querier("merge").select(true, SelectHints.range(T2, T3), UP, Matcher.equal("job", "a")))
                .hasSeries("up{job=\"a\"}").withSamples(T2, 2, T3, 3);
    }

    @Test
    void stillAnswersInFullWithOneIngesterFailing() {
        cluster.fail(1);

        assertThat(querier("merge").select(true, SelectHints.range(0, NOW), UP))
                .hasSeries("up{job=\"a\"}").withSamples(T1, 1, T2, 2, T3, 3, T4, 4);
        assertThat(querier("merge").labelValues("job")).containsExactly("a", "b");
    }

    @Test
    void failsNamingTheIngestersWhenTwoOfThreeFail() {
        cluster.fail(0);
        cluster.fail(2);

        assertThat(querier("merge").select(true, SelectHints.range(0, NOW), UP)).hasError()
                .isInstanceOf(IngesterQueryFailedException.class)
                .hasMessageStartingWith("reading series chunks from the ingesters failed: 2 of 3 ingesters failed, at most 1 may")
                .hasMessageContaining("ingester-0: UNAVAILABLE: ingester-0 is down")
                .hasMessageContaining("ingester-2: UNAVAILABLE: ingester-2 is down");
        assertThatThrownBy(() -> querier("merge").labelNames()).isInstanceOf(IngesterQueryFailedException.class)
                .hasMessageStartingWith("reading label names from the ingesters failed: 2 of 3");
        assertThatThrownBy(() -> pool.series(TenantId.of("merge"), 0, NOW, List.of(UP)))
                .isInstanceOf(IngesterQueryFailedException.class);
    }

    @Test
    void aWorkspaceNeverSeesAnotherWorkspacesSeriesThroughAnyMethod() {
        assertThat(querier("ws-a").select(true, SelectHints.range(0, NOW), UP))
                .containsExactlySeries("up{job=\"a-api\", only_a=\"x\"}");
        assertThat(querier("ws-a").select(true, SelectHints.range(0, NOW), Matcher.equal("__name__", "requests_total")))
                .isEmpty();
        assertThat(querier("ws-a").labelNames()).containsExactly("__name__", "job", "only_a");
        assertThat(querier("ws-a").labelValues("job")).containsExactly("a-api");
        assertThat(querier("ws-a").labelValues("only_b")).isEmpty();
        assertThat(pool.series(TenantId.of("ws-a"), 0, NOW, List.of(Matcher.regex("job", ".+"))))
                .containsExactly(Labels.of("__name__", "up", "job", "a-api", "only_a", "x"));
        assertThat(pool.metricsMetadata(TenantId.of("ws-a"), "", 0, 0))
                .containsExactly(new MetricMetadata("up", "gauge", "A's up", ""));

        assertThat(querier("ws-b").select(true, SelectHints.range(0, NOW), Matcher.regex("job", ".+")))
                .containsExactlySeries("requests_total{job=\"b-api\"}", "up{job=\"b-api\", only_b=\"y\"}");
        assertThat(querier("ws-b").labelNames()).containsExactly("__name__", "job", "only_b");
        assertThat(pool.metricsMetadata(TenantId.of("ws-b"), "", 0, 0))
                .containsExactly(new MetricMetadata("requests_total", "counter", "B's requests", ""));
        assertThat(pool.series(TenantId.of("nobody"), 0, NOW, List.of(Matcher.regex("job", ".+")))).isEmpty();
    }

    @Test
    void unionsLabelsSeriesAndMetadataOverTheReplicas() {
        assertThat(pool.series(TenantId.of("merge"), 0, NOW, List.of(UP))).containsExactly(UP_A, UP_B);
        assertThat(querier("merge").labelNames(Matcher.equal("job", "b"))).containsExactly("__name__", "job");
        assertThat(pool.metricsMetadata(TenantId.of("merge"), "up", 0, 0)).containsExactlyInAnyOrder(
                new MetricMetadata("up", "gauge", "Up.", ""), new MetricMetadata("up", "gauge", "Whether the target is up.", ""));
        assertThat(pool.metricsMetadata(TenantId.of("merge"), "up", 0, 1)).hasSize(1);
    }

    @Test
    void stopsFetchingOnceTheQueryHasTooManyChunks() {
        QueryLimiter limiter = new QueryLimiter(new QueryLimits(0, 2, 0, Duration.ZERO));

        assertThat(querier("merge", limiter).select(true, SelectHints.range(0, NOW), UP)).hasError()
                .isInstanceOf(QueryLimitExceededException.class)
                .hasMessage("the query hit the max number of chunks limit (limit: 2 chunks)");
    }

    @Test
    void enforcesSeriesAndSampleLimitsOnTheMergedSeries() {
        QueryLimiter seriesLimit = new QueryLimiter(new QueryLimits(1, 0, 0, Duration.ZERO));
        Queryable limited = new LimitingQueryable(new IngesterQueryable(pool, TenantId.of("merge"), seriesLimit), seriesLimit);
        assertThat(limited.querier(0, NOW).select(true, SelectHints.range(0, NOW), UP)).hasError()
                .hasMessage("the query hit the max number of series limit (limit: 1 series)");

        // Six distinct samples after de-duplication, though the replicas sent sixteen.
        QueryLimiter samples = new QueryLimiter(new QueryLimits(0, 0, 6, Duration.ZERO));
        Queryable exact = new LimitingQueryable(new IngesterQueryable(pool, TenantId.of("merge"), samples), samples);
        assertThat(exact.querier(0, NOW).select(true, SelectHints.range(0, NOW), UP)).hasSeriesCount(2);
        assertThat(samples.sampleCount()).isEqualTo(6);
    }
}
