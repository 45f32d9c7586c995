package io.amphora.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemProgramsTest {
    @TempDir
    Path dir;

    @Test
    void findsTheFirstExecutableFileOnPath() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path third = Files.createDirectories(dir.resolve("third"));
        executable(second.resolve("tool"));
        executable(third.resolve("tool"));

        assertThat(SystemPrograms.find("tool", path(first, second, third))).contains(second.resolve("tool"));
    }

    @Test
    void skipsEntriesThatAreNotExecutableFiles() throws IOException {
        Path plainFile = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plainFile.resolve("tool"), "not executable");
        Path directory = Files.createDirectories(dir.resolve("directory"));
        Files.createDirectories(directory.resolve("tool"));
        Path real = Files.createDirectories(dir.resolve("real"));
        executable(real.resolve("tool"));

        assertThat(SystemPrograms.find("tool", path(plainFile, directory, dir.resolve("missing"), real)))
                .contains(real.resolve("tool"));
    }

    @Test
    void ignoresEmptyPathEntries() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("tool"));

        assertThat(SystemPrograms.find("tool", File.pathSeparator + File.pathSeparator + bin)).contains(bin.resolve("tool"));
        assertThat(SystemPrograms.find("tool", "")).isEmpty();
    }

    @Test
    void findsNothingWithoutPath() {
        assertThat(SystemPrograms.find("tool", null)).isEmpty();
    }

    @Test
    void rejectsProgramNamesThatArePaths() {
        assertThatThrownBy(() -> SystemPrograms.find("bin/tool", "/usr/bin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare name");
        assertThatThrownBy(() -> SystemPrograms.find("", "/usr/bin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requireReturnsTheProgramWhenPresent() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("tool"));

        Path found = SystemPrograms.require("tool", "tool-package", Map.of("PATH", bin.toString(), "CI", "true"));

        assertThat(found).isEqualTo(bin.resolve("tool"));
    }

    @Test
    void requireSkipsTheTestWhenTheProgramIsMissingOutsideCi() {
        Map<String, String> environment = Map.of("PATH", dir.toString());

        assertThatThrownBy(() -> SystemPrograms.require("tool", "tool-package", environment))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("tool is not on PATH")
                .hasMessageContaining("tool-package");
        assertThatThrownBy(() -> SystemPrograms.require("tool", "tool-package", Map.of("PATH", dir.toString(), "CI", "false")))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void requireFailsTheTestWhenTheProgramIsMissingInCi() {
        Map<String, String> environment = Map.of("PATH", dir.toString(), "CI", "true");

        assertThatThrownBy(() -> SystemPrograms.require("tool", "tool-package", environment))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("tool is not on PATH")
                .hasMessageContaining(".ci/run must install Debian's tool-package package");
    }

    @Test
    void requireFailsInCiEvenWithoutPath() {
        assertThatThrownBy(() -> SystemPrograms.require("tool", "tool-package", Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PATH (unset)");
    }

    @Test
    void requireAtTakesExactlyThePathGivenAndIgnoresPath() throws IOException {
        Path tool = dir.resolve("aws");
        executable(tool);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        executable(elsewhere.resolve("aws"));

        assertThat(SystemPrograms.requireAt(tool, "awscli", Map.of("PATH", elsewhere.toString(), "CI", "true")))
                .isEqualTo(tool);
        assertThatThrownBy(() -> SystemPrograms.requireAt(Path.of("aws"), "awscli", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute path");
    }

    @Test
    void requireAtSkipsOutsideCiAndFailsInCiWhenTheFileIsMissingOrNotExecutable() throws IOException {
        Path missing = dir.resolve("missing");
        Path notExecutable = Files.writeString(dir.resolve("plain"), "#!/bin/sh\n");

        assertThatThrownBy(() -> SystemPrograms.requireAt(missing, "awscli", Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(missing + " is missing or not executable")
                .hasMessageContaining("awscli");
        assertThatThrownBy(() -> SystemPrograms.requireAt(notExecutable, "awscli", Map.of("CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(".ci/run must install Debian's awscli package");
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String path(Path... directories) {
        StringBuilder path = new StringBuilder();
        for (Path directory : directories) {
            if (!path.isEmpty()) {
                path.append(File.pathSeparator);
            }
            path.append(directory);
        }
        return path.toString();
    }
}
