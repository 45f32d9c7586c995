package io.amphora.bench.remotewrite;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteWriteClientTest {
    private static final URI URL = URI.create("http://127.0.0.1:9090/api/v1/push");

    @Test
    void sendsVersion1Headers() {
        HttpRequest request = client(Protocol.V1, Optional.empty()).request(new byte[] {1, 2, 3});

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo(URL);
        assertThat(request.headers().firstValue("Content-Encoding")).hasValue("snappy");
        assertThat(request.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(request.headers().firstValue("X-Prometheus-Remote-Write-Version")).hasValue("0.1.0");
        assertThat(request.headers().firstValue("X-Scope-OrgID")).isEmpty();
        assertThat(request.headers().firstValue("Authorization")).isEmpty();
        assertThat(request.bodyPublisher().orElseThrow().contentLength()).isEqualTo(3);
    }

    @Test
    void sendsVersion2HeadersAndTheTenant() {
        HttpRequest request = client(Protocol.V2, Optional.of("team-a")).request(new byte[] {1});

        assertThat(request.headers().firstValue("Content-Type")).hasValue("application/x-protobuf;proto=io.prometheus.write.v2.Request");
        assertThat(request.headers().firstValue("X-Prometheus-Remote-Write-Version")).hasValue("2.0.0");
        assertThat(request.headers().firstValue("X-Scope-OrgID")).hasValue("team-a");
    }

    private static RemoteWriteClient client(Protocol protocol, Optional<String> tenant) {
        return new RemoteWriteClient(HttpClient.newHttpClient(), URL, protocol, tenant, Optional.empty(), Duration.ofSeconds(5));
    }
}
