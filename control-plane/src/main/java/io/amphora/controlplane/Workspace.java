package io.amphora.controlplane;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * A workspace as the control plane keeps it.
 *
 * @param id {@code ws-<uuid>}; also the tenant id of the workspace's series
 * @param alias trimmed, 1 to 100 characters; not unique
 * @param createdAt whole milliseconds
 * @param tags sorted by key
 * @param kmsKeyArn the customer key the workspace was created with, recorded and reported
 * @param creationRequest the client token and fingerprint of the CreateWorkspace request, for its retries
 * @param deletionToken the client token of the DeleteWorkspace request, once deletion began
 */
public record Workspace(String id, Optional<String> alias, WorkspaceStatus status, Instant createdAt,
        Map<String, String> tags, Optional<String> kmsKeyArn, WorkspaceConfiguration configuration,
        Optional<IdempotencyKey> creationRequest, Optional<String> deletionToken) {
    public Workspace {
        requireNonNull(id, "id is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
        tags = unmodifiableMap(new TreeMap<>(requireNonNull(tags, "tags is null")));
        requireNonNull(kmsKeyArn, "kmsKeyArn is null");
        requireNonNull(configuration, "configuration is null");
        requireNonNull(creationRequest, "creationRequest is null");
        requireNonNull(deletionToken, "deletionToken is null");
    }

    public Workspace withStatus(WorkspaceStatus newStatus) {
        return new Workspace(id, alias, newStatus, createdAt, tags, kmsKeyArn, configuration, creationRequest,
                deletionToken);
    }

    public Workspace withAlias(Optional<String> newAlias) {
        return new Workspace(id, newAlias, status, createdAt, tags, kmsKeyArn, configuration, creationRequest,
                deletionToken);
    }

    public Workspace withTags(Map<String, String> newTags) {
        return new Workspace(id, alias, status, createdAt, newTags, kmsKeyArn, configuration, creationRequest,
                deletionToken);
    }

    public Workspace withConfiguration(WorkspaceConfiguration newConfiguration) {
        return new Workspace(id, alias, status, createdAt, tags, kmsKeyArn, newConfiguration, creationRequest,
                deletionToken);
    }

    public Workspace deleting(Optional<String> token) {
        return new Workspace(id, alias, WorkspaceStatus.DELETING, createdAt, tags, kmsKeyArn, configuration,
                creationRequest, token);
    }
}
