package io.amphora.app;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.amp.AmpClient;
import software.amazon.awssdk.services.amp.model.WorkspaceStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

/** A workspace over its request rate gets 429 ThrottlingException from the gateway; another workspace does not. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"amphora.grpc.port=0", "amphora.grpc.in-process-name=gateway-rate-limit-test",
                "amphora.gateway.requests-per-second=0.01", "amphora.gateway.request-burst=3"})
@DirtiesContext
class GatewayRateLimitIntegrationTest {
    private static final String KEY = "AKIAADMIN00000000002";
    private static final String SECRET = "admin-secret-1111111111111111111111111111";

    @TempDir
    static Path dataDir;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path credentials = Files.writeString(dataDir.resolve("credentials.yaml"), """
                principals:
                  - name: admin
                    accessKeys: [{accessKeyId: %s, secretAccessKey: %s}]
                    managedPolicies: [AmazonPrometheusFullAccess]
                """.formatted(KEY, SECRET));
        registry.add("amphora.data-dir", () -> dataDir.resolve("data").toString());
        registry.add("amphora.gateway.credentials-file", credentials::toString);
    }

    @Test
    void requestsOverAWorkspacesBurstAreThrottledWithoutTouchingOtherWorkspaces() throws Exception {
        List<String> workspaces = new ArrayList<>();
        try (AmpClient amp = AmpClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String alias : List.of("busy", "quiet")) {
                String id = amp.createWorkspace(b -> b.alias(alias)).workspaceId();
                Instant deadline = Instant.now().plusSeconds(20);
                while (amp.describeWorkspace(b -> b.workspaceId(id)).workspace().status().statusCode()
                        != WorkspaceStatusCode.ACTIVE && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
                workspaces.add(id);
            }
        }
        SignedHttp http = new SignedHttp(port, KEY, SECRET, "us-east-1", "aps");
        String busy = "/workspaces/" + workspaces.get(0) + "/api/v1/query";
        String quiet = "/workspaces/" + workspaces.get(1) + "/api/v1/query";
        Map<String, String> query = Map.of("query", "vector(1)");

        // The control-plane calls above (create, describe while waiting) do not use the data-plane burst.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(http.get(busy, query).statusCode());
        }
        assertThat(statuses).startsWith(200, 200).contains(429);

        HttpResponse<String> throttled = http.get(busy, query);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
        assertThat(throttled.body()).isEqualTo("{\"message\":\"Rate exceeded\"}");

        assertThat(http.get(quiet, query).statusCode()).isEqualTo(200);
    }
}
