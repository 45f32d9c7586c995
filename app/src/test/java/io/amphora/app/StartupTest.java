package io.amphora.app;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.amphora.app.lifecycle.TestingService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Starting the executable: readiness while components start, and the refusal of unknown targets. */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void readyAnswers503WhileServicesStartThen200() throws Exception {
        TestingService replaying = TestingService.slowToStart("replaying");
        CompletableFuture<Integer> httpPort = new CompletableFuture<>();
        SpringApplicationBuilder application = new SpringApplicationBuilder(AmphoraApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("replaying", replaying))
                .listeners(event -> {
                    if (event instanceof WebServerInitializedEvent initialized) {
                        httpPort.complete(initialized.getWebServer().getPort());
                    }
                });
        CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture.supplyAsync(
                () -> application.run(arguments("all")), Thread::startVirtualThread);
        try {
            int port = httpPort.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTimeoutPreemptively(TIMEOUT, () -> replaying.awaitStartEntered());

            // The selected targets' own services start too; wait until only the held one is left starting.
            HttpResponse<String> starting = awaitReady(port,
                    response -> response.statusCode() == 503 && response.body().contains("Starting: 1\n"));
            assertThat(starting.body())
                    .contains("Some services are not Running:\n", "gRPC servers are not serving\n");
            assertThat(started).isNotDone();

            replaying.releaseStart();
            HttpResponse<String> ready = awaitReady(port, response -> response.statusCode() == 200);
            assertThat(ready.body()).isEqualTo("ready");
        } finally {
            replaying.releaseStart();
            started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).close();
        }
    }

    @Test
    void unknownTargetFailsStartupListingTheValidTargets(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(AmphoraApplication.class).run(arguments("distributer")))
                .hasRootCauseInstanceOf(UnknownTargetException.class)
                .hasRootCauseMessage(
                        "unknown target 'distributer' in amphora.target='distributer'; valid targets: all, control-plane, distributor, gateway, ingester, querier");
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("Set --amphora.target to one or more of these, separated by commas: all, control-plane, distributor, gateway, ingester, querier.");
    }

    private String[] arguments(String target) {
        return new String[] {
            "--amphora.target=" + target,
            "--amphora.data-dir=" + dataDir,
            "--server.port=0",
            "--amphora.grpc.port=0",
            "--amphora.grpc.in-process-name=startup-test-" + UUID.randomUUID(),
        };
    }

    /** Polls {@code /ready} until an answer matches. */
    private static HttpResponse<String> awaitReady(int port, Predicate<HttpResponse<String>> until) {
        return assertTimeoutPreemptively(TIMEOUT, () -> {
            while (true) {
                HttpResponse<String> response = HttpProbe.get(port, "/ready");
                if (until.test(response)) {
                    return response;
                }
                Thread.sleep(20);
            }
        });
    }
}
