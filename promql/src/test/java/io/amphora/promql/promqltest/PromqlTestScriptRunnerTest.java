package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner against {@link FakeQueryTarget}, alone and wrapped in targets that get one thing wrong, to show each of
 * the harness's rules rejects what it must and accepts what it must.
 */
class PromqlTestScriptRunnerTest {
    private static final double STALE = Double.longBitsToDouble(SequenceValue.STALE_NAN_BITS);

    private final FakeQueryTarget fake = new FakeQueryTarget();

    @Test
    void passesEveryKindOfEvalThatTheTargetAnswersCorrectly() {
        ScriptResult result = run(fake,
                "load 1m",
                "  m{job=\"a\"} 1 2 3 stale",
                "  m{job=\"b\"} 10 _ 30",
                "",
                "eval instant at 1m m",
                "  m{job=\"a\"} 2",
                "  m{job=\"b\"} 10",
                "",
                "eval instant at 2m m[2m]",
                "  expect range vector from 1m to 2m step 1m",
                "  m{job=\"a\"} 2 3",
                "  m{job=\"b\"} _ 30",
                "",
                "eval range from 0 to 3m step 1m m",
                "  m{job=\"a\"} 1 2 3 _",
                "  m{job=\"b\"} 10 10 30 30",
                "",
                "eval instant at 0 42",
                "  42",
                "",
                "eval instant at 0 \"hello\"",
                "  expect string \"hello\"",
                "",
                "eval instant at 10m m",
                "",
                "eval instant at 1m m{job=\"b\"}",
                "  expect fail",
                "  m{job=\"b\"} 10");

        assertThat(result.outcomes()).hasSize(7);
        assertThat(result.outcomes().subList(0, 6)).allSatisfy(outcome -> assertThat(outcome.failure()).isEmpty());
        assertThat(result.outcomes().get(6).failure()).hasValueSatisfying(failure ->
                assertThat(failure.category()).isEqualTo("expected an error, but the query succeeded"));
        assertThat(result.passed()).isEqualTo(6);
        assertThat(result.failed()).isEqualTo(1);
    }

    @Test
    void instantEvalRunsTheQueryThenTheAtModifierVariantsEachFollowedByItsRangeModeQuery() {
        run(fake, "load 1m", "  m 1 2", "", "eval instant at 1m m", "  m 2");

        assertThat(fake.queries()).containsExactly(
                "instant m @ 60000", "range m 0..120000/60000",
                "instant m @ 60.000 @ -600000", "range m @ 60.000 -660000..-540000/60000",
                "instant m @ 60.000 @ 0", "range m @ 60.000 -60000..60000/60000",
                "instant m @ 60.000 @ 12000", "range m @ 60.000 -48000..72000/60000",
                "instant m @ 60.000 @ 60000", "range m @ 60.000 0..120000/60000",
                "instant m @ 60.000 @ 600000", "range m @ 60.000 540000..660000/60000");
    }

    @Test
    void atModifierCheckUsesMinusOneZeroAndOneSecondForAnEvalAtTimeZero() {
        run(fake, "load 1m", "  m 1", "", "eval instant at 0 m", "  m 1");

        assertThat(fake.queries()).filteredOn(query -> query.startsWith("instant")).containsExactly(
                "instant m @ 0", "instant m @ 0.000 @ -1000", "instant m @ 0.000 @ 0", "instant m @ 0.000 @ 1000");
    }

    @Test
    void rangeEvalRunsOneRangeQuery() {
        run(fake, "load 1m", "  m 1 2", "", "eval range from 0 to 1m step 30s m", "  m 1 1 2");

        assertThat(fake.queries()).containsExactly("range m 0..60000/30000");
    }

    @Test
    void floatsMatchWithinARelativeToleranceOfOneInAMillion() {
        String[] data = {"load 1m", "  m 1000", "  z 0", ""};

        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  m 1000.0009").passed()).isTrue();
        EvalOutcome off = onlyOutcome(fake, data, "eval instant at 0 m", "  m 1000.003");
        assertThat(off.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category()).isEqualTo("result mismatch");
            assertThat(failure.detail()).contains("expected 1000.003 for {__name__=\"m\"}, but got 1000");
        });
        assertThat(onlyOutcome(fake, data, "eval instant at 0 z", "  z 1e-300").passed())
                .as("zero needs an exact match").isFalse();
    }

    @Test
    void staleMarkerMatchesOnlyAStaleMarkerAndNaNOnlyANaN() {
        QueryTarget staleInsteadOfNaN = mapResults(fake, value -> mapFloats(value,
                v -> Double.isNaN(v) ? STALE : v));
        String[] data = {"load 1m", "  m NaN NaN", ""};

        assertThat(onlyOutcome(fake, data, "eval instant at 1m m", "  m NaN").passed()).isTrue();
        assertThat(onlyOutcome(staleInsteadOfNaN, data, "eval instant at 1m m", "  m NaN").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail()).contains("but got stale"));
        assertThat(onlyOutcome(staleInsteadOfNaN, data, "eval range from 0 to 1m step 1m m", "  m stale stale")
                .passed()).isTrue();
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 1m step 1m m", "  m stale stale").passed())
                .isFalse();
    }

    @Test
    void vectorOrderMattersOnlyForExpectOrdered() {
        QueryTarget reversed = mapResults(fake, value -> value instanceof Vector vector
                ? new Vector(vector.samples().reversed()) : value);
        String[] data = {"load 1m", "  m{i=\"1\"} 1", "  m{i=\"2\"} 2", ""};

        assertThat(onlyOutcome(reversed, data, "eval instant at 0 m", "  m{i=\"1\"} 1", "  m{i=\"2\"} 2").passed())
                .isTrue();
        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  expect ordered", "  m{i=\"1\"} 1",
                "  m{i=\"2\"} 2").passed()).isTrue();
        assertThat(onlyOutcome(reversed, data, "eval instant at 0 m", "  expect ordered", "  m{i=\"1\"} 1",
                "  m{i=\"2\"} 2").failure()).hasValueSatisfying(failure -> assertThat(failure.detail())
                .contains("expected {__name__=\"m\", i=\"1\"} at position 1, but it is at position 2"));
    }

    @Test
    void labelSetsMustMatchExactlyWithNothingMissingOrExtra() {
        String[] data = {"load 1m", "  m{i=\"1\"} 1", "  m{i=\"2\"} 2", ""};

        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  m{i=\"1\"} 1").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("unexpected series {__name__=\"m\", i=\"2\"} in the result, with value 2"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  m{i=\"1\"} 1", "  m{i=\"2\"} 2",
                "  m{i=\"3\"} 3").failure()).hasValueSatisfying(failure -> assertThat(failure.detail())
                .contains("expected series {__name__=\"m\", i=\"3\"} 3 is missing from the result"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  {i=\"1\"} 1", "  {i=\"2\"} 2").passed())
                .as("a kept metric name must be written").isFalse();
    }

    @Test
    void annotationsAreCheckedOnlyWhenTheEvalSaysSomethingAboutThem() {
        QueryTarget warns = withAnnotations(fake, List.of("PromQL warning: something odd (1:1)"), List.of());
        String[] data = {"load 1m", "  m 1", ""};

        assertThat(onlyOutcome(warns, data, "eval instant at 0 m", "  m 1").passed()).isTrue();
        assertThat(onlyOutcome(warns, data, "eval instant at 0 m", "  expect no_warn", "  m 1").failure())
                .hasValueSatisfying(failure -> assertThat(failure.category())
                        .isEqualTo("warning annotations mismatch"));
        assertThat(onlyOutcome(warns, data, "eval instant at 0 m", "  expect no_info", "  m 1").passed()).isTrue();
        assertThat(onlyOutcome(warns, data, "eval instant at 0 m", "  expect info", "  m 1").failure())
                .hasValueSatisfying(failure -> assertThat(failure.category()).isEqualTo("info annotations mismatch"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  expect warn", "  m 1").passed()).isFalse();
    }

    @Test
    void everyWarningMustMatchAnExpectLineAndEveryExpectLineAWarning() {
        QueryTarget warnsTwice = withAnnotations(fake, List.of("PromQL warning: first thing (1:1)",
                "PromQL warning: second thing (1:1)"), List.of());
        String[] data = {"load 1m", "  m 1", ""};

        assertThat(onlyOutcome(warnsTwice, data, "eval instant at 0 m",
                "  expect warn msg: PromQL warning: first thing (1:1)",
                "  expect warn regex: second", "  m 1").passed()).isTrue();
        assertThat(onlyOutcome(warnsTwice, data, "eval instant at 0 m",
                "  expect warn msg: PromQL warning: first thing (1:1)", "  m 1").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("unexpected annotation \"PromQL warning: second thing (1:1)\""));
        assertThat(onlyOutcome(warnsTwice, data, "eval instant at 0 m", "  expect warn regex: thing",
                "  expect warn msg: PromQL warning: third thing (1:1)", "  m 1").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("no annotation matches msg: PromQL warning: third thing (1:1)"));
        assertThat(onlyOutcome(warnsTwice, data, "eval instant at 0 m",
                "  expect warn msg: PromQL warning: first thing", "  expect warn regex: second", "  m 1").passed())
                .as("msg: is the whole text").isFalse();
    }

    @Test
    void expectFailAcceptsAnyErrorOrOnlyTheGivenMessageOrPattern() {
        QueryTarget failing = failingWith(fake, "found duplicate series for the match group 42");
        String[] data = {"load 1m", "  m 1", ""};

        assertThat(onlyOutcome(failing, data, "eval instant at 0 m", "  expect fail").passed()).isTrue();
        assertThat(onlyOutcome(failing, data, "eval instant at 0 m",
                "  expect fail msg: found duplicate series for the match group 42").passed()).isTrue();
        assertThat(onlyOutcome(failing, data, "eval instant at 0 m",
                "  expect fail regex: duplicate series.*\\d+").passed()).isTrue();
        assertThat(onlyOutcome(failing, data, "eval_fail instant at 0 m",
                "  expected_fail_message found duplicate series for the match group 42").passed()).isTrue();
        assertThat(onlyOutcome(failing, data, "eval instant at 0 m",
                "  expect fail msg: found duplicate series").failure()).hasValueSatisfying(failure -> {
                    assertThat(failure.category()).isEqualTo("wrong error message");
                    assertThat(failure.detail()).contains("but the error was: found duplicate series for the match "
                            + "group 42");
                });
        assertThat(onlyOutcome(failing, data, "eval range from 0 to 1m step 1m m",
                "  expect fail regex: ^found").passed()).isTrue();
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 1m step 1m m", "  expect fail").passed()).isFalse();
    }

    @Test
    void unexpectedErrorFailsTheEvalWithTheErrorAsCategory() {
        EvalOutcome outcome = onlyOutcome(fake, new String[] {}, "eval instant at 0 sum(m)");

        assertThat(outcome.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category())
                    .isEqualTo("engine error: the fake target evaluates only literals and selectors, not sum(m)");
            assertThat(failure.detail()).startsWith("t.test:1: eval instant at 0 sum(m)\n  check: instant query at 0");
        });
    }

    @Test
    void everyAtModifierVariantOfAFailingEvalMustFailToo() {
        QueryTarget failsOnlyUnpinned = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                if (!query.contains("@")) {
                    throw new QueryException(QueryErrorType.EXECUTION, "boom");
                }
                return super.instant(query, timeMillis);
            }
        };

        EvalOutcome outcome = onlyOutcome(failsOnlyUnpinned, new String[] {"load 1m", "  m 1", ""},
                "eval instant at 1m m", "  expect fail");

        assertThat(outcome.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category()).isEqualTo("@ check: expected an error, but the query succeeded");
            assertThat(failure.detail()).contains("instant query `m @ 60.000` at -10m");
        });
    }

    @Test
    void resultThatChangesWithEvaluationTimeFailsTheAtModifierCheck() {
        QueryTarget timeDependent = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                QueryResult result = super.instant(query, timeMillis);
                return withValue(result, mapFloats(result.value(), v -> v + timeMillis));
            }

            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                QueryResult result = super.range(query, startMillis, endMillis, stepMillis);
                return withValue(result, mapPoints(result.value(), (t, v) -> v + t));
            }
        };

        EvalOutcome outcome = onlyOutcome(timeDependent, new String[] {"load 1m", "  m 0 0", ""},
                "eval instant at 1m m", "  m 60000");

        assertThat(outcome.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category()).isEqualTo("@ check: result mismatch");
            assertThat(failure.detail())
                    .contains("check: @ step-invariance check: instant query `m @ 60.000` at -10m")
                    .contains("expected 60000 for {__name__=\"m\"}, but got -600000");
        });
    }

    @Test
    void expressionsCallingTimeDependentFunctionsSkipTheAtModifierCheck() {
        QueryTarget clock = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                return query.equals("time()") ? result(new Scalar(timeMillis, timeMillis / 1000.0))
                        : super.instant(query, timeMillis);
            }

            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                if (!query.equals("time()")) {
                    return super.range(query, startMillis, endMillis, stepMillis);
                }
                List<Long> times = new ArrayList<>();
                for (long t = startMillis; t <= endMillis; t += stepMillis) {
                    times.add(t);
                }
                return result(new Matrix(List.of(new RangeSeries(Labels.empty(),
                        times.stream().mapToLong(Long::longValue).toArray(),
                        times.stream().mapToDouble(t -> t / 1000.0).toArray(), new long[0], new FloatHistogram[0]))));
            }
        };

        EvalOutcome outcome = onlyOutcome(clock, new String[] {}, "eval instant at 100s time()", "  100");

        assertThat(outcome.passed()).isTrue();
        assertThat(fake.queries()).isEmpty();
    }

    @Test
    void rangeModeCheckComparesThePointAtTheEvalTime() {
        QueryTarget rangeDiffers = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                QueryResult result = super.range(query, startMillis, endMillis, stepMillis);
                return withValue(result, mapFloats(result.value(), v -> v * 2));
            }
        };
        String[] data = {"load 1m", "  m 1 1 1", ""};

        EvalOutcome outcome = onlyOutcome(rangeDiffers, data, "eval instant at 1m m", "  m 1");

        assertThat(outcome.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category()).isEqualTo("range-mode check: result mismatch");
            assertThat(failure.detail())
                    .contains("range query `m` from 0 to 2m step 1m, compared at 1m")
                    .contains("expected 1 for {__name__=\"m\"}, but got 2");
        });
        assertThat(onlyOutcome(rangeDiffers, data, "eval instant at 1m m", "  expect ordered", "  m 1").passed())
                .as("ordered evals only need the range query to succeed").isTrue();
        assertThat(onlyOutcome(rangeDiffers, data, "eval instant at 1m m[1m]",
                "  expect range vector from 1m to 1m step 1m", "  m 1").passed())
                .as("range vector evals have no range-mode check").isTrue();
    }

    @Test
    void rangeModeCheckNeedsTheRangeQueryToSucceedEvenForOrderedEvals() {
        QueryTarget noRangeQueries = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                throw new QueryException(QueryErrorType.EXECUTION, "range queries are broken");
            }
        };

        EvalOutcome outcome = onlyOutcome(noRangeQueries, new String[] {"load 1m", "  m 1", ""},
                "eval instant at 0 m", "  expect ordered", "  m 1");

        assertThat(outcome.failure()).hasValueSatisfying(failure ->
                assertThat(failure.category()).isEqualTo("range-mode check: engine error: range queries are broken"));
    }

    @Test
    void scalarResultIsComparedWithTheRangeModePointToo() {
        QueryTarget noPoints = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                return result(new Matrix(List.of()));
            }
        };

        EvalOutcome outcome = onlyOutcome(noPoints, new String[] {}, "eval instant at 0 5", "  5");

        assertThat(outcome.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category()).isEqualTo("range-mode check: result mismatch");
            assertThat(failure.detail()).contains("the range query has no point at 0");
        });
    }

    @Test
    void matrixMustBeSortedByLabels() {
        QueryTarget unsorted = mapResults(fake, value -> value instanceof Matrix matrix
                ? new Matrix(matrix.series().reversed()) : value);
        String[] data = {"load 1m", "  m{i=\"1\"} 1 1", "  m{i=\"2\"} 2 2", ""};

        EvalOutcome rangeEval = onlyOutcome(unsorted, data, "eval range from 0 to 1m step 1m m",
                "  m{i=\"1\"} 1 1", "  m{i=\"2\"} 2 2");
        EvalOutcome instantEval = onlyOutcome(unsorted, data, "eval instant at 1m m", "  m{i=\"1\"} 1",
                "  m{i=\"2\"} 2");

        assertThat(rangeEval.failure()).hasValueSatisfying(failure -> assertThat(failure.detail())
                .contains("matrix results must be sorted by labels"));
        assertThat(instantEval.failure()).hasValueSatisfying(failure ->
                assertThat(failure.category()).isEqualTo("range-mode check: matrix not sorted"));
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 1m step 1m m", "  m{i=\"1\"} 1 1",
                "  m{i=\"2\"} 2 2").passed()).isTrue();
    }

    @Test
    void everyReturnedPointMustBeExpectedAtItsExactTimestamp() {
        String[] data = {"load 1m", "  m 1 2 3", ""};

        assertThat(onlyOutcome(fake, data, "eval range from 0 to 2m step 1m m", "  m 1 2 3").passed()).isTrue();
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 2m step 1m m", "  m 1 2").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("expected 2 float points and 0 histogram points for {__name__=\"m\"}, but got "
                                + "3 float points [1@0 2@60000 3@120000]"));
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 2m step 1m m", "  m 1 _ 2 3").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("the query's time range cannot return this many points"));
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 2m step 1m m", "  m 1 _ 3 _").passed()).isFalse();
        assertThat(onlyOutcome(fake, data, "eval instant at 2m m[2m]", "  expect range vector from 0 to 2m step 1m",
                "  m 2 3 _").failure()).hasValueSatisfying(failure -> assertThat(failure.detail())
                .contains("expected float point #0 of {__name__=\"m\"} at 0ms, but it is at 60000ms"));
    }

    @Test
    void resultOfTheWrongTypeFails() {
        String[] data = {"load 1m", "  m 1", ""};

        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  1").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("expected scalar 1, but the query returned a vector"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 7", "  {} 7").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("expected a vector or matrix, but the query returned a scalar"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 \"a\"", "  expect string \"b\"").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("expected string \"b\" but got \"a\""));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 m", "  expect range vector from 0 to 0 step 1m",
                "  m 1").failure()).hasValueSatisfying(failure -> assertThat(failure.detail())
                .contains("expected a range vector (a matrix), but the query returned a vector"));
    }

    @Test
    void histogramsAreComparedAfterCompactionAndTheHintOnlyWhenWritten() {
        String[] data = {"load 1m", "  h {{schema:0 count:3 sum:5 buckets:[1 0 2] counter_reset_hint:gauge}}", ""};

        assertThat(onlyOutcome(fake, data, "eval instant at 0 h",
                "  h {{schema:0 count:3 sum:5 buckets:[1 0 2 0 0]}}").passed()).isTrue();
        assertThat(onlyOutcome(fake, data, "eval instant at 0 h",
                "  h {{schema:0 count:3 sum:5 buckets:[1 0 2] counter_reset_hint:gauge}}").passed()).isTrue();
        assertThat(onlyOutcome(fake, data, "eval instant at 0 h",
                "  h {{schema:0 count:3 sum:5 buckets:[1 0 2] counter_reset_hint:reset}}").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("counter reset hint gauge instead of reset"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 h",
                "  h {{schema:0 count:3 sum:5 buckets:[1 2]}}").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail()).contains("positive bucket layout"));
        assertThat(onlyOutcome(fake, data, "eval instant at 0 h", "  h 3").failure())
                .hasValueSatisfying(failure -> assertThat(failure.detail())
                        .contains("expected float 3 for {__name__=\"h\"}, but got histogram"));
        assertThat(onlyOutcome(fake, data, "eval range from 0 to 1m step 1m h",
                "  h {{schema:0 count:3 sum:5 buckets:[1 0 2]}}x1").passed()).isTrue();
    }

    @Test
    void loadWithNhcbAlsoStoresTheClassicHistogramsAsNativeOnes() {
        String[] data = {
            "load_with_nhcb 1m",
            "  m_bucket{le=\"1\"} 1",
            "  m_bucket{le=\"+Inf\"} 3",
            "  m_sum 4",
            "  m_count 3",
            ""};

        assertThat(onlyOutcome(fake, data, "eval instant at 0 m",
                "  m {{schema:-53 count:3 sum:4 buckets:[1 2] custom_values:[1]}}").passed()).isTrue();
        assertThat(onlyOutcome(fake, data, "eval instant at 0 m_bucket", "  m_bucket{le=\"1\"} 1",
                "  m_bucket{le=\"+Inf\"} 3").passed()).isTrue();
    }

    @Test
    void failedLoadFailsTheEvalsAfterItUntilTheNextClear() {
        QueryTarget refusesSecondLoad = new ForwardingQueryTarget(fake) {
            private int loads;

            @Override
            public void load(List<LoadSeries> series) {
                if (++loads == 2) {
                    throw new IllegalArgumentException("disk full");
                }
                super.load(series);
            }
        };

        ScriptResult result = run(refusesSecondLoad,
                "load 1m", "  m 1", "",
                "eval instant at 0 m", "  m 1", "",
                "load 1m", "  n 1", "",
                "eval instant at 0 m", "  m 1", "",
                "clear", "",
                "eval instant at 0 m");

        assertThat(result.outcomes()).extracting(EvalOutcome::passed).containsExactly(true, false, true);
        assertThat(result.outcomes().get(1).failure()).hasValueSatisfying(failure -> {
            assertThat(failure.category()).isEqualTo("load failed: disk full");
            assertThat(failure.detail()).contains("the load at t.test:7 failed");
        });
    }

    @Test
    void targetCrashIsReportedAsAFailureOfThatEval() {
        QueryTarget crashing = new ForwardingQueryTarget(fake) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                throw new NullPointerException("oops");
            }
        };

        ScriptResult result = run(crashing, "eval instant at 0 1", "  1", "", "eval range from 0 to 0 step 1m 1",
                "  {} 1");

        assertThat(result.outcomes().getFirst().failure()).hasValueSatisfying(failure ->
                assertThat(failure.category()).isEqualTo("engine crash: NullPointerException: oops"));
        assertThat(result.outcomes().get(1).passed()).isTrue();
    }

    @Test
    void failureDetailNamesTheEvalTheCheckAndBothResults() {
        EvalOutcome outcome = onlyOutcome(fake, new String[] {"load 1m", "  m{a=\"x\"} 1", ""},
                "eval instant at 0 m", "  m{a=\"x\"} 2");

        assertThat(outcome.location()).isEqualTo(new SourceLocation("t.test", 4));
        assertThat(outcome.failure().orElseThrow().detail()).isEqualTo("""
                t.test:4: eval instant at 0 m
                  check: instant query at 0
                  expected 2 for {__name__="m", a="x"}, but got 1
                  expected:
                    1 series
                      {__name__="m", a="x"} 2
                  got:
                    vector with 1 sample
                      {__name__="m", a="x"} 1""");
    }

    // ---- helpers

    private static ScriptResult run(QueryTarget target, String... lines) {
        return new PromqlTestScriptRunner(target).run(TestScript.parse("t.test", String.join("\n", lines)));
    }

    /** Runs {@code data} lines followed by one eval and returns that eval's outcome. */
    private static EvalOutcome onlyOutcome(QueryTarget target, String[] data, String... eval) {
        List<String> lines = new ArrayList<>(List.of(data));
        lines.addAll(List.of(eval));
        ScriptResult result = run(target, lines.toArray(String[]::new));
        assertThat(result.outcomes()).hasSize(1);
        return result.outcomes().getFirst();
    }

    private static QueryResult result(QueryValue value) {
        return new QueryResult(value, List.of(), List.of(), new io.amphora.promql.engine.QueryStats(0, 0,
                new long[0], new long[0]));
    }

    private static QueryResult withValue(QueryResult result, QueryValue value) {
        return new QueryResult(value, result.warnings(), result.infos(), result.stats());
    }

    private static QueryTarget mapResults(QueryTarget target, UnaryOperator<QueryValue> mapping) {
        return new ForwardingQueryTarget(target) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                QueryResult result = super.instant(query, timeMillis);
                return withValue(result, mapping.apply(result.value()));
            }

            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                QueryResult result = super.range(query, startMillis, endMillis, stepMillis);
                return withValue(result, mapping.apply(result.value()));
            }
        };
    }

    private static QueryTarget withAnnotations(QueryTarget target, List<String> warnings, List<String> infos) {
        return new ForwardingQueryTarget(target) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                QueryResult result = super.instant(query, timeMillis);
                return new QueryResult(result.value(), warnings, infos, result.stats());
            }

            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                QueryResult result = super.range(query, startMillis, endMillis, stepMillis);
                return new QueryResult(result.value(), warnings, infos, result.stats());
            }
        };
    }

    private static QueryTarget failingWith(QueryTarget target, String message) {
        return new ForwardingQueryTarget(target) {
            @Override
            public QueryResult instant(String query, long timeMillis) {
                throw new QueryException(QueryErrorType.EXECUTION, message);
            }

            @Override
            public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
                throw new QueryException(QueryErrorType.EXECUTION, message);
            }
        };
    }

    private static QueryValue mapFloats(QueryValue value, DoubleUnaryOperator mapping) {
        return switch (value) {
            case Scalar scalar -> new Scalar(scalar.timestamp(), mapping.applyAsDouble(scalar.value()));
            case Vector vector -> new Vector(vector.samples().stream().map(sample -> sample.isHistogram() ? sample
                    : io.amphora.promql.engine.Sample.ofFloat(sample.labels(), sample.timestamp(),
                    mapping.applyAsDouble(sample.value()))).toList());
            case Matrix matrix -> mapPoints(matrix, (t, v) -> mapping.applyAsDouble(v));
            case StringValue string -> string;
        };
    }

    /** A function of a point's timestamp and value. */
    private interface PointMapping {
        double apply(long timestamp, double value);
    }

    private static QueryValue mapPoints(QueryValue value, PointMapping mapping) {
        if (!(value instanceof Matrix matrix)) {
            return value;
        }
        List<RangeSeries> mapped = new ArrayList<>();
        for (RangeSeries series : matrix.series()) {
            double[] values = new double[series.floatValues().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = mapping.apply(series.floatTimestamps()[i], series.floatValues()[i]);
            }
            mapped.add(new RangeSeries(series.labels(), series.floatTimestamps(), values,
                    series.histogramTimestamps(), series.histograms()));
        }
        return new Matrix(mapped);
    }

    /** Forwards everything to a delegate; tests override what they get wrong on purpose. */
    private static class ForwardingQueryTarget implements QueryTarget {
        private final QueryTarget delegate;

        ForwardingQueryTarget(QueryTarget delegate) {
            this.delegate = delegate;
        }

        @Override
        public void load(List<LoadSeries> series) {
            delegate.load(series);
        }

        @Override
        public void clear() {
            delegate.clear();
        }

        @Override
        public QueryResult instant(String query, long timeMillis) {
            return delegate.instant(query, timeMillis);
        }

        @Override
        public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
            return delegate.range(query, startMillis, endMillis, stepMillis);
        }
    }
}
