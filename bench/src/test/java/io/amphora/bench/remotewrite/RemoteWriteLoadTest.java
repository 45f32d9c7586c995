package io.amphora.bench.remotewrite;

import io.amphora.bench.SyntheticSeries;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteWriteLoadTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final RecordingReceiver.Reply NO_CONTENT = new RecordingReceiver.Reply(204, "");

    @Test
    void sendsEverySampleStepByStepInTimestampOrder() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver(25, request -> NO_CONTENT)) {
            LoadOptions options = options(receiver.url(), "--series=25", "--samples-per-series=6", "--batch-size=10",
                    "--concurrency=3");

            LoadReport report = load(options).run();

            assertThat(report.samplesSent()).isEqualTo(150);
            assertThat(report.samplesAccepted()).isEqualTo(150);
            assertThat(report.requests2xx()).isEqualTo(18);
            assertThat(report.allAccepted()).isTrue();
            assertThat(receiver.orderViolations()).isEmpty();
            List<Long> expected = new ArrayList<>();
            for (int step = 0; step < 6; step++) {
                expected.add(NOW.minusSeconds(90).plusSeconds(15L * step).toEpochMilli());
            }
            assertThat(receiver.samplesBySeries()).hasSize(25);
            receiver.samplesBySeries().forEach((series, timestamps) -> assertThat(timestamps).as(series).isEqualTo(expected));
            assertThat(receiver.requests()).allSatisfy(request -> {
                assertThat(request.headers().get("Content-encoding")).containsExactly("snappy");
                assertThat(request.headers().get("X-prometheus-remote-write-version")).containsExactly("0.1.0");
                assertThat(request.headers()).doesNotContainKey("X-scope-orgid");
            });
        }
    }

    @Test
    void sendsVersion2WithTheTenantHeader() throws Exception {
        try (RecordingReceiver receiver = new RecordingReceiver(12, request -> NO_CONTENT)) {
            LoadOptions options = options(receiver.url(), "--series=12", "--samples-per-series=3", "--batch-size=5",
                    "--protocol=2.0", "--tenant-header=team-a");

            LoadReport report = load(options).run();

            assertThat(report.samplesAccepted()).isEqualTo(36);
            assertThat(receiver.orderViolations()).isEmpty();
            assertThat(receiver.samplesBySeries()).hasSize(12).allSatisfy((series, timestamps) -> assertThat(timestamps).hasSize(3).isSorted());
            assertThat(receiver.requests()).hasSize(9).allSatisfy(request -> {
                assertThat(request.headers().get("X-scope-orgid")).containsExactly("team-a");
                assertThat(request.headers().get("X-prometheus-remote-write-version")).containsExactly("2.0.0");
            });
        }
    }

    @Test
    void countsAndShowsRefusedRequests() throws Exception {
        long thirdStep = NOW.minusSeconds(60).plusSeconds(30).toEpochMilli();
        try (RecordingReceiver receiver = new RecordingReceiver(20, request -> request.timestamp() == thirdStep
                ? new RecordingReceiver.Reply(400, "err-mimir-sample-out-of-order: the sample has been rejected")
                : request.timestamp() > thirdStep ? new RecordingReceiver.Reply(503, "ingester unavailable") : NO_CONTENT)) {
            LoadOptions options = options(receiver.url(), "--series=20", "--samples-per-series=4", "--batch-size=10",
                    "--concurrency=1");

            LoadReport report = load(options).run();

            assertThat(report.samplesSent()).isEqualTo(80);
            assertThat(report.samplesAccepted()).isEqualTo(40);
            assertThat(report.requests2xx()).isEqualTo(4);
            assertThat(report.requests4xx()).isEqualTo(2);
            assertThat(report.requests5xx()).isEqualTo(2);
            assertThat(report.allAccepted()).isFalse();
            assertThat(report.firstErrors()).containsExactly(
                    "HTTP 400: err-mimir-sample-out-of-order: the sample has been rejected",
                    "HTTP 400: err-mimir-sample-out-of-order: the sample has been rejected",
                    "HTTP 503: ingester unavailable",
                    "HTTP 503: ingester unavailable");
        }
    }

    @Test
    void countsRequestsThatGetNoAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        LoadOptions options = options(URI.create("http://127.0.0.1:" + closedPort + "/api/v1/write"), "--series=4",
                "--samples-per-series=2", "--batch-size=2");

        LoadReport report = load(options).run();

        assertThat(report.requestsFailed()).isEqualTo(4);
        assertThat(report.samplesSent()).isEqualTo(8);
        assertThat(report.samplesAccepted()).isZero();
        assertThat(report.firstErrors()).isNotEmpty().allSatisfy(error -> assertThat(error).startsWith("no answer: java.net.ConnectException"));
    }

    private static LoadOptions options(URI url, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--url=" + url;
        System.arraycopy(args, 0, all, 1, args.length);
        return LoadOptions.parse(all, Map.of(), InstantSource.fixed(NOW));
    }

    private static RemoteWriteLoad load(LoadOptions options) throws IOException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        RemoteWriteClient client = new RemoteWriteClient(http, options.url(), options.protocol(), options.tenant(),
                Optional.empty(), options.timeout());
        return new RemoteWriteLoad(options, new SyntheticSeries(options.series(), options.seed(), 0), client,
                System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)));
    }
}
