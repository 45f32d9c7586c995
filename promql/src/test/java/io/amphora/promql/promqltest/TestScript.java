package io.amphora.promql.promqltest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One {@code .test} file read as data: its commands in file order. The format is Prometheus's {@code promqltest}
 * format, described in {@code shared/conformance/promql/SOURCE.md}; expressions stay unparsed strings.
 *
 * @param name the file's name, used in every {@link SourceLocation}
 */
public record TestScript(String name, List<TestCommand> commands) {
    public TestScript {
        requireNonNull(name, "name is null");
        commands = List.copyOf(requireNonNull(commands, "commands is null"));
    }

    /** @throws TestScriptFormatException for malformed content, naming {@code name} and the line */
    public static TestScript parse(String name, String content) {
        return new TestScript(name, TestScriptParser.parse(name, content));
    }

    /**
     * Reads a file in place (UTF-8), named by its file name.
     *
     * @throws TestScriptFormatException for malformed content
     * @throws UncheckedIOException when the file cannot be read
     */
    public static TestScript read(Path file) {
        requireNonNull(file, "file is null");
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(file.getFileName().toString(), content);
    }

    public List<Eval> evals() {
        return commands.stream().filter(Eval.class::isInstance).map(Eval.class::cast).toList();
    }

    public Statistics statistics() {
        return Statistics.of(List.of(this));
    }
}
