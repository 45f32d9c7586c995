package io.amphora.querier.conformance;

import io.amphora.promql.promqltest.ConformanceReport;
import io.amphora.promql.promqltest.KnownGaps;
import io.amphora.promql.promqltest.PromqlTestScriptRunner;
import io.amphora.promql.promqltest.ScriptResult;
import io.amphora.promql.promqltest.TestScript;
import io.amphora.promql.promqltest.TestScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every upstream Prometheus PromQL test file ({@code <conformance dir>/promql/testdata/*.test}) against the
 * engine over Amphora's TSDB ({@link TsdbQueryTarget}) and holds the result to this run's own known-gaps list
 * ({@value #GAPS_RESOURCE}) under the same rules as the engine's run over in-memory storage: an unlisted failing
 * eval fails the build, and so do a listed eval that passes and an entry whose eval no longer exists, so the list
 * only shrinks.
 *
 * <p>System properties: {@code amphora.conformance.dir} is the conformance folder (by default
 * {@code <amphora.shared.dir>/conformance}); the test is skipped when it has no PromQL files.
 * {@code amphora.conformance.updateGaps=true} rewrites the gaps list in {@code src/test/resources} from the current
 * failures (keeping the reasons of entries that still fail) before judging the run.
 */
class TsdbConformanceTest {
    private static final String GAPS_RESOURCE = "promql-conformance-tsdb-known-gaps.txt";
    /** Offenders printed in full; the rest are counted. */
    private static final int MAX_PRINTED_OFFENDERS = 100;
    /** The run the shared gaps-file header names; this run's file names this class instead. */
    private static final String ENGINE_RUN = "io.amphora.promql.PromqlConformanceTest";

    @TempDir
    Path dir;

    @Test
    void upstreamPromqlTestFilesPassOverTheTsdbExceptForItsKnownGaps() throws IOException {
        Path testdata = conformanceDirectory().resolve("promql").resolve("testdata");
        assumeTrue(Files.isDirectory(testdata), () -> "no PromQL conformance files at " + testdata
                + "; set -Damphora.conformance.dir (or amphora.shared.dir) to run them");
        TestScripts scripts = TestScripts.load(testdata);
        assumeTrue(!scripts.scripts().isEmpty(), () -> "no *.test files in " + testdata);

        List<ScriptResult> results = new ArrayList<>();
        try (TsdbQueryTarget target = new TsdbQueryTarget(dir, InstantSource.system())) {
            PromqlTestScriptRunner runner = new PromqlTestScriptRunner(target);
            for (TestScript script : scripts.scripts()) {
                results.add(runner.run(script));
            }
        }

        KnownGaps gaps = readGaps();
        ConformanceReport report = new ConformanceReport(results, gaps);
        report.perFile().forEach(line -> System.out.println(ownPrefix(line)));
        System.out.println(ownPrefix(report.summary()));

        if (Boolean.getBoolean("amphora.conformance.updateGaps")) {
            KnownGaps updated = report.updatedGaps();
            Path file = gapsSourceFile();
            Files.createDirectories(file.getParent());
            Files.writeString(file, updated.format().replace(ENGINE_RUN, TsdbConformanceTest.class.getName()),
                    StandardCharsets.UTF_8);
            System.out.println("promql-conformance-tsdb: wrote " + updated.reasons().size() + " known gaps to " + file);
            report = new ConformanceReport(results, updated);
        }

        List<String> offenders = report.offenders();
        if (!offenders.isEmpty()) {
            StringBuilder message = new StringBuilder();
            message.append(offenders.size()).append(" conformance offender(s) against ").append(GAPS_RESOURCE)
                    .append(" (").append(report.unexpectedFailures().size()).append(" unlisted failures, ")
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

    /** The report's lines name the in-memory run; this run's lines read {@code promql-conformance-tsdb: …}. */
    private static String ownPrefix(String line) {
        return line.replaceFirst("^promql-conformance:", "promql-conformance-tsdb:");
    }

    /** {@code amphora.conformance.dir}, else {@code <amphora.shared.dir>/conformance}; skips when neither is set. */
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

    private static KnownGaps readGaps() throws IOException {
        try (var in = TsdbConformanceTest.class.getClassLoader().getResourceAsStream(GAPS_RESOURCE)) {
            if (in == null) {
                return KnownGaps.NONE;
            }
            return KnownGaps.parse(GAPS_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The list's source file; Surefire runs tests in the module directory and sets {@code basedir} to it. */
    private static Path gapsSourceFile() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return Path.of(basedir, "src", "test", "resources", GAPS_RESOURCE);
    }
}
