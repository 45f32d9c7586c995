package io.amphora.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.amphora.app.RemoteWriteBodies.TestSeries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.amp.AmpClient;
import software.amazon.awssdk.services.amp.model.AccessDeniedException;
import software.amazon.awssdk.services.amp.model.WorkspaceStatusCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway in the single process with authentication on, driven by real AWS clients: every request is SigV4
 * signed (the SDK's own signer, the SDK's {@code amp} client), authorised by the credentials file's policies, and a
 * data-plane request reaches the distributor or querier only for an existing, ACTIVE workspace it may use.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"amphora.grpc.port=0", "amphora.grpc.in-process-name=gateway-integration-test"})
@DirtiesContext
class GatewayIntegrationTest {
    private static final String REGION = "us-east-1";
    private static final String ADMIN_KEY = "AKIAADMIN00000000001";
    private static final String ADMIN_SECRET = "admin-secret-0000000000000000000000000000";
    private static final String WRITER_KEY = "AKIAWRITER0000000001";
    private static final String WRITER_SECRET = "writer-secret-000000000000000000000000000";
    private static final String READER_KEY = "AKIAREADER0000000001";
    private static final String READER_SECRET = "reader-secret-000000000000000000000000000";
    private static final long T0 = (System.currentTimeMillis() / 60_000 - 10) * 60_000;

    @TempDir
    static Path dataDir;

    private static AmpClient admin;
    private static String workspaceA;
    private static String workspaceB;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path credentials = dataDir.resolve("credentials.yaml");
        // Workspace ids are chosen by the control plane, so the reader's policy names one that is never created: a
        // principal whose policy names another workspace's ARN.
        Files.writeString(credentials, credentialsFile("ws-11111111-2222-3333-4444-555555555555"));
        registry.add("amphora.data-dir", () -> dataDir.resolve("data").toString());
        registry.add("amphora.gateway.credentials-file", credentials::toString);
    }

    private static String credentialsFile(String readableWorkspace) {
        return """
                principals:
                  - name: admin
                    accessKeys: [{accessKeyId: %s, secretAccessKey: %s}]
                    managedPolicies: [AmazonPrometheusFullAccess]
                  - name: writer
                    accessKeys: [{accessKeyId: %s, secretAccessKey: %s}]
                    managedPolicies: [AmazonPrometheusRemoteWriteAccess]
                  - name: reader
                    accessKeys: [{accessKeyId: %s, secretAccessKey: %s}]
                    inlinePolicies:
                      ReadWorkspaceA:
                        Version: "2012-10-17"
                        Statement:
                          - Effect: Allow
                            Action: ["aps:QueryMetrics", "aps:Get*"]
                            Resource: "arn:aws:aps:us-east-1:000000000000:workspace/%s"
                """.formatted(ADMIN_KEY, ADMIN_SECRET, WRITER_KEY, WRITER_SECRET, READER_KEY, READER_SECRET,
                readableWorkspace);
    }

    @AfterAll
    static void closeClient() {
        if (admin != null) {
            admin.close();
        }
    }

    /** Built on first use: the server's port is known only once a test runs. */
    private AmpClient admin() {
        if (admin == null) {
            admin = AmpClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return admin;
    }

    private synchronized void workspaces() throws Exception {
        if (workspaceA != null) {
            return;
        }
        workspaceA = admin().createWorkspace(b -> b.alias("a")).workspaceId();
        workspaceB = admin().createWorkspace(b -> b.alias("b")).workspaceId();
        awaitActive(workspaceA);
        awaitActive(workspaceB);
    }

    private void awaitActive(String workspaceId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (admin().describeWorkspace(b -> b.workspaceId(workspaceId)).workspace().status().statusCode()
                != WorkspaceStatusCode.ACTIVE) {
            assertThat(Instant.now()).as("workspace %s ACTIVE in time", workspaceId).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private SignedHttp signed(String key, String secret) {
        return new SignedHttp(port, key, secret, REGION, "aps");
    }

    private static byte[] series(String job, double value) {
        return RemoteWriteBodies.v1(List.of(TestSeries.of("__name__", "gateway_test_total", "job", job)
                .sample(T0, value).sample(T0 + 15_000, value + 1)));
    }

    private static Map<String, String> remoteWriteHeaders() {
        return Map.of("Content-Type", RemoteWriteBodies.V1_CONTENT_TYPE, "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", "0.1.0");
    }

    private HttpResponse<String> query(SignedHttp client, String workspace, String promql) throws Exception {
        return client.get("/workspaces/" + workspace + "/api/v1/query",
                Map.of("query", promql, "time", Long.toString((T0 + 30_000) / 1000)));
    }

    @Test
    void signedRemoteWriteAndQueryReachTheirWorkspaceOnly() throws Exception {
        workspaces();
        SignedHttp writer = signed(WRITER_KEY, WRITER_SECRET);
        SignedHttp adminHttp = signed(ADMIN_KEY, ADMIN_SECRET);

        HttpResponse<String> write = writer.post("/workspaces/" + workspaceA + "/api/v1/remote_write",
                remoteWriteHeaders(), series("in-a", 1));
        assertThat(write.statusCode()).as(write.body()).isEqualTo(204);

        HttpResponse<String> inA = query(adminHttp, workspaceA, "gateway_test_total");
        assertThat(inA.statusCode()).as(inA.body()).isEqualTo(200);
        assertThat(inA.body()).contains("\"job\":\"in-a\"");
        HttpResponse<String> inB = query(adminHttp, workspaceB, "gateway_test_total");
        assertThat(inB.statusCode()).isEqualTo(200);
        assertThat(inB.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");

        // A query sent as a form POST, as Grafana sends it, is signed over its body.
        byte[] form = ("query=" + URLEncoder.encode("sum(gateway_test_total)", StandardCharsets.UTF_8) + "&time="
                + (T0 + 30_000) / 1000).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> post = adminHttp.post("/workspaces/" + workspaceA + "/api/v1/query",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        assertThat(post.body()).contains("\"value\":[" + (T0 + 30_000) / 1000 + ",\"2\"]");
    }

    @Test
    void aClientsOwnScopeHeaderCannotRedirectAWorkspaceRequest() throws Exception {
        workspaces();
        SignedHttp writer = signed(WRITER_KEY, WRITER_SECRET);
        Map<String, String> headers = new java.util.HashMap<>(remoteWriteHeaders());
        headers.put("X-Scope-OrgID", workspaceB);

        assertThat(writer.post("/workspaces/" + workspaceA + "/api/v1/remote_write", headers, series("scoped", 5))
                .statusCode()).isEqualTo(204);

        SignedHttp adminHttp = signed(ADMIN_KEY, ADMIN_SECRET);
        assertThat(query(adminHttp, workspaceB, "gateway_test_total{job=\"scoped\"}").body()).contains("\"result\":[]");
        assertThat(query(adminHttp, workspaceA, "gateway_test_total{job=\"scoped\"}").body()).contains("\"job\":\"scoped\"");
    }

    @Test
    @SuppressWarnings("deprecation") // ApacheHttpClient: UpdateWorkspaceConfiguration is a PATCH, which the
    // URL-connection client cannot send, and the mirror has no apache5-client.
    void everyControlPlaneOperationOfTheSdkPassesTheGatewaySigned() throws Exception {
        workspaces();
        String arn = admin().describeWorkspace(b -> b.workspaceId(workspaceA)).workspace().arn();
        admin().tagResource(b -> b.resourceArn(arn).tags(Map.of("team", "metrics")));
        assertThat(admin().listTagsForResource(b -> b.resourceArn(arn)).tags()).containsEntry("team", "metrics");
        admin().untagResource(b -> b.resourceArn(arn).tagKeys("team"));
        assertThat(admin().listTagsForResource(b -> b.resourceArn(arn)).tags()).doesNotContainKey("team");
        admin().updateWorkspaceAlias(b -> b.workspaceId(workspaceA).alias("a-renamed"));
        assertThat(admin().listWorkspaces(b -> b.alias("a-renamed")).workspaces())
                .extracting(w -> w.workspaceId()).containsExactly(workspaceA);
        assertThat(admin().listWorkspacesPaginator(b -> b.maxResults(1)).workspaces().stream().map(w -> w.workspaceId()))
                .contains(workspaceA, workspaceB);

        byte[] rules = "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n"
                .getBytes(StandardCharsets.UTF_8);
        admin().createRuleGroupsNamespace(b -> b.workspaceId(workspaceA).name("rules")
                .data(software.amazon.awssdk.core.SdkBytes.fromByteArray(rules)));
        admin().putRuleGroupsNamespace(b -> b.workspaceId(workspaceA).name("rules")
                .data(software.amazon.awssdk.core.SdkBytes.fromByteArray(rules)));
        assertThat(admin().describeRuleGroupsNamespace(b -> b.workspaceId(workspaceA).name("rules"))
                .ruleGroupsNamespace().data().asByteArray()).isEqualTo(rules);
        assertThat(admin().listRuleGroupsNamespaces(b -> b.workspaceId(workspaceA)).ruleGroupsNamespaces()).hasSize(1);
        admin().deleteRuleGroupsNamespace(b -> b.workspaceId(workspaceA).name("rules"));

        byte[] definition = "alertmanager_config: |\n  route:\n    receiver: default\n  receivers:\n    - name: default\n"
                .getBytes(StandardCharsets.UTF_8);
        admin().createAlertManagerDefinition(b -> b.workspaceId(workspaceA)
                .data(software.amazon.awssdk.core.SdkBytes.fromByteArray(definition)));
        admin().putAlertManagerDefinition(b -> b.workspaceId(workspaceA)
                .data(software.amazon.awssdk.core.SdkBytes.fromByteArray(definition)));
        assertThat(admin().describeAlertManagerDefinition(b -> b.workspaceId(workspaceA)).alertManagerDefinition()
                .data().asByteArray()).isEqualTo(definition);
        admin().deleteAlertManagerDefinition(b -> b.workspaceId(workspaceA));

        try (AmpClient patching = AmpClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ADMIN_KEY, ADMIN_SECRET)))
                .httpClient(software.amazon.awssdk.http.apache.ApacheHttpClient.create()).build()) {
            patching.updateWorkspaceConfiguration(b -> b.workspaceId(workspaceA).retentionPeriodInDays(30));
            Instant deadline = Instant.now().plusSeconds(20);
            while (patching.describeWorkspaceConfiguration(b -> b.workspaceId(workspaceA)).workspaceConfiguration()
                    .retentionPeriodInDays() != 30 && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertThat(patching.describeWorkspaceConfiguration(b -> b.workspaceId(workspaceA)).workspaceConfiguration()
                    .retentionPeriodInDays()).isEqualTo(30);
        }
    }

    @Test
    void unsignedAndBadlySignedRequestsAreRefusedWith403() throws Exception {
        workspaces();
        String path = "/workspaces/" + workspaceA + "/api/v1/query";
        HttpResponse<String> unsigned = HttpProbe.get(port, path + "?query=up");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");

        HttpResponse<String> wrongSecret = query(signed(ADMIN_KEY, "not-the-secret-0000000000000000000000000"),
                workspaceA, "up");
        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(wrongSecret.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
        assertThat(wrongSecret.body()).contains("The request signature we calculated does not match")
                .doesNotContain(ADMIN_SECRET);

        HttpResponse<String> unknownKey = query(signed("AKIAUNKNOWN000000001", ADMIN_SECRET), workspaceA, "up");
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        assertThat(unknownKey.headers().firstValue("x-amzn-ErrorType")).hasValue("UnrecognizedClientException");

        HttpResponse<String> wrongRegion = query(signed(ADMIN_KEY, ADMIN_SECRET).scopedTo("eu-west-1", "aps"), workspaceA, "up");
        assertThat(wrongRegion.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongService = query(signed(ADMIN_KEY, ADMIN_SECRET).scopedTo(REGION, "s3"), workspaceA, "up");
        assertThat(wrongService.statusCode()).isEqualTo(403);
        assertThat(wrongService.body()).contains("Credential should be scoped to correct service: 'aps'");

        SignedHttp writer = signed(WRITER_KEY, WRITER_SECRET);
        String writePath = "/workspaces/" + workspaceA + "/api/v1/remote_write";
        HttpResponse<String> expired = writer.post(writePath, remoteWriteHeaders(), series("expired", 1),
                Instant.now().minus(Duration.ofMinutes(20)));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("Signature expired");

        SignedRequest signed = writer.sign(SdkHttpMethod.POST, writePath, Map.of(), remoteWriteHeaders(),
                series("tampered", 1), Instant.now());
        HttpResponse<String> tampered = SignedHttp.send(signed, series("tampered", 666));
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(query(signed(ADMIN_KEY, ADMIN_SECRET), workspaceA, "gateway_test_total{job=~\"tampered|expired\"}")
                .body()).contains("\"result\":[]");
    }

    @Test
    void policiesDecideWhichActionsAndWorkspacesAPrincipalMayUse() throws Exception {
        workspaces();
        HttpResponse<String> writerQueries = query(signed(WRITER_KEY, WRITER_SECRET), workspaceA, "up");
        assertThat(writerQueries.statusCode()).isEqualTo(403);
        assertThat(writerQueries.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        assertThat(writerQueries.body()).contains("aps:QueryMetrics");

        // The reader's policy names a workspace that does not exist: it may read neither A nor B.
        HttpResponse<String> reader = query(signed(READER_KEY, READER_SECRET), workspaceA, "up");
        assertThat(reader.statusCode()).isEqualTo(403);

        AmpClient writerControl = AmpClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(WRITER_KEY, WRITER_SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try (writerControl) {
            assertThatThrownBy(() -> writerControl.listWorkspaces(b -> {}))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> writerControl.deleteWorkspace(b -> b.workspaceId(workspaceB)))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(admin().describeWorkspace(b -> b.workspaceId(workspaceB)).workspace().status().statusCode())
                .isEqualTo(WorkspaceStatusCode.ACTIVE);
    }

    @Test
    void requestsForMissingOrDeletedWorkspacesNeverReachTheComponents() throws Exception {
        workspaces();
        SignedHttp writer = signed(WRITER_KEY, WRITER_SECRET);
        HttpResponse<String> missing = writer.post("/workspaces/ws-00000000-0000-0000-0000-000000000000/api/v1/remote_write",
                remoteWriteHeaders(), series("missing", 1));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");

        String doomed = admin().createWorkspace(b -> b.alias("doomed")).workspaceId();
        awaitActive(doomed);
        assertThat(writer.post("/workspaces/" + doomed + "/api/v1/remote_write", remoteWriteHeaders(),
                series("doomed", 1)).statusCode()).isEqualTo(204);
        admin().deleteWorkspace(b -> b.workspaceId(doomed));

        HttpResponse<String> afterDelete = writer.post("/workspaces/" + doomed + "/api/v1/remote_write",
                remoteWriteHeaders(), series("doomed", 2));
        assertThat(afterDelete.statusCode()).isEqualTo(404);
        HttpResponse<String> queryDeleted = query(signed(ADMIN_KEY, ADMIN_SECRET), doomed, "gateway_test_total");
        assertThat(queryDeleted.statusCode()).isEqualTo(404);
    }
}
