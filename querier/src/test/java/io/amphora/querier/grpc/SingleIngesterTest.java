package io.amphora.querier.grpc;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.querier.IngesterQueryFailedException;
import io.amphora.querier.IngesterQueryable;
import io.amphora.querier.QueryLimiter;
import io.amphora.querier.QueryLimits;
import io.amphora.storage.SelectHints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.amphora.querier.grpc.IngesterCluster.NOW;
import static io.amphora.testing.StorageAssertions.assertThat;

/** The single-process deployment: one ingester, replication factor 1, nothing may fail. */
class SingleIngesterTest {
    @TempDir
    Path dir;

    @Test
    void readsTheOnlyIngesterAndFailsWhenItFails() throws Exception {
        try (IngesterCluster cluster = new IngesterCluster(dir, 1); IngesterClientPool pool = cluster.clientPool(1)) {
            cluster.push("t", Labels.of("__name__", "up"), new int[] {0}, NOW - 1000, 1, NOW, 0);
            IngesterQueryable queryable = new IngesterQueryable(pool, TenantId.of("t"), new QueryLimiter(QueryLimits.NONE));

            assertThat(queryable.querier(0, NOW).select(true, SelectHints.range(0, NOW), Matcher.equal("__name__", "up")))
                    .hasSeries("up").withSamples(NOW - 1000, 1, NOW, 0);

            cluster.fail(0);
            assertThat(queryable.querier(0, NOW).select(true, SelectHints.range(0, NOW), Matcher.equal("__name__", "up")))
                    .hasError().isInstanceOf(IngesterQueryFailedException.class)
                    .hasMessageStartingWith("reading series chunks from the ingesters failed: 1 of 1 ingesters failed, at most 0 may");
        }
    }
}
