package io.amphora.gateway.authn;

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
import io.amphora.gateway.policy.ManagedPolicies;
import io.amphora.testing.TestingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RequestAuthenticatorTest {
    static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";
    static final Instant NOW = Instant.parse("2025-03-14T10:00:00Z");
    private static final byte[] NO_BODY = new byte[0];

    private final TestingClock clock = new TestingClock(NOW);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Identity alice = new Identity(new Principal("alice", ACCOUNT),
            List.of(ManagedPolicies.byName(ManagedPolicies.FULL_ACCESS).orElseThrow()));
    private final IdentitySnapshot identities = IdentitySnapshot.of(List.of(
            new Credential(new AccessKey(ACCESS_KEY_ID, Secret.of(SECRET)), alice)));
    private final RequestAuthenticator authenticator = authenticator(false);
    private final AwsSdkSigning sdk = new AwsSdkSigning(ACCESS_KEY_ID, SECRET, REGION, "aps");

    private RequestAuthenticator authenticator(boolean basicAuth) {
        GatewayConfig config = new GatewayConfig(REGION, ACCOUNT, Duration.ofMinutes(15), basicAuth, Optional.empty(),
                100, 100);
        return new RequestAuthenticator(config, identities, clock, registry);
    }

    /** Requests whose paths, queries and bodies exercise the canonicalisation. */
    static Stream<Named<SdkHttpRequest.Builder>> requests() {
        return Stream.of(
                Named.of("remote write POST with a binary body",
                        AwsSdkSigning.request(SdkHttpMethod.POST, "/workspaces/ws-1/api/v1/remote_write", Map.of())
                                .putHeader("Content-Type", "application/x-protobuf")
                                .putHeader("Content-Encoding", "snappy")),
                Named.of("range query with PromQL in unsorted parameters",
                        AwsSdkSigning.request(SdkHttpMethod.GET, "/workspaces/ws-1/api/v1/query_range", ordered(
                                "step", List.of("15s"), "query", List.of("rate(http_requests_total{job=\"api\"}[5m]) > 0"),
                                "start", List.of("2025-03-14T09:00:00Z"), "end", List.of("2025-03-14T10:00:00Z")))),
                Named.of("path with a space", AwsSdkSigning.request(SdkHttpMethod.GET,
                        "/workspaces/ws-1/api/v1/label/a%20b/values", Map.of())),
                Named.of("path with an encoded slash (a tagged ARN)", AwsSdkSigning.request(SdkHttpMethod.GET,
                        "/tags/arn%3Aaws%3Aaps%3Aus-east-1%3A123456789012%3Aworkspace%2Fws-1", Map.of())),
                Named.of("path with unicode", AwsSdkSigning.request(SdkHttpMethod.GET,
                        "/workspaces/ws-1/api/v1/label/%C3%A9t%C3%A9%E2%82%AC/values", Map.of())),
                Named.of("repeated query parameters", AwsSdkSigning.request(SdkHttpMethod.GET,
                        "/workspaces/ws-1/api/v1/series", Map.of("match[]",
                                List.of("up", "process_start_time_seconds{job=\"prometheus\"}", "go_goroutines")))),
                Named.of("empty query values", AwsSdkSigning.request(SdkHttpMethod.GET,
                        "/workspaces/ws-1/api/v1/labels", ordered("match[]", List.of(""), "start", List.of(""),
                                "limit", List.of("10")))),
                Named.of("query values with plus, space, slash and unicode", AwsSdkSigning.request(SdkHttpMethod.POST,
                        "/workspaces/ws-1/api/v1/query", Map.of("query", List.of("sum(a + b) / 2 * on(x) é€")))
                        .putHeader("Content-Type", "application/x-www-form-urlencoded")),
                Named.of("DELETE of a rule groups namespace", AwsSdkSigning.request(SdkHttpMethod.DELETE,
                        "/workspaces/ws-1/rulegroupsnamespaces/my-rules.v2", Map.of())));
    }

    private static byte[] bodyFor(SdkHttpRequest request) {
        return request.method() == SdkHttpMethod.POST ? "\u0000\u0001snappy\u00ff body".getBytes(StandardCharsets.ISO_8859_1)
                : NO_BODY;
    }

    @ParameterizedTest
    @MethodSource("requests")
    void acceptsRequestsTheSdkSignsInTheAuthorizationHeader(SdkHttpRequest.Builder builder) {
        SdkHttpRequest request = builder.build();
        byte[] body = bodyFor(request);
        ReceivedRequest received = AwsSdkSigning.received(sdk.signHeader(request, body, NOW), body);

        assertThat(authenticator.authenticate(received)).isEqualTo(
                new AuthenticationResult.Authenticated(alice, ACCESS_KEY_ID, AuthenticationMethod.SIGV4_HEADER));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void acceptsRequestsTheSdkSignsWithAnUnsignedPayload(SdkHttpRequest.Builder builder) {
        SdkHttpRequest request = builder.build();
        byte[] body = bodyFor(request);
        SignedRequest signed = sdk.sign(request, body, NOW,
                properties -> properties.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        ReceivedRequest received = AwsSdkSigning.received(signed, body);

        assertThat(received.headers().first("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
        assertThat(authenticator.authenticate(received)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void acceptsUrlsTheSdkPresigns(SdkHttpRequest.Builder builder) {
        SdkHttpRequest request = builder.build();
        byte[] body = bodyFor(request);
        ReceivedRequest received = AwsSdkSigning.received(sdk.presign(request, body, NOW, Duration.ofMinutes(5)), body);

        assertThat(received.headers().contains("Authorization")).isFalse();
        assertThat(authenticator.authenticate(received)).isEqualTo(
                new AuthenticationResult.Authenticated(alice, ACCESS_KEY_ID, AuthenticationMethod.SIGV4_PRESIGNED));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void acceptsUrlsTheSdkPresignsWithAnUnsignedPayload(SdkHttpRequest.Builder builder) {
        SdkHttpRequest request = builder.build();
        byte[] body = bodyFor(request);
        SignedRequest signed = sdk.sign(request, body, NOW, properties -> properties
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));

        assertThat(authenticator.authenticate(AwsSdkSigning.received(signed, body)))
                .isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void acceptsHeadersTheSignerDidNotSignBeingAddedOnTheWay() {
        ReceivedRequest received = headerSigned(remoteWrite(), NOW);

        ReceivedRequest proxied = withHeaders(received, headers -> {
            headers.put("X-Forwarded-For", List.of("10.0.0.1"));
            headers.put("User-Agent", List.of("Prometheus/3.5.0"));
            return headers;
        });

        assertThat(authenticator.authenticate(proxied)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void acceptsAuthorizationParametersSeparatedBySpacesOnly() {
        ReceivedRequest received = withAuthorization(headerSigned(remoteWrite(), NOW), value -> value.replace(", ", " "));

        assertThat(received.headers().first("Authorization").orElseThrow()).doesNotContain(",");
        assertThat(authenticator.authenticate(received)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void signsHeaderNamesInLowerCaseWhateverCaseTheyAreListedIn() {
        ReceivedRequest received = withAuthorization(headerSigned(remoteWrite(), NOW),
                value -> value.replace("content-type;host", "Content-Type;HOST"));

        assertThat(received.headers().first("Authorization").orElseThrow()).contains("Content-Type;HOST");
        assertThat(authenticator.authenticate(received)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void acceptsARequestTimeExactlyAtTheEdgeOfTheClockSkew() {
        ReceivedRequest old = headerSigned(remoteWrite(), NOW.minus(Duration.ofMinutes(15)));
        ReceivedRequest ahead = headerSigned(remoteWrite(), NOW.plus(Duration.ofMinutes(15)));

        assertThat(authenticator.authenticate(old)).isInstanceOf(AuthenticationResult.Authenticated.class);
        assertThat(authenticator.authenticate(ahead)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        AwsSdkSigning wrong = new AwsSdkSigning(ACCESS_KEY_ID, "AnotherSecretThatIsLongEnough/1234567890", REGION, "aps");
        ReceivedRequest received = AwsSdkSigning.received(wrong.signHeader(remoteWrite(), body(), NOW), body());

        assertRejected(received, FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void rejectsAnUnknownAccessKey() {
        AwsSdkSigning stranger = new AwsSdkSigning("AKIAUNKNOWNKEY000000", SECRET, REGION, "aps");
        ReceivedRequest received = AwsSdkSigning.received(stranger.signHeader(remoteWrite(), body(), NOW), body());

        assertRejected(received, FailureReason.UNKNOWN_ACCESS_KEY, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    @Test
    void rejectsARequestTimeOlderThanTheClockSkew() {
        ReceivedRequest received = headerSigned(remoteWrite(), NOW.minus(Duration.ofMinutes(16)));

        assertRejected(received, FailureReason.SIGNATURE_EXPIRED, "InvalidSignatureException",
                "Signature expired: 20250314T094400Z is now earlier than 20250314T094500Z (20250314T100000Z - 15 min.)");
    }

    @Test
    void rejectsARequestTimeFurtherInTheFutureThanTheClockSkew() {
        ReceivedRequest received = headerSigned(remoteWrite(), NOW.plus(Duration.ofMinutes(16)));

        assertRejected(received, FailureReason.SIGNATURE_NOT_YET_CURRENT, "InvalidSignatureException",
                "Signature not yet current: 20250314T101600Z is still later than 20250314T101500Z"
                        + " (20250314T100000Z + 15 min.)");
    }

    @Test
    void rejectsABodyThatDoesNotMatchTheSignedPayloadHash() {
        ReceivedRequest received = headerSigned(remoteWrite(), NOW);
        ReceivedRequest tampered = new ReceivedRequest(received.method(), received.rawPath(), received.rawQuery(),
                received.headers(), RequestPayload.ofBytes("tampered".getBytes(StandardCharsets.UTF_8)));

        assertRejected(tampered, FailureReason.PAYLOAD_HASH_MISMATCH, "InvalidSignatureException",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void rejectsATamperedPath() {
        ReceivedRequest received = headerSigned(remoteWrite(), NOW);
        ReceivedRequest tampered = new ReceivedRequest(received.method(), "/workspaces/ws-2/api/v1/remote_write",
                received.rawQuery(), received.headers(), received.payload());

        assertRejected(tampered, FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException",
                AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
    }

    @Test
    void rejectsATamperedQuery() {
        SdkHttpRequest query = AwsSdkSigning.request(SdkHttpMethod.GET, "/workspaces/ws-1/api/v1/query",
                Map.of("query", List.of("up"))).build();
        ReceivedRequest received = AwsSdkSigning.received(sdk.signHeader(query, NO_BODY, NOW), NO_BODY);

        for (String rawQuery : List.of("query=down", "query=up&time=0", "query=up&query=up", "")) {
            ReceivedRequest tampered = new ReceivedRequest(received.method(), received.rawPath(), rawQuery,
                    received.headers(), received.payload());
            assertRejected(tampered, FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException",
                    AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
        }
    }

    @Test
    void rejectsATamperedSignedHeader() {
        ReceivedRequest tampered = withHeaders(headerSigned(remoteWrite(), NOW), headers -> {
            headers.put("Content-Type", List.of("text/plain"));
            return headers;
        });

        assertRejected(tampered, FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException",
                AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
    }

    @Test
    void rejectsATamperedMethod() {
        ReceivedRequest received = headerSigned(remoteWrite(), NOW);
        ReceivedRequest tampered = new ReceivedRequest("PUT", received.rawPath(), received.rawQuery(),
                received.headers(), received.payload());

        assertRejected(tampered, FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException",
                AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
    }

    @Test
    void rejectsASignatureForAnotherService() {
        AwsSdkSigning otherService = new AwsSdkSigning(ACCESS_KEY_ID, SECRET, REGION, "execute-api");
        ReceivedRequest received = AwsSdkSigning.received(otherService.signHeader(remoteWrite(), body(), NOW), body());

        assertRejected(received, FailureReason.WRONG_SERVICE, "InvalidSignatureException",
                "Credential should be scoped to correct service: 'aps'.");
    }

    @Test
    void rejectsASignatureForAnotherRegion() {
        AwsSdkSigning otherRegion = new AwsSdkSigning(ACCESS_KEY_ID, SECRET, "eu-west-1", "aps");
        ReceivedRequest received = AwsSdkSigning.received(otherRegion.signHeader(remoteWrite(), body(), NOW), body());

        assertRejected(received, FailureReason.WRONG_REGION, "InvalidSignatureException",
                "Credential should be scoped to a valid region.");
    }

    @Test
    void namesEveryScopeErrorWhenSeveralPartsAreWrong() {
        AwsSdkSigning wrong = new AwsSdkSigning(ACCESS_KEY_ID, SECRET, "eu-west-1", "s3");
        ReceivedRequest received = AwsSdkSigning.received(wrong.signHeader(remoteWrite(), body(), NOW), body());

        assertRejected(received, FailureReason.WRONG_REGION, "InvalidSignatureException",
                "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'aps'.");
    }

    @Test
    void rejectsACredentialScopeDatedAnotherDayThanTheRequest() {
        ReceivedRequest received = withAuthorization(headerSigned(remoteWrite(), NOW),
                value -> value.replace("/20250314/", "/20250313/"));

        assertRejected(received, FailureReason.SCOPE_DATE_MISMATCH, "InvalidSignatureException",
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250313'"
                        + " != '20250314', from '20250314T100000Z'.");
    }

    @Test
    void rejectsSignedHeadersWithoutHost() {
        ReceivedRequest received = withAuthorization(headerSigned(remoteWrite(), NOW),
                value -> value.replace("SignedHeaders=content-encoding;content-type;host;", "SignedHeaders=content-encoding;content-type;"));

        assertRejected(received, FailureReason.HOST_NOT_SIGNED, "InvalidSignatureException",
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void rejectsTemporaryCredentials() {
        SdkHttpRequest request = remoteWrite();
        SignedRequest signed = sdk.sign(request, body(), NOW, properties -> properties.identity(
                AwsSessionCredentialsIdentity.create(ACCESS_KEY_ID, SECRET, "FwoGZXIvYXdzEXAMPLESESSIONTOKEN")));
        ReceivedRequest received = AwsSdkSigning.received(signed, body());

        assertThat(received.headers().contains("X-Amz-Security-Token")).isTrue();
        assertRejected(received, FailureReason.TEMPORARY_CREDENTIALS_UNSUPPORTED, "UnrecognizedClientException",
                "The security token included in the request is invalid. Amphora does not accept temporary credentials"
                        + " (X-Amz-Security-Token); sign with a long-term access key from its credentials file.");
    }

    @Test
    void rejectsAPresignedUrlAfterItExpires() {
        ReceivedRequest received = AwsSdkSigning.received(sdk.presign(remoteWrite(), body(), NOW, Duration.ofMinutes(5)),
                body());
        clock.set(NOW.plus(Duration.ofMinutes(5)));
        assertThat(authenticator.authenticate(received)).isInstanceOf(AuthenticationResult.Authenticated.class);

        clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));

        assertRejected(received, FailureReason.PRESIGNED_URL_EXPIRED, "InvalidSignatureException",
                "Signature expired: 20250314T100000Z is now earlier than 20250314T100001Z (20250314T100501Z - 5 min.)");
    }

    @Test
    void acceptsAPresignedUrlLongAfterTheClockSkewWhileItIsValid() {
        ReceivedRequest received = AwsSdkSigning.received(sdk.presign(remoteWrite(), body(), NOW, Duration.ofDays(7)),
                body());
        clock.set(NOW.plus(Duration.ofDays(7)));

        assertThat(authenticator.authenticate(received)).isInstanceOf(AuthenticationResult.Authenticated.class);
    }

    @Test
    void rejectsAPresignedUrlDatedFurtherInTheFutureThanTheClockSkew() {
        ReceivedRequest received = AwsSdkSigning.received(
                sdk.presign(remoteWrite(), body(), NOW.plus(Duration.ofMinutes(20)), Duration.ofHours(1)), body());

        assertRejected(received, FailureReason.SIGNATURE_NOT_YET_CURRENT, "InvalidSignatureException",
                "Signature not yet current: 20250314T102000Z is still later than 20250314T101500Z"
                        + " (20250314T100000Z + 15 min.)");
    }

    @Test
    void rejectsAnExpiryOutsideOneSecondToSevenDays() {
        ReceivedRequest received = AwsSdkSigning.received(sdk.presign(remoteWrite(), body(), NOW, Duration.ofMinutes(5)),
                body());

        assertRejected(withQuery(received, query -> query.replace("X-Amz-Expires=300", "X-Amz-Expires=604801")),
                FailureReason.MALFORMED, "IncompleteSignatureException", "X-Amz-Expires must be less than a week (in"
                        + " seconds); that is, the given X-Amz-Expires must be less than 604800 seconds");
        assertRejected(withQuery(received, query -> query.replace("X-Amz-Expires=300", "X-Amz-Expires=0")),
                FailureReason.MALFORMED, "IncompleteSignatureException", "X-Amz-Expires must be at least 1 second");
        assertRejected(withQuery(received, query -> query.replace("X-Amz-Expires=300", "X-Amz-Expires=soon")),
                FailureReason.MALFORMED, "IncompleteSignatureException", "X-Amz-Expires should be a number");
    }

    @Test
    void rejectsAPresignedUrlWhosePathOrQueryWasChanged() {
        ReceivedRequest received = AwsSdkSigning.received(sdk.presign(AwsSdkSigning.request(SdkHttpMethod.GET,
                "/workspaces/ws-1/api/v1/query", Map.of("query", List.of("up"))).build(), NO_BODY, NOW,
                Duration.ofMinutes(5)), NO_BODY);

        assertRejected(withQuery(received, query -> query.replace("query=up", "query=down")),
                FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException", AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
        assertRejected(new ReceivedRequest("GET", "/workspaces/ws-2/api/v1/query", received.rawQuery(),
                        received.headers(), received.payload()),
                FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException", AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
    }

    @Test
    void namesEveryMissingPresignedParameter() {
        ReceivedRequest received = request("GET", "/workspaces/ws-1/api/v1/query",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20250314T100000Z", Map.of("Host", List.of("h")));

        assertRejected(received, FailureReason.MALFORMED, "IncompleteSignatureException",
                "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include"
                        + " 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'."
                        + " Re-examine the query-string parameters.");
    }

    @Test
    void rejectsARequestWithoutAnyAuthentication() {
        assertRejected(request("GET", "/workspaces/ws-1/api/v1/query", "query=up", Map.of("Host", List.of("h"))),
                FailureReason.MISSING_AUTHENTICATION, "MissingAuthenticationTokenException", "Missing Authentication Token");
        assertRejected(request("GET", "/workspaces/ws-1/api/v1/query", "", Map.of("Authorization", List.of("Bearer abc"))),
                FailureReason.MISSING_AUTHENTICATION, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void namesEveryMissingAuthorizationParameter() {
        ReceivedRequest received = request("GET", "/", "", Map.of("Authorization",
                List.of("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/20250314/us-east-1/aps/aws4_request")));

        assertRejected(received, FailureReason.MALFORMED, "IncompleteSignatureException",
                "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders'"
                        + " parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                        + " header.");
    }

    @Test
    void rejectsMalformedAuthorizationHeaders() {
        Map<String, List<String>> dated = Map.of("X-Amz-Date", List.of("20250314T100000Z"), "Host", List.of("h"));
        String credential = "Credential=" + ACCESS_KEY_ID + "/20250314/us-east-1/aps/aws4_request";

        assertRejected(authorized("AWS4-HMAC-SHA256 " + credential + ", SignedHeaders, Signature=00", dated),
                FailureReason.MALFORMED, "IncompleteSignatureException",
                "Invalid key=value pair (missing equal-sign) in Authorization header");
        assertRejected(authorized("AWS4-HMAC-SHA512 " + credential + ", SignedHeaders=host, Signature=00", dated),
                FailureReason.MALFORMED, "IncompleteSignatureException",
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).");
        assertRejected(authorized("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/20250314/us-east-1/aps,"
                        + " SignedHeaders=host, Signature=00", dated),
                FailureReason.MALFORMED, "IncompleteSignatureException",
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                        + ACCESS_KEY_ID + "/20250314/us-east-1/aps'");
        assertRejected(authorized("AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=host, Signature=00",
                        Map.of("X-Amz-Date", List.of("2025-03-14T10:00:00Z"))),
                FailureReason.MALFORMED, "IncompleteSignatureException",
                "Date must be in ISO-8601 'basic format'. Got '2025-03-14T10:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void rejectsChunkedPayloadSigning() {
        ReceivedRequest received = withHeaders(headerSigned(remoteWrite(), NOW), headers -> {
            headers.put("x-amz-content-sha256", List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
            return headers;
        });

        assertRejected(received, FailureReason.MALFORMED, "IncompleteSignatureException",
                "x-amz-content-sha256 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' (chunked payload signing) is not supported;"
                        + " sign the whole payload, or send UNSIGNED-PAYLOAD.");
    }

    @Test
    void rejectsASignatureBothInTheHeaderAndInTheQuery() {
        ReceivedRequest presigned = AwsSdkSigning.received(sdk.presign(remoteWrite(), body(), NOW, Duration.ofMinutes(5)),
                body());
        ReceivedRequest both = withHeaders(presigned, headers -> {
            headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=00"));
            return headers;
        });

        assertRejected(both, FailureReason.MALFORMED, "IncompleteSignatureException",
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    }

    @Test
    void acceptsTheDateHeaderWhenXAmzDateIsAbsent() {
        SdkHttpRequest request = remoteWrite().toBuilder().putHeader("Date", "Fri, 14 Mar 2025 10:00:00 GMT").build();
        ReceivedRequest received = AwsSdkSigning.received(sdk.signHeader(request, body(), NOW), body());
        ReceivedRequest withoutAmzDate = withHeaders(received, headers -> {
            headers.remove("X-Amz-Date");
            return headers;
        });

        // The SDK signs X-Amz-Date, so without it the signature cannot match, but the Date header is accepted as the
        // request time (no "requires existence of ... 'Date'" error) and the request gets as far as the signature.
        assertRejected(withoutAmzDate, FailureReason.SIGNATURE_MISMATCH, "InvalidSignatureException",
                AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
    }

    @Test
    void refusesHttpBasicWhileItIsDisabled() {
        assertRejected(basic(ACCESS_KEY_ID + ":" + SECRET), FailureReason.BASIC_AUTH_DISABLED,
                "MissingAuthenticationTokenException",
                "HTTP Basic authentication is disabled on this Amphora; sign requests with AWS Signature Version 4"
                        + " (service 'aps').");
    }

    @Test
    void acceptsHttpBasicWithTheAccessKeyIdAndSecretWhenEnabled() {
        RequestAuthenticator withBasic = authenticator(true);

        assertThat(withBasic.authenticate(basic(ACCESS_KEY_ID + ":" + SECRET))).isEqualTo(
                new AuthenticationResult.Authenticated(alice, ACCESS_KEY_ID, AuthenticationMethod.HTTP_BASIC));
    }

    @Test
    void answersAWrongBasicPasswordAndAnUnknownBasicUserAlike() {
        RequestAuthenticator withBasic = authenticator(true);

        AuthenticationResult wrongPassword = withBasic.authenticate(basic(ACCESS_KEY_ID + ":" + SECRET + "x"));
        AuthenticationResult unknownUser = withBasic.authenticate(basic("AKIAUNKNOWNKEY000000:" + SECRET));

        assertThat(wrongPassword).isEqualTo(new AuthenticationResult.Rejected(new AuthenticationFailure(
                FailureReason.SIGNATURE_MISMATCH, "UnrecognizedClientException",
                "The security token included in the request is invalid.")));
        assertThat(unknownUser).isEqualTo(new AuthenticationResult.Rejected(new AuthenticationFailure(
                FailureReason.UNKNOWN_ACCESS_KEY, "UnrecognizedClientException",
                "The security token included in the request is invalid.")));
        assertThat(withBasic.authenticate(request("GET", "/", "", Map.of("Authorization", List.of("Basic %%%")))))
                .isEqualTo(new AuthenticationResult.Rejected(AuthenticationFailure.of(FailureReason.MALFORMED,
                        "Malformed HTTP Basic credentials: expected base64 of '<access key id>:<secret access key>'.")));
    }

    @Test
    void countsFailuresByReason() {
        authenticator.authenticate(request("GET", "/", "", Map.of()));
        authenticator.authenticate(request("GET", "/", "", Map.of()));
        authenticator.authenticate(headerSigned(remoteWrite(), NOW.minus(Duration.ofHours(1))));
        authenticator.authenticate(headerSigned(remoteWrite(), NOW));

        assertThat(count("missing_authentication")).isEqualTo(2);
        assertThat(count("signature_expired")).isEqualTo(1);
        assertThat(count("signature_mismatch")).isZero();
        assertThat(registry.find(RequestAuthenticator.FAILURES_METRIC).counters()).hasSize(FailureReason.values().length);
    }

    @Test
    void neverPutsTheSecretOrASignatureInAFailure() {
        ReceivedRequest good = headerSigned(remoteWrite(), NOW);
        String signature = good.headers().first("Authorization").orElseThrow().replaceAll(".*Signature=", "");
        List<ReceivedRequest> bad = new ArrayList<>(List.of(
                headerSigned(remoteWrite(), NOW.minus(Duration.ofHours(1))),
                new ReceivedRequest("PUT", good.rawPath(), good.rawQuery(), good.headers(), good.payload()),
                withAuthorization(good, value -> value.replace("/us-east-1/", "/eu-west-1/")),
                withAuthorization(good, value -> value.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1")),
                basic(ACCESS_KEY_ID + ":" + SECRET)));

        for (ReceivedRequest request : bad) {
            AuthenticationResult result = authenticator.authenticate(request);
            assertThat(result).isInstanceOf(AuthenticationResult.Rejected.class);
            assertThat(result.toString()).doesNotContain(SECRET).doesNotContain(signature);
        }
    }

    private SdkHttpRequest remoteWrite() {
        return AwsSdkSigning.request(SdkHttpMethod.POST, "/workspaces/ws-1/api/v1/remote_write", Map.of())
                .putHeader("Content-Type", "application/x-protobuf").putHeader("Content-Encoding", "snappy").build();
    }

    private static byte[] body() {
        return "a remote write body".getBytes(StandardCharsets.UTF_8);
    }

    private ReceivedRequest headerSigned(SdkHttpRequest request, Instant signingTime) {
        return AwsSdkSigning.received(sdk.signHeader(request, body(), signingTime), body());
    }

    private void assertRejected(ReceivedRequest request, FailureReason reason, String errorType, String message) {
        assertThat(authenticator.authenticate(request))
                .isEqualTo(new AuthenticationResult.Rejected(new AuthenticationFailure(reason, errorType, message)));
    }

    private double count(String reason) {
        return registry.get(RequestAuthenticator.FAILURES_METRIC).tag("reason", reason).counter().count();
    }

    private static ReceivedRequest request(String method, String path, String query, Map<String, List<String>> headers) {
        return new ReceivedRequest(method, path, query, RequestHeaders.of(headers), RequestPayload.empty());
    }

    private static ReceivedRequest authorized(String authorization, Map<String, List<String>> headers) {
        Map<String, List<String>> all = new LinkedHashMap<>(headers);
        all.put("Authorization", List.of(authorization));
        return request("GET", "/workspaces/ws-1/api/v1/query", "", all);
    }

    private static ReceivedRequest basic(String userAndPassword) {
        return request("GET", "/workspaces/ws-1/api/v1/query", "query=up", Map.of("Authorization", List.of(
                "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)))));
    }

    private static ReceivedRequest withHeaders(ReceivedRequest request,
                                               UnaryOperator<Map<String, List<String>>> change) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : request.headers().names()) {
            headers.put(name, request.headers().values(name));
        }
        return new ReceivedRequest(request.method(), request.rawPath(), request.rawQuery(),
                RequestHeaders.of(change.apply(caseInsensitive(headers))), request.payload());
    }

    /** {@code headers} with names compared ignoring case, so a test's {@code put("Content-Type", ...)} replaces it. */
    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(headers);
        return map;
    }

    private static ReceivedRequest withAuthorization(ReceivedRequest request, UnaryOperator<String> change) {
        String value = request.headers().first("Authorization").orElseThrow();
        return withHeaders(request, headers -> {
            headers.put("Authorization", List.of(change.apply(value)));
            return headers;
        });
    }

    private static ReceivedRequest withQuery(ReceivedRequest request, UnaryOperator<String> change) {
        return new ReceivedRequest(request.method(), request.rawPath(), change.apply(request.rawQuery()),
                request.headers(), request.payload());
    }

    private static Map<String, List<String>> ordered(Object... namesAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) namesAndValues[i + 1];
            map.put((String) namesAndValues[i], values);
        }
        return map;
    }
}
