package io.amphora.promql.engine;

import java.time.Duration;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Test;

import static io.amphora.promql.engine.EngineFixture.labels;
import static io.amphora.promql.engine.EngineFixture.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StartTimestampsTest {
    private static final Labels DELTA = labels("__name__", "requests_total", "job", "api");
    private static final long[] TIMES = {minutes(1), minutes(2), minutes(3), minutes(4), minutes(5), minutes(6),
        minutes(7), minutes(8), minutes(9), minutes(10)};

    /** Delta samples: each counts the 60 requests since the previous sample, which is where it starts. */
    private static EngineFixture deltas(EngineOptions options) {
        long[] starts = new long[TIMES.length];
        for (int i = 0; i < TIMES.length; i++) {
            starts[i] = TIMES[i] - minutes(1);
        }
        return new EngineFixture(options).seriesWithStartTimestamps(DELTA, 60, TIMES, starts);
    }

    private static EngineOptions withoutStartTimestamps() {
        EngineOptions on = EngineOptions.conformanceTests();
        return new EngineOptions(on.parserOptions(), on.lookbackDelta(), on.maxSamples(), on.timeout(),
                on.defaultSubqueryStep(), on.delayedNameRemoval(), false);
    }

    @Test
    void increaseCountsEverySampleThatStartsANewCounterAsAReset() {
        Vector v = (Vector) deltas(EngineOptions.conformanceTests()).instant("increase(requests_total[5m])",
                minutes(10)).value();

        assertThat(v.samples()).singleElement().satisfies(s -> assertThat(s.value()).isCloseTo(300, within(1e-9)));
    }

    @Test
    void increaseIgnoresStartTimestampsWhenTheEngineDoesNotUseThem() {
        Vector v = (Vector) deltas(withoutStartTimestamps()).instant("increase(requests_total[5m])", minutes(10))
                .value();

        assertThat(v.samples()).singleElement().satisfies(s -> assertThat(s.value()).isZero());
    }

    @Test
    void startTimestampReturnsTheSelectedSamplesStartTimeInSecondsAndZeroWhenUnknown() {
        EngineFixture f = deltas(EngineOptions.conformanceTests())
                .series(labels("__name__", "plain"), Duration.ofMinutes(1), 1.0);

        Vector delta = (Vector) f.instant("start_timestamp(requests_total)", minutes(10) + 30_000).value();
        Vector plain = (Vector) f.instant("start_timestamp(plain)", 0).value();

        assertThat(delta.samples()).containsExactly(Sample.ofFloat(labels("job", "api"), minutes(10) + 30_000, 540));
        assertThat(plain.samples()).containsExactly(Sample.ofFloat(labels(), 0, 0));
    }

    @Test
    void startTimestampIsEmptyWhenTheEngineDoesNotUseStartTimestampsOrTheArgumentIsNoSelector() {
        assertThat(((Vector) deltas(withoutStartTimestamps()).instant("start_timestamp(requests_total)",
                minutes(10)).value()).samples()).isEmpty();
        assertThat(((Vector) deltas(EngineOptions.conformanceTests()).instant("start_timestamp(requests_total * 1)",
                minutes(10)).value()).samples()).isEmpty();
    }

    @Test
    void subqueriesDropStartTimestamps() {
        Vector v = (Vector) deltas(EngineOptions.conformanceTests()).instant("increase(requests_total[5m:1m])",
                minutes(10)).value();

        assertThat(v.samples()).singleElement().satisfies(s -> assertThat(s.value()).isZero());
    }

    @Test
    void warnsWhenAStartTimeOverlapsThePreviousSample() {
        EngineFixture f = new EngineFixture(EngineOptions.conformanceTests()).seriesWithStartTimestamps(DELTA, 60,
                new long[] {minutes(2), minutes(3), minutes(4)}, new long[] {0, minutes(1), minutes(1)});

        QueryResult r = f.instant("rate(requests_total[3m])", minutes(4));

        assertThat(r.warnings()).containsExactly("PromQL warning: sample has start time that overlaps with previous "
                + "sample timestamp for metric \"requests_total\" (1:6)");
    }
}
