package io.amphora.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One Amphora process started the way users start it, for process-level tests: a child process with its own
 * free HTTP and gRPC ports and its own data directory, its output appended to a log file under
 * {@code target/}. {@code start*} returns once {@code GET /ready} answers 200.
 *
 * <p>The harness appends {@code --server.port}, {@code --amphora.grpc.port} and {@code --amphora.data-dir};
 * the caller's arguments must not set them. Not thread-safe: one test drives one process.
 */
public final class AmphoraProcess implements AutoCloseable {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** Exit code of a JVM ended by SIGKILL: 128 + 9. */
    public static final int EXIT_SIGKILL = 137;
    /** Exit code of a JVM that ran its shutdown hooks after SIGTERM: 128 + 15. */
    public static final int EXIT_SIGTERM = 143;

    private static final String AUTH_ENABLED = "amphora.gateway.auth-enabled";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Path workingDirectory;
    private final int httpPort;
    private final int grpcPort;
    private final Path dataDir;
    private final Path logFile;
    private final Thread killOnExit;
    private Process process;

    private AmphoraProcess(String name, List<String> command, Path workingDirectory) throws IOException {
        this.name = requireNonNull(name, "name is null");
        this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
        Path workDir = workDir();
        Files.createDirectories(workDir);
        this.dataDir = Files.createTempDirectory(workDir, name + "-data-");
        this.logFile = Files.createTempFile(workDir, name + "-", ".log");
        int[] ports = freePorts(2);
        this.httpPort = ports[0];
        this.grpcPort = ports[1];
        List<String> full = new ArrayList<>(requireNonNull(command, "command is null"));
        full.add("--server.port=" + httpPort);
        full.add("--amphora.grpc.port=" + grpcPort);
        full.add("--amphora.data-dir=" + dataDir);
        this.command = List.copyOf(full);
        // A test JVM that exits without closing its processes must not leave them holding ports.
        this.killOnExit = new Thread(() -> {
            if (process != null) {
                process.destroyForcibly();
            }
        });
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code java -jar <exec jar> <args>} (the jar from system property {@code amphora.exec.jar}) with
     * the JDK that runs the test, and waits until it is ready. Unless {@code args} set
     * {@code --amphora.gateway.auth-enabled} themselves, the gateway runs open: these tests compare the data plane
     * with Prometheus and recover crashed ingesters, while {@code QuickStartIT} and the app's gateway tests run every
     * request through SigV4 and the policies.
     */
    public static AmphoraProcess startJar(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                javaExecutable().toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-jar", execJar().toString()));
        command.addAll(List.of(args));
        if (command.stream().noneMatch(arg -> arg.startsWith("--" + AUTH_ENABLED))) {
            command.add("--" + AUTH_ENABLED + "=false");
        }
        return started(new AmphoraProcess(name, command, Path.of("").toAbsolutePath()));
    }

    /** Starts the exec jar exactly as {@link #startJar} does, with authentication on. */
    public static AmphoraProcess startJarSecured(String name, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--" + AUTH_ENABLED + "=true");
        return startJar(name, all.toArray(String[]::new));
    }

    /**
     * Starts an arbitrary command line, such as {@code bin/amphora}, from the given directory and waits until
     * it is ready. {@code JAVA_HOME} is set to the JDK that runs the test.
     */
    public static AmphoraProcess startCommand(String name, Path workingDirectory, List<String> command)
            throws IOException, InterruptedException {
        return started(new AmphoraProcess(name, command, workingDirectory));
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The file that collects the process's stdout and stderr, across restarts. */
    public Path logFile() {
        return logFile;
    }

    public String log() throws IOException {
        return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code GET http://127.0.0.1:<http port><path>}. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text of {@code /metrics}. */
    public String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    name + ": /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * Ends the process with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. On Linux,
     * {@link Process#destroyForcibly()} sends SIGKILL; the returned exit code, {@value #EXIT_SIGKILL}, shows it.
     *
     * @return the exit code
     */
    public int kill() throws InterruptedException {
        requireStarted();
        process.destroyForcibly();
        return process.waitFor();
    }

    /**
     * Ends the process with SIGTERM, as Kubernetes or Ctrl-C would, and waits for its graceful shutdown; kills
     * it if that takes longer than {@link #STOP_TIMEOUT}.
     *
     * @return the exit code, {@value #EXIT_SIGTERM} after a graceful shutdown
     * @throws IllegalStateException if the process had to be killed
     */
    public int stop() throws InterruptedException {
        requireStarted();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(name + " did not stop within " + STOP_TIMEOUT + "; killed it. "
                    + "Log: " + logFile);
        }
        return process.exitValue();
    }

    /**
     * Starts the same command again, on the same ports and data directory, and waits until it is ready; stops
     * the process first if it still runs.
     */
    public void restart() throws IOException, InterruptedException {
        if (isAlive()) {
            stop();
        }
        start();
    }

    /** Stops the process if it runs (gracefully, killing it when that times out). */
    @Override
    public void close() throws InterruptedException {
        try {
            if (isAlive()) {
                stop();
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    private static AmphoraProcess started(AmphoraProcess amphora) throws IOException, InterruptedException {
        try {
            amphora.start();
            return amphora;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            amphora.close();
            throw e;
        }
    }

    private void start() throws IOException, InterruptedException {
        Files.writeString(logFile, "==== amphora-e2e: starting " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready. Log " + logFile + " ends with:\n" + logTail());
            }
            try {
                if (get("/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The HTTP server is not up yet.
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(name + " was not ready within " + READY_TIMEOUT + "; killed it. Log "
                + logFile + " ends with:\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // All sockets stay open until every port is picked, so that the ports differ.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path execJar() {
        Path jar = Path.of(requiredProperty("amphora.exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new UncheckedIOException(new IOException("No executable jar at " + jar
                    + "; build it with ./mvnw -pl app -am package"));
        }
        return jar;
    }

    private static Path workDir() {
        String configured = System.getProperty("amphora.e2e.work.dir");
        return configured != null ? Path.of(configured) : Path.of("target", "amphora-processes").toAbsolutePath();
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests with Maven");
        }
        return value;
    }
}
