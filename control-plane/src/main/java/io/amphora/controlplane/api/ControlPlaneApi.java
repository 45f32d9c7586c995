package io.amphora.controlplane.api;

import io.amphora.controlplane.AlertManagerDefinition;
import io.amphora.controlplane.ConfigurationStatus;
import io.amphora.controlplane.ControlPlane;
import io.amphora.controlplane.ControlPlaneException;
import io.amphora.controlplane.ErrorType;
import io.amphora.controlplane.FieldError;
import io.amphora.controlplane.LabelSetLimit;
import io.amphora.controlplane.Page;
import io.amphora.controlplane.ResourceStatus;
import io.amphora.controlplane.RuleGroupsNamespace;
import io.amphora.controlplane.ValidationReason;
import io.amphora.controlplane.Workspace;
import io.amphora.controlplane.WorkspaceConfiguration;
import io.amphora.controlplane.json.JsonWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The managed service's control-plane API over HTTP, in its REST-JSON protocol, so that the AWS SDKs' {@code amp}
 * clients and {@code aws amp} work unchanged: the operations' paths and methods, members in the path, the query
 * string and a JSON body, success status codes (202 for creations, updates and deletions, 204 for
 * UpdateWorkspaceAlias), timestamps as epoch seconds, blobs as base64, and errors as the protocol expects them (the
 * {@code x-amzn-ErrorType} header naming the error shape, a JSON body with {@code message} and the shape's members).
 *
 * <p>It moves bytes: requests are decoded strictly (see {@link RequestBody}), handed to {@link ControlPlane}, and its
 * results and {@link ControlPlaneException}s encoded. No input produces a server error: malformed JSON, unknown or
 * mistyped members, bad base64, bad percent-encoding and oversized bodies are ValidationExceptions. A 500
 * (InternalServerException) means the control plane itself failed, and its cause is logged, not sent.
 *
 * <p>Stateless apart from the control plane; thread-safe.
 */
public final class ControlPlaneApi {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneApi.class);
    private static final Set<String> CREATE_WORKSPACE = Set.of("alias", "clientToken", "kmsKeyArn", "tags");
    private static final Set<String> UPDATE_ALIAS = Set.of("alias", "clientToken");
    private static final Set<String> UPDATE_CONFIGURATION =
            Set.of("clientToken", "limitsPerLabelSet", "retentionPeriodInDays");
    private static final Set<String> LABEL_SET_LIMIT = Set.of("labelSet", "limits");
    private static final Set<String> LIMITS = Set.of("maxSeries");
    private static final Set<String> CREATE_NAMESPACE = Set.of("clientToken", "data", "name", "tags");
    private static final Set<String> PUT_DEFINITION = Set.of("clientToken", "data");
    private static final Set<String> TAG_RESOURCE = Set.of("tags");
    private static final Set<String> NO_MEMBERS = Set.of();

    private final ControlPlane controlPlane;
    private final int maxRequestBytes;

    /**
     * @param maxRequestBytes the largest body read; a longer one is refused before it is parsed
     */
    public ControlPlaneApi(ControlPlane controlPlane, int maxRequestBytes) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
        }
        this.maxRequestBytes = maxRequestBytes;
    }

    /** A body limit that fits the largest definition the control plane accepts, base64-encoded, and its JSON. */
    public static int maxRequestBytesFor(int maxDefinitionBytes) {
        long encoded = 4L * ((maxDefinitionBytes + 2L) / 3) + 64 * 1024;
        return (int) Math.min(Integer.MAX_VALUE - 8, encoded);
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method, upper case
     * @param rawPath the path as sent, still percent-encoded (so that {@code %2F} inside a member stays inside it)
     * @param rawQuery the query string as sent, without {@code ?}; null or empty when there is none
     * @param body the request body; read up to the limit, not closed
     */
    public ApiResponse handle(String method, String rawPath, String rawQuery, InputStream body) {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(body, "body is null");
        try {
            List<String> segments = segments(rawPath);
            Map<String, List<String>> query = query(rawQuery);
            return route(method, segments, query, body);
        } catch (ControlPlaneException e) {
            if (e.type() == ErrorType.INTERNAL) {
                log.error("{} {} failed: {}", method, rawPath, e.getMessage(), e.getCause());
            }
            return error(e);
        } catch (RuntimeException e) {
            log.error("{} {} failed", method, rawPath, e);
            return error(ControlPlaneException.internal("The control plane failed to process the request", e));
        }
    }

    private ApiResponse route(String method, List<String> path, Map<String, List<String>> query, InputStream body) {
        int size = path.size();
        if (size >= 1 && path.getFirst().equals("workspaces")) {
            if (size == 1) {
                return switch (method) {
                    case "POST" -> createWorkspace(read(body, CREATE_WORKSPACE));
                    case "GET" -> listWorkspaces(query);
                    default -> unknown(method, path);
                };
            }
            String workspaceId = path.get(1);
            if (size == 2) {
                return switch (method) {
                    case "GET" -> describeWorkspace(workspaceId);
                    case "DELETE" -> {
                        controlPlane.deleteWorkspace(workspaceId, param(query, "clientToken"));
                        yield ApiResponse.empty(202);
                    }
                    default -> unknown(method, path);
                };
            }
            String resource = path.get(2);
            if (size == 3 && resource.equals("alias") && method.equals("POST")) {
                RequestBody request = read(body, UPDATE_ALIAS);
                controlPlane.updateWorkspaceAlias(workspaceId, request.string("alias"), request.string("clientToken"));
                return ApiResponse.empty(204);
            }
            if (size == 3 && resource.equals("configuration")) {
                return switch (method) {
                    case "GET" -> describeConfiguration(workspaceId);
                    case "PATCH" -> updateConfiguration(workspaceId, read(body, UPDATE_CONFIGURATION));
                    default -> unknown(method, path);
                };
            }
            if (resource.equals("rulegroupsnamespaces")) {
                if (size == 3) {
                    return switch (method) {
                        case "POST" -> createNamespace(workspaceId, read(body, CREATE_NAMESPACE));
                        case "GET" -> listNamespaces(workspaceId, query);
                        default -> unknown(method, path);
                    };
                }
                if (size == 4) {
                    String name = path.get(3);
                    return switch (method) {
                        case "GET" -> describeNamespace(workspaceId, name);
                        case "PUT" -> putNamespace(workspaceId, name, read(body, PUT_DEFINITION));
                        case "DELETE" -> {
                            controlPlane.deleteRuleGroupsNamespace(workspaceId, name, param(query, "clientToken"));
                            yield ApiResponse.empty(202);
                        }
                        default -> unknown(method, path);
                    };
                }
            }
            if (size == 4 && resource.equals("alertmanager") && path.get(3).equals("definition")) {
                return switch (method) {
                    case "POST" -> createAlertManager(workspaceId, read(body, PUT_DEFINITION));
                    case "PUT" -> putAlertManager(workspaceId, read(body, PUT_DEFINITION));
                    case "GET" -> describeAlertManager(workspaceId);
                    case "DELETE" -> {
                        controlPlane.deleteAlertManagerDefinition(workspaceId, param(query, "clientToken"));
                        yield ApiResponse.empty(202);
                    }
                    default -> unknown(method, path);
                };
            }
        }
        if (size == 2 && path.getFirst().equals("tags")) {
            String arn = path.get(1);
            return switch (method) {
                case "GET" -> ApiResponse.json(200, new JsonWriter().beginObject()
                        .name("tags").stringMap(controlPlane.listTagsForResource(arn)).endObject().toBytes());
                case "POST" -> {
                    RequestBody request = read(body, TAG_RESOURCE);
                    if (!request.has("tags")) {
                        throw ControlPlaneException.invalidField("tags", "Member must not be null");
                    }
                    controlPlane.tagResource(arn, request.stringMap("tags"));
                    yield ApiResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8));
                }
                case "DELETE" -> {
                    controlPlane.untagResource(arn, query.getOrDefault("tagKeys", List.of()));
                    yield ApiResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8));
                }
                default -> unknown(method, path);
            };
        }
        return unknown(method, path);
    }

    // ---- workspaces ---------------------------------------------------------------------------------------------

    private ApiResponse createWorkspace(RequestBody request) {
        Workspace workspace = controlPlane.createWorkspace(request.string("alias"), request.stringMap("tags"),
                request.string("kmsKeyArn"), request.string("clientToken"));
        JsonWriter json = new JsonWriter().beginObject()
                .name("arn").value(controlPlane.arns().workspace(workspace.id()));
        workspace.kmsKeyArn().ifPresent(arn -> json.name("kmsKeyArn").value(arn));
        json.name("status").beginObject().name("statusCode").value(workspace.status().name()).endObject()
                .name("tags").stringMap(workspace.tags())
                .name("workspaceId").value(workspace.id());
        return ApiResponse.json(202, json.endObject().toBytes());
    }

    private ApiResponse describeWorkspace(String workspaceId) {
        Workspace workspace = controlPlane.describeWorkspace(workspaceId);
        JsonWriter json = new JsonWriter().beginObject().name("workspace");
        workspace(json, workspace, true);
        return ApiResponse.json(200, json.endObject().toBytes());
    }

    private ApiResponse listWorkspaces(Map<String, List<String>> query) {
        Page<Workspace> page = controlPlane.listWorkspaces(param(query, "alias"), intParam(query, "maxResults"),
                param(query, "nextToken"));
        JsonWriter json = new JsonWriter().beginObject();
        page.nextToken().ifPresent(token -> json.name("nextToken").value(token));
        json.name("workspaces").beginArray();
        page.items().forEach(workspace -> workspace(json, workspace, false));
        return ApiResponse.json(200, json.endArray().endObject().toBytes());
    }

    /** A WorkspaceDescription ({@code withEndpoint}) or a WorkspaceSummary. */
    private void workspace(JsonWriter json, Workspace workspace, boolean withEndpoint) {
        json.beginObject();
        workspace.alias().ifPresent(alias -> json.name("alias").value(alias));
        json.name("arn").value(controlPlane.arns().workspace(workspace.id()))
                .name("createdAt").value(epochSeconds(workspace.createdAt()));
        workspace.kmsKeyArn().ifPresent(arn -> json.name("kmsKeyArn").value(arn));
        if (withEndpoint) {
            json.name("prometheusEndpoint").value(controlPlane.config().prometheusEndpoint(workspace.id()));
        }
        json.name("status").beginObject().name("statusCode").value(workspace.status().name()).endObject()
                .name("tags").stringMap(workspace.tags())
                .name("workspaceId").value(workspace.id())
                .endObject();
    }

    private ApiResponse describeConfiguration(String workspaceId) {
        WorkspaceConfiguration configuration = controlPlane.describeWorkspaceConfiguration(workspaceId);
        JsonWriter json = new JsonWriter().beginObject().name("workspaceConfiguration").beginObject()
                .name("limitsPerLabelSet").beginArray();
        for (LabelSetLimit limit : configuration.limitsPerLabelSet()) {
            json.beginObject()
                    .name("labelSet").stringMap(limit.labelSet())
                    .name("limits").beginObject().name("maxSeries").value(limit.maxSeries()).endObject()
                    .endObject();
        }
        json.endArray()
                .name("retentionPeriodInDays").value(configuration.retentionPeriodInDays())
                .name("status").beginObject().name("statusCode").value(configuration.status().name()).endObject();
        return ApiResponse.json(200, json.endObject().endObject().toBytes());
    }

    private ApiResponse updateConfiguration(String workspaceId, RequestBody request) {
        Optional<List<LabelSetLimit>> limits = request.objects("limitsPerLabelSet", LABEL_SET_LIMIT).map(entries -> {
            List<LabelSetLimit> parsed = new ArrayList<>();
            for (RequestBody entry : entries) {
                RequestBody limitsMember = entry.object("limits", LIMITS).orElseThrow(() ->
                        ControlPlaneException.invalidField(entry.field("limits"), "Member must not be null"));
                long maxSeries = limitsMember.longValue("maxSeries").orElseThrow(() ->
                        ControlPlaneException.invalidField(limitsMember.field("maxSeries"), "Member must not be null"));
                if (maxSeries < 0) {
                    throw ControlPlaneException.invalidField(limitsMember.field("maxSeries"),
                            "Member must have value greater than or equal to 0");
                }
                if (!entry.has("labelSet")) {
                    throw ControlPlaneException.invalidField(entry.field("labelSet"), "Member must not be null");
                }
                parsed.add(new LabelSetLimit(entry.stringMap("labelSet"), maxSeries));
            }
            return parsed;
        });
        ConfigurationStatus status = controlPlane.updateWorkspaceConfiguration(workspaceId,
                request.integer("retentionPeriodInDays"), limits, request.string("clientToken"));
        return ApiResponse.json(202, new JsonWriter().beginObject()
                .name("status").beginObject().name("statusCode").value(status.name()).endObject()
                .endObject().toBytes());
    }

    // ---- rule groups namespaces ---------------------------------------------------------------------------------

    private ApiResponse createNamespace(String workspaceId, RequestBody request) {
        String name = request.string("name").orElseThrow(() ->
                ControlPlaneException.invalidField("name", "Member must not be null"));
        RuleGroupsNamespace namespace = controlPlane.createRuleGroupsNamespace(workspaceId, name, data(request),
                request.stringMap("tags"), request.string("clientToken"));
        return ApiResponse.json(202, namespaceResult(namespace));
    }

    private ApiResponse putNamespace(String workspaceId, String name, RequestBody request) {
        RuleGroupsNamespace namespace = controlPlane.putRuleGroupsNamespace(workspaceId, name, data(request),
                request.string("clientToken"));
        return ApiResponse.json(202, namespaceResult(namespace));
    }

    private byte[] namespaceResult(RuleGroupsNamespace namespace) {
        return new JsonWriter().beginObject()
                .name("arn").value(controlPlane.arns().ruleGroupsNamespace(namespace.workspaceId(), namespace.name()))
                .name("name").value(namespace.name())
                .name("status").beginObject().name("statusCode").value(namespace.status().name()).endObject()
                .name("tags").stringMap(namespace.tags())
                .endObject().toBytes();
    }

    private ApiResponse describeNamespace(String workspaceId, String name) {
        RuleGroupsNamespace namespace = controlPlane.describeRuleGroupsNamespace(workspaceId, name);
        JsonWriter json = new JsonWriter().beginObject().name("ruleGroupsNamespace");
        namespace(json, namespace, true);
        return ApiResponse.json(200, json.endObject().toBytes());
    }

    private ApiResponse listNamespaces(String workspaceId, Map<String, List<String>> query) {
        Page<RuleGroupsNamespace> page = controlPlane.listRuleGroupsNamespaces(workspaceId, param(query, "name"),
                intParam(query, "maxResults"), param(query, "nextToken"));
        JsonWriter json = new JsonWriter().beginObject();
        page.nextToken().ifPresent(token -> json.name("nextToken").value(token));
        json.name("ruleGroupsNamespaces").beginArray();
        page.items().forEach(namespace -> namespace(json, namespace, false));
        return ApiResponse.json(200, json.endArray().endObject().toBytes());
    }

    /** A RuleGroupsNamespaceDescription ({@code withData}) or a RuleGroupsNamespaceSummary. */
    private void namespace(JsonWriter json, RuleGroupsNamespace namespace, boolean withData) {
        json.beginObject()
                .name("arn").value(controlPlane.arns().ruleGroupsNamespace(namespace.workspaceId(), namespace.name()))
                .name("createdAt").value(epochSeconds(namespace.createdAt()));
        if (withData) {
            json.name("data").value(Base64.getEncoder().encodeToString(namespace.data()));
        }
        json.name("modifiedAt").value(epochSeconds(namespace.modifiedAt()))
                .name("name").value(namespace.name())
                .name("status").beginObject().name("statusCode").value(namespace.status().name()).endObject()
                .name("tags").stringMap(namespace.tags())
                .endObject();
    }

    // ---- alert manager definitions ------------------------------------------------------------------------------

    private ApiResponse createAlertManager(String workspaceId, RequestBody request) {
        AlertManagerDefinition definition = controlPlane.createAlertManagerDefinition(workspaceId, data(request),
                request.string("clientToken"));
        return statusResult(definition.status());
    }

    private ApiResponse putAlertManager(String workspaceId, RequestBody request) {
        AlertManagerDefinition definition = controlPlane.putAlertManagerDefinition(workspaceId, data(request),
                request.string("clientToken"));
        return statusResult(definition.status());
    }

    private static ApiResponse statusResult(ResourceStatus status) {
        return ApiResponse.json(202, new JsonWriter().beginObject()
                .name("status").beginObject().name("statusCode").value(status.name()).endObject()
                .endObject().toBytes());
    }

    private ApiResponse describeAlertManager(String workspaceId) {
        AlertManagerDefinition definition = controlPlane.describeAlertManagerDefinition(workspaceId);
        return ApiResponse.json(200, new JsonWriter().beginObject().name("alertManagerDefinition").beginObject()
                .name("createdAt").value(epochSeconds(definition.createdAt()))
                .name("data").value(Base64.getEncoder().encodeToString(definition.data()))
                .name("modifiedAt").value(epochSeconds(definition.modifiedAt()))
                .name("status").beginObject().name("statusCode").value(definition.status().name()).endObject()
                .endObject().endObject().toBytes());
    }

    // ---- protocol -----------------------------------------------------------------------------------------------

    private static byte[] data(RequestBody request) {
        return request.blob("data").orElseThrow(() ->
                ControlPlaneException.invalidField("data", "Member must not be null"));
    }

    private RequestBody read(InputStream body, Set<String> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (out.size() + n > maxRequestBytes) {
                    throw ControlPlaneException.validation(ValidationReason.OTHER,
                            "The request body is larger than " + maxRequestBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw ControlPlaneException.validation(ValidationReason.CANNOT_PARSE,
                    "The request body could not be read: " + e.getMessage());
        }
        return RequestBody.parse(out.toByteArray(), members);
    }

    /** The path's segments, each percent-decoded on its own. */
    private static List<String> segments(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(percentDecode(segment, false, "path"));
        }
        return segments;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = percentDecode(equals < 0 ? pair : pair.substring(0, equals), true, "query string");
            String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1), true, "query string");
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static Optional<String> param(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ControlPlaneException.cannotParse(name, "Query parameter '" + name + "' must be given once");
        }
        return Optional.of(values.getFirst());
    }

    private static Optional<Integer> intParam(Map<String, List<String>> query, String name) {
        return param(query, name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw ControlPlaneException.cannotParse(name,
                        "Query parameter '" + name + "' must be a whole number, got '" + value + "'");
            }
        });
    }

    /**
     * RFC 3986 percent-decoding of UTF-8; {@code +} means a space in the query string only, as HTML forms and the
     * servlet API read it. Invalid escapes or bytes that are not UTF-8 are a ValidationException.
     */
    private static String percentDecode(String text, boolean plusIsSpace, String where) {
        if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        String input = plusIsSpace ? text : text.replace("+", "%2B");
        try {
            String decoded = URLDecoder.decode(input, StandardCharsets.ISO_8859_1);
            byte[] bytes = decoded.getBytes(StandardCharsets.ISO_8859_1);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw ControlPlaneException.validation(ValidationReason.CANNOT_PARSE,
                    "The " + where + " has an invalid percent-encoding: " + text);
        }
    }

    private static ApiResponse unknown(String method, List<String> path) {
        String operation = method + " /" + String.join("/", path);
        return new ApiResponse(404, Map.of(ApiResponse.CONTENT_TYPE, ApiResponse.JSON,
                ApiResponse.ERROR_TYPE, "UnknownOperationException"), new JsonWriter().beginObject()
                .name("message").value("No operation matches " + operation).endObject().toBytes());
    }

    /** An error as the REST-JSON protocol carries it: the shape's name in a header, its members in the body. */
    static ApiResponse error(ControlPlaneException e) {
        JsonWriter json = new JsonWriter().beginObject().name("message").value(e.getMessage());
        switch (e.type()) {
            case VALIDATION -> {
                json.name("reason").value(e.reason().orElse(ValidationReason.OTHER).name());
                if (!e.fields().isEmpty()) {
                    json.name("fieldList").beginArray();
                    for (FieldError field : e.fields()) {
                        json.beginObject().name("message").value(field.message())
                                .name("name").value(field.name()).endObject();
                    }
                    json.endArray();
                }
            }
            case RESOURCE_NOT_FOUND, CONFLICT -> resource(json, e);
            case SERVICE_QUOTA_EXCEEDED -> {
                resource(json, e);
                e.quotaCode().ifPresent(code -> json.name("quotaCode").value(code));
                json.name("serviceCode").value(ControlPlaneException.SERVICE_CODE);
            }
            case ACCESS_DENIED, INTERNAL -> {
                // The message is all these shapes carry.
            }
        }
        return new ApiResponse(e.type().httpStatus(), Map.of(ApiResponse.CONTENT_TYPE, ApiResponse.JSON,
                ApiResponse.ERROR_TYPE, e.type().errorName()), json.endObject().toBytes());
    }

    private static void resource(JsonWriter json, ControlPlaneException e) {
        e.resourceId().ifPresent(id -> json.name("resourceId").value(id));
        e.resourceType().ifPresent(type -> json.name("resourceType").value(type.name()));
    }

    /** The protocol's timestamp: seconds since the epoch, with the milliseconds as a fraction when there are any. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros();
    }
}
