package io.amphora.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import static java.util.Objects.requireNonNull;

/**
 * HTTP requests to a local Amphora signed by the AWS SDK's own SigV4 signer, as the AWS SDKs and Grafana's SigV4
 * data sources sign them, sent with the JDK's client exactly as signed.
 */
final class SignedHttp {
    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String accessKeyId;
    private final String secret;
    private final String region;
    private final String service;

    SignedHttp(int port, String accessKeyId, String secret, String region, String service) {
        this.port = port;
        this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.region = requireNonNull(region, "region is null");
        this.service = requireNonNull(service, "service is null");
    }

    SignedHttp as(String otherAccessKeyId, String otherSecret) {
        return new SignedHttp(port, otherAccessKeyId, otherSecret, region, service);
    }

    SignedHttp scopedTo(String otherRegion, String otherService) {
        return new SignedHttp(port, accessKeyId, secret, otherRegion, otherService);
    }

    /** A GET of {@code path} with the query parameters given (raw values), signed now. */
    HttpResponse<String> get(String path, Map<String, String> query) throws IOException, InterruptedException {
        return send(sign(SdkHttpMethod.GET, path, query, Map.of(), new byte[0], Instant.now()), new byte[0]);
    }

    /** A POST of {@code body}, signed at {@code signingTime}. */
    HttpResponse<String> post(String path, Map<String, String> headers, byte[] body, Instant signingTime)
            throws IOException, InterruptedException {
        return send(sign(SdkHttpMethod.POST, path, Map.of(), headers, body, signingTime), body);
    }

    HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        return post(path, headers, body, Instant.now());
    }

    SignedRequest sign(SdkHttpMethod method, String path, Map<String, String> query, Map<String, String> headers,
            byte[] body, Instant signingTime) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method).protocol("http")
                .host("127.0.0.1").port(port).encodedPath(path);
        query.forEach(request::putRawQueryParameter);
        headers.forEach(request::putHeader);
        return AwsV4HttpSigner.create().sign(builder -> {
            builder.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(request.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC));
            if (body.length > 0) {
                builder.payload(ContentStreamProvider.fromByteArray(body));
            }
        });
    }

    /** Sends {@code signed} with {@code body}, which may differ from what was signed (to tamper). */
    static HttpResponse<String> send(SignedRequest signed, byte[] body) throws IOException, InterruptedException {
        SdkHttpRequest request = signed.request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(30))
                .method(request.method().name(), body.length == 0 && request.method() == SdkHttpMethod.GET
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                for (String value : values) {
                    builder.header(name, value);
                }
            }
        });
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> headerValues(HttpResponse<?> response, String name) {
        return response.headers().allValues(name);
    }
}
