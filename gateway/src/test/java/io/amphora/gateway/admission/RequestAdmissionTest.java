package io.amphora.gateway.admission;

import io.amphora.gateway.GatewayConfig;
import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.RequestHeaders;
import io.amphora.gateway.RequestPayload;
import io.amphora.gateway.authn.AuthenticationMethod;
import io.amphora.gateway.authn.AwsSdkSigning;
import io.amphora.gateway.authn.RequestAuthenticator;
import io.amphora.gateway.credentials.CredentialsFile;
import io.amphora.gateway.credentials.IdentitySnapshot;
import io.amphora.gateway.ratelimit.RateLimit;
import io.amphora.gateway.ratelimit.WorkspaceRateLimiter;
import io.amphora.gateway.route.ApsAction;
import io.amphora.gateway.route.RequestClassifier;
import io.amphora.gateway.route.RouteClassification;
import io.amphora.model.TenantId;
import io.amphora.testing.TestingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestAdmissionTest {
    private static final Instant NOW = Instant.parse("2025-03-14T10:00:00Z");
    private static final String ACCOUNT = "123456789012";
    private static final String WRITER_KEY = "AKIAWRITER0000000001";
    private static final String READER_KEY = "AKIAREADER0000000001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final byte[] BODY = {1, 2, 3};

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IdentitySnapshot identities = CredentialsFile.parse("""
            principals:
              - name: writer
                accessKeys: [{accessKeyId: %s, secretAccessKey: "%s"}]
                managedPolicies: [AmazonPrometheusRemoteWriteAccess]
              - name: reader
                accessKeys: [{accessKeyId: %s, secretAccessKey: "%s"}]
                managedPolicies: [AmazonPrometheusFullAccess]
                inlinePolicies:
                  NoWorkspaceTwo: {"Statement": {"Effect": "Deny", "Action": "aps:*",
                                   "Resource": "arn:aws:aps:us-east-1:123456789012:workspace/ws-2"}}
            """.formatted(WRITER_KEY, SECRET, READER_KEY, SECRET), "test", ACCOUNT);
    private final GatewayConfig config = new GatewayConfig("us-east-1", ACCOUNT, Duration.ofMinutes(15), false,
            Optional.empty(), 2.0 / 3600, 2);
    private final RequestAdmission admission = new RequestAdmission(
            new RequestClassifier(config.region(), config.accountId()),
            new RequestAuthenticator(config, identities, new TestingClock(NOW), registry),
            new WorkspaceRateLimiter(new RateLimit(config.requestsPerSecond(), config.requestBurst()),
                    workspace -> Optional.empty(), registry),
            registry);

    @Test
    void admitsAnAllowedSignedRequestWithItsWorkspace() {
        Admission result = admission.admit(signed(WRITER_KEY, SdkHttpMethod.POST, "/workspaces/ws-1/api/v1/remote_write",
                Map.of()));

        assertThat(result).isInstanceOfSatisfying(Admission.Admitted.class, admitted -> {
            assertThat(admitted.operation()).isEqualTo(new RouteClassification.Operation(ApsAction.REMOTE_WRITE,
                    "arn:aws:aps:us-east-1:123456789012:workspace/ws-1", Optional.of(TenantId.of("ws-1"))));
            assertThat(admitted.workspaceId()).contains(TenantId.of("ws-1"));
            assertThat(admitted.identity().principal().name()).isEqualTo("writer");
            assertThat(admitted.method()).isEqualTo(AuthenticationMethod.SIGV4_HEADER);
        });
    }

    @Test
    void refusesWhatNoPolicyAllows() {
        Admission result = admission.admit(signed(WRITER_KEY, SdkHttpMethod.GET, "/workspaces/ws-1/api/v1/query",
                Map.of("query", List.of("up"))));

        assertThat(result).isEqualTo(new Admission.Refused(403, "AccessDeniedException", "User:"
                + " arn:aws:iam::123456789012:user/writer is not authorized to perform: aps:QueryMetrics on resource:"
                + " arn:aws:aps:us-east-1:123456789012:workspace/ws-1 because no identity-based policy allows the"
                + " aps:QueryMetrics action"));
        assertThat(registry.get("amphora_gateway_access_denied_requests").tag("action", "aps:QueryMetrics").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void refusesWhatAPolicyDenies() {
        Admission result = admission.admit(signed(READER_KEY, SdkHttpMethod.GET, "/workspaces/ws-2/api/v1/query",
                Map.of("query", List.of("up"))));

        assertThat(result).isEqualTo(new Admission.Refused(403, "AccessDeniedException", "User:"
                + " arn:aws:iam::123456789012:user/reader is not authorized to perform: aps:QueryMetrics on resource:"
                + " arn:aws:aps:us-east-1:123456789012:workspace/ws-2 with an explicit deny in an identity-based policy"));
    }

    @Test
    void throttlesAWorkspaceBeyondItsBurst() {
        ReceivedRequest request = signed(READER_KEY, SdkHttpMethod.GET, "/workspaces/ws-1/api/v1/labels", Map.of());

        assertThat(admission.admit(request)).isInstanceOf(Admission.Admitted.class);
        assertThat(admission.admit(request)).isInstanceOf(Admission.Admitted.class);
        assertThat(admission.admit(request)).isEqualTo(new Admission.Refused(429, "ThrottlingException", "Rate exceeded"));
        assertThat(admission.admit(signed(READER_KEY, SdkHttpMethod.GET, "/workspaces/ws-3/api/v1/labels", Map.of())))
                .as("another workspace has its own limit").isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void doesNotRateLimitControlPlaneCallsOnAWorkspace() {
        ReceivedRequest describe = signed(READER_KEY, SdkHttpMethod.GET, "/workspaces/ws-1", Map.of());

        for (int i = 0; i < 5; i++) {
            assertThat(admission.admit(describe)).isInstanceOf(Admission.Admitted.class);
        }
        ReceivedRequest labels = signed(READER_KEY, SdkHttpMethod.GET, "/workspaces/ws-1/api/v1/labels", Map.of());
        assertThat(admission.admit(labels)).as("the data-plane burst is untouched").isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void doesNotRateLimitOperationsOutsideAWorkspace() {
        ReceivedRequest list = signed(READER_KEY, SdkHttpMethod.GET, "/workspaces", Map.of());

        for (int i = 0; i < 5; i++) {
            assertThat(admission.admit(list)).isInstanceOfSatisfying(Admission.Admitted.class,
                    admitted -> assertThat(admitted.workspaceId()).isEmpty());
        }
    }

    @Test
    void refusesUnauthenticatedRequestsToOperations() {
        Admission result = admission.admit(unsigned("GET", "/workspaces/ws-1/api/v1/query", Map.of()));

        assertThat(result).isEqualTo(new Admission.Refused(403, "MissingAuthenticationTokenException",
                "Missing Authentication Token"));
    }

    @Test
    void servesOperationalEndpointsWithoutAuthentication() {
        assertThat(admission.admit(unsigned("GET", "/ready", Map.of()))).isEqualTo(new Admission.Open("/ready"));
        assertThat(admission.admit(unsigned("GET", "/metrics", Map.of()))).isEqualTo(new Admission.Open("/metrics"));
    }

    @Test
    void answersUnknownPathsWrongMethodsAndMissingWorkspacesBeforeAuthentication() {
        assertThat(admission.admit(unsigned("GET", "/nowhere", Map.of()))).isEqualTo(new Admission.Refused(404,
                "UnknownOperationException", "No Amphora operation is served at GET /nowhere."));
        assertThat(admission.admit(unsigned("PUT", "/workspaces/ws-1/api/v1/query", Map.of()))).isEqualTo(
                new Admission.Refused(405, "MethodNotAllowedException", "The path /workspaces/ws-1/api/v1/query does"
                        + " not accept PUT; it accepts [GET, POST].", Set.of("GET", "POST")));
        assertThat(admission.admit(unsigned("POST", "/api/v1/push", Map.of()))).isEqualTo(new Admission.Refused(400,
                "ValidationException", "no org id: requests to /api/v1/push name their workspace in the X-Scope-OrgID"
                + " header"));
    }

    @Test
    void routesCortexStylePathsByXScopeOrgId() {
        SdkHttpRequest push = AwsSdkSigning.request(SdkHttpMethod.POST, "/api/v1/push", Map.of())
                .putHeader("X-Scope-OrgID", "ws-9").build();
        ReceivedRequest request = AwsSdkSigning.received(
                new AwsSdkSigning(WRITER_KEY, SECRET, "us-east-1", "aps").signHeader(push, BODY, NOW), BODY);

        assertThat(admission.admit(request)).isInstanceOfSatisfying(Admission.Admitted.class,
                admitted -> assertThat(admitted.workspaceId()).contains(TenantId.of("ws-9")));
    }

    private static ReceivedRequest signed(String accessKeyId, SdkHttpMethod method, String path,
                                          Map<String, List<String>> query) {
        byte[] body = method == SdkHttpMethod.POST ? BODY : new byte[0];
        SdkHttpRequest request = AwsSdkSigning.request(method, path, query).build();
        return AwsSdkSigning.received(new AwsSdkSigning(accessKeyId, SECRET, "us-east-1", "aps")
                .signHeader(request, body, NOW), body);
    }

    private static ReceivedRequest unsigned(String method, String path, Map<String, List<String>> headers) {
        return new ReceivedRequest(method, path, "", RequestHeaders.of(headers), RequestPayload.empty());
    }
}
