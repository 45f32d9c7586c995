package io.amphora.promql.parser;

import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.Nodes;
import io.amphora.promql.ast.PromqlPrinter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every expression of every {@code eval} command in the shared copy of Prometheus's PromQL test files must parse
 * (Prometheus's harness refuses a file with one that does not, so they are all valid) and survive printing: the
 * printed form parses to the same tree, and prints the same again. The harness runs with every experimental parser
 * feature on, and so does this test.
 */
class ConformanceCorpusParseTest {
    /** The harness's own header patterns; the expression is the last group. */
    private static final Pattern EVAL_INSTANT =
            Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE =
            Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");

    private final PromqlParser parser = new PromqlParser(ParserOptions.allFeatures());

    @Test
    void parsesAndRoundTripsEveryEvalExpressionOfTheConformanceFiles() throws IOException {
        Path testdata = testdataDirectory();
        List<Path> files;
        try (Stream<Path> listing = Files.list(testdata)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
        }
        assertThat(files).as("test files in %s", testdata).isNotEmpty();

        int total = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            int inFile = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                String expression = evalExpression(line);
                if (expression == null) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("eval")) {
                        failures.add(file.getFileName() + ":" + (i + 1) + ": an eval command without an expression: "
                                + line);
                    }
                    continue;
                }
                inFile++;
                String where = file.getFileName() + ":" + (i + 1) + ": " + expression;
                String problem = roundTripProblem(expression);
                if (problem != null) {
                    failures.add(where + "\n    " + problem);
                }
            }
            total += inFile;
            System.out.printf("promql-parser-corpus: %-26s %4d expressions%n", file.getFileName(), inFile);
        }
        System.out.printf("promql-parser-corpus: %d of %d eval expressions in %d files parsed and round-tripped%n",
                total - failures.size(), total, files.size());

        assertThat(failures).as("expressions that did not parse or round-trip").isEmpty();
        assertThat(total).as("eval commands found").isPositive();
    }

    /** The expression of an {@code eval} header line, or null for any other line. */
    static String evalExpression(String line) {
        Matcher instant = EVAL_INSTANT.matcher(line);
        if (instant.matches()) {
            return instant.group(3);
        }
        Matcher range = EVAL_RANGE.matcher(line);
        if (range.matches()) {
            return range.group(5);
        }
        return null;
    }

    private String roundTripProblem(String expression) {
        Expr parsed;
        try {
            parsed = parser.parseExpr(expression);
        } catch (ParseException e) {
            return "does not parse: " + e.getMessage();
        }
        String printed = PromqlPrinter.print(parsed);
        Expr reparsed;
        try {
            reparsed = parser.parseExpr(printed);
        } catch (ParseException e) {
            return "printed as " + printed + ", which does not parse: " + e.getMessage();
        }
        if (!Nodes.canonical(reparsed).equals(Nodes.canonical(parsed))) {
            return "printed as " + printed + ", which parses to a different tree";
        }
        String reprinted = PromqlPrinter.print(reparsed);
        if (!reprinted.equals(printed)) {
            return "printed as " + printed + ", then as " + reprinted;
        }
        return null;
    }

    private static Path testdataDirectory() {
        String shared = System.getProperty("amphora.shared.dir");
        assumeTrue(shared != null, "system property amphora.shared.dir is not set; skipping the PromQL corpus test");
        Path testdata = Path.of(shared, "conformance", "promql", "testdata");
        assumeTrue(Files.isDirectory(testdata),
                "no PromQL conformance files at " + testdata + "; skipping the PromQL corpus test");
        return testdata;
    }
}
