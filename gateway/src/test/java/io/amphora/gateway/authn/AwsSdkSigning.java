package io.amphora.gateway.authn;

import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.RequestHeaders;
import io.amphora.gateway.RequestPayload;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Signs requests with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}, the one every SDK v2 client uses) and
 * turns the signed request into a {@link ReceivedRequest} exactly as a server would receive it: the encoded path
 * and query the SDK puts on the wire, its headers, and a {@code Host} header as an HTTP client sends it.
 */
public final class AwsSdkSigning {
    public static final String HOST = "amphora.example.com:8080";

    private final String accessKeyId;
    private final String secret;
    private final String region;
    private final String service;

    public AwsSdkSigning(String accessKeyId, String secret, String region, String service) {
        this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.region = requireNonNull(region, "region is null");
        this.service = requireNonNull(service, "service is null");
    }

    /** A request to {@code encodedPath} with the raw (unencoded) query parameters given. */
    public static SdkHttpRequest.Builder request(SdkHttpMethod method, String encodedPath, Map<String, List<String>> rawQuery) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(method).protocol("https")
                .host("amphora.example.com").port(8080).encodedPath(encodedPath);
        rawQuery.forEach(builder::putRawQueryParameter);
        return builder;
    }

    /** Signs in the Authorization header at {@code signingTime}, payload signing on. */
    public SignedRequest signHeader(SdkHttpRequest request, byte[] body, Instant signingTime) {
        return sign(request, body, signingTime, properties -> {});
    }

    /** Signs at {@code signingTime} with extra signer properties (payload signing off, presigning, ...). */
    public SignedRequest sign(SdkHttpRequest request, byte[] body, Instant signingTime,
                       Consumer<SignRequest.Builder<AwsCredentialsIdentity>> properties) {
        return AwsV4HttpSigner.create().sign(builder -> {
            builder.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC));
            if (body.length > 0) {
                builder.payload(ContentStreamProvider.fromByteArray(body));
            }
            properties.accept(builder);
        });
    }

    /** Presigns at {@code signingTime}, valid for {@code expiration}. */
    public SignedRequest presign(SdkHttpRequest request, byte[] body, Instant signingTime, Duration expiration) {
        return sign(request, body, signingTime, properties -> properties
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiration));
    }

    /** The signed request as a server receives it. */
    public static ReceivedRequest received(SignedRequest signed, byte[] body) {
        SdkHttpRequest request = signed.request();
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.putIfAbsent("Host", List.of(HOST));
        String rawQuery = request.encodedQueryParameters().orElse("");
        return new ReceivedRequest(request.method().name(), request.encodedPath(), rawQuery, RequestHeaders.of(headers),
                RequestPayload.ofBytes(body));
    }
}
