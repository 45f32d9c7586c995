package io.amphora.gateway.wiring;

import java.util.Optional;

import io.amphora.model.TenantId;

/**
 * Where the gateway learns whether a workspace exists and can take data-plane requests. The executable provides it
 * from the control plane; the gateway never depends on the control plane itself.
 */
@FunctionalInterface
public interface WorkspaceDirectory {
    /** The workspace's state, or empty when no such workspace exists. */
    Optional<State> state(TenantId workspace);

    /** What the gateway needs to know of a workspace's lifecycle. */
    enum State {
        /** Created but not ready yet: data-plane requests are refused (409). */
        CREATING,
        /** Serves remote write and queries. */
        ACTIVE,
        /** Being updated: still serves remote write and queries. */
        UPDATING,
        /** Being deleted: refused (404), and its data will be gone. */
        DELETING,
        /** Creation or update failed: refused (409). */
        FAILED
    }
}
