package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.storage.ChunkSeries;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.amphora.querier.ChunkedSeriesTest.xor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestingIngesterSeriesSourceTest {
    private static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "b");

    private final TestingIngesterSeriesSource source = new TestingIngesterSeriesSource(2)
            .add("t", UP_A, List.of(xor(1000, 2000), xor(5000)), 0, 1)
            .add("t", UP_B, List.of(xor(3000)), 1)
            .add("other", Labels.of("__name__", "secret"), List.of(xor(1000)), 0);

    @Test
    void answersPerReplicaWithTheMatchingSeriesAndOverlappingChunks() {
        QueryLimiter limiter = new QueryLimiter(QueryLimits.NONE);

        List<List<ChunkSeries>> answers = source.queryStream(TenantId.of("t"), 0, 2500, List.of(Matcher.equal("__name__", "up")), limiter);

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0)).extracting(ChunkSeries::labels).containsExactly(UP_A);
        assertThat(answers.get(0).getFirst().chunks()).hasSize(1);
        assertThat(answers.get(1)).extracting(ChunkSeries::labels).containsExactly(UP_A);
        assertThat(limiter.chunkCount()).isEqualTo(2);
    }

    @Test
    void keepsWorkspacesApartAndListsLabels() {
        assertThat(source.series(TenantId.of("t"), 0, 10_000, List.of())).containsExactly(UP_A, UP_B);
        assertThat(source.labelValues(TenantId.of("t"), "job", 0, 10_000, List.of())).containsExactly("a", "b");
        assertThat(source.labelNames(TenantId.of("other"), 0, 10_000, List.of())).containsExactly("__name__");
        assertThat(source.series(TenantId.of("nobody"), 0, 10_000, List.of())).isEmpty();
    }

    @Test
    void failsEveryCallWhenToldTo() {
        source.failWith(new IngesterQueryFailedException("down"));

        assertThatThrownBy(() -> source.labelNames(TenantId.of("t"), 0, 1, List.of())).hasMessage("down");
        assertThatThrownBy(() -> source.queryStream(TenantId.of("t"), 0, 1, List.of(), new QueryLimiter(QueryLimits.NONE)))
                .hasMessage("down");
    }
}
