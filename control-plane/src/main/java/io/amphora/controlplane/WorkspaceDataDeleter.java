package io.amphora.controlplane;

/**
 * Deletes everything a workspace stored outside the control plane: its series in every ingester, its blocks in
 * the object store, its ruler and alertmanager state. The control plane calls it after a DeleteWorkspace, before it
 * forgets the workspace; the workspace stays DELETING until a call returns normally, and failed calls are retried
 * with backoff. Implementations must therefore be idempotent: a retry finds part of the data already gone.
 */
@FunctionalInterface
public interface WorkspaceDataDeleter {
    /** @throws Exception when not all of the data could be deleted; the control plane retries later */
    void deleteData(String workspaceId) throws Exception;
}
