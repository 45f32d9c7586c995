package io.amphora.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** POSTs remote-write bodies to a local port over HTTP/1.1, as Prometheus does. */
final class RemoteWriteHttp {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    RemoteWriteHttp(int port) {
        this.port = port;
    }

    /** {@code POST /workspaces/{workspace}/api/v1/remote_write} with snappy encoding and the given content type. */
    HttpResponse<String> write(String workspace, String contentType, byte[] body) throws IOException, InterruptedException {
        return post("/workspaces/" + workspace + "/api/v1/remote_write",
                Map.of("Content-Type", contentType, "Content-Encoding", "snappy",
                        "X-Prometheus-Remote-Write-Version", contentType.contains("v2") ? "2.0.0" : "0.1.0"),
                body);
    }

    /** A POST with exactly these headers (none added but what HTTP/1.1 requires). */
    HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
