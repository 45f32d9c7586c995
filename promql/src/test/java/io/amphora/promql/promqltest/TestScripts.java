package io.amphora.promql.promqltest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** All {@code *.test} files of one directory, read in place, in file-name order. */
public record TestScripts(Path directory, List<TestScript> scripts) {
    public TestScripts {
        requireNonNull(directory, "directory is null");
        scripts = List.copyOf(requireNonNull(scripts, "scripts is null"));
    }

    /**
     * Reads every regular file named {@code *.test} directly in {@code directory} (not in subdirectories).
     *
     * @throws TestScriptFormatException for the first malformed file, naming it and the line
     * @throws UncheckedIOException when the directory or a file cannot be read
     */
    public static TestScripts load(Path directory) {
        requireNonNull(directory, "directory is null");
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".test"))
                    .sorted(Comparator.comparing(file -> file.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        List<TestScript> scripts = new ArrayList<>(files.size());
        for (Path file : files) {
            scripts.add(TestScript.read(file));
        }
        return new TestScripts(directory, scripts);
    }

    public Statistics statistics() {
        return Statistics.of(scripts);
    }
}
