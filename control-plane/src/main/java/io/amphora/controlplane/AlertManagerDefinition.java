package io.amphora.controlplane;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The alert manager definition of a workspace (at most one).
 *
 * @param data the definition exactly as it was given (YAML bytes, not base64); the accessor returns a copy, and
 *     equality compares the contents
 * @param lastRequest the client token and fingerprint of the request that produced this state (create, put or
 *     delete), so that a retry of it is recognised
 */
public record AlertManagerDefinition(String workspaceId, byte[] data, ResourceStatus status, Instant createdAt,
        Instant modifiedAt, Optional<IdempotencyKey> lastRequest) {
    public AlertManagerDefinition {
        requireNonNull(workspaceId, "workspaceId is null");
        data = requireNonNull(data, "data is null").clone();
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(modifiedAt, "modifiedAt is null");
        requireNonNull(lastRequest, "lastRequest is null");
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertManagerDefinition other && workspaceId.equals(other.workspaceId)
                && Arrays.equals(data, other.data) && status == other.status && createdAt.equals(other.createdAt)
                && modifiedAt.equals(other.modifiedAt) && lastRequest.equals(other.lastRequest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workspaceId, Arrays.hashCode(data), status, createdAt, modifiedAt, lastRequest);
    }

    @Override
    public String toString() {
        return "AlertManagerDefinition[workspaceId=" + workspaceId + ", data=" + data.length + " bytes, status="
                + status + ", createdAt=" + createdAt + ", modifiedAt=" + modifiedAt + ", lastRequest=" + lastRequest
                + "]";
    }

    public AlertManagerDefinition withStatus(ResourceStatus newStatus) {
        return new AlertManagerDefinition(workspaceId, data, newStatus, createdAt, modifiedAt, lastRequest);
    }

    public AlertManagerDefinition withData(byte[] newData, ResourceStatus newStatus, Instant now,
            Optional<IdempotencyKey> request) {
        return new AlertManagerDefinition(workspaceId, newData, newStatus, createdAt, now, request);
    }

    public AlertManagerDefinition deleting(Optional<IdempotencyKey> request) {
        return new AlertManagerDefinition(workspaceId, data, ResourceStatus.DELETING, createdAt, modifiedAt, request);
    }
}
