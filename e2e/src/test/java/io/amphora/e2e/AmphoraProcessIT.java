package io.amphora.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: ports, data directory, readiness, and the signals it sends. */
class AmphoraProcessIT {
    @Test
    void startsOnFreePortsWithItsOwnDataDirAndServesReadyAndMetrics() throws Exception {
        try (AmphoraProcess amphora = AmphoraProcess.startJar("harness")) {
            HttpResponse<String> ready = amphora.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready");

            assertThat(amphora.metrics()).contains("# TYPE jvm_threads_live_threads gauge");
            assertThat(amphora.httpPort()).isNotEqualTo(amphora.grpcPort());
            assertThat(acceptsConnections(amphora.grpcPort())).isTrue();
            assertThat(amphora.dataDir()).isDirectory();
            assertThat(amphora.log()).contains("data dir " + amphora.dataDir(),
                    "HTTP port " + amphora.httpPort(), "gRPC port " + amphora.grpcPort());
        }
    }

    @Test
    void killSendsSigkillAndRestartComesBackOnTheSamePortsAndDataDir() throws Exception {
        try (AmphoraProcess amphora = AmphoraProcess.startJar("restart")) {
            Path dataDir = amphora.dataDir();

            assertThat(amphora.kill()).isEqualTo(AmphoraProcess.EXIT_SIGKILL);
            assertThat(amphora.isAlive()).isFalse();
            assertThat(amphora.log()).doesNotContain("gRPC servers stopped");

            amphora.restart();
            assertThat(amphora.get("/ready").statusCode()).isEqualTo(200);
            assertThat(amphora.dataDir()).isEqualTo(dataDir);
            assertThat(occurrences(amphora.log(), "data dir " + dataDir + ",")).isEqualTo(2);
            assertThat(occurrences(amphora.log(), "HTTP port " + amphora.httpPort() + ",")).isEqualTo(2);

            assertThat(amphora.stop()).isEqualTo(AmphoraProcess.EXIT_SIGTERM);
            assertThat(amphora.log()).contains("gRPC servers stopped");
            assertThat(acceptsConnections(amphora.httpPort())).isFalse();
        }
    }

    @Test
    void startFailsWithTheEndOfTheLogWhenTheProcessExits() {
        assertThatThrownBy(() -> AmphoraProcess.startJar("bad-target", "--amphora.target=nonsense"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 1 before it was ready")
                .hasMessageContaining("unknown target 'nonsense'");
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
