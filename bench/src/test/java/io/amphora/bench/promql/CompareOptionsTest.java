package io.amphora.bench.promql;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareOptionsTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-21T12:34:56.789Z"));

    @Test
    void defaultsRunEveryQueryOnTenThousandSeriesEndingAMinuteBeforeNow() {
        CompareOptions options = CompareOptions.parse(new String[] {"--prometheus-url=http://127.0.0.1:9090"}, CLOCK);

        assertThat(options.prometheusUrl()).isEqualTo(URI.create("http://127.0.0.1:9090"));
        assertThat(options.prometheusPid()).isEmpty();
        assertThat(options.dataset().name()).isEqualTo("10k-1h");
        assertThat(options.startMillis()).isEqualTo(Instant.parse("2026-11-21T11:33:00Z").toEpochMilli());
        assertThat(options.seed()).isEqualTo(PromqlBenchmarkData.DEFAULT_SEED);
        assertThat(options.queries()).containsExactly(BenchmarkQuery.values());
        assertThat(options.runs()).isEqualTo(5);
        assertThat(options.warmup()).isEqualTo(3);
        assertThat(options.warmupTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.tolerance()).isEqualTo(1e-6);
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void readsEveryOption() {
        CompareOptions options = CompareOptions.parse(new String[] {"--prometheus-url=http://127.0.0.1:1234",
                "--prometheus-pid=4321", "--dataset=1k-24h", "--start=1767225600000", "--seed=9",
                "--queries=topk, rate", "--runs=7", "--warmup=2", "--warmup-seconds=0", "--tolerance=1e-9", "--targets-per-request=10",
                "--scrapes-per-request=4", "--load-concurrency=3", "--timeout-seconds=30", "--settle-seconds=0"}, CLOCK);

        assertThat(options.prometheusPid()).isEqualTo(OptionalLong.of(4321));
        assertThat(options.dataset().name()).isEqualTo("1k-24h");
        assertThat(options.startMillis()).isEqualTo(1_767_225_600_000L);
        assertThat(options.seed()).isEqualTo(9);
        assertThat(options.queries()).isEqualTo(List.of(BenchmarkQuery.TOPK, BenchmarkQuery.RATE));
        assertThat(options.runs()).isEqualTo(7);
        assertThat(options.warmup()).isEqualTo(2);
        assertThat(options.warmupTime()).isZero();
        assertThat(options.tolerance()).isEqualTo(1e-9);
        assertThat(options.targetsPerRequest()).isEqualTo(10);
        assertThat(options.scrapesPerRequest()).isEqualTo(4);
        assertThat(options.loadConcurrency()).isEqualTo(3);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.settle()).isZero();
    }

    @Test
    void namesTheFirstBadArgument() {
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--dataset=1k-1h"}, CLOCK))
                .hasMessage("--prometheus-url is required");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--prometheus-url=http://x", "--colour=red"}, CLOCK))
                .hasMessage("unknown option --colour");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--prometheus-url=http://x", "--runs=many"}, CLOCK))
                .hasMessage("--runs must be an integer, got 'many'");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--prometheus-url=http://x", "--warmup=0"}, CLOCK))
                .hasMessageContaining("warmup must be at least 1");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--prometheus-url=http://x", "--start=1767225601000"}, CLOCK))
                .hasMessageContaining("whole minute");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--prometheus-url=http://x", "--queries=nope"}, CLOCK))
                .hasMessageStartingWith("unknown query 'nope'");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"prometheus-url=http://x"}, CLOCK))
                .hasMessage("expected --name=value, got 'prometheus-url=http://x'");
    }
}
