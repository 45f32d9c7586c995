package io.amphora.gateway.route;

import io.amphora.model.TenantId;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.amphora.gateway.route.ApsAction.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RequestClassifierTest {
    private static final String PREFIX = "arn:aws:aps:us-east-1:123456789012:";
    private static final String WS = PREFIX + "workspace/ws-1";
    private static final Optional<String> NO_ORG = Optional.empty();
    private static final Optional<String> ORG = Optional.of("ws-1");

    private final RequestClassifier classifier = new RequestClassifier("us-east-1", "123456789012");

    /** Every endpoint: method, raw path, X-Scope-OrgID, then the action and resource it is authorised as. */
    static Stream<Arguments> operations() {
        return Stream.of(
                // data plane under /workspaces/{id}
                op("POST", "/workspaces/ws-1/api/v1/remote_write", NO_ORG, REMOTE_WRITE, WS),
                op("GET", "/workspaces/ws-1/api/v1/query", NO_ORG, QUERY_METRICS, WS),
                op("POST", "/workspaces/ws-1/api/v1/query", NO_ORG, QUERY_METRICS, WS),
                op("GET", "/workspaces/ws-1/api/v1/query_range", NO_ORG, QUERY_METRICS, WS),
                op("POST", "/workspaces/ws-1/api/v1/query_range", NO_ORG, QUERY_METRICS, WS),
                op("GET", "/workspaces/ws-1/api/v1/query_exemplars", NO_ORG, QUERY_METRICS, WS),
                op("GET", "/workspaces/ws-1/api/v1/format_query", NO_ORG, QUERY_METRICS, WS),
                op("POST", "/workspaces/ws-1/api/v1/parse_query", NO_ORG, QUERY_METRICS, WS),
                op("GET", "/workspaces/ws-1/api/v1/status/buildinfo", NO_ORG, QUERY_METRICS, WS),
                op("GET", "/workspaces/ws-1/api/v1/status/flags", NO_ORG, QUERY_METRICS, WS),
                op("GET", "/workspaces/ws-1/api/v1/labels", NO_ORG, GET_LABELS, WS),
                op("POST", "/workspaces/ws-1/api/v1/labels", NO_ORG, GET_LABELS, WS),
                op("GET", "/workspaces/ws-1/api/v1/label/job/values", NO_ORG, GET_LABELS, WS),
                op("GET", "/workspaces/ws-1/api/v1/label/__name__/values", NO_ORG, GET_LABELS, WS),
                op("GET", "/workspaces/ws-1/api/v1/series", NO_ORG, GET_SERIES, WS),
                op("POST", "/workspaces/ws-1/api/v1/series", NO_ORG, GET_SERIES, WS),
                op("GET", "/workspaces/ws-1/api/v1/metadata", NO_ORG, GET_METRIC_METADATA, WS),
                op("GET", "/workspaces/ws-1/api/v1/rules", NO_ORG, LIST_RULES, WS),
                op("GET", "/workspaces/ws-1/api/v1/alerts", NO_ORG, LIST_ALERTS, WS),
                op("POST", "/workspaces/ws-1/alertmanager/api/v2/alerts", NO_ORG, CREATE_ALERT_MANAGER_ALERTS, WS),
                op("GET", "/workspaces/ws-1/alertmanager/api/v2/alerts", NO_ORG, LIST_ALERT_MANAGER_ALERTS, WS),
                op("GET", "/workspaces/ws-1/alertmanager/api/v2/alerts/groups", NO_ORG, LIST_ALERT_MANAGER_ALERT_GROUPS, WS),
                op("GET", "/workspaces/ws-1/alertmanager/api/v2/receivers", NO_ORG, LIST_ALERT_MANAGER_RECEIVERS, WS),
                op("GET", "/workspaces/ws-1/alertmanager/api/v2/silences", NO_ORG, LIST_ALERT_MANAGER_SILENCES, WS),
                op("POST", "/workspaces/ws-1/alertmanager/api/v2/silences", NO_ORG, PUT_ALERT_MANAGER_SILENCES, WS),
                op("GET", "/workspaces/ws-1/alertmanager/api/v2/silence/d29d9df3-9125", NO_ORG, GET_ALERT_MANAGER_SILENCE, WS),
                op("DELETE", "/workspaces/ws-1/alertmanager/api/v2/silence/d29d9df3-9125", NO_ORG,
                        DELETE_ALERT_MANAGER_SILENCE, WS),
                op("GET", "/workspaces/ws-1/alertmanager/api/v2/status", NO_ORG, GET_ALERT_MANAGER_STATUS, WS),
                // the same data plane in Cortex's layout, workspace from X-Scope-OrgID
                op("POST", "/api/v1/push", ORG, REMOTE_WRITE, WS),
                op("POST", "/prometheus/api/v1/remote_write", ORG, REMOTE_WRITE, WS),
                op("GET", "/prometheus/api/v1/query", ORG, QUERY_METRICS, WS),
                op("POST", "/prometheus/api/v1/query_range", ORG, QUERY_METRICS, WS),
                op("GET", "/prometheus/api/v1/status/config", ORG, QUERY_METRICS, WS),
                op("GET", "/prometheus/api/v1/labels", ORG, GET_LABELS, WS),
                op("GET", "/prometheus/api/v1/label/job/values", ORG, GET_LABELS, WS),
                op("GET", "/prometheus/api/v1/series", ORG, GET_SERIES, WS),
                op("GET", "/prometheus/api/v1/metadata", ORG, GET_METRIC_METADATA, WS),
                op("GET", "/prometheus/api/v1/rules", ORG, LIST_RULES, WS),
                op("GET", "/prometheus/api/v1/alerts", ORG, LIST_ALERTS, WS),
                op("GET", "/alertmanager/api/v2/alerts", ORG, LIST_ALERT_MANAGER_ALERTS, WS),
                op("POST", "/alertmanager/api/v2/silences", ORG, PUT_ALERT_MANAGER_SILENCES, WS),
                op("GET", "/alertmanager/api/v2/status", ORG, GET_ALERT_MANAGER_STATUS, WS),
                // control plane
                op("POST", "/workspaces", NO_ORG, CREATE_WORKSPACE, PREFIX + "workspace/*"),
                op("GET", "/workspaces", NO_ORG, LIST_WORKSPACES, "*"),
                op("GET", "/workspaces/ws-1", NO_ORG, DESCRIBE_WORKSPACE, WS),
                op("DELETE", "/workspaces/ws-1", NO_ORG, DELETE_WORKSPACE, WS),
                op("POST", "/workspaces/ws-1/alias", NO_ORG, UPDATE_WORKSPACE_ALIAS, WS),
                op("GET", "/workspaces/ws-1/configuration", NO_ORG, DESCRIBE_WORKSPACE_CONFIGURATION, WS),
                op("PATCH", "/workspaces/ws-1/configuration", NO_ORG, UPDATE_WORKSPACE_CONFIGURATION, WS),
                op("POST", "/workspaces/ws-1/rulegroupsnamespaces", NO_ORG, CREATE_RULE_GROUPS_NAMESPACE, WS),
                op("GET", "/workspaces/ws-1/rulegroupsnamespaces", NO_ORG, LIST_RULE_GROUPS_NAMESPACES, WS),
                op("GET", "/workspaces/ws-1/rulegroupsnamespaces/my-rules", NO_ORG, DESCRIBE_RULE_GROUPS_NAMESPACE,
                        PREFIX + "rulegroupsnamespace/ws-1/my-rules"),
                op("PUT", "/workspaces/ws-1/rulegroupsnamespaces/my-rules", NO_ORG, PUT_RULE_GROUPS_NAMESPACE,
                        PREFIX + "rulegroupsnamespace/ws-1/my-rules"),
                op("DELETE", "/workspaces/ws-1/rulegroupsnamespaces/my-rules", NO_ORG, DELETE_RULE_GROUPS_NAMESPACE,
                        PREFIX + "rulegroupsnamespace/ws-1/my-rules"),
                op("POST", "/workspaces/ws-1/alertmanager/definition", NO_ORG, CREATE_ALERT_MANAGER_DEFINITION, WS),
                op("PUT", "/workspaces/ws-1/alertmanager/definition", NO_ORG, PUT_ALERT_MANAGER_DEFINITION, WS),
                op("GET", "/workspaces/ws-1/alertmanager/definition", NO_ORG, DESCRIBE_ALERT_MANAGER_DEFINITION, WS),
                op("DELETE", "/workspaces/ws-1/alertmanager/definition", NO_ORG, DELETE_ALERT_MANAGER_DEFINITION, WS),
                op("GET", "/tags/arn%3Aaws%3Aaps%3Aus-east-1%3A123456789012%3Aworkspace%2Fws-1", NO_ORG,
                        LIST_TAGS_FOR_RESOURCE, WS),
                op("POST", "/tags/arn%3Aaws%3Aaps%3Aus-east-1%3A123456789012%3Aworkspace%2Fws-1", NO_ORG, TAG_RESOURCE, WS),
                op("DELETE", "/tags/arn%3Aaws%3Aaps%3Aus-east-1%3A123456789012%3Aworkspace%2Fws-1", NO_ORG,
                        UNTAG_RESOURCE, WS));
    }

    private static Arguments op(String method, String path, Optional<String> org, ApsAction action, String resource) {
        return arguments(Named.of(method + " " + path, method), path, org, action, resource);
    }

    @ParameterizedTest
    @MethodSource("operations")
    void classifiesEveryEndpoint(String method, String path, Optional<String> org, ApsAction action, String resource) {
        Optional<TenantId> workspace = resource.equals("*") || resource.endsWith("workspace/*")
                ? Optional.empty() : Optional.of(TenantId.of("ws-1"));

        assertThat(classifier.classify(method, path, org))
                .isEqualTo(new RouteClassification.Operation(action, resource, workspace));
    }

    @Test
    void coversEveryActionWithSomeEndpoint() {
        Set<ApsAction> covered = EnumSet.noneOf(ApsAction.class);
        operations().forEach(arguments -> covered.add((ApsAction) arguments.get()[3]));

        assertThat(covered).containsExactlyInAnyOrder(ApsAction.values());
    }

    @Test
    void namesActionsAsIamDoes() {
        assertThat(QUERY_METRICS.iamAction()).isEqualTo("aps:QueryMetrics");
        assertThat(LIST_ALERT_MANAGER_ALERT_GROUPS.iamAction()).isEqualTo("aps:ListAlertManagerAlertGroups");
        assertThat(REMOTE_WRITE.destination()).isEqualTo(Destination.REMOTE_WRITE);
        assertThat(GET_SERIES.destination()).isEqualTo(Destination.QUERY);
        assertThat(LIST_RULES.destination()).isEqualTo(Destination.RULES);
        assertThat(GET_ALERT_MANAGER_STATUS.destination()).isEqualTo(Destination.ALERTMANAGER);
        assertThat(PUT_ALERT_MANAGER_DEFINITION.destination()).isEqualTo(Destination.CONTROL_PLANE);
    }

    @Test
    void leavesOperationalEndpointsUnauthenticated() {
        for (String endpoint : Set.of("/ready", "/metrics", "/health", "/health/liveness", "/health/readiness")) {
            assertThat(classifier.classify("GET", endpoint, NO_ORG))
                    .isEqualTo(new RouteClassification.Unauthenticated(endpoint));
            assertThat(classifier.classify("HEAD", endpoint, NO_ORG))
                    .isEqualTo(new RouteClassification.Unauthenticated(endpoint));
            assertThat(classifier.classify("POST", endpoint, NO_ORG))
                    .isEqualTo(new RouteClassification.MethodNotAllowed(Set.of("GET", "HEAD")));
        }
    }

    @Test
    void findsNothingAtUnknownPaths() {
        for (String path : Set.of("/", "/workspaces/ws-1/api/v1/unknown", "/workspaces/ws-1/api/v2/query",
                "/workspaces/ws-1/api/v1/query/", "/workspaces//api/v1/query", "/workspaces/ws-1/logging",
                "/workspaces/ws-1/alertmanager/api/v1/alerts", "/workspaces/ws-1/rulegroupsnamespaces/a/b",
                "/scrapers", "/tags", "/prometheus/api/v1", "/api/v1/query", "/actuator/health", "/ready/now", "/health/other")) {
            assertThat(classifier.classify("GET", path, ORG)).as(path)
                    .isEqualTo(new RouteClassification.NotFound("GET", path));
        }
    }

    @Test
    void listsTheMethodsAPathAccepts() {
        assertThat(classifier.classify("PUT", "/workspaces/ws-1/api/v1/query", NO_ORG))
                .isEqualTo(new RouteClassification.MethodNotAllowed(Set.of("GET", "POST")));
        assertThat(classifier.classify("GET", "/workspaces/ws-1/api/v1/remote_write", NO_ORG))
                .isEqualTo(new RouteClassification.MethodNotAllowed(Set.of("POST")));
        assertThat(classifier.classify("PUT", "/workspaces", NO_ORG))
                .isEqualTo(new RouteClassification.MethodNotAllowed(Set.of("GET", "POST")));
    }

    @Test
    void refusesInvalidWorkspacesAndNames() {
        assertThat(classifier.classify("GET", "/workspaces/-ws/api/v1/query", NO_ORG)).isEqualTo(
                new RouteClassification.InvalidRequest("Invalid workspace id '-ws': 1 to 64 characters, a letter or"
                        + " digit first, then letters, digits, '-', '.' or '_'."));
        assertThat(classifier.classify("GET", "/workspaces/ws%201/api/v1/query", NO_ORG))
                .isInstanceOf(RouteClassification.InvalidRequest.class);
        assertThat(classifier.classify("GET", "/workspaces/" + "w".repeat(65), NO_ORG))
                .isInstanceOf(RouteClassification.InvalidRequest.class);
        assertThat(classifier.classify("PUT", "/workspaces/ws-1/rulegroupsnamespaces/my%20rules", NO_ORG))
                .isEqualTo(new RouteClassification.InvalidRequest("Invalid rule groups namespace name 'my rules': 1 to 64"
                        + " characters, a letter or digit first, then letters, digits, '-', '.' or '_'."));
        assertThat(classifier.classify("GET", "/tags/not-an-arn", NO_ORG))
                .isEqualTo(new RouteClassification.InvalidRequest("Invalid resource ARN 'not-an-arn'."));
    }

    @Test
    void needsExactlyOneWorkspaceInXScopeOrgId() {
        assertThat(classifier.classify("POST", "/api/v1/push", NO_ORG)).isEqualTo(new RouteClassification.InvalidRequest(
                "no org id: requests to /api/v1/push name their workspace in the X-Scope-OrgID header"));
        assertThat(classifier.classify("GET", "/prometheus/api/v1/query", Optional.of(" ")))
                .isInstanceOf(RouteClassification.InvalidRequest.class);
        assertThat(classifier.classify("GET", "/prometheus/api/v1/query", Optional.of("ws-1|ws-2"))).isEqualTo(
                new RouteClassification.InvalidRequest("X-Scope-OrgID must name exactly one workspace; Amphora does not"
                        + " federate requests across workspaces"));
        assertThat(classifier.classify("GET", "/workspaces/ws-1/api/v1/query", Optional.of("ws-2")))
                .as("the path's workspace wins over the header").isEqualTo(
                        new RouteClassification.Operation(QUERY_METRICS, WS, Optional.of(TenantId.of("ws-1"))));
    }

    @Test
    void findsTheWorkspaceOfATaggedResource() {
        assertThat(classifier.classify("GET", "/tags/arn%3Aaws%3Aaps%3Aus-east-1%3A123456789012%3Arulegroupsnamespace"
                + "%2Fws-7%2Fmy-rules", NO_ORG)).isEqualTo(new RouteClassification.Operation(LIST_TAGS_FOR_RESOURCE,
                PREFIX + "rulegroupsnamespace/ws-7/my-rules", Optional.of(TenantId.of("ws-7"))));
        assertThat(classifier.classify("GET", "/tags/arn%3Aaws%3Aaps%3Aeu-west-1%3A123456789012%3Aworkspace%2Fws-1",
                NO_ORG)).isEqualTo(new RouteClassification.Operation(LIST_TAGS_FOR_RESOURCE,
                "arn:aws:aps:eu-west-1:123456789012:workspace/ws-1", Optional.empty()));
    }
}
