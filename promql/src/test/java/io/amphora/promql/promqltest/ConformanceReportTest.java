package io.amphora.promql.promqltest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.amphora.promql.promqltest.KnownGapsTest.failed;
import static io.amphora.promql.promqltest.KnownGapsTest.passed;
import static org.assertj.core.api.Assertions.assertThat;

class ConformanceReportTest {
    private static final TestScript A = TestScript.parse("a.test", "");
    private static final TestScript B = TestScript.parse("b.test", "");

    @Test
    void countsEvalsOverAllFilesAndPerFile() {
        ConformanceReport report = new ConformanceReport(List.of(
                new ScriptResult(A, List.of(passed("a.test", 1), failed("a.test", 4, "x"))),
                new ScriptResult(B, List.of(passed("b.test", 1)))), KnownGaps.NONE);

        assertThat(report.summary()).isEqualTo("promql-conformance: 2 passed, 1 failed");
        assertThat(report.perFile()).containsExactly(
                "promql-conformance: a.test:    1 passed,    1 failed",
                "promql-conformance: b.test:    1 passed,    0 failed");
    }

    @Test
    void listedFailuresAreNoOffenders() {
        ConformanceReport report = new ConformanceReport(List.of(new ScriptResult(A,
                List.of(failed("a.test", 4, "x"), passed("a.test", 8)))), KnownGaps.parse("g", "a.test:4 known"));

        assertThat(report.offenders()).isEmpty();
    }

    @Test
    void unlistedFailureIsAnOffenderWithItsDiff() {
        ConformanceReport report = new ConformanceReport(List.of(new ScriptResult(A,
                List.of(failed("a.test", 4, "result mismatch")))), KnownGaps.NONE);

        assertThat(report.unexpectedFailures()).hasSize(1);
        assertThat(report.offenders()).containsExactly(
                "FAILED (not a known gap) [result mismatch]\ndetail of a.test:4");
    }

    @Test
    void listedEvalThatPassesIsAnOffenderSoTheListOnlyShrinks() {
        ConformanceReport report = new ConformanceReport(List.of(new ScriptResult(A,
                List.of(passed("a.test", 4)))), KnownGaps.parse("g", "a.test:4 was broken"));

        assertThat(report.unexpectedPasses()).hasSize(1);
        assertThat(report.offenders()).singleElement().asString()
                .startsWith("PASSED but listed as a known gap (was broken): remove a.test:4");
    }

    @Test
    void listedLocationThatIsNoEvalIsAnOffender() {
        ConformanceReport report = new ConformanceReport(List.of(new ScriptResult(A,
                List.of(passed("a.test", 4)))), KnownGaps.parse("g", "a.test:5 moved\nc.test:1 gone"));

        assertThat(report.staleGaps()).containsExactly(new SourceLocation("a.test", 5), new SourceLocation("c.test", 1));
        assertThat(report.offenders()).hasSize(2);
    }

    @Test
    void updatedGapsListExactlyTheCurrentFailures() {
        ConformanceReport report = new ConformanceReport(List.of(new ScriptResult(A,
                List.of(failed("a.test", 4, "new"), passed("a.test", 8)))), KnownGaps.parse("g", "a.test:8 old"));

        assertThat(report.updatedGaps().reasons()).containsOnlyKeys(new SourceLocation("a.test", 4));
        assertThat(new ConformanceReport(report.results(), report.updatedGaps()).offenders()).isEmpty();
    }
}
