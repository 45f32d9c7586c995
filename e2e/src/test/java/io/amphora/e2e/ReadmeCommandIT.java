package io.amphora.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command, exactly as written there, run from the repository like a newcomer would; only the
 * ports and the data directory are added, so that it cannot collide with anything else on the machine.
 */
class ReadmeCommandIT {
    private static final Path REPO = Path.of(AmphoraProcess.requiredProperty("amphora.repo.dir")).normalize();

    @Test
    void readmeRunCommandStartsAReadyProcessServingPrometheusMetrics() throws Exception {
        List<String> command = new ArrayList<>(List.of(readmeRunCommand().split("\\s+")));
        command.set(0, REPO.resolve(command.get(0)).toString());

        try (AmphoraProcess amphora = AmphoraProcess.startCommand("readme", REPO, command)) {
            HttpResponse<String> ready = amphora.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready");

            HttpResponse<String> metrics = amphora.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                    contentType -> assertThat(contentType).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("# HELP jvm_memory_used_bytes", "# TYPE jvm_memory_used_bytes gauge")
                    .containsPattern("(?m)^process_uptime_seconds(\\{.*\\})? [0-9.E+-]+$");

            assertThat(amphora.stop()).isEqualTo(AmphoraProcess.EXIT_SIGTERM);
        }
    }

    /** The one line of a fenced code block in README.md that runs {@code bin/amphora}. */
    private static String readmeRunCommand() throws IOException {
        List<String> found = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(REPO.resolve("README.md"))) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && line.strip().startsWith("bin/amphora")) {
                found.add(line.strip());
            }
        }
        assertThat(found).as("run commands in README.md code blocks").hasSize(1);
        return found.getFirst();
    }
}
