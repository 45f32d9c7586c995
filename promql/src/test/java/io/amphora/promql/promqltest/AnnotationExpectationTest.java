package io.amphora.promql.promqltest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnotationExpectationTest {
    private static final TextMatch RATE = new TextMatch.Exact("PromQL info: metric might not be a counter (1:6)");
    private static final TextMatch ANY_QUANTILE = new TextMatch.Regex("quantile value should be between 0 and 1");

    @Test
    void checksNothingWhenTheEvalSaysNothing() {
        assertThat(AnnotationExpectation.UNCHECKED.checked()).isFalse();
        assertThat(AnnotationExpectation.UNCHECKED.mismatch(List.of("PromQL warning: anything"))).isEmpty();
    }

    @Test
    void requiresEveryExpectedLineToMatchSomeAnnotation() {
        AnnotationExpectation expectation = new AnnotationExpectation(false, List.of(RATE, ANY_QUANTILE), false);

        assertThat(expectation.checked()).isTrue();
        assertThat(expectation.mismatch(List.of(
                "PromQL info: metric might not be a counter (1:6)",
                "PromQL warning: quantile value should be between 0 and 1, got 2 (1:1)"))).isEmpty();
        assertThat(expectation.mismatch(List.of("PromQL info: metric might not be a counter (1:6)")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("no annotation matches"));
        assertThat(expectation.mismatch(List.of())).isPresent();
    }

    @Test
    void requiresEveryAnnotationToMatchSomeExpectedLine() {
        AnnotationExpectation expectation = new AnnotationExpectation(false, List.of(RATE), false);

        assertThat(expectation.mismatch(List.of("PromQL info: metric might not be a counter (1:6)", "other")))
                .contains("unexpected annotation \"other\"");
    }

    @Test
    void acceptsAnyAnnotationForALineWithoutText() {
        AnnotationExpectation expectation = new AnnotationExpectation(false, List.of(TextMatch.ANY), false);

        assertThat(expectation.mismatch(List.of("one", "two"))).isEmpty();
        assertThat(expectation.mismatch(List.of())).isPresent();
    }

    @Test
    void forbidsAnnotationsWithNo() {
        AnnotationExpectation expectation = new AnnotationExpectation(false, List.of(), true);

        assertThat(expectation.mismatch(List.of())).isEmpty();
        assertThat(expectation.mismatch(List.of("PromQL info: x"))).isPresent();
    }

    @Test
    void requiresAtLeastOneAnnotationForTheDeprecatedHeader() {
        AnnotationExpectation expectation = new AnnotationExpectation(true, List.of(), false);

        assertThat(expectation.mismatch(List.of())).isPresent();
        assertThat(expectation.mismatch(List.of("anything"))).isEmpty();
    }

    @Test
    void cannotExpectAndForbidAtOnce() {
        assertThatThrownBy(() -> new AnnotationExpectation(false, List.of(RATE), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesTextsExactlyOrByUnanchoredSearch() {
        assertThat(new TextMatch.Exact("a b").matches("a b")).isTrue();
        assertThat(new TextMatch.Exact("a b").matches("a b ")).isFalse();
        assertThat(new TextMatch.Regex("conflicting label").matches("found duplicate series: conflicting label"))
                .isTrue();
        assertThat(new TextMatch.Regex("^x$").matches("y\nx")).isFalse();
        assertThat(new TextMatch.Regex("a.b").matches("a\u2028b")).isTrue();
        assertThat(TextMatch.ANY.matches("")).isTrue();
        assertThatThrownBy(() -> new TextMatch.Regex("(")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsAFailureWhenEveryConstraintMatches() {
        ExpectedFailure failure = new ExpectedFailure(List.of(new TextMatch.Exact("boom"), new TextMatch.Regex("oo")));

        assertThat(failure.accepts("boom")).isTrue();
        assertThat(failure.accepts("bloom")).isFalse();
        assertThat(new ExpectedFailure(List.of()).accepts("anything")).isTrue();
    }
}
