package io.amphora.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.amphora.testing.SystemPrograms;
import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * Debian's AWS CLI v2 ({@code /usr/bin/aws}, never whatever {@code aws} is first on {@code PATH}) pointed at one
 * Amphora: every command gets {@code --endpoint-url}, {@code --region} and JSON output, and runs with only the
 * given credentials (empty config and credentials files of its own, no pager, no instance metadata lookups).
 * Construction skips the calling test where the CLI is missing, or fails it under {@code CI=true}.
 */
final class AwsCli {
    static final Path PROGRAM = Path.of("/usr/bin/aws");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path program;
    private final String endpoint;
    private final String region;
    private final Map<String, String> environment;
    private final Path workDir;

    /** @param workDir where the CLI's own empty config files are created */
    AwsCli(String endpoint, String region, String accessKeyId, String secretAccessKey, Path workDir) throws IOException {
        this.program = SystemPrograms.requireAt(PROGRAM, "awscli");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.region = requireNonNull(region, "region is null");
        this.workDir = Files.createDirectories(requireNonNull(workDir, "workDir is null"));
        Path config = Files.writeString(workDir.resolve("aws-config"), "");
        Path credentials = Files.writeString(workDir.resolve("aws-credentials"), "");
        this.environment = Map.of(
                "AWS_ACCESS_KEY_ID", requireNonNull(accessKeyId, "accessKeyId is null"),
                "AWS_SECRET_ACCESS_KEY", requireNonNull(secretAccessKey, "secretAccessKey is null"),
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                "AWS_PAGER", "",
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_MAX_ATTEMPTS", "1");
    }

    /** What one command printed and how it exited. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        JsonNode json() {
            if (exitCode != 0) {
                throw new AssertionError("aws exited " + exitCode + " for " + command + ": " + stderr);
            }
            return PrometheusJson.parse(stdout.isBlank() ? "{}" : stdout);
        }
    }

    /** Runs {@code aws <args>} against the endpoint; returns whatever it did, failures included. */
    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--region", region, "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(workDir, "aws-", ".out");
        Path err = Files.createTempFile(workDir, "aws-", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws did not finish within " + TIMEOUT + ": " + command);
        }
        return new Result(List.copyOf(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@link #run} that must succeed; its JSON output. */
    JsonNode json(String... args) throws IOException, InterruptedException {
        return run(args).json();
    }
}
