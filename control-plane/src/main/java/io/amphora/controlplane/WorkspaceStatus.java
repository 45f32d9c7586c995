package io.amphora.controlplane;

/** The life cycle of a workspace: {@code CREATING → ACTIVE → DELETING → gone}. */
public enum WorkspaceStatus {
    CREATING,
    ACTIVE,
    /** Part of the managed service's vocabulary; Amphora changes a workspace's configuration without leaving ACTIVE. */
    UPDATING,
    DELETING,
    /** Part of the managed service's vocabulary; creating a workspace here has no step that can fail once accepted. */
    CREATION_FAILED
}
