package io.amphora.app;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.google.common.util.concurrent.Service;
import io.amphora.app.grpc.EchoService;
import io.amphora.app.grpc.GrpcServers;
import io.amphora.app.grpc.InProcessChannelFactory;
import io.amphora.app.lifecycle.TestingService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The executable's HTTP and gRPC surface, with a component's beans standing in for a real target's. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"amphora.grpc.port=0", "amphora.grpc.in-process-name=amphora-application-test"})
@Import(AmphoraApplicationTest.ComponentBeans.class)
// Closed after the class, before JUnit deletes its data directory, rather than kept in Spring's context cache.
@DirtiesContext
class AmphoraApplicationTest {
    @TempDir
    static Path dataDir;

    @LocalServerPort
    int httpPort;

    @Autowired
    TestingService componentService;

    @Autowired
    GrpcServers grpcServers;

    @Autowired
    InProcessChannelFactory inProcessChannels;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("amphora.data-dir", () -> dataDir.toString());
    }

    @Test
    void readyAnswersReadyOnceEveryServiceRuns() throws Exception {
        HttpResponse<String> ready = HttpProbe.get(httpPort, "/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready");
        assertThat(componentService.state()).isEqualTo(Service.State.RUNNING);
    }

    @Test
    void readinessHealthGroupAgreesWithReady() throws Exception {
        HttpResponse<String> readiness = HttpProbe.get(httpPort, "/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(HttpProbe.get(httpPort, "/health/liveness").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsServePrometheusTextWithJvmMetrics() throws Exception {
        HttpResponse<String> metrics = HttpProbe.get(httpPort, "/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{.*\\} [0-9.E+-]+$")
                .doesNotContain("application=");
    }

    @Test
    void servesComponentGrpcServicesOnTheNetworkPortAndInProcess() {
        ManagedChannel network = Grpc.newChannelBuilderForAddress(
                "127.0.0.1", grpcServers.port(), InsecureChannelCredentials.create()).build();
        try {
            assertThat(EchoService.echo(network, "tcp")).isEqualTo("echo: tcp");
        } finally {
            network.shutdownNow();
        }
        assertThat(EchoService.echo(inProcessChannels.newChannel(), "in-process")).isEqualTo("echo: in-process");
    }

    /** What a target's configuration contributes: a gRPC service and a Guava service. */
    static class ComponentBeans {
        @Bean
        EchoService echoService() {
            return new EchoService();
        }

        @Bean
        TestingService componentService() {
            return TestingService.running("component");
        }
    }
}
