package io.amphora.distributor;

import io.amphora.distributor.IngesterClient.Metadata;
import io.amphora.distributor.IngesterClient.Refusal;
import io.amphora.distributor.IngesterClient.Result;
import io.amphora.distributor.IngesterClient.Series;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestingIngesterClientTest {
    private static final TenantId TENANT = TenantId.of("ws-1");
    private static final Series UP = new Series(Labels.of("__name__", "up", "job", "api"), new long[] {1, 2}, new double[] {1, 1});
    private static final Series DOWN = new Series(Labels.of("__name__", "down"), new long[] {3}, new double[] {0});
    private static final Metadata UP_METADATA = new Metadata("up", "gauge", "Whether the target is up.", "");
    private static final Metadata DOWN_METADATA = new Metadata("down", "gauge", "", "");

    private final TestingIngesterClient client = new TestingIngesterClient();

    @Test
    void storesEverythingByDefaultAndRecordsItPerAddress() throws Exception {
        Result result = client.push("a:9095", TENANT, List.of(UP, DOWN), List.of(UP_METADATA)).get();
        client.push("b:9095", TENANT, List.of(DOWN), List.of()).get();

        assertThat(result.samplesAccepted()).isEqualTo(3);
        assertThat(result.refused()).isEmpty();
        assertThat(client.stored("a:9095")).containsExactly(UP, DOWN);
        assertThat(client.storedMetadata("a:9095")).containsExactly(UP_METADATA);
        assertThat(client.storedLabels("b:9095")).containsExactly(DOWN.labels());
        assertThat(client.stored("c:9095")).isEmpty();
        assertThat(client.pushes()).extracting(TestingIngesterClient.Push::address).containsExactly("a:9095", "b:9095");
        assertThat(client.pushesTo("a:9095")).singleElement()
                .satisfies(p -> assertThat(p.tenant()).isEqualTo(TENANT))
                .satisfies(p -> assertThat(p.series()).containsExactly(UP, DOWN));
    }

    @Test
    void aFailingAddressFailsTheFutureAndStoresNothing() {
        client.failWithServerError("a:9095", "disk full");

        CompletableFuture<Result> failed = client.push("a:9095", TENANT, List.of(UP), List.of(UP_METADATA));
        CompletableFuture<Result> healthy = client.push("b:9095", TENANT, List.of(UP), List.of());

        assertThat(failed).isCompletedExceptionally();
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasMessageContaining("disk full");
        assertThat(healthy).isCompleted();
        assertThat(client.stored("a:9095")).isEmpty();
        assertThat(client.storedMetadata("a:9095")).isEmpty();
        assertThat(client.pushesTo("a:9095")).hasSize(1);
    }

    @Test
    void aDelayedAddressStoresAtOnceButAnswersOnlyAfterTheDelay() throws Exception {
        client.delay("a:9095", Duration.ofMillis(100));

        long start = System.nanoTime();
        CompletableFuture<Result> future = client.push("a:9095", TENANT, List.of(UP), List.of());

        assertThat(future).isNotDone();
        assertThat(client.stored("a:9095")).containsExactly(UP);
        assertThat(future.get(5, TimeUnit.SECONDS).samplesAccepted()).isEqualTo(2);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void throwsFromPushWhenToldTo() {
        IllegalStateException bug = new IllegalStateException("adapter bug");
        client.throwOnPush("a:9095", bug);

        assertThatThrownBy(() -> client.push("a:9095", TENANT, List.of(UP), List.of())).isSameAs(bug);
        assertThat(client.stored("a:9095")).isEmpty();
    }

    @Test
    void refusesChosenSeriesAndMetadataByTheirIndexesLikeAnIngester() throws Exception {
        client.refuse(UP.labels(), ErrorCode.SAMPLE_OUT_OF_ORDER, "out of order sample");
        client.refuseMetadata("down", ErrorCode.MAX_METADATA_PER_USER, "per-user metric metadata limit exceeded");

        Result result = client.push("a:9095", TENANT, List.of(DOWN, UP), List.of(UP_METADATA, DOWN_METADATA)).get();

        assertThat(result.samplesAccepted()).isEqualTo(1);
        assertThat(result.refused()).containsExactly(
                new Refusal(1, ErrorCode.SAMPLE_OUT_OF_ORDER, ErrorCode.SAMPLE_OUT_OF_ORDER.reason(), "out of order sample", 2),
                new Refusal(-2, ErrorCode.MAX_METADATA_PER_USER, ErrorCode.MAX_METADATA_PER_USER.reason(),
                        "per-user metric metadata limit exceeded", 0));
        assertThat(client.stored("a:9095")).containsExactly(DOWN);
        assertThat(client.storedMetadata("a:9095")).containsExactly(UP_METADATA);
    }
}
