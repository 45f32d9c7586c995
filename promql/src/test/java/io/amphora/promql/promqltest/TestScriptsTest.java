package io.amphora.promql.promqltest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Reads the upstream PromQL test files in place ({@code amphora.shared.dir}/conformance/promql/testdata) and checks
 * the reader against the counts SOURCE.md records for that snapshot.
 */
class TestScriptsTest {
    private static TestScripts corpus;

    @BeforeAll
    static void readCorpus() {
        Path directory = corpusDirectory();
        if (directory != null && Files.isDirectory(directory)) {
            corpus = TestScripts.load(directory);
        }
    }

    private static Path corpusDirectory() {
        String shared = System.getProperty("amphora.shared.dir");
        return shared == null ? null : Path.of(shared, "conformance", "promql", "testdata");
    }

    private static TestScripts corpus() {
        assumeTrue(corpus != null, () -> "the PromQL conformance files are not at " + corpusDirectory()
                + " (set -Damphora.shared.dir to the shared folder)");
        return corpus;
    }

    @Test
    void readsEveryUpstreamFileAndFindsAllEvals() {
        Statistics statistics = corpus().statistics();

        assertThat(statistics.files()).isEqualTo(21);
        assertThat(statistics.evals()).isEqualTo(2214);
        assertThat(statistics.instantEvals()).isEqualTo(1885);
        assertThat(statistics.rangeEvals()).isEqualTo(329);
        assertThat(statistics.loads()).isEqualTo(310);
        assertThat(statistics.loadsWithNhcb()).isEqualTo(33);
        assertThat(statistics.clears()).isEqualTo(231);
        assertThat(statistics.failingEvals()).isEqualTo(35);
    }

    /** file, evals, instant, range, loads, clears, failing — the inventory table of SOURCE.md. */
    static Stream<Arguments> inventory() {
        return Stream.of(
                file("aggregators.test", 160, 153, 7, 20, 19, 4),
                file("at_modifier.test", 78, 63, 15, 5, 3, 0),
                file("collision.test", 2, 2, 0, 2, 2, 1),
                file("duration_expression.test", 59, 30, 29, 4, 3, 0),
                file("extended_vectors.test", 169, 162, 7, 27, 27, 8),
                file("fill-modifier.test", 46, 39, 7, 12, 11, 0),
                file("functions.test", 431, 394, 37, 53, 46, 7),
                file("histograms.test", 185, 185, 0, 37, 4, 6),
                file("info.test", 53, 4, 49, 17, 16, 2),
                file("limit.test", 37, 13, 24, 1, 0, 0),
                file("literals.test", 25, 25, 0, 0, 0, 0),
                file("name_label_dropping.test", 30, 29, 1, 3, 2, 1),
                file("native_histograms.test", 522, 502, 20, 74, 55, 0),
                file("operators.test", 214, 113, 101, 17, 13, 6),
                file("range_queries.test", 18, 5, 13, 10, 9, 0),
                file("selectors.test", 31, 31, 0, 7, 4, 0),
                file("staleness.test", 17, 17, 0, 2, 1, 0),
                file("start_timestamps.test", 26, 7, 19, 10, 10, 0),
                file("subquery.test", 34, 34, 0, 6, 4, 0),
                file("trig_functions.test", 19, 19, 0, 1, 1, 0),
                file("type_and_unit.test", 58, 58, 0, 2, 1, 0));
    }

    private static Arguments file(String name, int evals, int instant, int range, int loads, int clears, int fail) {
        return arguments(Named.of(name, name), evals, instant, range, loads, clears, fail);
    }

    @ParameterizedTest
    @MethodSource("inventory")
    void agreesWithTheInventoryOfEachFile(String name, int evals, int instant, int range, int loads, int clears,
                                          int failing) {
        TestScript script = byName().get(name);
        assertThat(script).as(name).isNotNull();
        Statistics statistics = script.statistics();

        assertThat(List.of(statistics.evals(), statistics.instantEvals(), statistics.rangeEvals(), statistics.loads(),
                statistics.clears(), statistics.failingEvals()))
                .as("evals, instant, range, loads, clears, failing of %s", name)
                .containsExactly(evals, instant, range, loads, clears, failing);
    }

    @Test
    void findsTheExpectationLinesSourceMdCounts() {
        List<Eval> evals = corpus().scripts().stream().flatMap(script -> script.evals().stream()).toList();

        assertThat(evals.stream().filter(Eval::ordered).count()).isEqualTo(24);
        assertThat(count(evals, eval -> eval.failure().map(ExpectedFailure::messages).orElse(List.of()),
                TextMatch.Exact.class)).isEqualTo(14);
        assertThat(count(evals, eval -> eval.failure().map(ExpectedFailure::messages).orElse(List.of()),
                TextMatch.Regex.class)).isEqualTo(1);
        assertThat(evals.stream().mapToInt(eval -> eval.warnings().matches().size()).sum()).isEqualTo(90);
        assertThat(count(evals, eval -> eval.warnings().matches(), TextMatch.Exact.class)).isEqualTo(60);
        assertThat(count(evals, eval -> eval.warnings().matches(), TextMatch.Regex.class)).isEqualTo(3);
        assertThat(evals.stream().mapToInt(eval -> eval.infos().matches().size()).sum()).isEqualTo(132);
        assertThat(count(evals, eval -> eval.infos().matches(), TextMatch.Exact.class)).isEqualTo(17);
        assertThat(count(evals, eval -> eval.infos().matches(), TextMatch.Regex.class)).isEqualTo(2);
        assertThat(evals.stream().filter(eval -> eval.warnings().forbidden()).count()).isEqualTo(265);
        assertThat(evals.stream().filter(eval -> eval.infos().forbidden()).count()).isEqualTo(149);
        assertThat(evals.stream().filter(eval -> eval.rangeVector().isPresent()).count()).isEqualTo(5);
        assertThat(evals.stream().filter(eval -> eval.result() instanceof ExpectedResult.StringValue).count())
                .isEqualTo(5);
        assertThat(evals.stream().filter(eval -> eval.result() instanceof ExpectedResult.Scalar).count())
                .isEqualTo(54);
    }

    private static long count(List<Eval> evals, Function<Eval, List<TextMatch>> matches, Class<?> kind) {
        return evals.stream().flatMap(eval -> matches.apply(eval).stream()).filter(kind::isInstance).count();
    }

    @Test
    void expectsNoValueBeyondTheEndOfAnEvalsSteps() {
        for (TestScript script : corpus().scripts()) {
            for (Eval eval : script.evals()) {
                if (eval.result() instanceof ExpectedResult.Series(List<SeriesDescription> series)) {
                    assertThat(series).as("%s", eval.location()).noneMatch(eval::valuesPastEnd);
                }
            }
        }
    }

    @Test
    void readsTheStartTimestampsOfStartTimestampsTest() {
        TestScript script = byName().get("start_timestamps.test");

        long withOffsets = script.commands().stream()
                .filter(Load.class::isInstance)
                .flatMap(command -> ((Load) command).series().stream())
                .filter(series -> !series.startOffsets().isEmpty())
                .count();
        assertThat(withOffsets).isEqualTo(37);
    }

    private static Map<String, TestScript> byName() {
        return corpus().scripts().stream().collect(Collectors.toMap(TestScript::name, Function.identity()));
    }

    @Test
    void loadsOnlyTestFilesOfTheDirectoryInNameOrder(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("b.test"), "clear\n");
        Files.writeString(directory.resolve("a.test"), "load 1m\n  m 1\n\neval instant at 0 m\n  m 1\n");
        Files.writeString(directory.resolve("notes.md"), "not a test\n");
        Files.createDirectory(directory.resolve("nested.test"));

        TestScripts scripts = TestScripts.load(directory);

        assertThat(scripts.scripts()).extracting(TestScript::name).containsExactly("a.test", "b.test");
        assertThat(scripts.statistics()).isEqualTo(new Statistics(2, 1, 0, 1, 1, 0, 0, 1, 1, 0));
    }

    @Test
    void namesTheFileOfAMalformedScript(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("good.test"), "clear\n");
        Files.writeString(directory.resolve("bad.test"), "clear\n\nload 1m\n  m 1 2 oops\n");

        assertThatThrownBy(() -> TestScripts.load(directory))
                .isInstanceOf(TestScriptFormatException.class)
                .hasMessageStartingWith("bad.test:4:9: ");
    }
}
