package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.PrometheusDuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Splits a {@code .test} file into commands the way Prometheus's harness ({@code promqltest}) does: line by line,
 * whitespace-trimmed, a line starting with {@code #} counting as blank, each {@code load}/{@code eval} block running
 * to the next blank line (or ending at once after a bare scalar or an {@code expected_fail_*} line), the command
 * chosen by the case-insensitive first word.
 *
 * <p>Beyond upstream, it rejects a few combinations upstream accepts but can never pass (it names the line):
 * {@code expect ordered}, {@code expect range vector} or a bare scalar in a range eval; series lines together with
 * a scalar or an {@code expect string}; an expected series without values or listed twice; {@code msg:}/{@code regex:}
 * on {@code ordered}, {@code no_warn} or {@code no_info}.
 */
final class TestScriptParser {
    private static final String RANGE_VECTOR_PREFIX = "expect range vector";
    private static final String STRING_PREFIX = "expect string";

    private final String file;
    private final List<Line> lines;

    /** A line of the file: its text without surrounding whitespace, and where that text starts. */
    private record Line(int number, String text, int column) {
        boolean isBlank() {
            return text.isEmpty();
        }
    }

    private TestScriptParser(String file, String content) {
        this.file = requireNonNull(file, "file is null");
        List<Line> lines = new ArrayList<>();
        String[] raw = content.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            int column = GoSyntax.leadingSpace(raw[i]) + 1;
            String text = GoSyntax.trimSpace(raw[i]);
            if (text.startsWith("#")) {
                text = "";
            }
            lines.add(new Line(i + 1, text, column));
        }
        this.lines = lines;
    }

    static List<TestCommand> parse(String file, String content) {
        return new TestScriptParser(file, requireNonNull(content, "content is null")).commands();
    }

    private List<TestCommand> commands() {
        List<TestCommand> commands = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Line line = lines.get(i);
            if (line.isBlank()) {
                i++;
                continue;
            }
            String word = firstWord(line.text()).toLowerCase(Locale.ROOT);
            if (word.equals("clear")) {
                commands.add(new Clear(location(line)));
                i++;
            } else if (word.startsWith("load")) {
                i = load(i, commands);
            } else if (word.startsWith("eval")) {
                i = eval(i, commands);
            } else {
                throw error(line, "invalid command \"" + line.text() + "\"");
            }
        }
        return commands;
    }

    /** Reads the load block starting at line {@code i}; returns the index of the line after it. */
    private int load(int i, List<TestCommand> commands) {
        Line header = lines.get(i);
        List<String> words = words(header.text());
        boolean withNhcb = words.getFirst().equals("load_with_nhcb");
        if (!(withNhcb || words.getFirst().equals("load")) || words.size() < 2) {
            throw error(header, "invalid load command, expected load[_with_nhcb] <interval>");
        }
        Duration interval = duration(header, rest(header.text(), 1), "interval");
        Map<Labels, SeriesDescription> series = new LinkedHashMap<>();
        StartOffsets pendingOffsets = null;
        i++;
        for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
            Line line = lines.get(i);
            if (isStartTimestampLine(line.text())) {
                if (pendingOffsets != null) {
                    throw error(pendingOffsets.line(), "@st line has no following sample line");
                }
                pendingOffsets = startOffsets(line);
                continue;
            }
            SeriesDescription description = SeriesDescriptionParser.parse(line.text(), location(line), line.column());
            if (pendingOffsets != null) {
                if (!pendingOffsets.labels().equals(description.labels())) {
                    throw error(pendingOffsets.line(), "@st metric " + pendingOffsets.labels()
                            + " does not match the following sample line's metric " + description.labels());
                }
                if (pendingOffsets.offsets().size() != description.values().size()) {
                    throw error(pendingOffsets.line(), "@st line has " + pendingOffsets.offsets().size()
                            + " values but the sample line has " + description.values().size());
                }
                description = new SeriesDescription(description.location(), description.labels(),
                        description.values(), pendingOffsets.offsets());
                pendingOffsets = null;
            }
            // Upstream keys a block's series by label set: a repeated label set replaces the earlier line.
            series.remove(description.labels());
            series.put(description.labels(), description);
        }
        if (pendingOffsets != null) {
            throw error(pendingOffsets.line(), "@st line has no following sample line");
        }
        commands.add(new Load(location(header), interval, withNhcb, List.copyOf(series.values())));
        return i;
    }

    /** An {@code @st} line: its first word (the metric) ends in {@code @st}. */
    private static boolean isStartTimestampLine(String text) {
        int space = firstSpace(text);
        return space >= 0 && text.substring(0, space).endsWith("@st");
    }

    private record StartOffsets(Line line, Labels labels, List<OptionalLong> offsets) {}

    /**
     * {@code metric{labels}@st <offsets>}: the start timestamp of each sample of the next line, as a signed duration
     * offset from the sample's own timestamp. Items: {@code _} (none), {@code _xN} (N nones, N > 0), {@code d},
     * {@code dxN} (N+1 times d), {@code d+exN} / {@code d-exN} (N+1 offsets from d in steps of ±e). A duration here is
     * one number with one unit ({@code -1m}, {@code -59999ms}, {@code 0}).
     */
    private StartOffsets startOffsets(Line line) {
        String text = line.text();
        int space = firstSpace(text);
        String metric = text.substring(0, space - "@st".length());
        Labels labels = SeriesDescriptionParser.parseMetric(metric, location(line), line.column());
        List<OptionalLong> offsets = new ArrayList<>();
        for (String item : words(text.substring(space))) {
            try {
                startOffsetItem(item, offsets);
            } catch (IllegalArgumentException e) {
                throw error(line, "invalid @st sequence: invalid ST item \"" + item + "\": " + e.getMessage());
            }
        }
        return new StartOffsets(line, labels, offsets);
    }

    private static void startOffsetItem(String item, List<OptionalLong> offsets) {
        if (item.equals("_")) {
            offsets.add(OptionalLong.empty());
            return;
        }
        if (item.startsWith("_x")) {
            long times = repeatCount(item.substring(2));
            if (times == 0) {
                throw new IllegalArgumentException("invalid repeat count");
            }
            for (long k = 0; k < times; k++) {
                offsets.add(OptionalLong.empty());
            }
            return;
        }
        long[] base = durationPrefix(item);
        String rest = item.substring((int) base[1]);
        if (rest.isEmpty()) {
            offsets.add(OptionalLong.of(base[0]));
            return;
        }
        long delta = 0;
        if (rest.charAt(0) == '+' || rest.charAt(0) == '-') {
            long[] step = durationPrefix(rest.substring(1));
            delta = rest.charAt(0) == '-' ? -step[0] : step[0];
            rest = rest.substring(1 + (int) step[1]);
            if (rest.isEmpty() || rest.charAt(0) != 'x') {
                throw new IllegalArgumentException("expected 'x<count>' after step duration");
            }
        } else if (rest.charAt(0) != 'x') {
            throw new IllegalArgumentException("unexpected character '" + rest.charAt(0) + "' after duration");
        }
        long times = repeatCount(rest.substring(1));
        long offset = base[0];
        for (long k = 0; k <= times; k++) {
            offsets.add(OptionalLong.of(offset));
            offset += delta;
        }
    }

    /** A signed duration at the start of {@code s}: digits, then letters up to an {@code x}; {milliseconds, length}. */
    private static long[] durationPrefix(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i++;
        }
        int digits = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
        }
        if (i == digits) {
            throw new IllegalArgumentException("expected digits in duration \"" + s + "\"");
        }
        while (i < s.length() && s.charAt(i) != 'x'
                && ((s.charAt(i) >= 'a' && s.charAt(i) <= 'z') || (s.charAt(i) >= 'A' && s.charAt(i) <= 'Z'))) {
            i++;
        }
        long millis = PrometheusDuration.parse(s.substring(digits, i)).toMillis();
        return new long[] {negative ? -millis : millis, i};
    }

    private static long repeatCount(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid repeat count");
        }
        long times;
        try {
            times = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid repeat count");
        }
        if (times > SeriesDescriptionParser.MAX_REPEAT) {
            throw new IllegalArgumentException("repeat count larger than " + SeriesDescriptionParser.MAX_REPEAT);
        }
        return times;
    }

    /** Reads the eval block starting at line {@code i}; returns the index of the line after it. */
    private int eval(int i, List<TestCommand> commands) {
        Line header = lines.get(i);
        EvalBuilder eval = evalHeader(header);
        i++;
        while (i < lines.size() && !lines.get(i).isBlank()) {
            Line line = lines.get(i);
            String text = line.text();
            i++;
            if (eval.deprecatedFail && text.startsWith("expected_fail_message")) {
                String message = GoSyntax.trimSpace(text.substring("expected_fail_message".length()));
                if (!message.isEmpty()) {
                    eval.failureMessages.add(new TextMatch.Exact(message));
                }
                break;
            }
            if (eval.deprecatedFail && text.startsWith("expected_fail_regexp")) {
                eval.failureMessages.add(regex(line,
                        GoSyntax.trimSpace(text.substring("expected_fail_regexp".length()))));
                break;
            }
            if (text.startsWith(RANGE_VECTOR_PREFIX)) {
                eval.rangeVector(line, stepRange(line, text.substring(RANGE_VECTOR_PREFIX.length()),
                        RANGE_VECTOR_PREFIX + " from <start> to <end> step <step>"));
                continue;
            }
            if (text.startsWith(STRING_PREFIX)) {
                eval.string(line, expectedString(line));
                continue;
            }
            if (text.split(" ", -1)[0].equals("expect")) {
                expect(line, eval);
                continue;
            }
            try {
                eval.scalar(line, GoSyntax.parseNumber(text));
                break;
            } catch (GoSyntax.NumberFormatError notANumber) {
                eval.series(line, SeriesDescriptionParser.parse(text, location(line), line.column()));
            }
        }
        commands.add(eval.build());
        return i;
    }

    private EvalBuilder evalHeader(Line header) {
        List<String> words = words(header.text());
        String modifier = switch (words.getFirst()) {
            case "eval" -> "";
            case "eval_fail" -> "fail";
            case "eval_warn" -> "warn";
            case "eval_info" -> "info";
            case "eval_ordered" -> "ordered";
            default -> null;
        };
        String usage = "invalid evaluation command, expected 'eval[_fail|_warn|_info|_ordered] instant at <time> "
                + "<expr>' or 'eval[_fail|_warn|_info] range from <start> to <end> step <step> <expr>'";
        if (modifier == null || words.size() < 2) {
            throw error(header, usage);
        }
        EvalBuilder eval;
        switch (words.get(1)) {
            case "instant" -> {
                if (words.size() < 5 || !words.get(2).equals("at")) {
                    throw error(header, usage);
                }
                long time = duration(header, words.get(3), "timestamp").toMillis();
                eval = new EvalBuilder(location(header), Eval.Kind.INSTANT, rest(header.text(), 4), time, time,
                        Duration.ZERO);
            }
            case "range" -> {
                if (modifier.equals("ordered") || words.size() < 9 || !words.get(2).equals("from")
                        || !words.get(4).equals("to") || !words.get(6).equals("step")) {
                    throw error(header, usage);
                }
                Eval.StepRange range = stepRange(header, String.join(" ", words.subList(2, 8)), usage);
                eval = new EvalBuilder(location(header), Eval.Kind.RANGE, rest(header.text(), 8), range.start(),
                        range.end(), range.step());
            }
            default -> throw error(header, usage);
        }
        switch (modifier) {
            case "fail" -> eval.deprecatedFail = true;
            case "warn" -> eval.warningsRequired = true;
            case "info" -> eval.infosRequired = true;
            case "ordered" -> eval.ordered = true;
            default -> { }
        }
        return eval;
    }

    /** {@code from <start> to <end> step <step>}, the end not before the start. */
    private Eval.StepRange stepRange(Line line, String text, String usage) {
        List<String> words = words(text);
        if (words.size() != 6 || !words.get(0).equals("from") || !words.get(2).equals("to")
                || !words.get(4).equals("step")) {
            throw error(line, usage);
        }
        long start = duration(line, words.get(1), "start timestamp").toMillis();
        long end = duration(line, words.get(3), "end timestamp").toMillis();
        if (end < start) {
            throw error(line, "end timestamp (" + words.get(3) + ") is before start timestamp ("
                    + words.get(1) + ")");
        }
        Duration step = duration(line, words.get(5), "step");
        return new Eval.StepRange(start, end, step);
    }

    private String expectedString(Line line) {
        String text = line.text();
        if (text.equals(STRING_PREFIX) || !text.startsWith(STRING_PREFIX + " ")) {
            throw error(line, "expected string literal not valid - a quoted string literal is required");
        }
        try {
            return GoSyntax.unquoteGo(text.substring(STRING_PREFIX.length() + 1));
        } catch (IllegalArgumentException e) {
            throw error(line, "expected string literal not valid - check that the string is correctly quoted: "
                    + e.getMessage());
        }
    }

    /** {@code expect <kind> [msg: <text> | regex: <re>]}. */
    private void expect(Line line, EvalBuilder eval) {
        String text = line.text();
        List<String> words = words(text);
        String usage = "invalid expect statement, must match `expect <type> <match_type>: <string>` format";
        if (words.size() < 2) {
            throw error(line, usage);
        }
        String kind = words.get(1);
        Optional<TextMatch> match = Optional.empty();
        if (words.size() > 2) {
            String remainder = rest(text, 2);
            TextMatch parsed;
            if (remainder.startsWith("msg:") && remainder.length() > "msg:".length()) {
                parsed = new TextMatch.Exact(GoSyntax.trimSpace(remainder.substring("msg:".length())));
            } else if (remainder.startsWith("regex:") && remainder.length() > "regex:".length()) {
                parsed = regex(line, GoSyntax.trimSpace(remainder.substring("regex:".length())));
            } else {
                throw error(line, usage);
            }
            if (kind.equals("ordered") || kind.equals("no_warn") || kind.equals("no_info")) {
                throw error(line, "expect " + kind + " takes no msg: or regex:");
            }
            match = Optional.of(parsed);
        }
        switch (kind) {
            case "ordered" -> eval.ordered(line);
            case "fail" -> {
                if (eval.expectFailLines++ > 0) {
                    throw error(line, "invalid expect lines, multiple expect fail lines are not allowed");
                }
                eval.expectFail = true;
                match.ifPresent(eval.failureMessages::add);
            }
            case "warn" -> {
                eval.warnings.add(match.orElse(TextMatch.ANY));
                eval.checkAnnotationConflicts(line);
            }
            case "no_warn" -> {
                eval.noWarnings = true;
                eval.checkAnnotationConflicts(line);
            }
            case "info" -> {
                eval.infos.add(match.orElse(TextMatch.ANY));
                eval.checkAnnotationConflicts(line);
            }
            case "no_info" -> {
                eval.noInfos = true;
                eval.checkAnnotationConflicts(line);
            }
            default -> throw error(line, usage);
        }
    }

    private TextMatch regex(Line line, String pattern) {
        try {
            return new TextMatch.Regex(pattern);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage());
        }
    }

    private Duration duration(Line line, String text, String what) {
        try {
            return PrometheusDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(line, "invalid " + what + " definition \"" + text + "\": " + e.getMessage());
        }
    }

    /** Collects an eval block's lines and checks the combinations as they come. */
    private final class EvalBuilder {
        private final SourceLocation location;
        private final Eval.Kind kind;
        private final String expression;
        private final long start;
        private final long end;
        private final Duration step;
        private boolean deprecatedFail;
        private boolean expectFail;
        private int expectFailLines;
        private final List<TextMatch> failureMessages = new ArrayList<>();
        private boolean warningsRequired;
        private boolean infosRequired;
        private final List<TextMatch> warnings = new ArrayList<>();
        private final List<TextMatch> infos = new ArrayList<>();
        private boolean noWarnings;
        private boolean noInfos;
        private boolean ordered;
        private Eval.StepRange rangeVector;
        private String string;
        private Double scalar;
        private final Map<Labels, SeriesDescription> series = new LinkedHashMap<>();

        EvalBuilder(SourceLocation location, Eval.Kind kind, String expression, long start, long end, Duration step) {
            this.location = location;
            this.kind = kind;
            this.expression = expression;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        void ordered(Line line) {
            if (kind == Eval.Kind.RANGE) {
                throw error(line, "expect ordered is only valid for instant evals");
            }
            ordered = true;
        }

        void rangeVector(Line line, Eval.StepRange range) {
            if (kind == Eval.Kind.RANGE) {
                throw error(line, "expect range vector is only valid for instant evals");
            }
            rangeVector = range;
        }

        void string(Line line, String value) {
            if (kind == Eval.Kind.RANGE || !series.isEmpty()) {
                throw error(line, "expect string cannot be combined with a range eval or expected series");
            }
            string = value;
        }

        void scalar(Line line, double value) {
            if (kind == Eval.Kind.RANGE) {
                throw error(line, "a range eval returns a matrix; write a scalar result as {} v1 v2 ...");
            }
            if (!series.isEmpty() || string != null || rangeVector != null) {
                throw error(line, "a scalar expectation cannot be combined with series, a string or a range vector");
            }
            scalar = value;
        }

        void series(Line line, SeriesDescription description) {
            if (string != null) {
                throw error(line, "expected series cannot be combined with expect string");
            }
            int values = description.values().size();
            if (values == 0) {
                throw error(line, "expected series " + description.labels() + " has no values");
            }
            if (values > 1 && kind == Eval.Kind.INSTANT && rangeVector == null) {
                throw error(line, "expecting multiple values in instant evaluation not allowed. consider using "
                        + "'expect range vector' directive to enable a range vector result for an instant query");
            }
            if (series.put(description.labels(), description) != null) {
                throw error(line, "expected series " + description.labels() + " is listed twice");
            }
        }

        void checkAnnotationConflicts(Line line) {
            if (!infos.isEmpty() && noInfos) {
                throw error(line, "invalid expect lines, info and no_info cannot be used together");
            }
            if (!warnings.isEmpty() && noWarnings) {
                throw error(line, "invalid expect lines, warn and no_warn cannot be used together");
            }
        }

        Eval build() {
            ExpectedResult result;
            if (scalar != null) {
                result = new ExpectedResult.Scalar(scalar);
            } else if (string != null) {
                result = new ExpectedResult.StringValue(string);
            } else {
                result = new ExpectedResult.Series(List.copyOf(series.values()));
            }
            Optional<ExpectedFailure> failure = deprecatedFail || expectFail
                    ? Optional.of(new ExpectedFailure(failureMessages))
                    : Optional.empty();
            return new Eval(location, kind, expression, start, end, step, Optional.ofNullable(rangeVector), result,
                    failure, new AnnotationExpectation(warningsRequired, warnings, noWarnings),
                    new AnnotationExpectation(infosRequired, infos, noInfos), ordered);
        }
    }

    private SourceLocation location(Line line) {
        return new SourceLocation(file, line.number());
    }

    private TestScriptFormatException error(Line line, String message) {
        return new TestScriptFormatException(location(line), message);
    }

    /** The words of {@code text}, separated by runs of spaces and tabs. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && isSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !isSeparator(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words;
    }

    private static String firstWord(String text) {
        int space = firstSpace(text);
        return space < 0 ? text : text.substring(0, space);
    }

    /** The text after the first {@code count} words and the whitespace that follows them. */
    private static String rest(String text, int count) {
        int i = 0;
        for (int w = 0; w < count; w++) {
            while (i < text.length() && isSeparator(text.charAt(i))) {
                i++;
            }
            while (i < text.length() && !isSeparator(text.charAt(i))) {
                i++;
            }
        }
        while (i < text.length() && isSeparator(text.charAt(i))) {
            i++;
        }
        return text.substring(i);
    }

    private static int firstSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isSeparator(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\u000B';
    }
}
