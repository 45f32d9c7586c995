package io.amphora.distributor;

import io.amphora.model.TenantId;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A tenant's data could not be deleted everywhere. What did succeed stays done; calling
 * {@link TenantDataDeleter#delete} again finishes the rest, since every step is idempotent.
 */
public final class TenantDeletionException extends RuntimeException {
    private final TenantId tenant;
    private final List<String> failedInstances;

    /** @param failedInstances ids of the ingesters that did not confirm the deletion, sorted */
    public TenantDeletionException(TenantId tenant, List<String> failedInstances, String message) {
        super(requireNonNull(message, "message is null"));
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.failedInstances = List.copyOf(failedInstances);
    }

    public TenantId tenant() {
        return tenant;
    }

    /** Ids of the ingesters that did not confirm the deletion; empty when only another step failed. */
    public List<String> failedInstances() {
        return failedInstances;
    }
}
