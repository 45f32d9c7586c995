package io.amphora.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * One real Prometheus server (Debian's {@code prometheus} binary) for process-level tests: its own free port on
 * 127.0.0.1, its own data directory and configuration file and log under the e2e work directory. {@link #start}
 * returns once {@code GET /-/ready} answers 200. Not thread-safe: one test drives one process.
 */
final class PrometheusProcess implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final Thread killOnExit;

    private PrometheusProcess(String name, int port, Path logFile, Process process) {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
        // A test JVM that exits without closing the process must not leave it running.
        this.killOnExit = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code binary} with the configuration {@code configFor} renders for the port the server will listen on.
     *
     * @param configFor the YAML configuration, given the server's own port (to scrape itself)
     */
    static PrometheusProcess start(Path binary, String name, IntFunction<String> configFor)
            throws IOException, InterruptedException {
        return start(binary, name, configFor, List.of());
    }

    /**
     * {@link #start(Path, String, IntFunction)} with more command-line flags, such as
     * {@code --web.enable-remote-write-receiver}; they must not set the configuration file, storage path or listen
     * address, which the harness sets.
     */
    static PrometheusProcess start(Path binary, String name, IntFunction<String> configFor, List<String> extraFlags)
            throws IOException, InterruptedException {
        requireNonNull(binary, "binary is null");
        requireNonNull(extraFlags, "extraFlags is null");
        Path workDir = workDir();
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, "prometheus-" + name + "-");
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), configFor.apply(port));
        Path logFile = dir.resolve("prometheus.log");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=info"));
        command.addAll(extraFlags);
        Files.writeString(logFile, "==== amphora-e2e: starting " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        PrometheusProcess prometheus = new PrometheusProcess(name, port, logFile, process);
        try {
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            prometheus.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** The {@code instance} label Prometheus gives its scrape of itself. */
    String instance() {
        return "127.0.0.1:" + port;
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The Prometheus text of the server's own {@code /metrics}. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + ": /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** SIGTERM, then SIGKILL if the server has not exited within {@link #STOP_TIMEOUT}; returns once it is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                stop();
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    /** {@code GET http://127.0.0.1:<port><path>}. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus " + name + " exited with code " + process.exitValue()
                        + " before it was ready; log:\n" + Files.readString(logFile));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The HTTP server is not up yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus " + name + " was not ready within " + READY_TIMEOUT + "; log: " + logFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path workDir() {
        String configured = System.getProperty("amphora.e2e.work.dir");
        return configured != null ? Path.of(configured) : Path.of("target", "amphora-processes").toAbsolutePath();
    }
}
