package io.amphora.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.amphora.promql.promqltest.ConformanceReport;
import io.amphora.promql.promqltest.EvalOutcome;
import io.amphora.promql.promqltest.KnownGaps;
import io.amphora.promql.promqltest.PromqlTestScriptRunner;
import io.amphora.promql.promqltest.ScriptResult;
import io.amphora.promql.promqltest.SourceLocation;
import io.amphora.promql.promqltest.TestScript;
import io.amphora.promql.promqltest.TestScripts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The upstream Prometheus PromQL test files run end to end: each file's data goes into one Amphora process through
 * remote write (a new workspace per {@code clear}) and every eval through the HTTP API ({@link HttpQueryTarget}),
 * with all the runner's checks. Prints {@code promql-conformance-http: N passed, M failed} and holds the run to its
 * own known-gaps list ({@value #GAPS_RESOURCE}) with the rules of the engine's run: an unlisted failure, a listed
 * eval that passes and a stale entry each fail the test, so the list only shrinks.
 *
 * <p>Every entry's reason starts with its category: {@code engine:} (the engine's own run lists the eval too, with
 * that reason), {@code write path:} (the load was refused or cannot be sent), {@code http:} (a failure only this
 * run has: the API, the querier, or what the JSON cannot carry). Amphora runs with the harness's engine settings
 * ({@link #HARNESS_SETTINGS}). {@code -Damphora.conformance.updateGaps=true} rewrites the list
 * from the current failures, keeping the reasons of entries that still fail and categorising new ones.
 *
 * <p>The folder is found as {@code PromqlConformanceTest} finds it ({@code amphora.conformance.dir}, else
 * {@code <amphora.shared.dir>/conformance}); the test is skipped without it.
 */
class HttpConformanceIT {
    private static final String GAPS_RESOURCE = "promql-conformance-http-known-gaps.txt";
    /** The engine's own list, from promql's test-jar: a failure it lists too is an engine gap, not an HTTP one. */
    private static final String ENGINE_GAPS_RESOURCE = "promql-conformance-known-gaps.txt";
    private static final String PREFIX = "promql-conformance-http: ";
    private static final int MAX_PRINTED_OFFENDERS = 60;
    /**
     * The engine settings of Prometheus's PromQL test harness ({@code EngineOptions.conformanceTests()},
     * {@code shared/conformance/promql/SOURCE.md}): 10,000 max samples, a 100 s timeout, delayed name removal and
     * every experimental part of the language on. Start timestamps are not among them: remote write 1.0 cannot carry
     * them, so their evals fail at the load.
     */
    private static final String[] HARNESS_SETTINGS = {
        "--amphora.querier.promql.lookback-delta=5m",
        "--amphora.querier.promql.max-samples=10000",
        "--amphora.querier.promql.timeout=100s",
        "--amphora.querier.promql.default-evaluation-interval=1m",
        "--amphora.querier.promql.experimental-functions=true",
        "--amphora.querier.promql.delayed-name-removal=true",
        "--amphora.querier.promql.extended-range-selectors=true",
        "--amphora.querier.promql.binop-fill-modifiers=true",
    };
    private static final String HEADER = """
            # Known gaps of the PromQL conformance run over HTTP (io.amphora.e2e.HttpConformanceIT): evals of the
            # upstream Prometheus test files (shared/conformance/promql/testdata) that fail when their data goes in
            # through remote write and their queries through the HTTP API of one Amphora process. One per line as
            # `file:line reason`; the reason starts with its category:
            #   engine:      the engine's own run (promql/src/test/resources/promql-conformance-known-gaps.txt)
            #                lists the eval too;
            #   write path:  the load cannot be sent or is refused (start timestamps, samples the head does not
            #                accept);
            #   http:        only this run fails it (the API, the querier, or what the API's JSON cannot carry).
            #
            # The test fails when an eval that is not listed here fails, and when a listed eval passes or no longer
            # exists, so this list can only shrink: remove an entry as soon as its eval passes.
            # `-Damphora.conformance.updateGaps=true` rewrites the file from the current failures.
            """;

    @Test
    void upstreamPromqlTestFilesPassOverHttpExceptForTheKnownGaps() throws Exception {
        Path testdata = conformanceDirectory().resolve("promql").resolve("testdata");
        assumeTrue(Files.isDirectory(testdata), () -> "no PromQL conformance files at " + testdata
                + "; set -Damphora.conformance.dir (or amphora.shared.dir) to run them");
        TestScripts scripts = TestScripts.load(testdata);
        assumeTrue(!scripts.scripts().isEmpty(), () -> "no *.test files in " + testdata);

        List<ScriptResult> results = new ArrayList<>();
        try (AmphoraProcess amphora = AmphoraProcess.startJar("promql-conformance-http", HARNESS_SETTINGS)) {
            HttpQueryTarget target = new HttpQueryTarget("http://127.0.0.1:" + amphora.httpPort(), "conformance-");
            PromqlTestScriptRunner runner = new PromqlTestScriptRunner(target);
            for (TestScript script : scripts.scripts()) {
                results.add(runner.run(script));
            }
            System.out.println(PREFIX + "used " + target.workspaceCount() + " workspaces");
        }

        KnownGaps gaps = readGaps(GAPS_RESOURCE);
        ConformanceReport report = new ConformanceReport(results, gaps);
        report.perFile().forEach(line -> System.out.println(line.replace("promql-conformance: ", PREFIX)));
        System.out.println(PREFIX.strip() + " " + report.passed() + " passed, " + report.failed() + " failed");

        if (Boolean.getBoolean("amphora.conformance.updateGaps")) {
            KnownGaps updated = categorised(report, gaps, readGaps(ENGINE_GAPS_RESOURCE));
            Path file = gapsSourceFile();
            Files.createDirectories(file.getParent());
            StringBuilder text = new StringBuilder(HEADER);
            updated.reasons().forEach((location, reason) -> text.append(location).append(' ').append(reason)
                    .append('\n'));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            System.out.println(PREFIX + "wrote " + updated.reasons().size() + " known gaps to " + file);
            report = new ConformanceReport(results, updated);
        }

        List<String> offenders = report.offenders();
        if (!offenders.isEmpty()) {
            StringBuilder message = new StringBuilder();
            message.append(offenders.size()).append(" offender(s) against ").append(GAPS_RESOURCE).append(" (")
                    .append(report.unexpectedFailures().size()).append(" unlisted failures, ")
                    .append(report.unexpectedPasses().size()).append(" listed evals now passing, ")
                    .append(report.staleGaps().size()).append(" stale entries). Fix them, or when the list is ")
                    .append("meant to change run with -Damphora.conformance.updateGaps=true and review the diff.");
            for (int i = 0; i < offenders.size() && i < MAX_PRINTED_OFFENDERS; i++) {
                message.append("\n\n").append(offenders.get(i));
            }
            if (offenders.size() > MAX_PRINTED_OFFENDERS) {
                message.append("\n\n… and ").append(offenders.size() - MAX_PRINTED_OFFENDERS).append(" more");
            }
            System.out.println(message);
            fail(message.toString());
        }
    }

    /**
     * The list for the current failures in file and line order: an entry that still fails keeps its reason, a new
     * one gets {@code write path: <failure category>} when its load failed, else {@code engine: <the engine list's
     * reason>} when the engine's run lists it, else {@code http: <failure category>}. Each new entry is printed with
     * its failure, since a generated reason is only a category: review them and write the real reason by hand.
     */
    private static KnownGaps categorised(ConformanceReport report, KnownGaps current, KnownGaps engine) {
        Map<SourceLocation, String> reasons = new LinkedHashMap<>();
        KnownGaps sorted = KnownGaps.NONE.updatedFor(report.outcomes());
        for (SourceLocation location : sorted.locations()) {
            EvalOutcome outcome = report.outcomes().stream().filter(o -> o.location().equals(location)).findFirst()
                    .orElseThrow();
            String category = outcome.failure().orElseThrow().category();
            String reason = current.reason(location).orElseGet(() -> category.startsWith("load failed")
                    ? "write path: " + category
                    : engine.reason(location).map(r -> "engine: " + r).orElse("http: " + category));
            if (current.reason(location).isEmpty()) {
                // A generated reason only names the kind of failure: print what failed, to write the real reason.
                System.out.println(PREFIX + "new gap " + location + " " + reason + "\n"
                        + outcome.failure().orElseThrow().detail());
            }
            reasons.put(location, reason);
        }
        return new KnownGaps(reasons);
    }

    /** As {@code PromqlConformanceTest}: {@code amphora.conformance.dir}, else {@code <amphora.shared.dir>/conformance}. */
    private static Path conformanceDirectory() {
        String conformance = System.getProperty("amphora.conformance.dir");
        if (conformance != null && !conformance.isBlank()) {
            return Path.of(conformance);
        }
        String shared = System.getProperty("amphora.shared.dir");
        assumeTrue(shared != null && !shared.isBlank(),
                "neither amphora.conformance.dir nor amphora.shared.dir is set; skipping the PromQL conformance run");
        return Path.of(shared, "conformance");
    }

    private static KnownGaps readGaps(String resource) throws IOException {
        try (InputStream in = HttpConformanceIT.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return KnownGaps.NONE;
            }
            return KnownGaps.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The list's source file; Failsafe runs tests in the module directory and sets {@code basedir} to it. */
    private static Path gapsSourceFile() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "src", "test", "resources", GAPS_RESOURCE);
    }
}
