package io.amphora.gateway.route;

/** Which part of Amphora serves an operation: where the gateway forwards it. */
public enum Destination {
    /** Remote write: the distributor. */
    REMOTE_WRITE,
    /** The Prometheus query API: the query-frontend (or the querier). */
    QUERY,
    /** Prometheus rules and alerts ({@code /api/v1/rules}, {@code /api/v1/alerts}): the ruler. */
    RULES,
    /** The Alertmanager API v2: the alertmanager. */
    ALERTMANAGER,
    /** The managed-service REST API (workspaces, rule groups namespaces, alert manager definitions, tags). */
    CONTROL_PLANE
}
