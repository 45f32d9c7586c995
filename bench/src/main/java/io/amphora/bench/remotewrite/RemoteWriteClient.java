package io.amphora.bench.remotewrite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Posts compressed remote-write bodies to one endpoint with the headers the protocol requires, optionally with a
 * tenant header and a SigV4 signature. Thread-safe.
 */
public final class RemoteWriteClient {
    static final String USER_AGENT = "amphora-bench-remote-write/0.1";

    private final HttpClient http;
    private final URI url;
    private final Protocol protocol;
    private final Optional<String> tenant;
    private final Optional<SigV4Signer> signer;
    private final Duration timeout;

    public RemoteWriteClient(HttpClient http, URI url, Protocol protocol, Optional<String> tenant,
            Optional<SigV4Signer> signer, Duration timeout) {
        this.http = requireNonNull(http, "http is null");
        this.url = requireNonNull(url, "url is null");
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The receiver's answer: its status and its body as text (receivers explain rejections there). */
    public record Answer(int status, String body) {
        public Answer {
            requireNonNull(body, "body is null");
        }
    }

    /** The request that {@link #send} posts for {@code compressedBody}. */
    public HttpRequest request(byte[] compressedBody) {
        requireNonNull(compressedBody, "compressedBody is null");
        Map<String, String> unsigned = new LinkedHashMap<>();
        unsigned.put("Content-Encoding", "snappy");
        unsigned.put("Content-Type", protocol.contentType());
        unsigned.put("X-Prometheus-Remote-Write-Version", protocol.versionHeader());
        tenant.ifPresent(id -> unsigned.put("X-Scope-OrgID", id));
        Map<String, String> headers = signer.isPresent() ? signer.get().sign(url, unsigned, compressedBody) : unsigned;
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(compressedBody));
        headers.forEach(request::header);
        return request.build();
    }

    /**
     * Posts {@code compressedBody} and waits for the answer, whatever its status.
     *
     * @throws IOException when no answer came (connection refused or reset, timeout)
     */
    public Answer send(byte[] compressedBody) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request(compressedBody), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }
}
