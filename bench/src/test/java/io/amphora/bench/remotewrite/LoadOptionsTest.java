package io.amphora.bench.remotewrite;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadOptionsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);

    @Test
    void defaultsToTenThousandSeriesOfHundredTwentySamplesEndingBeforeNow() {
        LoadOptions options = parse("--url=http://127.0.0.1:9090/api/v1/write");

        assertThat(options.url()).isEqualTo(URI.create("http://127.0.0.1:9090/api/v1/write"));
        assertThat(options.series()).isEqualTo(10_000);
        assertThat(options.samplesPerSeries()).isEqualTo(120);
        assertThat(options.batchSize()).isEqualTo(2_000);
        assertThat(options.concurrency()).isEqualTo(4);
        assertThat(options.rate()).isZero();
        assertThat(options.protocol()).isEqualTo(Protocol.V1);
        assertThat(options.tenant()).isEmpty();
        assertThat(options.sigV4()).isEmpty();
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.start()).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(options.timestampMillis(119)).isEqualTo(NOW.minusSeconds(15).toEpochMilli());
        assertThat(options.totalSamples()).isEqualTo(1_200_000);
    }

    @Test
    void readsEveryOption() {
        LoadOptions options = parse("--url=https://aps.example/workspaces/ws-1/api/v1/remote_write", "--series=50",
                "--samples-per-series=3", "--batch-size=7", "--concurrency=2", "--rate=1000.5", "--protocol=2.0",
                "--tenant-header=team-a", "--sigv4-region=us-east-1", "--sigv4-access-key=AK", "--sigv4-secret-key=SK",
                "--interval=1m30s", "--start=now-2h", "--timeout=500ms", "--seed=3");

        assertThat(options.series()).isEqualTo(50);
        assertThat(options.samplesPerSeries()).isEqualTo(3);
        assertThat(options.batchSize()).isEqualTo(7);
        assertThat(options.concurrency()).isEqualTo(2);
        assertThat(options.rate()).isEqualTo(1000.5);
        assertThat(options.protocol()).isEqualTo(Protocol.V2);
        assertThat(options.tenant()).hasValue("team-a");
        assertThat(options.sigV4()).hasValue(new SigV4Config("us-east-1", "AK", "SK", Optional.empty()));
        assertThat(options.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.start()).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(options.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.seed()).isEqualTo(3);
        assertThat(options.timestampMillis(2)).isEqualTo(NOW.minus(Duration.ofHours(2)).plusSeconds(180).toEpochMilli());
    }

    @Test
    void acceptsStartAsNowEpochMillisOrIsoInstant() {
        assertThat(parse("--url=http://h/", "--start=now").start()).isEqualTo(NOW);
        assertThat(parse("--url=http://h/", "--start=1700000000000").start()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(parse("--url=http://h/", "--start=2026-01-01T00:00:00Z").start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void takesSigV4KeysFromTheEnvironmentWhenNotGiven() {
        LoadOptions options = LoadOptions.parse(new String[] {"--url=http://h/", "--sigv4-region=eu-west-1"},
                Map.of("AWS_ACCESS_KEY_ID", "AK", "AWS_SECRET_ACCESS_KEY", "SK", "AWS_SESSION_TOKEN", "TOKEN"), CLOCK);

        assertThat(options.sigV4()).hasValue(new SigV4Config("eu-west-1", "AK", "SK", Optional.of("TOKEN")));
    }

    @Test
    void rejectsSigV4WithoutKeys() {
        assertThatThrownBy(() -> parse("--url=http://h/", "--sigv4-region=us-east-1"))
                .hasMessageContaining("needs an access key and a secret key");
        assertThatThrownBy(() -> parse("--url=http://h/", "--sigv4-access-key=AK"))
                .hasMessageContaining("--sigv4-access-key needs --sigv4-region");
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> parse("--series=10")).hasMessageContaining("--url is required");
        assertThatThrownBy(() -> parse("--url=http://h/", "--serie=10")).hasMessageContaining("unknown option --serie");
        assertThatThrownBy(() -> parse("--url=http://h/", "series=10")).hasMessageContaining("expected --name=value");
        assertThatThrownBy(() -> parse("--url=http://h/", "--series=0")).hasMessageContaining("series must be positive");
        assertThatThrownBy(() -> parse("--url=http://h/", "--batch-size=x")).hasMessageContaining("--batch-size must be an integer");
        assertThatThrownBy(() -> parse("--url=http://h/", "--rate=-1")).hasMessageContaining("rate must be 0");
        assertThatThrownBy(() -> parse("--url=http://h/", "--protocol=3.0")).hasMessageContaining("expected 1.0 or 2.0");
        assertThatThrownBy(() -> parse("--url=ftp://h/")).hasMessageContaining("must be http or https");
        assertThatThrownBy(() -> parse("--url=http://h/", "--interval=15")).hasMessageContaining("invalid duration '15'");
        assertThatThrownBy(() -> parse("--url=http://h/", "--start=yesterday")).hasMessageContaining("invalid start 'yesterday'");
    }

    @Test
    void parsesPrometheusStyleDurations() {
        assertThat(LoadOptions.parseDuration("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(LoadOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(LoadOptions.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(LoadOptions.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> LoadOptions.parseDuration("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadOptions.parseDuration("1h 30m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadOptions.parseDuration("5x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static LoadOptions parse(String... args) {
        return LoadOptions.parse(args, Map.of(), CLOCK);
    }
}
