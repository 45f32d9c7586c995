package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.SigV4Config;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardOptionsTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T12:34:56.789Z"));
    private static final String PROMETHEUS = "--prometheus-url=http://127.0.0.1:9090";
    private static final String AMPHORA = "--amphora-url=http://127.0.0.1:8080/workspaces/ws-bench";

    private static DashboardOptions parse(Map<String, String> environment, String... args) {
        return DashboardOptions.parse(args, environment, CLOCK);
    }

    private static DashboardOptions parse(String... args) {
        return parse(Map.of(), args);
    }

    @Test
    void defaultsRunTheWholeDashboardOnTenThousandSeriesEndingAMinuteBeforeNowUnsigned() {
        DashboardOptions options = parse(PROMETHEUS, AMPHORA);

        assertThat(options.prometheusQueryUrl()).isEqualTo(URI.create("http://127.0.0.1:9090/api/v1/query_range"));
        assertThat(options.prometheusWriteUrl()).isEqualTo(URI.create("http://127.0.0.1:9090/api/v1/write"));
        assertThat(options.amphoraQueryUrl())
                .isEqualTo(URI.create("http://127.0.0.1:8080/workspaces/ws-bench/api/v1/query_range"));
        assertThat(options.amphoraWriteUrl())
                .isEqualTo(URI.create("http://127.0.0.1:8080/workspaces/ws-bench/api/v1/remote_write"));
        assertThat(options.prometheusPid()).isEmpty();
        assertThat(options.amphoraPid()).isEmpty();
        assertThat(options.dataset().name()).isEqualTo("10k-1h");
        assertThat(options.startMillis()).isEqualTo(Instant.parse("2026-11-21T11:33:00Z").toEpochMilli());
        assertThat(options.seed()).isEqualTo(PromqlBenchmarkData.DEFAULT_SEED);
        assertThat(options.panels()).containsExactly(DashboardPanel.values());
        assertThat(options.runs()).isEqualTo(5);
        assertThat(options.warmup()).isEqualTo(2);
        assertThat(options.warmupTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.statsRuns()).isEqualTo(3);
        assertThat(options.maxDataPoints()).isEqualTo(1000);
        assertThat(options.step()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.tolerance()).isEqualTo(1e-6);
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.amphoraSigV4()).isEmpty();
    }

    @Test
    void readsEveryOption() {
        DashboardOptions options = parse(PROMETHEUS, AMPHORA + "/", "--prometheus-pid=11", "--amphora-pid=12",
                "--dataset=100k-24h@60s", "--start=1767225600000", "--seed=9", "--panels=latency_p99, pods_per_node",
                "--runs=7", "--warmup=3", "--warmup-seconds=0", "--stats-runs=0", "--max-data-points=500",
                "--tolerance=1e-9", "--targets-per-request=10", "--scrapes-per-request=4", "--load-concurrency=3",
                "--timeout-seconds=30", "--settle-seconds=0");

        assertThat(options.amphoraUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/workspaces/ws-bench"));
        assertThat(options.prometheusPid()).isEqualTo(OptionalLong.of(11));
        assertThat(options.amphoraPid()).isEqualTo(OptionalLong.of(12));
        assertThat(options.dataset().scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.startMillis()).isEqualTo(1_767_225_600_000L);
        assertThat(options.seed()).isEqualTo(9);
        assertThat(options.panels()).isEqualTo(List.of(DashboardPanel.LATENCY_P99, DashboardPanel.PODS_PER_NODE));
        assertThat(options.runs()).isEqualTo(7);
        assertThat(options.warmup()).isEqualTo(3);
        assertThat(options.warmupTime()).isZero();
        assertThat(options.statsRuns()).isZero();
        assertThat(options.maxDataPoints()).isEqualTo(500);
        // 24 h / 500 = 172.8 s, which Grafana rounds to 2 minutes.
        assertThat(options.step()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.tolerance()).isEqualTo(1e-9);
        assertThat(options.targetsPerRequest()).isEqualTo(10);
        assertThat(options.scrapesPerRequest()).isEqualTo(4);
        assertThat(options.loadConcurrency()).isEqualTo(3);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.settle()).isZero();
    }

    @Test
    void signsAmphorasRequestsWithCredentialsGivenAsOptions() {
        DashboardOptions options = parse(Map.of("AWS_ACCESS_KEY_ID", "ENVKEY", "AWS_SECRET_ACCESS_KEY", "envsecret",
                        "AWS_SESSION_TOKEN", "envtoken", "AWS_REGION", "eu-west-1"),
                PROMETHEUS, AMPHORA, "--aws-access-key-id=AKIDEXAMPLE", "--aws-secret-access-key=secret",
                "--aws-region=us-east-1");

        // The key, secret and token come together from the options: the environment's token is not mixed in.
        assertThat(options.amphoraSigV4())
                .contains(new SigV4Config("us-east-1", "AKIDEXAMPLE", "secret", Optional.empty()));
    }

    @Test
    void takesCredentialsAndRegionFromTheEnvironmentWhenNoOptionGivesThem() {
        DashboardOptions options = parse(Map.of("AWS_ACCESS_KEY_ID", "ENVKEY", "AWS_SECRET_ACCESS_KEY", "envsecret",
                "AWS_SESSION_TOKEN", "envtoken", "AWS_DEFAULT_REGION", "ap-south-1"), PROMETHEUS, AMPHORA);

        assertThat(options.amphoraSigV4())
                .contains(new SigV4Config("ap-south-1", "ENVKEY", "envsecret", Optional.of("envtoken")));
        assertThat(parse(Map.of("AWS_ACCESS_KEY_ID", "ENVKEY", "AWS_SECRET_ACCESS_KEY", "envsecret",
                "AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "ap-south-1"), PROMETHEUS, AMPHORA, "--aws-region=us-west-2")
                .amphoraSigV4().orElseThrow().region()).isEqualTo("us-west-2");
    }

    @Test
    void refusesIncompleteCredentials() {
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--aws-access-key-id=AKID", "--aws-region=us-east-1"))
                .hasMessage("--aws-access-key-id needs --aws-secret-access-key");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--aws-access-key-id=AKID", "--aws-secret-access-key=s"))
                .hasMessageContaining("needs a region");
        assertThatThrownBy(() -> parse(Map.of("AWS_ACCESS_KEY_ID", "ENVKEY"), PROMETHEUS, AMPHORA, "--aws-region=x"))
                .hasMessage("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--aws-region=us-east-1"))
                .hasMessageStartingWith("--aws-region is given but no credentials");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--aws-secret-access-key=s"))
                .hasMessageContaining("need --aws-access-key-id");
    }

    @Test
    void neverPrintsTheSecret() {
        DashboardOptions options = parse(PROMETHEUS, AMPHORA, "--aws-access-key-id=AKID",
                "--aws-secret-access-key=topsecret", "--aws-session-token=tokensecret", "--aws-region=us-east-1");

        assertThat(options.toString()).contains("AKID").doesNotContain("topsecret").doesNotContain("tokensecret");
    }

    @Test
    void namesTheFirstBadArgument() {
        assertThatThrownBy(() -> parse(AMPHORA))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--prometheus-url is required");
        assertThatThrownBy(() -> parse(PROMETHEUS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--amphora-url is required");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--queries=all"))
                .hasMessage("unknown option --queries");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--runs"))
                .hasMessage("expected --name=value, got '--runs'");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--runs=5", "--runs=6"))
                .hasMessage("--runs is given twice");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--runs=many"))
                .hasMessage("--runs must be an integer, got 'many'");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--runs=0"))
                .hasMessage("runs must be positive, got 0");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--warmup=0"))
                .hasMessageContaining("warmup must be at least 1");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--stats-runs=-1"))
                .hasMessage("stats-runs must not be negative, got -1");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--panels=latency_p99,latency_p99"))
                .hasMessageStartingWith("a panel is listed twice");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--panels=latency_p50"))
                .hasMessageStartingWith("unknown panel 'latency_p50'");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--start=1767225600001"))
                .hasMessage("start must be a whole minute, got 1767225600001");
        assertThatThrownBy(() -> parse(PROMETHEUS, AMPHORA, "--dataset=10k"))
                .hasMessageContaining("<thousands>k-<hours>h");
        assertThatThrownBy(() -> parse("--prometheus-url=ftp://127.0.0.1:9090", AMPHORA))
                .hasMessageStartingWith("prometheus-url must be an http or https URL");
        assertThatThrownBy(() -> parse(PROMETHEUS, "--amphora-url=http://127.0.0.1:8080/workspaces/ws?x=1"))
                .hasMessageStartingWith("amphora-url must be a root URL");
    }
}
