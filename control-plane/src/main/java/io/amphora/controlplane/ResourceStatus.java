package io.amphora.controlplane;

/**
 * The life cycle of a rule groups namespace or an alert manager definition: {@code CREATING → ACTIVE}, each change
 * {@code UPDATING → ACTIVE}, and {@code DELETING → gone}.
 */
public enum ResourceStatus {
    CREATING,
    ACTIVE,
    UPDATING,
    DELETING,
    /** Part of the managed service's vocabulary; definitions are validated before they are accepted, so never set here. */
    CREATION_FAILED,
    /** Part of the managed service's vocabulary; never set here, for the same reason. */
    UPDATE_FAILED
}
