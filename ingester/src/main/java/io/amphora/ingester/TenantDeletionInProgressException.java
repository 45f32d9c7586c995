package io.amphora.ingester;

import io.amphora.model.TenantId;

import static java.util.Objects.requireNonNull;

/**
 * A push was turned away because the tenant's data is being deleted. Transient: once the deletion has finished, a push
 * starts the tenant afresh, so the gRPC adapter reports it as {@code UNAVAILABLE}.
 */
public final class TenantDeletionInProgressException extends RuntimeException {
    private final TenantId tenant;

    public TenantDeletionInProgressException(TenantId tenant) {
        super("the data of tenant " + requireNonNull(tenant, "tenant is null") + " is being deleted; push again once the deletion has finished");
        this.tenant = tenant;
    }

    public TenantId tenant() {
        return tenant;
    }
}
