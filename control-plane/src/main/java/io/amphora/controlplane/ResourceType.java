package io.amphora.controlplane;

/** The kinds of resource the control plane keeps: the {@code resourceType} member of errors. */
public enum ResourceType {
    WORKSPACE,
    WORKSPACE_CONFIGURATION,
    RULE_GROUPS_NAMESPACE,
    ALERT_MANAGER_DEFINITION
}
