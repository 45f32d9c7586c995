package io.amphora.controlplane.api;

import io.amphora.controlplane.ControlPlane;
import io.amphora.controlplane.ControlPlaneConfig;
import io.amphora.controlplane.ControlPlaneException;
import io.amphora.controlplane.RecordingDataDeleter;
import io.amphora.controlplane.TestingScheduler;
import io.amphora.controlplane.json.JsonParser;
import io.amphora.controlplane.json.JsonValue;
import io.amphora.controlplane.json.JsonValue.JsonArray;
import io.amphora.controlplane.json.JsonValue.JsonNumber;
import io.amphora.controlplane.json.JsonValue.JsonObject;
import io.amphora.controlplane.json.JsonValue.JsonString;
import io.amphora.controlplane.store.ControlPlaneStore;
import io.amphora.controlplane.store.InMemoryControlPlaneStore;
import io.amphora.controlplane.store.StoredValue;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ControlPlaneApiTest {
    private static final String RULES = """
            groups:
              - name: api
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
            """;
    private static final String ALERT_MANAGER = """
            alertmanager_config: |
              route:
                receiver: hooks
              receivers:
                - name: hooks
                  webhook_configs:
                    - url: http://localhost:9000/hook
            """;

    private final TestingClock clock = new TestingClock(Instant.parse("2025-01-01T00:00:00.250Z"));
    private final TestingScheduler scheduler = new TestingScheduler(clock);
    private final SwitchableStore store = new SwitchableStore();
    private final ControlPlaneConfig config = new ControlPlaneConfig("123456789012", "eu-west-1",
            URI.create("https://amphora.example.com"), 2, 100, 1 << 20, 150, Duration.ZERO, Duration.ofSeconds(1),
            Duration.ofMinutes(5));
    private final ControlPlane controlPlane = new ControlPlane(config, store, new RecordingDataDeleter(), scheduler,
            clock, new Random(1), new PromqlParser(ParserOptions.defaults()));
    private final ControlPlaneApi api = new ControlPlaneApi(controlPlane, 4096);

    @Test
    void createsDescribesAndListsWorkspacesInTheModelsShapes() {
        Response created = call("POST", "/workspaces", null,
                "{\"alias\":\"prod\",\"tags\":{\"team\":\"a\"},\"clientToken\":\"t-1\"}");

        assertThat(created.status).isEqualTo(202);
        assertThat(created.headers).containsEntry("Content-Type", "application/json");
        String id = created.string("workspaceId");
        assertThat(created.string("arn")).isEqualTo("arn:aws:aps:eu-west-1:123456789012:workspace/" + id);
        assertThat(created.object("status")).isEqualTo(Map.of("statusCode", "CREATING"));
        assertThat(created.object("tags")).isEqualTo(Map.of("team", "a"));
        scheduler.runDue();

        Response described = call("GET", "/workspaces/" + id, null, null);
        assertThat(described.status).isEqualTo(200);
        JsonObject workspace = (JsonObject) described.json().members().get("workspace");
        assertThat(workspace.members().keySet()).containsExactly("alias", "arn", "createdAt", "prometheusEndpoint",
                "status", "tags", "workspaceId");
        assertThat(((JsonNumber) workspace.members().get("createdAt")).value()).isEqualByComparingTo("1735689600.25");
        assertThat(workspace.members().get("prometheusEndpoint"))
                .isEqualTo(new JsonString("https://amphora.example.com/workspaces/" + id + "/"));

        Response listed = call("GET", "/workspaces", "alias=prod&maxResults=10", null);
        JsonArray workspaces = (JsonArray) listed.json().members().get("workspaces");
        assertThat(workspaces.elements()).hasSize(1);
        assertThat(((JsonObject) workspaces.elements().getFirst()).members()).doesNotContainKey("prometheusEndpoint")
                .containsKeys("alias", "arn", "createdAt", "status", "tags", "workspaceId");
        assertThat(listed.json().members()).doesNotContainKey("nextToken");
    }

    @Test
    void writesWholeSecondsWithoutAFraction() {
        assertThat(ControlPlaneApi.epochSeconds(Instant.parse("2025-01-01T00:00:00Z")).toPlainString())
                .isEqualTo("1735689600");
        assertThat(ControlPlaneApi.epochSeconds(Instant.parse("2025-01-01T00:00:00.007Z")))
                .isEqualTo(new BigDecimal("1735689600.007"));
    }

    @Test
    void answersUpdatesAndDeletionsWithTheModelsStatusCodesAndNoBody() {
        String id = activeWorkspace();

        Response alias = call("POST", "/workspaces/" + id + "/alias", null, "{\"alias\":\"renamed\"}");
        assertThat(alias.status).isEqualTo(204);
        assertThat(alias.body).isEmpty();

        Response deleted = call("DELETE", "/workspaces/" + id, "clientToken=d-1", null);
        assertThat(deleted.status).isEqualTo(202);
        assertThat(deleted.body).isEmpty();
        assertThat(call("DELETE", "/workspaces/" + id, "clientToken=d-1", null).status).isEqualTo(202);
    }

    @Test
    void reportsErrorsWithTheirTypeHeaderAndTheShapesMembers() {
        String id = activeWorkspace();

        Response notFound = call("GET", "/workspaces/ws-missing", null, null);
        assertThat(notFound.status).isEqualTo(404);
        assertThat(notFound.headers).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException");
        assertThat(notFound.string("resourceId")).isEqualTo("ws-missing");
        assertThat(notFound.string("resourceType")).isEqualTo("WORKSPACE");
        assertThat(notFound.string("message")).isEqualTo("Workspace ws-missing not found");

        call("POST", "/workspaces/" + id + "/alertmanager/definition", null, definition(ALERT_MANAGER));
        Response conflict = call("POST", "/workspaces/" + id + "/alertmanager/definition", null,
                definition(ALERT_MANAGER));
        assertThat(conflict.status).isEqualTo(409);
        assertThat(conflict.headers).containsEntry("x-amzn-ErrorType", "ConflictException");
        assertThat(conflict.string("resourceType")).isEqualTo("ALERT_MANAGER_DEFINITION");

        activeWorkspace();
        Response quota = call("POST", "/workspaces", null, "{}");
        assertThat(quota.status).isEqualTo(402);
        assertThat(quota.headers).containsEntry("x-amzn-ErrorType", "ServiceQuotaExceededException");
        assertThat(quota.json().members().keySet())
                .containsExactly("message", "resourceId", "resourceType", "quotaCode", "serviceCode");
        assertThat(quota.string("quotaCode")).isEqualTo("workspaces-per-account");
        assertThat(quota.string("serviceCode")).isEqualTo("aps");

        Response invalid = call("GET", "/workspaces", "maxResults=0", null);
        assertThat(invalid.status).isEqualTo(400);
        assertThat(invalid.headers).containsEntry("x-amzn-ErrorType", "ValidationException");
        assertThat(invalid.string("reason")).isEqualTo("FIELD_VALIDATION_FAILED");
        assertThat(invalid.string("message")).isEqualTo("1 validation error detected: Value at 'maxResults' failed "
                + "to satisfy constraint: Member must have value between 1 and 1000");
        assertThat(invalid.json().members().get("fieldList").toString()).contains("maxResults");
    }

    @Test
    void refusesBodiesThatAreNotTheOperationsJsonAsValidationErrors() {
        String id = activeWorkspace();
        String namespaces = "/workspaces/" + id + "/rulegroupsnamespaces";

        assertCannotParse(call("POST", "/workspaces", null, "{\"alias\": "), "The request body is not valid JSON: "
                + "unexpected end of input at offset 10");
        assertCannotParse(call("POST", "/workspaces", null, "[]"), "The request body must be a JSON object, got array");
        assertCannotParse(call("POST", "/workspaces", null, "{\"alias\":\"a\",\"color\":\"red\"}"),
                "Unknown member 'color'; the members accepted here are: alias, clientToken, kmsKeyArn, tags");
        assertCannotParse(call("POST", "/workspaces", null, "{\"alias\":5}"), "Member 'alias' must be a string, "
                + "got number");
        assertCannotParse(call("POST", "/workspaces", null, "{\"tags\":{\"a\":true}}"),
                "Member 'tags.a' must be a string, got boolean");
        assertCannotParse(call("POST", namespaces, null, "{\"name\":\"r\",\"data\":\"not base64!\"}"),
                "Member 'data' must be base64-encoded: Illegal base64 character 20");
        assertCannotParse(call("PATCH", "/workspaces/" + id + "/configuration", null,
                "{\"retentionPeriodInDays\":1.5}"), "Member 'retentionPeriodInDays' must be a whole number within the "
                + "32-bit range, got 1.5");
        assertCannotParse(call("PATCH", "/workspaces/" + id + "/configuration", null,
                "{\"limitsPerLabelSet\":[{\"labelSet\":{},\"limits\":{\"maxSeries\":1,\"minSeries\":0}}]}"),
                "Unknown member 'limitsPerLabelSet.1.limits.minSeries'; the members accepted here are: maxSeries");
        assertCannotParse(callBytes("POST", "/workspaces", null, new byte[] {'{', '"', (byte) 0xC3, '"', '}'}),
                "The request body is not valid JSON: the document is not valid UTF-8");
        Response missing = call("POST", namespaces, null, "{\"name\":\"r\"}");
        assertThat(missing.status).isEqualTo(400);
        assertThat(missing.string("message")).isEqualTo("1 validation error detected: Value at 'data' failed to "
                + "satisfy constraint: Member must not be null");
        Response tooLarge = call("POST", namespaces, null, "{\"name\":\"r\",\"data\":\"" + "A".repeat(5000) + "\"}");
        assertThat(tooLarge.status).isEqualTo(400);
        assertThat(tooLarge.string("message")).isEqualTo("The request body is larger than 4096 bytes");
    }

    @Test
    void refusesBadQueryStringsAndPathsAsValidationErrors() {
        assertThat(call("GET", "/workspaces", "maxResults=ten", null).string("message"))
                .isEqualTo("Query parameter 'maxResults' must be a whole number, got 'ten'");
        assertThat(call("GET", "/workspaces", "alias=a&alias=b", null).string("message"))
                .isEqualTo("Query parameter 'alias' must be given once");
        Response badEscape = call("GET", "/workspaces/ws-%zz", null, null);
        assertThat(badEscape.status).isEqualTo(400);
        assertThat(badEscape.string("message")).isEqualTo("The path has an invalid percent-encoding: ws-%zz");
        assertThat(call("GET", "/tags/%C3", null, null).status).isEqualTo(400);
    }

    @Test
    void answersPathsAndMethodsOfNoOperationWithUnknownOperation() {
        for (String[] request : new String[][] {{"PUT", "/workspaces"}, {"GET", "/workspaces/ws-1/other"},
                {"PATCH", "/tags/x"}, {"GET", "/nothing"}, {"POST", "/workspaces/ws-1"}}) {
            Response response = call(request[0], request[1], null, null);
            assertThat(response.status).as(request[0] + " " + request[1]).isEqualTo(404);
            assertThat(response.headers).containsEntry("x-amzn-ErrorType", "UnknownOperationException");
        }
    }

    @Test
    void takesArnsWithEncodedSlashesAndColonsInTheTagsPath() {
        String id = activeWorkspace();
        call("POST", "/workspaces/" + id + "/rulegroupsnamespaces", null, "{\"name\":\"rules\",\"data\":\""
                + base64(RULES) + "\",\"tags\":{\"a\":\"1\"}}");
        String workspaceArn = URLEncoder.encode(controlPlane.arns().workspace(id), StandardCharsets.UTF_8);
        String namespaceArn = URLEncoder.encode(controlPlane.arns().ruleGroupsNamespace(id, "rules"),
                StandardCharsets.UTF_8);
        assertThat(workspaceArn).contains("%2F").contains("%3A");

        assertThat(call("POST", "/tags/" + workspaceArn, null, "{\"tags\":{\"env\":\"prod\",\"team\":\"x\"}}").status)
                .isEqualTo(200);
        assertThat(call("DELETE", "/tags/" + workspaceArn, "tagKeys=team&tagKeys=other", null).status).isEqualTo(200);
        assertThat(call("GET", "/tags/" + workspaceArn, null, null).object("tags")).isEqualTo(Map.of("env", "prod"));
        assertThat(call("GET", "/tags/" + namespaceArn, null, null).object("tags")).isEqualTo(Map.of("a", "1"));
        assertThat(call("POST", "/tags/" + workspaceArn, null, "{}").string("message"))
                .isEqualTo("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must "
                        + "not be null");
    }

    @Test
    void carriesRuleFilesAndAlertManagerDefinitionsAsBase64ByteForByte() {
        String id = activeWorkspace();
        String namespaces = "/workspaces/" + id + "/rulegroupsnamespaces";

        Response created = call("POST", namespaces, null, "{\"name\":\"rules\",\"data\":\"" + base64(RULES) + "\"}");
        assertThat(created.status).isEqualTo(202);
        assertThat(created.string("arn"))
                .isEqualTo("arn:aws:aps:eu-west-1:123456789012:rulegroupsnamespace/" + id + "/rules");
        assertThat(created.object("status")).isEqualTo(Map.of("statusCode", "CREATING"));
        scheduler.runDue();

        JsonObject described = (JsonObject) call("GET", namespaces + "/rules", null, null).json().members()
                .get("ruleGroupsNamespace");
        assertThat(described.members().keySet())
                .containsExactly("arn", "createdAt", "data", "modifiedAt", "name", "status", "tags");
        assertThat(described.members().get("data")).isEqualTo(new JsonString(base64(RULES)));
        Response put = call("PUT", namespaces + "/rules", null, "{\"data\":\"" + base64(RULES + "# v2\n") + "\"}");
        assertThat(put.status).isEqualTo(202);
        assertThat(put.object("status")).isEqualTo(Map.of("statusCode", "UPDATING"));
        JsonArray listed = (JsonArray) call("GET", namespaces, "name=ru", null).json().members()
                .get("ruleGroupsNamespaces");
        assertThat(((JsonObject) listed.elements().getFirst()).members()).doesNotContainKey("data");
        assertThat(call("DELETE", namespaces + "/rules", null, null).status).isEqualTo(202);

        String definitionPath = "/workspaces/" + id + "/alertmanager/definition";
        assertThat(call("POST", definitionPath, null, definition(ALERT_MANAGER)).object("status"))
                .isEqualTo(Map.of("statusCode", "CREATING"));
        JsonObject definition = (JsonObject) call("GET", definitionPath, null, null).json().members()
                .get("alertManagerDefinition");
        assertThat(definition.members().keySet()).containsExactly("createdAt", "data", "modifiedAt", "status");
        assertThat(definition.members().get("data")).isEqualTo(new JsonString(base64(ALERT_MANAGER)));
        assertThat(call("PUT", definitionPath, null, definition(ALERT_MANAGER)).status).isEqualTo(202);
        assertThat(call("DELETE", definitionPath, null, null).status).isEqualTo(202);
    }

    @Test
    void updatesAndDescribesTheWorkspaceConfiguration() {
        String id = activeWorkspace();
        String path = "/workspaces/" + id + "/configuration";

        Response updated = call("PATCH", path, null, "{\"retentionPeriodInDays\":90,\"limitsPerLabelSet\":[{\"labelSet\":"
                + "{\"env\":\"prod\"},\"limits\":{\"maxSeries\":1000}}],\"clientToken\":\"c-1\"}");
        assertThat(updated.status).isEqualTo(202);
        assertThat(updated.object("status")).isEqualTo(Map.of("statusCode", "UPDATING"));

        JsonObject configuration = (JsonObject) call("GET", path, null, null).json().members()
                .get("workspaceConfiguration");
        assertThat(configuration.toString()).contains("retentionPeriodInDays");
        assertThat(((JsonNumber) configuration.members().get("retentionPeriodInDays")).value()).isEqualTo(
                new BigDecimal(90));
        JsonObject limit = (JsonObject) ((JsonArray) configuration.members().get("limitsPerLabelSet")).elements()
                .getFirst();
        assertThat(limit.members().get("labelSet")).isEqualTo(new JsonObject(Map.of("env", new JsonString("prod"))));
        assertThat(limit.members().get("limits"))
                .isEqualTo(new JsonObject(Map.of("maxSeries", new JsonNumber(new BigDecimal(1000)))));

        Response negative = call("PATCH", path, null, "{\"limitsPerLabelSet\":[{\"labelSet\":{},\"limits\":"
                + "{\"maxSeries\":-1}}]}");
        assertThat(negative.string("message")).endsWith("Value at 'limitsPerLabelSet.1.limits.maxSeries' failed to "
                + "satisfy constraint: Member must have value greater than or equal to 0");
        Response noLimits = call("PATCH", path, null, "{\"limitsPerLabelSet\":[{\"labelSet\":{}}]}");
        assertThat(noLimits.string("message")).endsWith("Value at 'limitsPerLabelSet.1.limits' failed to satisfy "
                + "constraint: Member must not be null");
    }

    @Test
    void answersFailuresOfTheStoreAsInternalErrorsWithoutTheirDetails() {
        store.failing = true;

        Response response = call("GET", "/workspaces", null, null);

        assertThat(response.status).isEqualTo(500);
        assertThat(response.headers).containsEntry("x-amzn-ErrorType", "InternalServerException");
        assertThat(response.string("message")).isEqualTo("The control plane failed to process the request");
    }

    @Test
    void rendersAccessDeniedWithItsMessageOnly() {
        ApiResponse response = ControlPlaneApi.error(ControlPlaneException.accessDenied("not allowed"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "AccessDeniedException");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"not allowed\"}");
    }

    @Test
    void sizesTheBodyLimitForTheLargestDefinitionEncoded() {
        assertThat(ControlPlaneApi.maxRequestBytesFor(3)).isEqualTo(4 + 64 * 1024);
        assertThat(ControlPlaneApi.maxRequestBytesFor(1 << 20)).isEqualTo(1398104 + 64 * 1024);
    }

    private String activeWorkspace() {
        String id = call("POST", "/workspaces", null, "{}").string("workspaceId");
        scheduler.runDue();
        return id;
    }

    private static String definition(String yaml) {
        return "{\"data\":\"" + base64(yaml) + "\"}";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCannotParse(Response response, String message) {
        assertThat(response.status).isEqualTo(400);
        assertThat(response.headers).containsEntry("x-amzn-ErrorType", "ValidationException");
        assertThat(response.string("reason")).isIn("CANNOT_PARSE");
        assertThat(response.string("message")).isEqualTo(message);
    }

    private Response call(String method, String path, String query, String body) {
        return callBytes(method, path, query, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private Response callBytes(String method, String path, String query, byte[] body) {
        ApiResponse response = api.handle(method, path, query, new ByteArrayInputStream(body));
        return new Response(response.status(), response.headers(), response.body());
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {
        JsonObject json() {
            try {
                return (JsonObject) JsonParser.parse(body);
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String string(String member) {
            JsonValue value = json().members().get(member);
            assertThat(value).as(member + " in " + new String(body, StandardCharsets.UTF_8))
                    .isInstanceOf(JsonString.class);
            return ((JsonString) value).value();
        }

        Map<String, String> object(String member) {
            JsonObject object = (JsonObject) json().members().get(member);
            return object.members().entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, entry -> ((JsonString) entry.getValue()).value()));
        }
    }

    /** A store that fails every call once {@link #failing} is set, as a broken disk would. */
    private static final class SwitchableStore implements ControlPlaneStore {
        private final InMemoryControlPlaneStore delegate = new InMemoryControlPlaneStore();
        volatile boolean failing;

        @Override
        public Optional<StoredValue> get(String key) {
            check();
            return delegate.get(key);
        }

        @Override
        public List<StoredValue> scan(String prefix) {
            check();
            return delegate.scan(prefix);
        }

        @Override
        public Optional<Long> compareAndSet(String key, long expectedVersion, Optional<byte[]> value) {
            check();
            return delegate.compareAndSet(key, expectedVersion, value);
        }

        @Override
        public void close() {
            delegate.close();
        }

        private void check() {
            if (failing) {
                throw new UncheckedIOException(new IOException("disk on fire"));
            }
        }
    }
}
