package io.amphora.gateway.route;

import io.amphora.gateway.sigv4.PercentEncoding;
import io.amphora.model.TenantId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static io.amphora.gateway.route.ApsAction.*;
import static java.util.Objects.requireNonNull;

/**
 * Classifies every request the gateway receives by method, raw path and {@code X-Scope-OrgID}: which IAM action on
 * which resource it is, in which workspace, or that it is an operational endpoint, an unknown path, a wrong method
 * or an invalid workspace.
 *
 * <p>Endpoints, as the managed service's API reference and service model define them:
 * <ul>
 *   <li>Data plane under {@code /workspaces/{workspaceId}}: {@code /api/v1/remote_write}; the Prometheus query API
 *       {@code /api/v1/...}; {@code /api/v1/rules} and {@code /api/v1/alerts}; the Alertmanager API
 *       {@code /alertmanager/api/v2/...}. The same data plane in Cortex's layout, with the workspace named by
 *       {@code X-Scope-OrgID}: {@code /prometheus/api/v1/...}, {@code /api/v1/push} and
 *       {@code /alertmanager/api/v2/...}.
 *   <li>Control plane: {@code /workspaces}, {@code /workspaces/{id}}, {@code .../alias}, {@code .../configuration},
 *       {@code .../rulegroupsnamespaces[/{name}]}, {@code .../alertmanager/definition} and
 *       {@code /tags/{resourceArn}} (the ARN percent-encoded as one path segment).
 *   <li>Operational: {@code /ready}, {@code /metrics}, {@code /health}.
 * </ul>
 *
 * <p>Path segments are split on {@code /} before they are percent-decoded, so an encoded {@code %2F} stays inside its
 * segment (as in a tagging request's ARN). Resources: workspaces are
 * {@code arn:aws:aps:<region>:<account>:workspace/<id>}, rule groups namespaces
 * {@code arn:aws:aps:<region>:<account>:rulegroupsnamespace/<id>/<name>}; creating or listing rule groups namespaces
 * is authorised on the workspace (the new namespace's name is in the body, not the path), CreateWorkspace on
 * {@code workspace/*} and ListWorkspaces on {@code *}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestClassifier {
    /** The header naming the workspace in Cortex-style paths, and the one sent downstream. */
    public static final String SCOPE_ORG_ID_HEADER = "X-Scope-OrgID";
    /** The managed service's pattern for workspace ids and rule groups namespace names, at most 64 characters. */
    private static final int MAX_ID_LENGTH = 64;
    private static final Set<String> OPERATIONAL = Set.of("ready", "metrics", "health");

    private final String region;
    private final String accountId;

    /** {@code /ready}, {@code /metrics}, {@code /health} and Kubernetes' probes {@code /health/liveness|readiness}. */
    private static boolean isOperational(List<String> path) {
        if (path.size() == 1) {
            return OPERATIONAL.contains(path.getFirst());
        }
        return path.size() == 2 && path.getFirst().equals("health")
                && (path.get(1).equals("liveness") || path.get(1).equals("readiness"));
    }

    public RequestClassifier(String region, String accountId) {
        this.region = requireNonNull(region, "region is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
    }

    /**
     * @param method the request method
     * @param rawPath the path as on the request line, still percent-encoded, without the query
     * @param scopeOrgId the {@code X-Scope-OrgID} header, if the request has one
     */
    public RouteClassification classify(String method, String rawPath, Optional<String> scopeOrgId) {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(scopeOrgId, "scopeOrgId is null");
        List<String> path = segments(rawPath);
        if (path == null) {
            return new RouteClassification.NotFound(method, rawPath);
        }
        Request request = new Request(method, rawPath, path, scopeOrgId);
        if (isOperational(path)) {
            return method.equals("GET") || method.equals("HEAD")
                    ? new RouteClassification.Unauthenticated("/" + String.join("/", path))
                    : new RouteClassification.MethodNotAllowed(Set.of("GET", "HEAD"));
        }
        return switch (path.getFirst()) {
            case "workspaces" -> workspaces(request);
            case "tags" -> tags(request);
            case "prometheus" -> path.size() >= 3 && path.get(1).equals("api") && path.get(2).equals("v1")
                    ? prometheusApi(request, path.subList(3, path.size()), headerWorkspace(request))
                    : notFound(request);
            case "api" -> path.equals(List.of("api", "v1", "push"))
                    ? in(request, headerWorkspace(request), Map.of("POST", REMOTE_WRITE))
                    : notFound(request);
            case "alertmanager" -> path.size() >= 3 && path.get(1).equals("api") && path.get(2).equals("v2")
                    ? alertmanagerApi(request, path.subList(3, path.size()), headerWorkspace(request))
                    : notFound(request);
            default -> notFound(request);
        };
    }

    private RouteClassification workspaces(Request request) {
        List<String> path = request.path();
        if (path.size() == 1) {
            return byMethod(request, Map.of("POST", CREATE_WORKSPACE, "GET", LIST_WORKSPACES), action -> action == CREATE_WORKSPACE
                    ? new RouteClassification.Operation(action, arnPrefix() + "workspace/*", Optional.empty())
                    : new RouteClassification.Operation(action, "*", Optional.empty()));
        }
        Workspace workspace = pathWorkspace(path.get(1));
        List<String> rest = path.subList(2, path.size());
        if (rest.isEmpty()) {
            return in(request, workspace, Map.of("GET", DESCRIBE_WORKSPACE, "DELETE", DELETE_WORKSPACE));
        }
        return switch (rest.getFirst()) {
            case "alias" -> rest.size() == 1 ? in(request, workspace, Map.of("POST", UPDATE_WORKSPACE_ALIAS)) : notFound(request);
            case "configuration" -> rest.size() == 1
                    ? in(request, workspace, Map.of("GET", DESCRIBE_WORKSPACE_CONFIGURATION, "PATCH", UPDATE_WORKSPACE_CONFIGURATION))
                    : notFound(request);
            case "rulegroupsnamespaces" -> ruleGroupsNamespaces(request, workspace, rest.subList(1, rest.size()));
            case "alertmanager" -> {
                if (rest.equals(List.of("alertmanager", "definition"))) {
                    yield in(request, workspace, Map.of("POST", CREATE_ALERT_MANAGER_DEFINITION,
                            "PUT", PUT_ALERT_MANAGER_DEFINITION, "GET", DESCRIBE_ALERT_MANAGER_DEFINITION,
                            "DELETE", DELETE_ALERT_MANAGER_DEFINITION));
                }
                yield rest.size() >= 3 && rest.get(1).equals("api") && rest.get(2).equals("v2")
                        ? alertmanagerApi(request, rest.subList(3, rest.size()), workspace)
                        : notFound(request);
            }
            case "api" -> rest.size() >= 2 && rest.get(1).equals("v1")
                    ? prometheusApi(request, rest.subList(2, rest.size()), workspace)
                    : notFound(request);
            default -> notFound(request);
        };
    }

    private RouteClassification ruleGroupsNamespaces(Request request, Workspace workspace, List<String> rest) {
        if (rest.isEmpty()) {
            return in(request, workspace, Map.of("POST", CREATE_RULE_GROUPS_NAMESPACE, "GET", LIST_RULE_GROUPS_NAMESPACES));
        }
        if (rest.size() > 1) {
            return notFound(request);
        }
        Map<String, ApsAction> actions = Map.of("GET", DESCRIBE_RULE_GROUPS_NAMESPACE, "PUT", PUT_RULE_GROUPS_NAMESPACE,
                "DELETE", DELETE_RULE_GROUPS_NAMESPACE);
        String name = rest.getFirst();
        return byMethod(request, actions, action -> {
            if (workspace.error().isPresent()) {
                return new RouteClassification.InvalidRequest(workspace.error().get());
            }
            if (!isValidId(name)) {
                return new RouteClassification.InvalidRequest("Invalid rule groups namespace name '" + name
                        + "': 1 to 64 characters, a letter or digit first, then letters, digits, '-', '.' or '_'.");
            }
            String id = workspace.id().orElseThrow().value();
            return new RouteClassification.Operation(action, arnPrefix() + "rulegroupsnamespace/" + id + "/" + name,
                    workspace.id());
        });
    }

    private RouteClassification prometheusApi(Request request, List<String> rest, Workspace workspace) {
        Map<String, ApsAction> actions = switch (rest.size()) {
            case 1 -> switch (rest.getFirst()) {
                case "remote_write" -> Map.of("POST", REMOTE_WRITE);
                case "query", "query_range", "query_exemplars", "format_query", "parse_query" ->
                        Map.of("GET", QUERY_METRICS, "POST", QUERY_METRICS);
                case "labels" -> Map.of("GET", GET_LABELS, "POST", GET_LABELS);
                case "series" -> Map.of("GET", GET_SERIES, "POST", GET_SERIES);
                case "metadata" -> Map.of("GET", GET_METRIC_METADATA);
                case "rules" -> Map.of("GET", LIST_RULES);
                case "alerts" -> Map.of("GET", LIST_ALERTS);
                default -> null;
            };
            case 2 -> rest.getFirst().equals("status") ? Map.of("GET", QUERY_METRICS) : null;
            case 3 -> rest.getFirst().equals("label") && rest.get(2).equals("values") ? Map.of("GET", GET_LABELS) : null;
            default -> null;
        };
        return actions == null ? notFound(request) : in(request, workspace, actions);
    }

    private RouteClassification alertmanagerApi(Request request, List<String> rest, Workspace workspace) {
        Map<String, ApsAction> actions;
        if (rest.equals(List.of("alerts"))) {
            actions = Map.of("GET", LIST_ALERT_MANAGER_ALERTS, "POST", CREATE_ALERT_MANAGER_ALERTS);
        } else if (rest.equals(List.of("alerts", "groups"))) {
            actions = Map.of("GET", LIST_ALERT_MANAGER_ALERT_GROUPS);
        } else if (rest.equals(List.of("receivers"))) {
            actions = Map.of("GET", LIST_ALERT_MANAGER_RECEIVERS);
        } else if (rest.equals(List.of("silences"))) {
            actions = Map.of("GET", LIST_ALERT_MANAGER_SILENCES, "POST", PUT_ALERT_MANAGER_SILENCES);
        } else if (rest.size() == 2 && rest.getFirst().equals("silence")) {
            actions = Map.of("GET", GET_ALERT_MANAGER_SILENCE, "DELETE", DELETE_ALERT_MANAGER_SILENCE);
        } else if (rest.equals(List.of("status"))) {
            actions = Map.of("GET", GET_ALERT_MANAGER_STATUS);
        } else {
            return notFound(request);
        }
        return in(request, workspace, actions);
    }

    private RouteClassification tags(Request request) {
        if (request.path().size() != 2) {
            return notFound(request);
        }
        String arn = request.path().get(1);
        return byMethod(request, Map.of("GET", LIST_TAGS_FOR_RESOURCE, "POST", TAG_RESOURCE, "DELETE", UNTAG_RESOURCE),
                action -> {
                    if (!arn.startsWith("arn:") || arn.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                        return new RouteClassification.InvalidRequest("Invalid resource ARN '" + arn + "'.");
                    }
                    return new RouteClassification.Operation(action, arn, workspaceOfArn(arn));
                });
    }

    /** The workspace of one of this installation's workspace or rule groups namespace ARNs. */
    private Optional<TenantId> workspaceOfArn(String arn) {
        String prefix = arnPrefix();
        if (!arn.startsWith(prefix)) {
            return Optional.empty();
        }
        String resource = arn.substring(prefix.length());
        String id;
        if (resource.startsWith("workspace/")) {
            id = resource.substring("workspace/".length());
        } else if (resource.startsWith("rulegroupsnamespace/")) {
            String rest = resource.substring("rulegroupsnamespace/".length());
            int slash = rest.indexOf('/');
            id = slash < 0 ? "" : rest.substring(0, slash);
        } else {
            return Optional.empty();
        }
        return isValidId(id) ? Optional.of(TenantId.of(id)) : Optional.empty();
    }

    /** An operation in {@code workspace}, authorised on the workspace. */
    private RouteClassification in(Request request, Workspace workspace, Map<String, ApsAction> actions) {
        return byMethod(request, actions, action -> workspace.error().isPresent()
                ? new RouteClassification.InvalidRequest(workspace.error().get())
                : new RouteClassification.Operation(action, arnPrefix() + "workspace/" + workspace.id().orElseThrow().value(),
                        workspace.id()));
    }

    private static RouteClassification byMethod(Request request, Map<String, ApsAction> actions,
                                                Function<ApsAction, RouteClassification> build) {
        ApsAction action = actions.get(request.method());
        return action == null ? new RouteClassification.MethodNotAllowed(actions.keySet()) : build.apply(action);
    }

    private static Workspace pathWorkspace(String id) {
        return isValidId(id) ? new Workspace(Optional.of(TenantId.of(id)), Optional.empty())
                : new Workspace(Optional.empty(), Optional.of("Invalid workspace id '" + id
                        + "': 1 to 64 characters, a letter or digit first, then letters, digits, '-', '.' or '_'."));
    }

    private static Workspace headerWorkspace(Request request) {
        Optional<String> header = request.scopeOrgId().map(String::strip);
        if (header.isEmpty() || header.get().isEmpty()) {
            return new Workspace(Optional.empty(), Optional.of("no org id: requests to " + request.rawPath()
                    + " name their workspace in the " + SCOPE_ORG_ID_HEADER + " header"));
        }
        if (header.get().contains("|")) {
            return new Workspace(Optional.empty(), Optional.of(SCOPE_ORG_ID_HEADER
                    + " must name exactly one workspace; Amphora does not federate requests across workspaces"));
        }
        return pathWorkspace(header.get());
    }

    private String arnPrefix() {
        return "arn:aws:aps:" + region + ":" + accountId + ":";
    }

    private static RouteClassification notFound(Request request) {
        return new RouteClassification.NotFound(request.method(), request.rawPath());
    }

    /** The managed service's pattern for ids and names: {@code [0-9A-Za-z][-.0-9A-Z_a-z]*}, at most 64 long. */
    static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || !Character.isLetterOrDigit(id.charAt(0)) || id.charAt(0) > 0x7f) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The decoded segments of {@code rawPath}, or null when it has an empty segment (a {@code //}) or trailing slash. */
    private static List<String> segments(String rawPath) {
        if (!rawPath.startsWith("/") || rawPath.length() == 1) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.substring(1).split("/", -1)) {
            if (raw.isEmpty()) {
                return null;
            }
            segments.add(new String(PercentEncoding.decode(raw, false), StandardCharsets.UTF_8));
        }
        return segments;
    }

    private record Request(String method, String rawPath, List<String> path, Optional<String> scopeOrgId) {}

    /** A workspace id, or why the request does not name a valid one. */
    private record Workspace(Optional<TenantId> id, Optional<String> error) {}
}
