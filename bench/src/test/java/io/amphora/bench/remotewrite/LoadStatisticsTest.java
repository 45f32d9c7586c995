package io.amphora.bench.remotewrite;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class LoadStatisticsTest {
    @Test
    void countsAnswersByClassAndAcceptsOnlySamplesAnswered2xx() {
        LoadStatistics statistics = new LoadStatistics();

        statistics.answered(100, 204, "", 1_000_000);
        statistics.answered(100, 200, "", 2_000_000);
        statistics.answered(50, 400, "out of order sample", 3_000_000);
        statistics.answered(50, 429, "ingestion rate limit exceeded", 4_000_000);
        statistics.answered(25, 503, "ingester unavailable", 5_000_000);
        statistics.answered(25, 302, "", 6_000_000);
        statistics.failed(10, new ConnectException("Connection refused"), 7_000_000);

        LoadReport report = statistics.report(2_000_000_000L);
        assertThat(report.samplesSent()).isEqualTo(360);
        assertThat(report.samplesAccepted()).isEqualTo(200);
        assertThat(report.requests2xx()).isEqualTo(2);
        assertThat(report.requests4xx()).isEqualTo(2);
        assertThat(report.requests5xx()).isEqualTo(1);
        assertThat(report.requestsOtherStatus()).isEqualTo(1);
        assertThat(report.requestsFailed()).isEqualTo(1);
        assertThat(report.requests()).isEqualTo(7);
        assertThat(report.allAccepted()).isFalse();
        assertThat(report.acceptedSamplesPerSecond()).isEqualTo(100.0);
        assertThat(report.firstErrors()).containsExactly(
                "HTTP 400: out of order sample",
                "HTTP 429: ingestion rate limit exceeded",
                "HTTP 503: ingester unavailable",
                "HTTP 302: ",
                "no answer: java.net.ConnectException: Connection refused");
        assertThat(report.describe()).contains("first errors:", "HTTP 400: out of order sample");
        assertThat(report.resultLine()).startsWith("RESULT samples_sent=360 samples_accepted=200 seconds=2.000 samples_per_second=100.0 "
                + "requests_2xx=2 requests_4xx=2 requests_5xx=1 requests_other=1 requests_failed=1");
    }

    @Test
    void keepsOnlyTheFirstErrorsWithShortenedBodies() {
        LoadStatistics statistics = new LoadStatistics();

        for (int i = 0; i < 10; i++) {
            statistics.answered(1, 400, "error " + i + " " + "x".repeat(1_000), 1);
        }

        LoadReport report = statistics.report(1);
        assertThat(report.requests4xx()).isEqualTo(10);
        assertThat(report.firstErrors()).hasSize(LoadStatistics.KEPT_ERRORS);
        assertThat(report.firstErrors().getFirst()).startsWith("HTTP 400: error 0 xxx").endsWith("... (1008 chars)");
    }

    @Test
    void reportsAllAcceptedWhenEveryRequestGot2xx() {
        LoadStatistics statistics = new LoadStatistics();
        statistics.answered(10, 204, "", 1);

        assertThat(statistics.report(1).allAccepted()).isTrue();
        assertThat(statistics.report(1).firstErrors()).isEmpty();
    }

    @Test
    void takesNearestRankPercentilesOfLatency() {
        LoadStatistics statistics = new LoadStatistics();
        for (int i = 1; i <= 2_000; i++) {
            statistics.answered(1, 204, "", i * 1_000L);
        }

        LoadReport report = statistics.report(1);
        assertThat(report.latencyP50Nanos()).isEqualTo(1_000_000L);
        assertThat(report.latencyP99Nanos()).isEqualTo(1_980_000L);
        assertThat(report.latencyMaxNanos()).isEqualTo(2_000_000L);
        assertThat(LoadStatistics.percentile(new long[0], 0.5)).isZero();
        assertThat(LoadStatistics.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    }
}
