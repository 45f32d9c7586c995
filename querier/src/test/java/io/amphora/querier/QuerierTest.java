package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Matcher;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Vector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.amphora.querier.ChunkedSeriesTest.xor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuerierTest {
    private static final TenantId A = TenantId.of("ws-a");
    private static final TenantId B = TenantId.of("ws-b");
    private static final TenantId SMALL = TenantId.of("ws-small");
    private static final Labels UP_API = Labels.of("__name__", "up", "job", "api");
    private static final Labels UP_WEB = Labels.of("__name__", "up", "job", "web");

    private final TestingIngesterSeriesSource source = new TestingIngesterSeriesSource(3)
            .add("ws-a", UP_API, List.of(xor(1000, 2000, 3000)), 0, 1, 2)
            .add("ws-a", UP_WEB, List.of(xor(1000, 2000)), 0, 1)
            .add("ws-b", Labels.of("__name__", "up", "job", "b-only"), List.of(xor(1000)), 0, 1, 2)
            .add("ws-small", UP_API, List.of(xor(1000)), 0, 1, 2)
            .add("ws-small", UP_WEB, List.of(xor(1000)), 0, 1, 2);
    private final Overrides overrides = Overrides.of(Limits.defaults(),
            Map.of(SMALL, Limits.defaults().with(Map.of("max_fetched_series_per_query", 1))));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final QueryEngine engine = new QueryEngine(EngineOptions.defaults(), InstantSource.system());

    private Querier querier(QuerierConfig config) {
        return new Querier(engine, source, overrides, config, registry);
    }

    private Querier querier() {
        return querier(QuerierConfig.defaults());
    }

    @Test
    void answersQueriesOverTheMergedReplicasOfTheWorkspace() {
        QueryResult instant = querier().instantQuery(A, "count_over_time(up[10s])", 3000, QueryOptions.DEFAULT);

        assertThat(((Vector) instant.value()).samples()).containsExactlyInAnyOrder(
                Sample.ofFloat(Labels.of("job", "api"), 3000, 3), Sample.ofFloat(Labels.of("job", "web"), 3000, 2));

        QueryResult range = querier().rangeQuery(A, "up", 1000, 3000, 1000, QueryOptions.DEFAULT);
        assertThat(((Matrix) range.value()).series()).hasSize(2);
        assertThat(((Matrix) range.value()).series().getFirst().floatValues()).containsExactly(1, 2, 3);
    }

    @Test
    void countsTheSamplesEachWorkspaceProcessed() {
        QueryResult result = querier().instantQuery(A, "count_over_time(up[10s])", 3000, QueryOptions.DEFAULT);

        Counter counter = registry.find("cortex_query_samples_processed").tag("user", "ws-a").counter();
        assertThat(result.stats().totalSamples()).isEqualTo(5);
        assertThat(counter).isNotNull();
        assertThat(counter.count()).isEqualTo(5);
        assertThat(registry.find("cortex_query_samples_processed").tag("user", "ws-b").counter()).isNull();
    }

    @Test
    void neverShowsAWorkspaceAnotherWorkspacesSeries() {
        QueryResult result = querier().instantQuery(B, "up", 3000, QueryOptions.DEFAULT);

        assertThat(((Vector) result.value()).samples()).extracting(Sample::labels)
                .containsExactly(Labels.of("__name__", "up", "job", "b-only"));
        assertThat(querier().labelValues(B, "job", 0, 10_000)).containsExactly("b-only");
        assertThat(querier().labelNames(A, 0, 10_000, Matcher.equal("job", "b-only"))).isEmpty();
        assertThat(querier().series(A, 0, 10_000, Matcher.equal("__name__", "up"))).containsExactly(UP_API, UP_WEB);
    }

    @Test
    void reportsAWorkspaceLimitAsAnExecutionErrorWithCortexsMessage() {
        assertThatThrownBy(() -> querier().instantQuery(SMALL, "up", 3000, QueryOptions.DEFAULT))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(QueryErrorType.EXECUTION))
                .hasMessage("the query hit the max number of series limit (limit: 1 series)");
        assertThat(querier().instantQuery(SMALL, "up{job=\"api\"}", 3000, QueryOptions.DEFAULT).value())
                .isEqualTo(new Vector(List.of(Sample.ofFloat(UP_API, 3000, 1))));
    }

    @Test
    void reportsFailingIngestersAsAnInternalError() {
        source.failWith(new IngesterQueryFailedException("reading series chunks from the ingesters failed: 2 of 3 ingesters failed"));

        assertThatThrownBy(() -> querier().instantQuery(A, "up", 3000, QueryOptions.DEFAULT))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(QueryErrorType.INTERNAL))
                .hasMessageContaining("2 of 3 ingesters failed");
    }

    @Test
    void refusesAQueryWhenEverySlotAndQueuePlaceIsTaken() throws Exception {
        Querier querier = querier(new QuerierConfig(1, 0, Duration.ofSeconds(5), 1, Duration.ofSeconds(5), 1 << 20, EngineOptions.defaults()));
        source.hold();
        CompletableFuture<QueryResult> running = CompletableFuture.supplyAsync(
                () -> querier.instantQuery(A, "up", 3000, QueryOptions.DEFAULT));
        assertThat(source.awaitEntered()).isTrue();

        assertThatThrownBy(() -> querier.instantQuery(A, "up", 3000, QueryOptions.DEFAULT))
                .isInstanceOf(TooManyOutstandingQueriesException.class)
                .hasMessageStartingWith("too many outstanding requests: 1 queries running and 0 queued");

        source.release();
        assertThat(((Vector) running.get().value()).samples()).hasSize(2);
        assertThat(querier.instantQuery(A, "up", 3000, QueryOptions.DEFAULT).value()).isInstanceOf(Vector.class);
    }

    @Test
    void aQueuedQueryTimesOutWhenNoSlotFreesInTime() throws Exception {
        Querier querier = querier(new QuerierConfig(1, 1, Duration.ofMillis(50), 1, Duration.ofSeconds(5), 1 << 20, EngineOptions.defaults()));
        source.hold();
        CompletableFuture<QueryResult> running = CompletableFuture.supplyAsync(
                () -> querier.instantQuery(A, "up", 3000, QueryOptions.DEFAULT));
        assertThat(source.awaitEntered()).isTrue();

        assertThatThrownBy(() -> querier.instantQuery(A, "up", 3000, QueryOptions.DEFAULT))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(QueryErrorType.TIMEOUT))
                .hasMessage("query timed out in query queue");

        source.release();
        running.get();
    }

    @Test
    void refusesAnInvalidConfiguration() {
        assertThatThrownBy(() -> querier(new QuerierConfig(0, 0, Duration.ZERO, 1, Duration.ofSeconds(1), 1 << 20, EngineOptions.defaults())))
                .hasMessageContaining("amphora.querier.max-concurrent");
        assertThat(QuerierConfig.defaults().validate()).isEqualTo(new QuerierConfig(20, 100, Duration.ofMinutes(1), 1,
                Duration.ofMinutes(2), 100 << 20, EngineOptions.defaults()));
    }
}
