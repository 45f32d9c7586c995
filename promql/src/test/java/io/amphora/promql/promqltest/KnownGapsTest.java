package io.amphora.promql.promqltest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownGapsTest {
    @Test
    void readsOneLocationAndReasonPerLineIgnoringCommentsAndBlankLines() {
        KnownGaps gaps = KnownGaps.parse("gaps.txt", """
                # a comment
                functions.test:12 engine error: unknown function "mad_over_time"

                  at_modifier.test:3   result mismatch, @ check
                """);

        assertThat(gaps.reasons()).containsExactly(
                java.util.Map.entry(new SourceLocation("functions.test", 12),
                        "engine error: unknown function \"mad_over_time\""),
                java.util.Map.entry(new SourceLocation("at_modifier.test", 3), "result mismatch, @ check"));
        assertThat(gaps.contains(new SourceLocation("functions.test", 12))).isTrue();
        assertThat(gaps.contains(new SourceLocation("functions.test", 13))).isFalse();
    }

    @Test
    void rejectsEntriesWithoutReasonMalformedLocationsAndDuplicates() {
        assertThatThrownBy(() -> KnownGaps.parse("gaps.txt", "a.test:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("gaps.txt:1: ")
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> KnownGaps.parse("gaps.txt", "\na.test reason"))
                .hasMessageStartingWith("gaps.txt:2: ").hasMessageContaining("expected file:line");
        assertThatThrownBy(() -> KnownGaps.parse("gaps.txt", "a.test:0 reason"))
                .hasMessageContaining("line numbers start at 1");
        assertThatThrownBy(() -> KnownGaps.parse("gaps.txt", "a.test:1 x\na.test:1 y"))
                .hasMessageContaining("a.test:1 is listed twice");
    }

    @Test
    void updateKeepsReasonsOfEntriesThatStillFailAndUsesTheCategoryForNewOnes() {
        KnownGaps gaps = KnownGaps.parse("gaps.txt", "b.test:5 refined by hand\nb.test:9 fixed since");
        List<EvalOutcome> outcomes = List.of(
                failed("b.test", 5, "result mismatch"),
                failed("a.test", 20, "engine error: boom"),
                passed("b.test", 9),
                failed("a.test", 3, "@ check: result mismatch"));

        KnownGaps updated = gaps.updatedFor(outcomes);

        assertThat(updated.format()).isEqualTo(KnownGaps.HEADER + """
                a.test:3 @ check: result mismatch
                a.test:20 engine error: boom
                b.test:5 refined by hand
                """);
        assertThat(KnownGaps.parse("gaps.txt", updated.format())).isEqualTo(updated);
    }

    static EvalOutcome failed(String file, int line, String category) {
        return EvalOutcome.failed(eval(file, line), category, "detail of " + file + ":" + line);
    }

    static EvalOutcome passed(String file, int line) {
        return EvalOutcome.passed(eval(file, line));
    }

    private static Eval eval(String file, int line) {
        String script = "\n".repeat(line - 1) + "eval instant at 0 1\n  1";
        return (Eval) TestScript.parse(file, script).commands().getFirst();
    }
}
