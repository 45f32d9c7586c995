package io.amphora.distributor;

import io.amphora.model.TenantId;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link TenantDataDeleter}'s port to one ingester (bound to gRPC by {@code distributor.grpc.IngesterClientPool}).
 */
@FunctionalInterface
public interface TenantDeletionClient {
    /**
     * Asks the ingester at {@code address} to delete everything it holds for {@code tenant}. The future completes with
     * the number of series the ingester held for the tenant once it confirmed the deletion as durable, and fails when
     * it did not confirm within {@code timeout} (unreachable, not running, storage failure, deadline passed).
     */
    CompletableFuture<Long> deleteTenant(String address, TenantId tenant, Duration timeout);
}
