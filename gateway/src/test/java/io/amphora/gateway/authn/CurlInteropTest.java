package io.amphora.gateway.authn;

import com.sun.net.httpserver.HttpServer;
import io.amphora.gateway.GatewayConfig;
import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.RequestHeaders;
import io.amphora.gateway.RequestPayload;
import io.amphora.gateway.credentials.AccessKey;
import io.amphora.gateway.credentials.Credential;
import io.amphora.gateway.credentials.Identity;
import io.amphora.gateway.credentials.IdentitySnapshot;
import io.amphora.gateway.credentials.Principal;
import io.amphora.gateway.credentials.Secret;
import io.amphora.testing.SystemPrograms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Real {@code curl --aws-sigv4} against a JDK HTTP server that captures each request as it arrives (raw path, raw
 * query, headers, body), then verified. Debian 12's curl 7.88 signs the path and query exactly as sent, unsorted and
 * not re-encoded; newer curl signs the SDKs' form; both must pass.
 */
class CurlInteropTest {
    private static final String ACCESS_KEY_ID = "AKIACURLTEST00000001";
    private static final String SECRET = "curl/Secret+Access/Key0123456789abcdefgh";

    @TempDir
    Path temp;

    private final BlockingQueue<ReceivedRequest> received = new LinkedBlockingQueue<>();
    private HttpServer server;
    private Path curl;
    private RequestAuthenticator authenticator;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        curl = SystemPrograms.require("curl", "curl");
        Process help = new ProcessBuilder(curl.toString(), "--help", "all").redirectErrorStream(true).start();
        String options = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        help.waitFor();
        assumeThat(options).as("this curl supports --aws-sigv4 (7.75 and newer)").contains("--aws-sigv4");

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            received.add(new ReceivedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    rawQuery == null ? "" : rawQuery, RequestHeaders.of(exchange.getRequestHeaders()),
                    RequestPayload.ofBytes(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();

        Identity identity = new Identity(new Principal("curl-user", "123456789012"), List.of());
        IdentitySnapshot identities = IdentitySnapshot.of(List.of(
                new Credential(new AccessKey(ACCESS_KEY_ID, Secret.of(SECRET)), identity)));
        authenticator = new RequestAuthenticator(new GatewayConfig("us-east-1", "123456789012", Duration.ofMinutes(15),
                false, Optional.empty(), 1, 1), identities, InstantSource.system(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void acceptsAQueryWithUnsortedParametersSignedByCurl() throws Exception {
        ReceivedRequest request = send(secret(), List.of(), "/workspaces/ws-1/api/v1/query_range"
                + "?query=sum%28rate%28http_requests_total%7Bjob%3D%22api%22%7D%5B5m%5D%29%29&start=1741942800"
                + "&end=1741946400&step=15s");

        assertThat(request.rawQuery()).startsWith("query=");
        assertThat(authenticator.authenticate(request)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void acceptsARemoteWriteBodySignedByCurl() throws Exception {
        Path body = temp.resolve("body");
        Files.write(body, new byte[] {0, 1, 2, (byte) 0xff, 'p', 'r', 'o', 't', 'o'});

        ReceivedRequest request = send(secret(), List.of("-H", "Content-Type: application/x-protobuf",
                "--data-binary", "@" + body), "/workspaces/ws-1/api/v1/remote_write");

        assertThat(request.method()).isEqualTo("POST");
        assertThat(authenticator.authenticate(request)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void acceptsEncodedPathSegmentsSignedByCurl() throws Exception {
        ReceivedRequest spaced = send(secret(), List.of(), "/workspaces/ws-1/api/v1/label/a%20b/values");
        ReceivedRequest tagged = send(secret(), List.of(),
                "/tags/arn%3Aaws%3Aaps%3Aus-east-1%3A123456789012%3Aworkspace%2Fws-1");

        assertThat(tagged.rawPath()).contains("%2F");
        assertThat(authenticator.authenticate(spaced)).isInstanceOf(AuthenticationResult.Authenticated.class);
        assertThat(authenticator.authenticate(tagged)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void rejectsCurlSigningWithAnotherSecret() throws Exception {
        ReceivedRequest request = send("another/Secret+Access/Key0123456789abcdef", List.of(),
                "/workspaces/ws-1/api/v1/query?query=up");

        assertThat(authenticator.authenticate(request)).isEqualTo(new AuthenticationResult.Rejected(
                AuthenticationFailure.of(FailureReason.SIGNATURE_MISMATCH, AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE)));
    }

    @Test
    void rejectsACurlRequestWhoseBodyWasChanged() throws Exception {
        ReceivedRequest request = send(secret(), List.of("--data-binary", "original"),
                "/workspaces/ws-1/api/v1/remote_write");
        ReceivedRequest tampered = new ReceivedRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), RequestPayload.ofBytes("changed!".getBytes(StandardCharsets.UTF_8)));

        assertThat(authenticator.authenticate(request)).isInstanceOf(AuthenticationResult.Authenticated.class);
        assertThat(authenticator.authenticate(tampered)).isEqualTo(new AuthenticationResult.Rejected(
                AuthenticationFailure.of(FailureReason.SIGNATURE_MISMATCH, AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE)));
    }

    private static String secret() {
        return SECRET;
    }

    /** Runs curl signing with {@code secret} and returns the request the server received. */
    private ReceivedRequest send(String secret, List<String> options, String pathAndQuery) throws Exception {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "--silent", "--show-error", "--globoff",
                "--output", "/dev/null", "--aws-sigv4", "aws:amz:us-east-1:aps", "--user", ACCESS_KEY_ID + ":" + secret));
        command.addAll(options);
        command.add("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl exit status; output: %s", output).isZero();
        ReceivedRequest request = received.poll(10, TimeUnit.SECONDS);
        assertThat(request).as("the request curl sent").isNotNull();
        return request;
    }
}
