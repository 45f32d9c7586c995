package io.amphora.controlplane;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * A rule groups namespace: one Prometheus rule file of a workspace.
 *
 * @param data the rule file exactly as it was given (YAML bytes, not base64); the accessor returns a copy, and
 *     equality compares the contents
 * @param lastRequest the client token and fingerprint of the request that produced this state (create, put or
 *     delete), so that a retry of it is recognised
 */
public record RuleGroupsNamespace(String workspaceId, String name, byte[] data, ResourceStatus status,
        Instant createdAt, Instant modifiedAt, Map<String, String> tags, Optional<IdempotencyKey> lastRequest) {
    public RuleGroupsNamespace {
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(name, "name is null");
        data = requireNonNull(data, "data is null").clone();
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(modifiedAt, "modifiedAt is null");
        tags = unmodifiableMap(new TreeMap<>(requireNonNull(tags, "tags is null")));
        requireNonNull(lastRequest, "lastRequest is null");
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleGroupsNamespace other && workspaceId.equals(other.workspaceId)
                && name.equals(other.name) && Arrays.equals(data, other.data) && status == other.status
                && createdAt.equals(other.createdAt) && modifiedAt.equals(other.modifiedAt)
                && tags.equals(other.tags) && lastRequest.equals(other.lastRequest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workspaceId, name, Arrays.hashCode(data), status, createdAt, modifiedAt, tags, lastRequest);
    }

    @Override
    public String toString() {
        return "RuleGroupsNamespace[workspaceId=" + workspaceId + ", name=" + name + ", data=" + data.length
                + " bytes, status=" + status + ", createdAt=" + createdAt + ", modifiedAt=" + modifiedAt + ", tags="
                + tags + ", lastRequest=" + lastRequest + "]";
    }

    public RuleGroupsNamespace withStatus(ResourceStatus newStatus) {
        return new RuleGroupsNamespace(workspaceId, name, data, newStatus, createdAt, modifiedAt, tags, lastRequest);
    }

    public RuleGroupsNamespace withData(byte[] newData, ResourceStatus newStatus, Instant now,
            Optional<IdempotencyKey> request) {
        return new RuleGroupsNamespace(workspaceId, name, newData, newStatus, createdAt, now, tags, request);
    }

    public RuleGroupsNamespace withTags(Map<String, String> newTags) {
        return new RuleGroupsNamespace(workspaceId, name, data, status, createdAt, modifiedAt, newTags, lastRequest);
    }

    public RuleGroupsNamespace deleting(Optional<IdempotencyKey> request) {
        return new RuleGroupsNamespace(workspaceId, name, data, ResourceStatus.DELETING, createdAt, modifiedAt, tags,
                request);
    }
}
