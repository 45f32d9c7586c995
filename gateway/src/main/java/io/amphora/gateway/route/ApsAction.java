package io.amphora.gateway.route;

/**
 * The IAM actions of Amazon Managed Service for Prometheus (service prefix {@code aps}) that Amphora's endpoints
 * map to, named as the service names them in its IAM reference.
 */
public enum ApsAction {
    REMOTE_WRITE("RemoteWrite", Destination.REMOTE_WRITE),
    QUERY_METRICS("QueryMetrics", Destination.QUERY),
    GET_LABELS("GetLabels", Destination.QUERY),
    GET_SERIES("GetSeries", Destination.QUERY),
    GET_METRIC_METADATA("GetMetricMetadata", Destination.QUERY),
    LIST_RULES("ListRules", Destination.RULES),
    LIST_ALERTS("ListAlerts", Destination.RULES),

    CREATE_ALERT_MANAGER_ALERTS("CreateAlertManagerAlerts", Destination.ALERTMANAGER),
    LIST_ALERT_MANAGER_ALERTS("ListAlertManagerAlerts", Destination.ALERTMANAGER),
    LIST_ALERT_MANAGER_ALERT_GROUPS("ListAlertManagerAlertGroups", Destination.ALERTMANAGER),
    LIST_ALERT_MANAGER_RECEIVERS("ListAlertManagerReceivers", Destination.ALERTMANAGER),
    LIST_ALERT_MANAGER_SILENCES("ListAlertManagerSilences", Destination.ALERTMANAGER),
    PUT_ALERT_MANAGER_SILENCES("PutAlertManagerSilences", Destination.ALERTMANAGER),
    GET_ALERT_MANAGER_SILENCE("GetAlertManagerSilence", Destination.ALERTMANAGER),
    DELETE_ALERT_MANAGER_SILENCE("DeleteAlertManagerSilence", Destination.ALERTMANAGER),
    GET_ALERT_MANAGER_STATUS("GetAlertManagerStatus", Destination.ALERTMANAGER),

    CREATE_WORKSPACE("CreateWorkspace", Destination.CONTROL_PLANE),
    DESCRIBE_WORKSPACE("DescribeWorkspace", Destination.CONTROL_PLANE),
    LIST_WORKSPACES("ListWorkspaces", Destination.CONTROL_PLANE),
    UPDATE_WORKSPACE_ALIAS("UpdateWorkspaceAlias", Destination.CONTROL_PLANE),
    DELETE_WORKSPACE("DeleteWorkspace", Destination.CONTROL_PLANE),
    DESCRIBE_WORKSPACE_CONFIGURATION("DescribeWorkspaceConfiguration", Destination.CONTROL_PLANE),
    UPDATE_WORKSPACE_CONFIGURATION("UpdateWorkspaceConfiguration", Destination.CONTROL_PLANE),
    TAG_RESOURCE("TagResource", Destination.CONTROL_PLANE),
    UNTAG_RESOURCE("UntagResource", Destination.CONTROL_PLANE),
    LIST_TAGS_FOR_RESOURCE("ListTagsForResource", Destination.CONTROL_PLANE),
    CREATE_RULE_GROUPS_NAMESPACE("CreateRuleGroupsNamespace", Destination.CONTROL_PLANE),
    PUT_RULE_GROUPS_NAMESPACE("PutRuleGroupsNamespace", Destination.CONTROL_PLANE),
    DESCRIBE_RULE_GROUPS_NAMESPACE("DescribeRuleGroupsNamespace", Destination.CONTROL_PLANE),
    LIST_RULE_GROUPS_NAMESPACES("ListRuleGroupsNamespaces", Destination.CONTROL_PLANE),
    DELETE_RULE_GROUPS_NAMESPACE("DeleteRuleGroupsNamespace", Destination.CONTROL_PLANE),
    CREATE_ALERT_MANAGER_DEFINITION("CreateAlertManagerDefinition", Destination.CONTROL_PLANE),
    PUT_ALERT_MANAGER_DEFINITION("PutAlertManagerDefinition", Destination.CONTROL_PLANE),
    DESCRIBE_ALERT_MANAGER_DEFINITION("DescribeAlertManagerDefinition", Destination.CONTROL_PLANE),
    DELETE_ALERT_MANAGER_DEFINITION("DeleteAlertManagerDefinition", Destination.CONTROL_PLANE);

    private final String operation;
    private final Destination destination;

    ApsAction(String operation, Destination destination) {
        this.operation = operation;
        this.destination = destination;
    }

    /** The operation name, e.g. {@code QueryMetrics}. */
    public String operation() {
        return operation;
    }

    /** The IAM action a policy names, e.g. {@code aps:QueryMetrics}. */
    public String iamAction() {
        return "aps:" + operation;
    }

    /** Where the gateway forwards the operation. */
    public Destination destination() {
        return destination;
    }
}
