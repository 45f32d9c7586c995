package io.amphora.bench.remotewrite;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.net.URI;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import static java.util.Objects.requireNonNull;

/**
 * Signs remote-write requests with AWS Signature Version 4 for service {@code aps}, as Prometheus's {@code sigv4}
 * remote-write option does for Amazon Managed Service for Prometheus. Thread-safe.
 */
public final class SigV4Signer {
    public static final String CONTENT_SHA256_HEADER = "x-amz-content-sha256";
    // java.net.http sets these itself and refuses them from callers; Host is derived from the URI exactly as the
    // signer derives it (host, plus ":port" for a non-default port), so the signature still matches.
    private static final List<String> SET_BY_HTTP_CLIENT = List.of("host", "content-length");

    private final SigV4Config config;
    private final InstantSource clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity identity;

    public SigV4Signer(SigV4Config config, InstantSource clock) {
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.identity = config.sessionToken().isPresent()
                ? AwsSessionCredentialsIdentity.create(config.accessKeyId(), config.secretAccessKey(), config.sessionToken().get())
                : AwsCredentialsIdentity.create(config.accessKeyId(), config.secretAccessKey());
    }

    /**
     * The headers to send with a {@code POST} of {@code body} to {@code uri}: {@code headers} plus
     * {@code Authorization}, {@code X-Amz-Date}, {@code x-amz-content-sha256} (the hex SHA-256 of the body, signed
     * so that the receiver can check the body was not altered) and, with a session token,
     * {@code X-Amz-Security-Token}. {@code Host} is signed but not returned: the HTTP client sends it.
     */
    public Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body) {
        requireNonNull(uri, "uri is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.POST);
        headers.forEach(unsigned::putHeader);
        unsigned.putHeader(CONTENT_SHA256_HEADER, sha256Hex(body));
        SignedRequest signed = signer.sign(request -> request
                .identity(identity)
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SigV4Config.SERVICE_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, config.region())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock.withZone(ZoneOffset.UTC)));
        Map<String, String> result = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!SET_BY_HTTP_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                result.put(name, String.join(",", values));
            }
        });
        return result;
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
