package io.amphora.prometheusapi.json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Consumer;

import io.amphora.model.Matcher;
import io.amphora.promql.ast.AggregateExpr;
import io.amphora.promql.ast.AtModifier;
import io.amphora.promql.ast.BinaryExpr;
import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.DurationExpr;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.ExtendedRange;
import io.amphora.promql.ast.GoFormat;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.QueryDuration;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.ValueType;
import io.amphora.promql.ast.VectorMatching;
import io.amphora.promql.ast.VectorSelector;

/**
 * The syntax tree of {@code /api/v1/parse_query}, in the shape Prometheus 3's {@code translateAST} gives it for its
 * web UI's tree view: one object per node with its keys in sorted order (Go sorts map keys), strings HTML-escaped.
 *
 * <p>Written with an explicit work stack rather than recursion, so that very long operator chains
 * ({@code a or b or c ...}, a tree as deep as the chain is long) cannot exhaust the Java stack.
 */
public final class AstJson {
    private AstJson() {}

    /**
     * Writes the tree of {@code expr}.
     *
     * @throws IllegalArgumentException when a {@code fill} value is NaN or infinite, which Prometheus cannot
     *     marshal either (its message: {@code unsupported value: NaN})
     */
    public static void write(JsonOutput out, Expr expr) {
        Deque<Object> work = new ArrayDeque<>();
        work.push(expr);
        while (!work.isEmpty()) {
            Object item = work.pop();
            if (item instanceof Expr e) {
                expand(e, work);
            } else if (item instanceof DurationItem d) {
                expandDuration(d.expr(), d.wrapped(), work);
            } else {
                @SuppressWarnings("unchecked")
                Consumer<JsonOutput> text = (Consumer<JsonOutput>) item;
                text.accept(out);
            }
        }
    }

    /** Checks in advance what {@link #write} would refuse, so that an error can be answered before any byte. */
    public static void checkWritable(Expr expr) {
        Deque<Expr> work = new ArrayDeque<>();
        work.push(expr);
        while (!work.isEmpty()) {
            Expr e = work.pop();
            switch (e) {
                case AggregateExpr a -> {
                    work.push(a.expr());
                    a.param().ifPresent(work::push);
                }
                case BinaryExpr b -> {
                    b.matching().ifPresent(m -> {
                        checkFill(m.fillLeft());
                        checkFill(m.fillRight());
                    });
                    work.push(b.lhs());
                    work.push(b.rhs());
                }
                case Call c -> c.args().forEach(work::push);
                case SubqueryExpr s -> work.push(s.expr());
                case ParenExpr p -> work.push(p.expr());
                case UnaryExpr u -> work.push(u.expr());
                case MatrixSelector _, VectorSelector _, NumberLiteral _, StringLiteral _ -> {
                }
            }
        }
    }

    private static void checkFill(OptionalDouble fill) {
        if (fill.isPresent() && (Double.isNaN(fill.getAsDouble()) || Double.isInfinite(fill.getAsDouble()))) {
            throw new IllegalArgumentException("unsupported value: " + GoFloatFormat.format(fill.getAsDouble(), 'f'));
        }
    }

    /** Pushes the pieces of one node, last piece first, so that they pop in writing order. */
    private static void expand(Expr expr, Deque<Object> work) {
        switch (expr) {
            case AggregateExpr a -> {
                work.push(text(out -> out.raw(",\"type\":\"aggregation\",\"without\":").bool(a.without()).raw('}')));
                if (a.param().isPresent()) {
                    work.push(a.param().get());
                } else {
                    work.push(text(JsonOutput::nullValue));
                }
                work.push(text(out -> {
                    out.raw(",\"grouping\":");
                    stringArray(out, a.grouping());
                    out.raw(",\"op\":").htmlString(a.op().keyword()).raw(",\"param\":");
                }));
                work.push(a.expr());
                work.push(text(out -> out.raw("{\"expr\":")));
            }
            case BinaryExpr b -> {
                work.push(text(out -> out.raw(",\"type\":\"binaryExpr\"}")));
                work.push(b.rhs());
                work.push(text(out -> {
                    out.raw(",\"matching\":");
                    if (b.matching().isPresent()) {
                        matching(out, b.matching().get());
                    } else {
                        out.nullValue();
                    }
                    out.raw(",\"op\":").htmlString(b.op().symbol()).raw(",\"rhs\":");
                }));
                work.push(b.lhs());
                work.push(text(out -> out.raw("{\"bool\":").bool(b.returnBool()).raw(",\"lhs\":")));
            }
            case Call c -> {
                work.push(text(out -> {
                    out.raw("],\"func\":{\"argTypes\":[");
                    List<ValueType> types = c.function().argTypes();
                    for (int i = 0; i < types.size(); i++) {
                        if (i > 0) {
                            out.raw(',');
                        }
                        out.htmlString(types.get(i).internalName());
                    }
                    out.raw("],\"name\":").htmlString(c.function().name())
                            .raw(",\"returnType\":").htmlString(c.function().returnType().internalName())
                            .raw(",\"variadic\":").longValue(c.function().variadic())
                            .raw("},\"type\":\"call\"}");
                }));
                List<Expr> args = c.args();
                for (int i = args.size() - 1; i >= 0; i--) {
                    work.push(args.get(i));
                    if (i > 0) {
                        work.push(text(out -> out.raw(',')));
                    }
                }
                work.push(text(out -> out.raw("{\"args\":[")));
            }
            case MatrixSelector m -> {
                VectorSelector v = m.selector();
                work.push(text(out -> {
                    out.raw(",\"smoothed\":").bool(v.extendedRange() == ExtendedRange.SMOOTHED);
                    startOrEndAndTimestamp(out, v.at());
                    out.raw(",\"type\":\"matrixSelector\"}");
                }));
                pushDurationPair(work, m.range(), "range");
                pushDurationPair(work, v.offset(), "offset");
                work.push(text(out -> {
                    out.raw("{\"anchored\":").bool(v.extendedRange() == ExtendedRange.ANCHORED)
                            .raw(",\"matchers\":");
                    matchers(out, v.matchers());
                    out.raw(",\"name\":").htmlString(v.name());
                }));
            }
            case SubqueryExpr s -> {
                work.push(text(out -> {
                    timestamp(out, s.at());
                    out.raw(",\"type\":\"subquery\"}");
                }));
                pushDurationPair(work, s.step(), "step");
                work.push(text(out -> {
                    out.raw(",\"startOrEnd\":");
                    startOrEnd(out, s.at());
                }));
                pushDurationPair(work, s.range(), "range");
                pushDurationPair(work, s.offset(), "offset");
                work.push(s.expr());
                work.push(text(out -> out.raw("{\"expr\":")));
            }
            case NumberLiteral n -> work.push(text(out ->
                    out.raw("{\"type\":\"numberLiteral\",\"val\":").plainFloatString(n.value()).raw('}')));
            case ParenExpr p -> {
                work.push(text(out -> out.raw(",\"type\":\"parenExpr\"}")));
                work.push(p.expr());
                work.push(text(out -> out.raw("{\"expr\":")));
            }
            case StringLiteral s -> work.push(text(out ->
                    out.raw("{\"type\":\"stringLiteral\",\"val\":").htmlString(s.value()).raw('}')));
            case UnaryExpr u -> {
                work.push(text(out -> out.raw(",\"op\":").htmlString(u.op().symbol())
                        .raw(",\"type\":\"unaryExpr\"}")));
                work.push(u.expr());
                work.push(text(out -> out.raw("{\"expr\":")));
            }
            case VectorSelector v -> {
                work.push(text(out -> {
                    out.raw(",\"smoothed\":").bool(v.extendedRange() == ExtendedRange.SMOOTHED);
                    startOrEndAndTimestamp(out, v.at());
                    out.raw(",\"type\":\"vectorSelector\"}");
                }));
                pushDurationPair(work, v.offset(), "offset");
                work.push(text(out -> {
                    out.raw("{\"anchored\":").bool(v.extendedRange() == ExtendedRange.ANCHORED)
                            .raw(",\"matchers\":");
                    matchers(out, v.matchers());
                    out.raw(",\"name\":").htmlString(v.name());
                }));
            }
        }
    }

    /**
     * {@code ,"<key>":<millis>,"<key>Expr":<expression or null>}. Prometheus keeps a literal (even one written in
     * parentheses or behind a minus sign) as milliseconds and only an expression as a tree, with the milliseconds
     * then 0.
     */
    private static void pushDurationPair(Deque<Object> work, QueryDuration duration, String key) {
        switch (duration) {
            case QueryDuration.Fixed(long millis) ->
                    work.push(text(out -> out.raw(",\"").raw(key).raw("\":").longValue(millis)
                            .raw(",\"").raw(key).raw("Expr\":null")));
            case QueryDuration.Computed(DurationExpr expr) -> {
                OptionalDouble literal = literalSeconds(expr);
                if (literal.isPresent()) {
                    long millis = GoFormat.secondsToMillis(literal.getAsDouble());
                    work.push(text(out -> out.raw(",\"").raw(key).raw("\":").longValue(millis)
                            .raw(",\"").raw(key).raw("Expr\":null")));
                } else {
                    work.push(new DurationItem(expr, false));
                    work.push(text(out -> out.raw(",\"").raw(key).raw("\":0,\"").raw(key).raw("Expr\":")));
                }
            }
        }
    }

    /** The value of a duration expression that is a literal under parentheses and minus signs (Prometheus folds it). */
    private static OptionalDouble literalSeconds(DurationExpr expr) {
        double sign = 1;
        DurationExpr node = expr;
        while (true) {
            switch (node) {
                case DurationExpr.Literal l -> {
                    return OptionalDouble.of(sign * l.seconds());
                }
                case DurationExpr.Paren p -> node = p.inner();
                case DurationExpr.Negate n -> {
                    sign = -sign;
                    node = n.operand();
                }
                default -> {
                    return OptionalDouble.empty();
                }
            }
        }
    }

    private static boolean literalDurationUnit(DurationExpr expr) {
        DurationExpr node = expr;
        while (true) {
            switch (node) {
                case DurationExpr.Literal l -> {
                    return l.durationUnit();
                }
                case DurationExpr.Paren p -> node = p.inner();
                case DurationExpr.Negate n -> node = n.operand();
                default -> {
                    return false;
                }
            }
        }
    }

    /** A Prometheus {@code DurationExpr} node, or a number literal with its {@code duration} flag. */
    private static void expandDuration(DurationExpr expr, boolean wrapped, Deque<Object> work) {
        OptionalDouble literal = literalSeconds(expr);
        if (literal.isPresent()) {
            boolean durationUnit = literalDurationUnit(expr);
            double seconds = literal.getAsDouble();
            work.push(text(out -> out.raw("{\"duration\":").bool(durationUnit)
                    .raw(",\"type\":\"numberLiteral\",\"val\":").plainFloatString(seconds).raw('}')));
            return;
        }
        switch (expr) {
            case DurationExpr.Paren p -> expandDuration(p.inner(), true, work);
            case DurationExpr.Negate n -> pushDurationNode(work, "-", null, n.operand(), wrapped);
            case DurationExpr.Binary b -> pushDurationNode(work, b.op().symbol(), b.lhs(), b.rhs(), wrapped);
            case DurationExpr.Step _ -> pushDurationNode(work, "step", null, null, wrapped);
            case DurationExpr.Range _ -> pushDurationNode(work, "range", null, null, wrapped);
            case DurationExpr.Extremum e -> pushDurationNode(work, e.functionName(), e.lhs(), e.rhs(), wrapped);
            case DurationExpr.Literal _ -> throw new AssertionError("literals are handled above");
        }
    }

    private static void pushDurationNode(
            Deque<Object> work, String op, DurationExpr lhs, DurationExpr rhs, boolean wrapped) {
        work.push(text(out -> out.raw(",\"type\":\"durationExpr\",\"wrapped\":").bool(wrapped).raw('}')));
        pushDurationOrNull(work, rhs);
        work.push(text(out -> out.raw(",\"op\":").htmlString(op).raw(",\"rhs\":")));
        pushDurationOrNull(work, lhs);
        work.push(text(out -> out.raw("{\"lhs\":")));
    }

    private static void pushDurationOrNull(Deque<Object> work, DurationExpr expr) {
        if (expr == null) {
            work.push(text(JsonOutput::nullValue));
        } else {
            work.push(new DurationItem(expr, false));
        }
    }

    private static void startOrEndAndTimestamp(JsonOutput out, AtModifier at) {
        out.raw(",\"startOrEnd\":");
        startOrEnd(out, at);
        timestamp(out, at);
    }

    private static void timestamp(JsonOutput out, AtModifier at) {
        out.raw(",\"timestamp\":");
        if (at instanceof AtModifier.Timestamp(long millis)) {
            out.longValue(millis);
        } else {
            out.nullValue();
        }
    }

    private static void startOrEnd(JsonOutput out, AtModifier at) {
        switch (at) {
            case AtModifier.Start _ -> out.raw("\"start\"");
            case AtModifier.End _ -> out.raw("\"end\"");
            case AtModifier.None _, AtModifier.Timestamp _ -> out.nullValue();
        }
    }

    private static void matchers(JsonOutput out, List<Matcher> matchers) {
        out.raw('[');
        for (int i = 0; i < matchers.size(); i++) {
            Matcher m = matchers.get(i);
            if (i > 0) {
                out.raw(',');
            }
            out.raw("{\"name\":").htmlString(m.name()).raw(",\"type\":").htmlString(m.type().operator())
                    .raw(",\"value\":").htmlString(m.value()).raw('}');
        }
        out.raw(']');
    }

    private static void matching(JsonOutput out, VectorMatching m) {
        out.raw("{\"card\":").htmlString(m.cardinality().description()).raw(",\"fillValues\":{\"lhs\":");
        fill(out, m.fillLeft());
        out.raw(",\"rhs\":");
        fill(out, m.fillRight());
        out.raw("},\"include\":");
        stringArray(out, m.include());
        out.raw(",\"labels\":");
        stringArray(out, m.matchingLabels());
        out.raw(",\"on\":").bool(m.on()).raw('}');
    }

    private static void fill(JsonOutput out, OptionalDouble value) {
        if (value.isPresent()) {
            out.jsoniterNumber(value.getAsDouble());
        } else {
            out.nullValue();
        }
    }

    private static void stringArray(JsonOutput out, List<String> strings) {
        out.raw('[');
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.htmlString(strings.get(i));
        }
        out.raw(']');
    }

    private static Consumer<JsonOutput> text(Consumer<JsonOutput> writer) {
        return writer;
    }

    private record DurationItem(DurationExpr expr, boolean wrapped) {}
}
