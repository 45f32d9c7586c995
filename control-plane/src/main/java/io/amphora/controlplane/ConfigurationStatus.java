package io.amphora.controlplane;

/** The state of a workspace's configuration: {@code UPDATING} after a change until it is in force, then {@code ACTIVE}. */
public enum ConfigurationStatus {
    ACTIVE,
    UPDATING,
    /** Part of the managed service's vocabulary; a validated configuration change cannot fail afterwards here. */
    UPDATE_FAILED
}
