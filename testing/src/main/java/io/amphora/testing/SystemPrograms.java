package io.amphora.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Finds programs installed on the machine for tests that check Amphora against a real implementation (Prometheus's
 * {@code promtool}, for example).
 *
 * <p>A developer machine may lack the program, so such a test is skipped there. In CI ({@code CI=true}, as CI
 * systems set it) a missing program fails the test instead: a compatibility test that silently skips in CI proves
 * nothing, and the fix is to install the package in {@code .ci/run}.
 *
 * <p>Lookup is the shell's rule, done here rather than through a shell: the first regular, executable file named
 * {@code program} in the directories of {@code PATH}, in order. Empty entries are ignored rather than read as the
 * working directory. Nothing is run to check what the program is; the caller decides whether it is usable (its
 * version, or whether it is a wrapper script).
 */
public final class SystemPrograms {
    /** The environment variable CI systems set to {@code true}. */
    public static final String CI_VARIABLE = "CI";

    private SystemPrograms() {}

    /**
     * The path of {@code program} on this process's {@code PATH}. When it is absent, skips the calling test, or
     * fails it when the environment variable {@code CI} is {@code true}.
     *
     * @param debianPackage the Debian package that provides {@code program}, named in the skip or failure message
     * @throws AssertionError when {@code program} is missing and {@code CI} is {@code true}
     */
    public static Path require(String program, String debianPackage) {
        return require(program, debianPackage, System.getenv());
    }

    /** {@link #require(String, String)} with the environment given, so its decision can be tested. */
    public static Path require(String program, String debianPackage, Map<String, String> environment) {
        requireNonNull(program, "program is null");
        requireNonNull(debianPackage, "debianPackage is null");
        requireNonNull(environment, "environment is null");
        Optional<Path> found = find(program, environment.get("PATH"));
        if (found.isPresent()) {
            return found.get();
        }
        String missing = program + " is not on PATH (" + environment.getOrDefault("PATH", "unset") + ")";
        if ("true".equalsIgnoreCase(environment.get(CI_VARIABLE))) {
            throw new AssertionError(missing + ": in CI this test must run, so .ci/run must install Debian's "
                    + debianPackage + " package");
        }
        assumeThat(found)
                .withFailMessage("%s; skipping (install Debian's %s package to run this test)", missing, debianPackage)
                .isPresent();
        throw new IllegalStateException("assumption about " + program + " did not abort the test");
    }

    /**
     * {@code program} at exactly the absolute path given, for programs a test must not take from {@code PATH} (the
     * AWS CLI v2 of Debian's {@code awscli} is {@code /usr/bin/aws}, while a Python environment may put an older
     * {@code aws} first on {@code PATH}). When it is absent or not executable, skips the calling test, or fails it
     * when the environment variable {@code CI} is {@code true}.
     */
    public static Path requireAt(Path program, String debianPackage, Map<String, String> environment) {
        requireNonNull(program, "program is null");
        requireNonNull(debianPackage, "debianPackage is null");
        requireNonNull(environment, "environment is null");
        if (!program.isAbsolute()) {
            throw new IllegalArgumentException("program must be an absolute path, not '" + program + "'");
        }
        boolean present = Files.isRegularFile(program) && Files.isExecutable(program);
        if (present) {
            return program;
        }
        String missing = program + " is missing or not executable";
        if ("true".equalsIgnoreCase(environment.get(CI_VARIABLE))) {
            throw new AssertionError(missing + ": in CI this test must run, so .ci/run must install Debian's "
                    + debianPackage + " package");
        }
        assumeThat(present)
                .withFailMessage("%s; skipping (install Debian's %s package to run this test)", missing, debianPackage)
                .isTrue();
        throw new IllegalStateException("assumption about " + program + " did not abort the test");
    }

    /** {@link #requireAt(Path, String, Map)} with this process's environment. */
    public static Path requireAt(Path program, String debianPackage) {
        return requireAt(program, debianPackage, System.getenv());
    }

    /**
     * The first regular, executable file named {@code program} in the directories of {@code pathVariable} (entries
     * separated by {@link File#pathSeparator}), as an absolute path that is not resolved further (a symbolic link
     * stays a link). Empty when there is none or {@code pathVariable} is null.
     *
     * @throws IllegalArgumentException if {@code program} is empty or contains a path separator: this looks names up,
     *     it does not check paths
     */
    public static Optional<Path> find(String program, String pathVariable) {
        requireNonNull(program, "program is null");
        if (program.isEmpty() || program.contains("/") || program.contains(File.separator)) {
            throw new IllegalArgumentException("program must be a bare name, not '" + program + "'");
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String entry : pathVariable.split(File.pathSeparator, -1)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate;
            try {
                candidate = Path.of(entry).resolve(program).toAbsolutePath();
            } catch (InvalidPathException e) {
                continue;
            }
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
