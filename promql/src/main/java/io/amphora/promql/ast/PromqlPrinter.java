package io.amphora.promql.ast;

import io.amphora.model.Labels;
import io.amphora.model.MatchType;
import io.amphora.model.Matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders expressions as canonical PromQL, character for character what Prometheus's {@code String()} and
 * {@code Pretty()} produce (the latter is what {@code /api/v1/format_query} returns). Parsing the output gives the
 * same tree up to positions and matcher order (see {@link Nodes#canonical}).
 *
 * <p>Like Prometheus, the printer adds no parentheses: precedence is preserved by the {@link ParenExpr} nodes that
 * parsing keeps. A tree built by hand must carry its own {@code ParenExpr}s where precedence requires them.
 */
public final class PromqlPrinter {
    /** Prometheus's {@code maxCharactersPerLine}. */
    public static final int DEFAULT_LINE_WIDTH = 100;
    private static final String INDENT = "  ";

    private PromqlPrinter() {}

    /** One line, as Prometheus's {@code Expr.String()}. */
    public static String print(Expr expr) {
        StringBuilder sb = new StringBuilder();
        write(sb, expr);
        return sb.toString();
    }

    /**
     * Prometheus's {@code Prettify}: an expression whose one-line form is longer than 100 bytes is split over lines,
     * each level indented by two spaces.
     */
    public static String pretty(Expr expr) {
        return pretty(expr, DEFAULT_LINE_WIDTH);
    }

    /** {@link #pretty(Expr)} splitting expressions longer than {@code lineWidth} bytes instead of 100. */
    public static String pretty(Expr expr, int lineWidth) {
        if (lineWidth < 1) {
            throw new IllegalArgumentException("lineWidth must be positive: " + lineWidth);
        }
        return new Prettifier(lineWidth).pretty(expr, 0);
    }

    public static String print(DurationExpr expr) {
        StringBuilder sb = new StringBuilder();
        write(sb, expr);
        return sb.toString();
    }

    /** A range, step or offset: a literal in duration notation ({@code 1h30m}) or the duration expression. */
    public static String print(QueryDuration duration) {
        return switch (duration) {
            case QueryDuration.Fixed(long millis) -> GoFormat.formatDuration(millis);
            case QueryDuration.Computed(DurationExpr expr) -> print(expr);
        };
    }

    /** A matcher as Prometheus prints it: {@code job=~"api|web"}, {@code "service.name"="x"}. */
    public static String print(Matcher matcher) {
        String name = GoStrings.isLegacyLabelName(matcher.name()) ? matcher.name() : GoStrings.quote(matcher.name());
        return name + matcher.type().operator() + GoStrings.quote(matcher.value());
    }

    private static void write(StringBuilder sb, Expr expr) {
        switch (expr) {
            case AggregateExpr a -> {
                writeAggregationHead(sb, a);
                sb.append('(');
                if (a.param().isPresent()) {
                    write(sb, a.param().get());
                    sb.append(", ");
                }
                write(sb, a.expr());
                sb.append(')');
            }
            case BinaryExpr b -> {
                List<BinaryExpr> spine = b.leftSpine();
                write(sb, spine.getLast().lhs());
                for (BinaryExpr link : spine.reversed()) {
                    sb.append(' ');
                    writeOperator(sb, link);
                    sb.append(' ');
                    write(sb, link.rhs());
                }
            }
            case Call c -> {
                sb.append(c.function().name()).append('(');
                for (int i = 0; i < c.args().size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, c.args().get(i));
                }
                sb.append(')');
            }
            case MatrixSelector m -> {
                VectorSelector v = m.selector();
                writeSelectorBody(sb, v);
                sb.append('[').append(print(m.range())).append(']');
                writeExtendedRange(sb, v.extendedRange());
                writeAt(sb, v.at());
                writeOffset(sb, v.offset());
            }
            case SubqueryExpr s -> {
                write(sb, s.expr());
                writeSubquerySuffix(sb, s);
            }
            case NumberLiteral n -> sb.append(formatNumber(n.value(), n.durationUnit()));
            case ParenExpr p -> {
                sb.append('(');
                write(sb, p.expr());
                sb.append(')');
            }
            case StringLiteral s -> sb.append(GoStrings.quote(s.value()));
            case UnaryExpr u -> {
                sb.append(u.op().symbol());
                write(sb, u.expr());
            }
            case VectorSelector v -> {
                writeSelectorBody(sb, v);
                writeAt(sb, v.at());
                writeExtendedRange(sb, v.extendedRange());
                writeOffset(sb, v.offset());
            }
        }
    }

    private static void write(StringBuilder sb, DurationExpr expr) {
        switch (expr) {
            case DurationExpr.Literal l -> sb.append(formatNumber(l.seconds(), l.durationUnit()));
            case DurationExpr.Binary b -> {
                write(sb, b.lhs());
                sb.append(' ').append(b.op().symbol()).append(' ');
                write(sb, b.rhs());
            }
            case DurationExpr.Negate n -> {
                sb.append('-');
                write(sb, n.operand());
            }
            case DurationExpr.Paren p -> {
                sb.append('(');
                write(sb, p.inner());
                sb.append(')');
            }
            case DurationExpr.Step s -> sb.append("step()");
            case DurationExpr.Range r -> sb.append("range()");
            case DurationExpr.Extremum e -> {
                sb.append(e.functionName()).append('(');
                write(sb, e.lhs());
                sb.append(", ");
                write(sb, e.rhs());
                sb.append(')');
            }
        }
    }

    /** {@code sum by (job) } or {@code sum without () }: everything before the argument list. */
    private static void writeAggregationHead(StringBuilder sb, AggregateExpr a) {
        sb.append(a.op().keyword());
        if (a.without()) {
            sb.append(" without (");
            writeLabelList(sb, a.grouping());
            sb.append(") ");
        } else if (!a.grouping().isEmpty()) {
            sb.append(" by (");
            writeLabelList(sb, a.grouping());
            sb.append(") ");
        }
    }

    /** {@code + bool on (a) group_left (b) fill (0)}: the operator and its modifiers, without surrounding spaces. */
    private static void writeOperator(StringBuilder sb, BinaryExpr b) {
        sb.append(b.op().symbol());
        if (b.returnBool()) {
            sb.append(" bool");
        }
        if (b.matching().isEmpty()) {
            return;
        }
        VectorMatching m = b.matching().get();
        boolean grouped = m.cardinality() == MatchCardinality.MANY_TO_ONE
                || m.cardinality() == MatchCardinality.ONE_TO_MANY;
        if (!m.matchingLabels().isEmpty() || m.on() || grouped) {
            sb.append(m.on() ? " on (" : " ignoring (");
            writeLabelList(sb, m.matchingLabels());
            sb.append(')');
        }
        if (grouped) {
            sb.append(m.cardinality() == MatchCardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
            writeLabelList(sb, m.include());
            sb.append(')');
        }
        if (m.hasFill()) {
            if (m.fillLeft().isPresent() && m.fillRight().isPresent()
                    && m.fillLeft().getAsDouble() == m.fillRight().getAsDouble()) {
                sb.append(" fill (").append(GoFormat.formatGeneral(m.fillLeft().getAsDouble())).append(')');
            } else {
                if (m.fillLeft().isPresent()) {
                    sb.append(" fill_left (").append(GoFormat.formatGeneral(m.fillLeft().getAsDouble())).append(')');
                }
                if (m.fillRight().isPresent()) {
                    sb.append(" fill_right (").append(GoFormat.formatGeneral(m.fillRight().getAsDouble())).append(')');
                }
            }
        }
    }

    /** The metric name and the sorted matchers, leaving out the matcher that only restates the name. */
    private static void writeSelectorBody(StringBuilder sb, VectorSelector v) {
        List<String> matchers = new ArrayList<>(v.matchers().size());
        for (Matcher m : v.matchers()) {
            if (m.name().equals(Labels.METRIC_NAME) && m.type() == MatchType.EQUAL && m.value().equals(v.name())
                    && !m.value().isEmpty()) {
                continue;
            }
            matchers.add(print(m));
        }
        sb.append(v.name());
        if (!matchers.isEmpty()) {
            matchers.sort(Labels::compareStrings);
            sb.append('{').append(String.join(",", matchers)).append('}');
        }
    }

    private static void writeSubquerySuffix(StringBuilder sb, SubqueryExpr s) {
        sb.append('[').append(print(s.range())).append(':');
        if (!s.step().isZero()) {
            sb.append(print(s.step()));
        }
        sb.append(']');
        writeAt(sb, s.at());
        writeOffset(sb, s.offset());
    }

    private static void writeAt(StringBuilder sb, AtModifier at) {
        switch (at) {
            case AtModifier.None n -> {}
            case AtModifier.Timestamp(long millis) ->
                    sb.append(" @ ").append(GoFormat.formatFixed(millis / 1000.0, 3));
            case AtModifier.Start s -> sb.append(" @ start()");
            case AtModifier.End e -> sb.append(" @ end()");
        }
    }

    private static void writeExtendedRange(StringBuilder sb, ExtendedRange extendedRange) {
        if (extendedRange != ExtendedRange.NONE) {
            sb.append(' ').append(extendedRange.keyword());
        }
    }

    private static void writeOffset(StringBuilder sb, QueryDuration offset) {
        switch (offset) {
            case QueryDuration.Computed(DurationExpr expr) -> {
                sb.append(" offset ");
                write(sb, expr);
            }
            case QueryDuration.Fixed(long millis) -> {
                if (millis > 0) {
                    sb.append(" offset ").append(GoFormat.formatDuration(millis));
                } else if (millis < 0) {
                    sb.append(" offset -").append(GoFormat.formatDuration(-millis));
                }
            }
        }
    }

    private static void writeLabelList(StringBuilder sb, List<String> labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String label = labels.get(i);
            sb.append(GoStrings.isLegacyLabelName(label) ? label : GoStrings.quote(label));
        }
    }

    /**
     * A number literal: duration notation when written with a unit ({@code 1h30m}; truncated to milliseconds like
     * Prometheus), else the shortest plain decimal ({@code 0.5}, {@code 1e3} prints as {@code 1000}).
     */
    private static String formatNumber(double value, boolean durationUnit) {
        if (!durationUnit) {
            return GoFormat.formatShortest(value);
        }
        if (value < 0) {
            return "-" + GoFormat.formatDuration(nanosToMillis(-value * 1e9));
        }
        return GoFormat.formatDuration(nanosToMillis(value * 1e9));
    }

    /** Go's {@code time.Duration(f)} truncates the float to whole nanoseconds; the notation then drops sub-millis. */
    private static long nanosToMillis(double nanos) {
        return (long) nanos / 1_000_000;
    }

    /** Prometheus's {@code Pretty(level)}: each node decides whether its one-line form fits. */
    private record Prettifier(int lineWidth) {
        String pretty(Expr expr, int level) {
            String indent = INDENT.repeat(level);
            return switch (expr) {
                case AggregateExpr a -> {
                    if (!needsSplit(a)) {
                        yield indent + print(a);
                    }
                    StringBuilder sb = new StringBuilder(indent);
                    writeAggregationHead(sb, a);
                    sb.append("(\n");
                    if (a.param().isPresent()) {
                        sb.append(pretty(a.param().get(), level + 1)).append(",\n");
                    }
                    yield sb.append(pretty(a.expr(), level + 1)).append('\n').append(indent).append(')').toString();
                }
                case BinaryExpr b -> {
                    if (!needsSplit(b)) {
                        yield indent + print(b);
                    }
                    StringBuilder op = new StringBuilder();
                    writeOperator(op, b);
                    yield pretty(b.lhs(), level + 1) + "\n" + indent + op + "\n" + pretty(b.rhs(), level + 1);
                }
                case Call c -> {
                    if (!needsSplit(c)) {
                        yield indent + print(c);
                    }
                    List<String> args = c.args().stream().map(arg -> pretty(arg, level + 1)).toList();
                    yield indent + c.function().name() + "(\n" + String.join(",\n", args) + "\n" + indent + ")";
                }
                case ParenExpr p -> {
                    if (!needsSplit(p)) {
                        yield indent + print(p);
                    }
                    yield indent + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent + ")";
                }
                // Like Prometheus, an unsplit subquery is not indented.
                case SubqueryExpr s -> {
                    if (!needsSplit(s)) {
                        yield print(s);
                    }
                    StringBuilder suffix = new StringBuilder();
                    writeSubquerySuffix(suffix, s);
                    yield pretty(s.expr(), level) + suffix;
                }
                case UnaryExpr u -> indent + u.op().symbol() + pretty(u.expr(), level).strip();
                case MatrixSelector m -> indent + print(m);
                case NumberLiteral n -> indent + print(n);
                case StringLiteral s -> indent + print(s);
                case VectorSelector v -> indent + print(v);
            };
        }

        private boolean needsSplit(Expr expr) {
            return GoStrings.utf8Length(print(expr)) > lineWidth;
        }
    }
}
