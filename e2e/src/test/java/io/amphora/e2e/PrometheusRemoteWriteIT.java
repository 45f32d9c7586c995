package io.amphora.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.amphora.proto.ingester.v1.Chunk;
import io.amphora.proto.ingester.v1.IngesterGrpc;
import io.amphora.proto.ingester.v1.LabelMatcher;
import io.amphora.proto.ingester.v1.LabelPair;
import io.amphora.proto.ingester.v1.MatchType;
import io.amphora.proto.ingester.v1.QueryRequest;
import io.amphora.proto.ingester.v1.StreamingSeries;
import io.amphora.storage.ValueType;
import io.amphora.testing.SystemPrograms;
import io.amphora.tsdb.chunkenc.XorIterator;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's real Prometheus remote-writing into Amphora, as an HA pair: two Prometheus servers with the same
 * {@code cluster} external label and different {@code __replica__} labels each scrape themselves every second and
 * write to one workspace. Amphora must answer every request with 2xx (the non-elected replica's with 202, which
 * Prometheus counts as sent), store only the elected replica's samples, without {@code __replica__}, and elect the
 * other replica once the elected one stops.
 *
 * <p>The two servers scrape different targets (themselves, on their own ports), so the {@code instance} label of a
 * stored series tells which replica's data was kept.
 */
class PrometheusRemoteWriteIT {
    private static final String WORKSPACE = "ws-e2e";
    private static final String CLUSTER = "e2e";
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ELECTION = Pattern.compile("\\{[^{}]*}");

    @Test
    void twoPrometheusReplicasWriteAndOnlyTheElectedOnesSamplesAreStoredUntilFailover() throws Exception {
        Path prometheusBinary = SystemPrograms.require("prometheus", "prometheus");
        try (AmphoraProcess amphora = AmphoraProcess.startJar("prometheus-remote-write",
                "--amphora.distributor.ha-failover-timeout=" + FAILOVER_TIMEOUT.toSeconds() + "s",
                "--amphora.distributor.ha-update-timeout=1s");
             PrometheusProcess replica1 = PrometheusProcess.start(prometheusBinary, "replica-1", port -> config(port, "replica-1", amphora));
             PrometheusProcess replica2 = PrometheusProcess.start(prometheusBinary, "replica-2", port -> config(port, "replica-2", amphora))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", amphora.grpcPort()).usePlaintext().build();
            try {
                IngesterGrpc.IngesterBlockingStub ingester = IngesterGrpc.newBlockingStub(channel);
                List<PrometheusProcess> replicas = List.of(replica1, replica2);

                // Both replicas have sent samples successfully: one stored, the other answered 202 and dropped.
                await("both replicas sent samples and Amphora stored and de-duplicated some", () ->
                        replicas.stream().allMatch(r -> value(metrics(r), "prometheus_remote_storage_samples_total") >= 100)
                                && value(metrics(amphora), "cortex_distributor_received_samples_total", "user", WORKSPACE) > 0
                                && value(metrics(amphora), "cortex_distributor_deduped_samples_total", "user", WORKSPACE, "cluster", CLUSTER) > 0);
                long bothSendingAt = System.currentTimeMillis();
                for (PrometheusProcess r : replicas) {
                    assertNoFailedSends(r);
                }
                double received = value(metrics(amphora), "cortex_distributor_received_samples_total", "user", WORKSPACE);
                double deduped = value(metrics(amphora), "cortex_distributor_deduped_samples_total", "user", WORKSPACE, "cluster", CLUSTER);

                String electedName = onlyElectedReplica(amphora);
                PrometheusProcess elected = electedName.equals("replica-1") ? replica1 : replica2;
                PrometheusProcess other = elected == replica1 ? replica2 : replica1;
                assertThat(electedName).isIn("replica-1", "replica-2");

                Map<Map<String, String>, TreeMap<Long, Double>> up = query(ingester, equal("__name__", "up"));
                assertThat(up).as("stored up series").isNotEmpty();
                for (var series : up.entrySet()) {
                    assertThat(series.getKey()).containsEntry("cluster", CLUSTER).containsEntry("job", "prometheus")
                            .containsEntry("instance", elected.instance()).doesNotContainKey("__replica__");
                    assertThat(series.getValue()).isNotEmpty();
                    assertThat(series.getValue().values()).containsOnly(1.0);
                }
                Map<Map<String, String>, TreeMap<Long, Double>> scraped = query(ingester, equal("job", "prometheus"));
                assertThat(scraped.size()).as("stored series of job prometheus").isGreaterThan(100);
                Set<String> instances = new TreeSet<>();
                for (Map<String, String> labels : scraped.keySet()) {
                    assertThat(labels).containsEntry("cluster", CLUSTER).doesNotContainKey("__replica__");
                    instances.add(labels.get("instance"));
                }
                assertThat(instances).as("instances whose samples were kept").containsExactly(elected.instance());

                // Data keeps flowing, and the non-elected replica's keeps being dropped, all answered with 2xx.
                await("Amphora receives and de-duplicates more samples", () ->
                        value(metrics(amphora), "cortex_distributor_received_samples_total", "user", WORKSPACE) > received
                                && value(metrics(amphora), "cortex_distributor_deduped_samples_total", "user", WORKSPACE, "cluster", CLUSTER) > deduped);
                assertThat(query(ingester, equal("instance", other.instance()))).isEmpty();

                long stoppedAt = System.currentTimeMillis();
                elected.stop();
                await("the other replica is elected after the failover timeout", () -> onlyElectedReplica(amphora).equals(other.name()));
                await("the other replica's samples are stored", () -> !query(ingester, equal("__name__", "up"),
                        equal("instance", other.instance())).isEmpty());

                assertThat(electionOf(amphora)).contains("\"failovers\":1");
                Map<Map<String, String>, TreeMap<Long, Double>> afterFailover = query(ingester, equal("instance", other.instance()));
                for (var series : afterFailover.entrySet()) {
                    assertThat(series.getKey()).containsEntry("cluster", CLUSTER).doesNotContainKey("__replica__");
                    // Everything it sent while the first replica was elected was dropped, though it scraped all along.
                    assertThat(series.getValue().firstKey()).as("first stored sample of %s", series.getKey())
                            .isGreaterThan(stoppedAt).isGreaterThan(bothSendingAt);
                }
                assertNoFailedSends(other);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Self-scrape every second, HA external labels, remote write to the workspace with short batching delays. */
    private static String config(int port, String replica, AmphoraProcess amphora) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                  external_labels:
                    cluster: %s
                    __replica__: %s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: http://127.0.0.1:%d/workspaces/%s/api/v1/remote_write
                    remote_timeout: 5s
                    queue_config:
                      batch_send_deadline: 250ms
                      min_backoff: 100ms
                      max_backoff: 1s
                    metadata_config:
                      send_interval: 2s
                """.formatted(CLUSTER, replica, port, amphora.httpPort(), WORKSPACE);
    }

    /** Prometheus counts a 2xx answer as sent, anything else as failed (4xx) or retried (5xx, 429). */
    private static void assertNoFailedSends(PrometheusProcess prometheus) throws IOException, InterruptedException {
        String text = prometheus.metrics();
        for (String metric : List.of("prometheus_remote_storage_samples_failed_total",
                "prometheus_remote_storage_samples_retried_total", "prometheus_remote_storage_samples_dropped_total",
                "prometheus_remote_storage_metadata_failed_total", "prometheus_remote_storage_metadata_retried_total")) {
            assertThat(MetricsText.sum(text, metric)).as("%s of %s", metric, prometheus.name()).hasValue(0.0);
        }
        assertThat(MetricsText.sum(text, "prometheus_remote_storage_samples_total").orElse(0))
                .as("samples %s sent", prometheus.name()).isPositive();
    }

    /** The replica elected for (ws-e2e, e2e), asserting {@code /distributor/ha_tracker} lists exactly one. */
    private static String onlyElectedReplica(AmphoraProcess amphora) throws IOException, InterruptedException {
        String election = electionOf(amphora);
        Matcher replica = Pattern.compile("\"replica\":\"([^\"]*)\"").matcher(election);
        assertThat(replica.find()).as(election).isTrue();
        return replica.group(1);
    }

    private static String electionOf(AmphoraProcess amphora) throws IOException, InterruptedException {
        HttpResponse<String> page = amphora.get("/distributor/ha_tracker");
        assertThat(page.statusCode()).isEqualTo(200);
        List<String> elections = new ArrayList<>();
        Matcher m = ELECTION.matcher(page.body());
        while (m.find()) {
            if (m.group().contains("\"workspace\":\"" + WORKSPACE + "\"") && m.group().contains("\"cluster\":\"" + CLUSTER + "\"")) {
                elections.add(m.group());
            }
        }
        assertThat(elections).as("elections for (%s, %s) in %s", WORKSPACE, CLUSTER, page.body()).hasSize(1);
        return elections.getFirst();
    }

    private static LabelMatcher equal(String name, String value) {
        return LabelMatcher.newBuilder().setType(MatchType.EQUAL).setName(name).setValue(value).build();
    }

    /** Every stored sample of the matching series of the workspace, through the ingester's QueryStream. */
    private static Map<Map<String, String>, TreeMap<Long, Double>> query(IngesterGrpc.IngesterBlockingStub ingester,
                                                                         LabelMatcher... matchers) {
        Map<Map<String, String>, TreeMap<Long, Double>> out = new HashMap<>();
        ingester.withDeadlineAfter(10, TimeUnit.SECONDS).queryStream(QueryRequest.newBuilder().setTenant(WORKSPACE)
                .setStartTimestampMs(Long.MIN_VALUE).setEndTimestampMs(Long.MAX_VALUE).addAllMatchers(List.of(matchers))
                .build()).forEachRemaining(response -> {
            for (StreamingSeries s : response.getSeriesList()) {
                Map<String, String> labels = new TreeMap<>();
                for (LabelPair p : s.getLabelsList()) {
                    labels.put(p.getName(), p.getValue());
                }
                TreeMap<Long, Double> samples = out.computeIfAbsent(Map.copyOf(labels), k -> new TreeMap<>());
                for (Chunk c : s.getChunksList()) {
                    XorIterator it = XorIterator.of(c.getData().toByteArray(), null);
                    while (it.next() == ValueType.FLOAT) {
                        samples.put(it.atT(), it.atValue());
                    }
                }
            }
        });
        return out;
    }

    private static String metrics(AmphoraProcess amphora) {
        try {
            return amphora.metrics();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("reading Amphora's /metrics", e);
        }
    }

    private static String metrics(PrometheusProcess prometheus) {
        try {
            return prometheus.metrics();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("reading " + prometheus.name() + "'s /metrics", e);
        }
    }

    /** A counter's value summed over the series with these labels; 0 when it has none yet. */
    private static double value(String metricsText, String metric, String... labels) {
        OptionalDouble v = MetricsText.sum(metricsText, metric, labels);
        return v.orElse(0);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 200 ms until it holds, failing after {@link #WAIT_TIMEOUT}. */
    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + WAIT_TIMEOUT.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT_TIMEOUT + " waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
