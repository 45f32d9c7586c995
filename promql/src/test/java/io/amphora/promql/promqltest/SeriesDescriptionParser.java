package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.promql.promqltest.HistogramDescription.CounterResetHint;
import io.amphora.promql.promqltest.SequenceValue.HistogramValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Reads a series line, {@code metric{labels} values}, the way Prometheus's series-description parser reads it.
 *
 * <p>The metric is an optional name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}, not one of the few PromQL keywords the grammar
 * refuses there) followed directly by an optional label set: {@code name="value"} pairs with any PromQL string
 * quoting, a quoted string alone for a UTF-8 metric name, and an optional trailing comma. Values follow, each
 * separated by whitespace:
 * <ul>
 * <li>{@code N}: a number without base prefix ({@code 1}, {@code -2.5}, {@code 1e3}, {@code Inf}, {@code NaN};
 *     a leading {@code 0} makes it octal, as in Go);
 * <li>{@code NxK}: N repeated K+1 times; {@code N+DxK} and {@code N-DxK}: K+1 values from N, each the previous one
 *     plus (or minus) D, computed by repeated addition;
 * <li>{@code _}: one omitted position; {@code _xK}: K omitted positions;
 * <li>{@code stale}: a staleness marker;
 * <li>{@code {{…}}}: a native histogram, repeated with {@code xK} and expanded with {@code {{a}}+{{b}}xK} or
 *     {@code {{a}}-{{b}}xK} (see {@link HistogramExpansion}).
 * </ul>
 *
 * <p>Deliberate differences from upstream, all on input upstream also cannot use meaningfully: {@code stale} cannot be
 * the start of a {@code +}/{@code -} expansion (upstream would continue with ordinary NaNs), a label name may not be
 * repeated, letters other than {@code Inf}/{@code NaN} inside a bucket list are an error (upstream's lexer skips
 * them silently), bucket lists also accept {@code -Inf} and {@code .5}, and a repetition count is limited to
 * {@value #MAX_REPEAT}.
 */
final class SeriesDescriptionParser {
    static final int MAX_REPEAT = 10_000_000;

    /** Keywords the grammar does not accept as a metric name (case-insensitive). */
    private static final Set<String> NOT_METRIC_NAMES =
            Set.of("atan2", "on", "ignoring", "group_left", "group_right", "bool", "inf", "nan");

    private static final Set<String> HISTOGRAM_KEYS = Set.of("schema", "sum", "count", "z_bucket", "z_bucket_w",
            "buckets", "offset", "n_buckets", "n_offset", "custom_values", "counter_reset_hint");

    private final String text;
    private final SourceLocation location;
    private final int columnBase;
    private int pos;

    private SeriesDescriptionParser(String text, SourceLocation location, int columnBase) {
        this.text = requireNonNull(text, "text is null");
        this.location = requireNonNull(location, "location is null");
        this.columnBase = columnBase;
    }

    /**
     * @param text the line without surrounding whitespace
     * @param column the 1-based column of {@code text}'s first character in the file's line
     * @throws TestScriptFormatException naming the file, line and column of the first error
     */
    static SeriesDescription parse(String text, SourceLocation location, int column) {
        SeriesDescriptionParser parser = new SeriesDescriptionParser(text, location, column);
        Labels labels = parser.metric();
        List<SequenceValue> values = parser.values();
        return new SeriesDescription(location, labels, values);
    }

    /** Just a metric, {@code name{labels}}, with nothing after it (the metric part of an {@code @st} line). */
    static Labels parseMetric(String text, SourceLocation location, int column) {
        SeriesDescriptionParser parser = new SeriesDescriptionParser(text, location, column);
        Labels labels = parser.metric();
        if (parser.pos < text.length()) {
            throw parser.error(parser.pos, "unexpected " + parser.describe(parser.pos) + " after the metric");
        }
        return labels;
    }

    private Labels metric() {
        String name = null;
        if (pos < text.length() && (isAlpha(text.charAt(pos)) || text.charAt(pos) == ':')) {
            int start = pos;
            while (pos < text.length() && (isAlphaNumeric(text.charAt(pos)) || text.charAt(pos) == ':')) {
                pos++;
            }
            name = text.substring(start, pos);
            if (NOT_METRIC_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                throw error(start, "unexpected \"" + name + "\", expected a metric name or \"{\"");
            }
        } else if (pos < text.length() && text.charAt(pos) != '{') {
            throw error(pos, "unexpected " + describe(pos) + ", expected a metric name or \"{\"");
        }
        Map<String, String> labels = new HashMap<>();
        if (pos < text.length() && text.charAt(pos) == '{') {
            labelSet(labels);
        }
        if (name != null) {
            labels.put(Labels.METRIC_NAME, name);
        }
        return Labels.fromMap(labels);
    }

    private void labelSet(Map<String, String> labels) {
        pos++;
        skipSpaces();
        if (peek() == '}') {
            pos++;
            return;
        }
        Set<String> names = new HashSet<>();
        while (true) {
            int itemStart = pos;
            String name;
            String value;
            if (pos < text.length() && isAlpha(text.charAt(pos))) {
                while (pos < text.length() && isAlphaNumeric(text.charAt(pos))) {
                    pos++;
                }
                name = text.substring(itemStart, pos);
                skipSpaces();
                expectEquals();
                skipSpaces();
                value = string("label value");
            } else if (pos < text.length() && isQuote(text.charAt(pos))) {
                String quoted = string("label name");
                skipSpaces();
                if (peek() == '=' && peek(1) != '~') {
                    name = quoted;
                    pos++;
                    skipSpaces();
                    value = string("label value");
                } else {
                    name = Labels.METRIC_NAME;
                    value = quoted;
                }
            } else {
                throw error(pos, "unexpected " + describe(pos) + " in label set, expected identifier or \"}\"");
            }
            if (!names.add(name)) {
                throw error(itemStart, "duplicate label name \"" + name + "\"");
            }
            labels.put(name, value);
            skipSpaces();
            if (peek() == ',') {
                pos++;
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return;
                }
            } else if (peek() == '}') {
                pos++;
                return;
            } else {
                throw error(pos, "unexpected " + describe(pos) + " in label set, expected \",\" or \"}\"");
            }
        }
    }

    private void expectEquals() {
        if (peek() != '=' || peek(1) == '~') {
            throw error(pos, "unexpected " + describe(pos) + " in label set, expected \"=\"");
        }
        pos++;
    }

    /** A quoted string at {@code pos}, unquoted. */
    private String string(String what) {
        int start = pos;
        char quote = peek();
        if (!isQuote(quote)) {
            throw error(pos, "unexpected " + describe(pos) + ", expected a quoted " + what);
        }
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw error(start, quote == '`' ? "unterminated raw string" : "unterminated quoted string");
            }
            char c = text.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
                continue;
            }
            pos++;
            if (c == quote) {
                break;
            }
        }
        try {
            return GoSyntax.unquote(text.substring(start, pos));
        } catch (IllegalArgumentException e) {
            throw error(start, "invalid " + what + ": " + e.getMessage());
        }
    }

    private List<SequenceValue> values() {
        List<SequenceValue> values = new ArrayList<>();
        while (pos < text.length()) {
            if (!GoSyntax.isSpace(text.charAt(pos))) {
                throw error(pos, "unexpected " + describe(pos) + " in series values, expected whitespace");
            }
            skipSpaces();
            if (pos < text.length()) {
                item(values);
            }
        }
        return values;
    }

    private void item(List<SequenceValue> values) {
        int start = pos;
        char c = text.charAt(pos);
        if (c == '_') {
            pos++;
            if (peek() == 'x') {
                pos++;
                int times = repetition();
                for (int i = 0; i < times; i++) {
                    values.add(SequenceValue.OMITTED);
                }
            } else {
                values.add(SequenceValue.OMITTED);
            }
            return;
        }
        if (text.startsWith("{{", pos)) {
            histogramItem(values);
            return;
        }
        SequenceValue.FloatValue first = seriesValue();
        char next = peek();
        if (next == 'x') {
            pos++;
            int times = repetition();
            for (int i = 0; i <= times; i++) {
                values.add(first);
            }
        } else if (next == '+' || next == '-') {
            if (first.isStaleMarker()) {
                throw error(start, "stale cannot start an expansion");
            }
            pos++;
            double increment = unsignedNumber();
            if (next == '-') {
                increment = -increment;
            }
            if (peek() != 'x') {
                throw error(pos, "unexpected " + describe(pos) + " in series values, expected \"x\"");
            }
            pos++;
            int times = repetition();
            double value = first.value();
            for (int i = 0; i <= times; i++) {
                values.add(SequenceValue.of(value));
                value += increment;
            }
        } else {
            values.add(first);
        }
    }

    private void histogramItem(List<SequenceValue> values) {
        int start = pos;
        HistogramValue base = histogram();
        char next = peek();
        if (next == 'x') {
            pos++;
            int times = repetition();
            for (int i = 0; i <= times; i++) {
                values.add(base);
            }
        } else if ((next == '+' || next == '-') && text.startsWith("{{", pos + 1)) {
            pos++;
            HistogramValue increment = histogram();
            if (peek() != 'x') {
                throw error(pos, "unexpected " + describe(pos) + " in series values, expected \"x\"");
            }
            pos++;
            int times = repetition();
            try {
                values.addAll(HistogramExpansion.expand(base.histogram(), increment.histogram(),
                        increment.counterResetHintGiven(), times, next == '-'));
            } catch (IllegalArgumentException e) {
                throw error(start, e.getMessage());
            }
        } else if (next == '+' || next == '-') {
            throw error(pos + 1, "unexpected " + describe(pos + 1) + " in series values, expected \"{{\"");
        } else {
            values.add(base);
        }
    }

    /** A float: a signed or unsigned number, or {@code stale}. */
    private SequenceValue.FloatValue seriesValue() {
        char c = peek();
        if (c == '+' || c == '-') {
            pos++;
            double value = unsignedNumber();
            return SequenceValue.of(c == '-' ? -value : value);
        }
        if (isAlpha(c)) {
            int start = pos;
            String word = word();
            if (word.equals("stale")) {
                return SequenceValue.staleMarker();
            }
            pos = start;
            if (!isSpecialNumber(word)) {
                throw error(start, "unexpected \"" + word + "\" in series values, expected number or \"stale\"");
            }
        }
        return SequenceValue.of(unsignedNumber());
    }

    /**
     * A number token as Prometheus's lexer scans it in series descriptions (decimal only, no sign; {@code Inf} and
     * {@code NaN} in any case), converted as Go does.
     */
    private double unsignedNumber() {
        int start = pos;
        char c = peek();
        String token;
        if (isAlpha(c)) {
            token = word();
            if (!isSpecialNumber(token)) {
                throw error(start, "unexpected \"" + token + "\", expected a number");
            }
        } else {
            token = numberToken();
        }
        try {
            return GoSyntax.parseNumber(token);
        } catch (GoSyntax.NumberFormatError e) {
            throw error(start, "error parsing number: " + e.getMessage());
        }
    }

    /** Scans digits, one dot, an exponent and underscores, with the lexer's rules on where they may appear. */
    private String numberToken() {
        int start = pos;
        accept(".");
        accept("0123456789");
        boolean dot = false;
        boolean exponent = false;
        while (pos < text.length() && "0123456789._eE".indexOf(text.charAt(pos)) >= 0) {
            char c = text.charAt(pos);
            if ((c == '.' && dot) || ((c == 'e' || c == 'E') && exponent)) {
                throw badNumber(start, pos + 1);
            }
            if (accept(".")) {
                dot = true;
                if (accept("_.")) {
                    throw badNumber(start, pos);
                }
            } else if (accept("eE")) {
                exponent = true;
                accept("+-");
                if (accept("._eE") || pos >= text.length()) {
                    throw badNumber(start, pos);
                }
            } else if (accept("_")) {
                if (accept("._eE") || pos >= text.length()) {
                    throw badNumber(start, pos);
                }
            } else {
                while (accept("0123456789")) {
                    // digits
                }
            }
        }
        if (pos == start) {
            throw error(start, "unexpected " + describe(start) + ", expected a number");
        }
        // Only the repetition sign may follow a number directly.
        if (pos < text.length() && text.charAt(pos) != 'x' && isAlphaNumeric(text.charAt(pos))) {
            throw badNumber(start, pos + 1);
        }
        return text.substring(start, pos);
    }

    private TestScriptFormatException badNumber(int start, int end) {
        return error(start, "bad number syntax: \"" + text.substring(start, Math.min(end, text.length())) + "\"");
    }

    /** The count after an {@code x}: an unsigned decimal integer. */
    private int repetition() {
        int start = pos;
        if (!isDigit(peek())) {
            throw error(pos, "unexpected " + describe(pos) + ", expected a repetition count after \"x\"");
        }
        String token = numberToken();
        for (int i = 0; i < token.length(); i++) {
            if (!isDigit(token.charAt(i))) {
                throw error(start, "invalid repetition in series values: \"" + token + "\"");
            }
        }
        long times;
        try {
            times = Long.parseLong(token);
        } catch (NumberFormatException e) {
            times = Long.MAX_VALUE;
        }
        if (times > MAX_REPEAT) {
            throw error(start, "repetition " + token + " is larger than " + MAX_REPEAT);
        }
        return (int) times;
    }

    /** {@code {{key:value …}}}, as the value of a sample; remembers whether it names a counter-reset hint. */
    private HistogramValue histogram() {
        int open = pos;
        pos += 2;
        Map<String, Object> fields = new HashMap<>();
        if (GoSyntax.isSpace(peek())) {
            skipSpaces();
            if (!text.startsWith("}}", pos)) {
                throw error(pos, "unexpected " + describe(pos) + " in histogram description, expected \"}}\"");
            }
        }
        while (!text.startsWith("}}", pos)) {
            if (pos >= text.length()) {
                throw error(open, "histogram description not closed with \"}}\"");
            }
            int keyStart = pos;
            if (!isAlpha(peek())) {
                throw error(pos, "unexpected " + describe(pos) + " in histogram description, expected a key such as"
                        + " buckets:[5 10 7]");
            }
            String word = histogramWord();
            String key = word.toLowerCase(Locale.ROOT);
            if (!HISTOGRAM_KEYS.contains(key)) {
                throw error(keyStart, "bad histogram descriptor found: \"" + word + "\"");
            }
            if (peek() != ':') {
                throw error(pos, "missing \":\" for histogram descriptor \"" + word + "\"");
            }
            pos++;
            Object value = switch (key) {
                case "schema", "offset", "n_offset" -> integer(key);
                case "z_bucket_w" -> unsignedNumber();
                case "buckets", "n_buckets", "custom_values" -> bucketList();
                case "counter_reset_hint" -> counterResetHint();
                default -> histogramNumber();
            };
            if (fields.put(key, value) != null) {
                throw error(keyStart, "duplicate key \"" + key + "\" in histogram");
            }
            if (GoSyntax.isSpace(peek())) {
                skipSpaces();
            } else if (pos < text.length() && !text.startsWith("}}", pos)) {
                throw error(pos, "unexpected " + describe(pos) + " in histogram description");
            }
        }
        pos += 2;
        HistogramDescription histogram = new HistogramDescription(
                (Integer) fields.getOrDefault("schema", 0),
                (Double) fields.getOrDefault("sum", 0.0),
                (Double) fields.getOrDefault("count", 0.0),
                (Double) fields.getOrDefault("z_bucket", 0.0),
                (Double) fields.getOrDefault("z_bucket_w", 0.0),
                bucketField(fields, "buckets"),
                (Integer) fields.getOrDefault("offset", 0),
                bucketField(fields, "n_buckets"),
                (Integer) fields.getOrDefault("n_offset", 0),
                (CounterResetHint) fields.getOrDefault("counter_reset_hint", CounterResetHint.UNKNOWN),
                bucketField(fields, "custom_values"));
        return new HistogramValue(histogram, fields.containsKey("counter_reset_hint"));
    }

    @SuppressWarnings("unchecked")
    private static List<Double> bucketField(Map<String, Object> fields, String key) {
        return (List<Double>) fields.getOrDefault(key, List.of());
    }

    /** A histogram number: optional {@code -} and an unsigned number. */
    private double histogramNumber() {
        if (peek() == '-') {
            pos++;
            return -unsignedNumber();
        }
        return unsignedNumber();
    }

    private int integer(String key) {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        if (!isDigit(peek())) {
            throw error(pos, "unexpected " + describe(pos) + ", expected an integer for " + key);
        }
        String token = numberToken();
        for (int i = 0; i < token.length(); i++) {
            if (!isDigit(token.charAt(i))) {
                throw error(digitsStart, "invalid integer for " + key + ": \"" + token + "\"");
            }
        }
        try {
            return Integer.parseInt((negative ? "-" : "") + token);
        } catch (NumberFormatException e) {
            throw error(start, key + " out of range: " + text.substring(start, pos));
        }
    }

    /** {@code [n n …]}: at least one number, separated by whitespace, optionally followed by whitespace. */
    private List<Double> bucketList() {
        if (peek() != '[') {
            throw error(pos, "unexpected " + describe(pos) + ", expected \"[\"");
        }
        pos++;
        List<Double> values = new ArrayList<>();
        while (true) {
            if (peek() == ']' && !values.isEmpty()) {
                pos++;
                return values;
            }
            if (peek() != '-' && !isDigit(peek()) && peek() != '.' && !isAlpha(peek())) {
                throw error(pos, "unexpected " + describe(pos) + " in bucket list, expected a number");
            }
            values.add(histogramNumber());
            if (GoSyntax.isSpace(peek())) {
                skipSpaces();
            } else if (peek() != ']') {
                throw error(pos, "unexpected " + describe(pos) + " in bucket list");
            }
        }
    }

    private CounterResetHint counterResetHint() {
        int start = pos;
        String word = histogramWord();
        for (CounterResetHint hint : CounterResetHint.values()) {
            if (hint.notation().equals(word.toLowerCase(Locale.ROOT))) {
                return hint;
            }
        }
        throw error(start, "unexpected \"" + word
                + "\" for counter_reset_hint, expected unknown, reset, not_reset or gauge");
    }

    /** Letters and underscores (how the lexer reads words inside a histogram). */
    private String histogramWord() {
        int start = pos;
        while (pos < text.length() && isAlpha(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Letters, digits, underscores and colons (how the lexer reads words among series values). */
    private String word() {
        int start = pos;
        while (pos < text.length() && (isAlphaNumeric(text.charAt(pos)) || text.charAt(pos) == ':')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private static boolean isSpecialNumber(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return lower.equals("inf") || lower.equals("nan");
    }

    private boolean accept(String valid) {
        if (pos < text.length() && valid.indexOf(text.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && GoSyntax.isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return peek(0);
    }

    private char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of line";
        }
        char c = text.charAt(at);
        return GoSyntax.isSpace(c) ? "whitespace" : "\"" + c + "\"";
    }

    private TestScriptFormatException error(int at, String message) {
        return new TestScriptFormatException(location, columnBase + at, message);
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlphaNumeric(char c) {
        return isAlpha(c) || isDigit(c);
    }
}
