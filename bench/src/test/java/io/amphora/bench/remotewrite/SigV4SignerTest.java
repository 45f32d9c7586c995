package io.amphora.bench.remotewrite;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SigV4SignerTest {
    private static final URI URL = URI.create("http://127.0.0.1:9091/workspaces/ws-bench/api/v1/remote_write");
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T10:15:30Z"));
    private static final SigV4Config CONFIG = new SigV4Config("us-east-1", "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", Optional.empty());
    private static final byte[] BODY = {0x05, 0x10, 'h', 'e', 'l', 'l', 'o'};

    @Test
    void signsForServiceApsWithHostDateAndPayloadHash() {
        HttpRequest request = signedClient(CONFIG).request(BODY);

        String authorization = request.headers().firstValue("Authorization").orElseThrow();
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/aps/aws4_request, ");
        assertThat(signedHeaders(authorization))
                .contains("host", "x-amz-date", "x-amz-content-sha256", "content-encoding", "content-type");
        assertThat(request.headers().firstValue("X-Amz-Date")).hasValue("20261121T101530Z");
        assertThat(request.headers().firstValue("x-amz-content-sha256")).hasValue(SigV4Signer.sha256Hex(BODY));
        assertThat(request.headers().firstValue("X-Amz-Security-Token")).isEmpty();
    }

    @Test
    void signatureVerifiesAsTheReceiverRecomputesIt() throws Exception {
        HttpRequest request = signedClient(CONFIG).request(BODY);

        assertThat(signature(request.headers().firstValue("Authorization").orElseThrow()))
                .isEqualTo(expectedSignature(request, BODY, CONFIG.secretAccessKey()));
    }

    @Test
    void signatureDoesNotVerifyForAnotherBody() throws Exception {
        HttpRequest request = signedClient(CONFIG).request(BODY);

        byte[] tampered = Arrays.copyOf(BODY, BODY.length);
        tampered[2] = 'j';
        assertThat(SigV4Signer.sha256Hex(tampered)).isNotEqualTo(request.headers().firstValue("x-amz-content-sha256").orElseThrow());
        assertThat(signature(request.headers().firstValue("Authorization").orElseThrow()))
                .isNotEqualTo(expectedSignatureWithPayloadHash(request, SigV4Signer.sha256Hex(tampered), CONFIG.secretAccessKey()));
    }

    @Test
    void sendsAndSignsTheSessionTokenOfTemporaryCredentials() throws Exception {
        SigV4Config temporary = new SigV4Config("eu-west-1", "ASIAEXAMPLE", "secret", Optional.of("token-1"));

        HttpRequest request = signedClient(temporary).request(BODY);

        assertThat(request.headers().firstValue("X-Amz-Security-Token")).hasValue("token-1");
        String authorization = request.headers().firstValue("Authorization").orElseThrow();
        assertThat(authorization).contains("/eu-west-1/aps/aws4_request");
        assertThat(signature(authorization)).isEqualTo(expectedSignature(request, BODY, "secret"));
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new SigV4Config("us-east-1", "AKID", "very-secret", Optional.of("session-secret")).toString())
                .contains("AKID").doesNotContain("very-secret").doesNotContain("session-secret");
    }

    private static RemoteWriteClient signedClient(SigV4Config config) {
        return new RemoteWriteClient(HttpClient.newHttpClient(), URL, Protocol.V1, Optional.empty(),
                Optional.of(new SigV4Signer(config, CLOCK)), Duration.ofSeconds(5));
    }

    private static List<String> signedHeaders(String authorization) {
        return List.of(field(authorization, "SignedHeaders").split(";"));
    }

    private static String signature(String authorization) {
        return field(authorization, "Signature");
    }

    private static String field(String authorization, String name) {
        for (String part : authorization.substring(authorization.indexOf(' ') + 1).split(", ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing from " + authorization);
    }

    private static String expectedSignature(HttpRequest request, byte[] body, String secret) throws GeneralSecurityException {
        return expectedSignatureWithPayloadHash(request, SigV4Signer.sha256Hex(body), secret);
    }

    /**
     * The signature as a SigV4 receiver computes it from what arrives: the request's headers as sent (Host from the
     * URL, as the HTTP client writes it), following AWS's published Signature Version 4 steps.
     */
    private static String expectedSignatureWithPayloadHash(HttpRequest request, String payloadHash, String secret)
            throws GeneralSecurityException {
        String authorization = request.headers().firstValue("Authorization").orElseThrow();
        List<String> signed = signedHeaders(authorization);
        Map<String, String> sent = new TreeMap<>();
        request.headers().map().forEach((name, values) -> sent.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        URI uri = request.uri();
        sent.put("host", uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        String canonicalHeaders = signed.stream()
                .map(name -> name + ":" + sent.get(name).strip() + "\n")
                .collect(Collectors.joining());
        String canonicalRequest = String.join("\n", request.method(), uri.getRawPath(), "", canonicalHeaders,
                String.join(";", signed), payloadHash);
        String amzDate = sent.get("x-amz-date");
        String credential = field(authorization, "Credential");
        String scope = credential.substring(credential.indexOf('/') + 1);
        String[] scopeParts = scope.split("/");
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scopeParts[0]);
        key = hmac(key, scopeParts[1]);
        key = hmac(key, scopeParts[2]);
        key = hmac(key, scopeParts[3]);
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
