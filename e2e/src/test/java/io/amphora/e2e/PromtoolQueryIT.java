package io.amphora.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.amphora.e2e.RemoteWriteClient.Series;
import io.amphora.testing.SystemPrograms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.amphora.e2e.PrometheusCompatibilityIT.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code promtool query instant|range|series|labels}, pointed at a workspace's API root
 * ({@code http://127.0.0.1:PORT/workspaces/ws-x}) as a user would point it at a Prometheus server: it must exit 0
 * and print the data written through remote write, in its own text format.
 */
class PromtoolQueryIT {
    private static final String WORKSPACE = "ws-x";
    /** The first sample, a whole minute 10 minutes ago; samples every 15 s up to 10 minutes later. */
    private static final long T0 = (System.currentTimeMillis() / 60_000 - 10) * 60_000;
    private static final long QUERY_TIME = T0 + 5 * 60_000;

    private static Path promtool;
    private static AmphoraProcess amphora;

    @BeforeAll
    static void writeData() throws Exception {
        promtool = SystemPrograms.require("promtool", "prometheus");
        amphora = AmphoraProcess.startJar("promtool-query");
        List<Series> series = new ArrayList<>();
        for (String instance : List.of("a0", "a1")) {
            Series up = Series.of(Map.of("__name__", "up", "job", "api", "instance", instance));
            Series requests = Series.of(Map.of("__name__", "http_requests_total", "job", "api", "instance", instance));
            for (int i = 0; i <= 40; i++) {
                up.add(T0 + i * 15_000L, instance.equals("a0") ? 1 : 0);
                requests.add(T0 + i * 15_000L, i * 30.0);
            }
            series.add(up);
            series.add(requests);
        }
        RemoteWriteClient.send("http://127.0.0.1:" + amphora.httpPort() + "/workspaces/" + WORKSPACE
                + "/api/v1/remote_write", RemoteWriteClient.request(series, List.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (amphora != null) {
            amphora.close();
        }
    }

    @Test
    void anInstantQueryPrintsTheVector() throws Exception {
        String out = promtool("instant", "--time=" + seconds(QUERY_TIME), server(),
                "sum by (job) (http_requests_total) / 2");
        assertThat(out).isEqualTo("{job=\"api\"} => 600 @[" + seconds(QUERY_TIME) + "]\n");
    }

    @Test
    void anInstantQueryOfASelectorPrintsEverySeries() throws Exception {
        String out = promtool("instant", "--time=" + seconds(QUERY_TIME), server(), "up");
        assertThat(out).isEqualTo("up{instance=\"a0\", job=\"api\"} => 1 @[" + seconds(QUERY_TIME) + "]\n"
                + "up{instance=\"a1\", job=\"api\"} => 0 @[" + seconds(QUERY_TIME) + "]\n");
    }

    @Test
    void aRangeQueryPrintsTheMatrix() throws Exception {
        String out = promtool("range", "--start=" + seconds(QUERY_TIME), "--end=" + seconds(QUERY_TIME + 60_000),
                "--step=30s", server(), "http_requests_total{instance=\"a1\"}");
        assertThat(out).isEqualTo("http_requests_total{instance=\"a1\", job=\"api\"} =>\n"
                + "600 @[" + seconds(QUERY_TIME) + "]\n"
                + "660 @[" + seconds(QUERY_TIME + 30_000) + "]\n"
                + "720 @[" + seconds(QUERY_TIME + 60_000) + "]\n");
    }

    @Test
    void aSeriesQueryPrintsTheMatchingLabelSets() throws Exception {
        String out = promtool("series", "--match=up", "--match={__name__=\"http_requests_total\",instance=\"a0\"}",
                server());
        assertThat(out).isEqualTo("{__name__=\"http_requests_total\", instance=\"a0\", job=\"api\"}\n"
                + "{__name__=\"up\", instance=\"a0\", job=\"api\"}\n"
                + "{__name__=\"up\", instance=\"a1\", job=\"api\"}\n");
    }

    @Test
    void aLabelsQueryPrintsTheValuesOfTheLabel() throws Exception {
        assertThat(promtool("labels", server(), "instance")).isEqualTo("a0\na1\n");
        assertThat(promtool("labels", server(), "__name__")).isEqualTo("http_requests_total\nup\n");
    }

    private static String server() {
        return "http://127.0.0.1:" + amphora.httpPort() + "/workspaces/" + WORKSPACE;
    }

    /** Runs {@code promtool query <args>}, asserting exit code 0, and returns its standard output. */
    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "query"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        // The outputs are small; reading them after exit cannot block on a full pipe.
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("promtool %s finished within 30 s", command).isTrue();
        assertThat(process.exitValue()).as("exit code of %s; stderr: %s; stdout: %s", command, err, out).isZero();
        return out;
    }
}
