package io.amphora.promql.ast;

import io.amphora.model.Matcher;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PromqlPrinterTest {
    private static final PromqlParser PARSER = new PromqlParser(ParserOptions.allFeatures());

    @ParameterizedTest(name = "{0}")
    @MethodSource("canonicalForms")
    void printsTheCanonicalFormPrometheusPrints(String query, String canonical) {
        Expr parsed = PARSER.parseExpr(query);
        assertThat(PromqlPrinter.print(parsed)).isEqualTo(canonical);
        assertThat(Nodes.canonical(PARSER.parseExpr(canonical))).isEqualTo(Nodes.canonical(parsed));
    }

    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                form("spacing and keyword case", "SUM  BY(job)(rate( x[5m] ))", "sum by (job) (rate(x[5m]))"),
                form("grouping after the arguments", "max(x) without(a,b,)", "max without (a, b) (x)"),
                form("an empty by", "avg by () (x)", "avg(x)"),
                form("an empty without", "avg without () (x)", "avg without () (x)"),
                form("a quoted grouping label", "sum by ('a.b', c) (x)", "sum by (\"a.b\", c) (x)"),
                form("a parameter", "quantile(0.9,x)", "quantile(0.9, x)"),
                form("sorted matchers without the name", "x{b='2',a=\"1\"}", "x{a=\"1\",b=\"2\"}"),
                form("a name among sorted matchers", "{b='2',__name__=\"x\"}", "{__name__=\"x\",b=\"2\"}"),
                form("a name only in braces", "{__name__=\"x\"}", "{__name__=\"x\"}"),
                form("UTF-8 names", "{\"my.metric\",\"k.v\"=~'a|b'}", "{\"k.v\"=~\"a|b\",__name__=\"my.metric\"}"),
                form("matcher value escapes", "x{a=\"\\t\\\"é\\x00\"}", "x{a=\"\\t\\\"é\\x00\"}"),
                form("an empty label name", "{``=\"a\"}", "{\"\"=\"a\"}"),
                form("on with group_left and no labels", "a+on(b)group_left c", "a + on (b) group_left () c"),
                form("ignoring with no labels", "a - ignoring() c", "a - c"),
                form("ignoring with grouping", "a - ignoring() group_right c", "a - ignoring () group_right () c"),
                form("bool", "a>bool on(x)b", "a > bool on (x) b"),
                form("set operator matching", "a and on() b", "a and on () b"),
                form("equal fills", "a + fill_right(1) fill_left(1) b", "a + fill (1) b"),
                form("different fills", "a + fill_right(1e6) fill_left(-0.5) b",
                        "a + fill_left (-0.5) fill_right (1e+06) b"),
                form("a negative offset", "x offset -90s", "x offset -1m30s"),
                form("an offset of zero", "x offset 0s", "x"),
                form("years and weeks only when exact", "x[365d] offset 91d", "x[1y] offset 13w"),
                form("days when weeks are not exact", "x[90d]", "x[90d]"),
                form("a range in seconds", "x[600]", "x[10m]"),
                form("@ with three decimals", "x @ 1.5", "x @ 1.500"),
                form("a negative @", "x[1m] @ -1", "x[1m] @ -1.000"),
                form("modifiers in canonical order", "x[5m] offset 1m anchored @ end()",
                        "x[5m] anchored @ end() offset 1m"),
                form("selector modifiers in canonical order", "x offset 1m smoothed @ start()",
                        "x @ start() smoothed offset 1m"),
                form("a subquery with default step", "rate(x[5m])[30m:]", "rate(x[5m])[30m:]"),
                form("a subquery with modifiers", "x[1h:1m] offset 5m @ 100", "x[1h:1m] @ 100.000 offset 5m"),
                form("duration arithmetic", "x[2*step()+1m:(5s)]", "x[2 * step() + 1m:(5s)]"),
                form("offset arithmetic", "x offset -(max_of(step(),1m)/2)", "x offset -(max_of(step(), 1m) / 2)"),
                form("a unary plus in a duration", "x offset +(5)", "x offset (5)"),
                form("nested duration parentheses collapse", "x[((5m))]", "x[(5m)]"),
                form("numbers", "0x10 + 1e3 - .5 * 1e-7", "16 + 1000 - 0.5 * 0.0000001"),
                form("special numbers", "-Inf + nan + +inf", "-Inf + NaN + +Inf"),
                form("a duration number", "time() - 1h30m", "time() - 1h30m"),
                form("a negative duration number", "-1d", "-1d"),
                form("strings in any quotes", "label_replace(x, 'dst', `$1`, \"src\", '(.*)')",
                        "label_replace(x, \"dst\", \"$1\", \"src\", \"(.*)\")"),
                form("a string with invalid UTF-8", "count_values(\"a\\xc5z\", x)", "count_values(\"a\\xc5z\", x)"),
                form("unary operators", "- (x) + -x", "-(x) + -x"),
                form("parentheses kept", "(a + b) * (c)", "(a + b) * (c)"),
                form("a comment", "x # trailing\n + y", "x + y"));
    }

    private static Arguments form(String description, String query, String canonical) {
        return Arguments.of(Named.of(description, query), canonical);
    }

    @Test
    void printsTreesBuiltByHand() {
        VectorSelector up = VectorSelector.of("up", List.of(Matcher.equal("job", "a b"), Matcher.equal("__name__", "up")))
                .withOffset(QueryDuration.ofMillis(-300_000))
                .withAt(AtModifier.timestamp(1_234));
        Expr expr = new AggregateExpr(AggregationOp.TOPK, Call.of(Functions.get("rate"),
                MatrixSelector.of(up, new QueryDuration.Computed(new DurationExpr.Step(PositionRange.NONE)))),
                Optional.of(NumberLiteral.of(3)), List.of("job"), false, PositionRange.NONE);
        assertThat(PromqlPrinter.print(expr))
                .isEqualTo("topk by (job) (3, rate(up{job=\"a b\"}[step()] @ 1.234 offset -5m))");
    }

    @Test
    void printsMatchersWithQuotedNamesWhenNeeded() {
        assertThat(PromqlPrinter.print(Matcher.notRegex("service.name", "a\"b"))).isEqualTo("\"service.name\"!~\"a\\\"b\"");
        assertThat(PromqlPrinter.print(Matcher.equal("_ok9", "v"))).isEqualTo("_ok9=\"v\"");
        assertThat(PromqlPrinter.print(Matcher.equal("9no", "v"))).isEqualTo("\"9no\"=\"v\"");
    }

    @Test
    void splitsLongExpressionsOverIndentedLines() {
        String query = "sum by (job) (rate(http_requests_total{job=\"api-server\",handler=\"/api/v1/query\"}[5m]))"
                + " / on (job) group_left () sum by (job) (rate(http_requests_total[5m]))";
        assertThat(PromqlPrinter.pretty(PARSER.parseExpr(query))).isEqualTo("""
                  sum by (job) (rate(http_requests_total{handler="/api/v1/query",job="api-server"}[5m]))
                / on (job) group_left ()
                  sum by (job) (rate(http_requests_total[5m]))""");
    }

    @Test
    void keepsShortExpressionsOnOneLineWhenPrettyPrinting() {
        Expr parsed = PARSER.parseExpr("sum(rate(x[5m])) by (job)");
        assertThat(PromqlPrinter.pretty(parsed)).isEqualTo("sum by (job) (rate(x[5m]))");
    }

    @Test
    void prettyPrintsToAChosenWidth() {
        Expr parsed = PARSER.parseExpr("topk(5, -foo_bar_baz) + abs(x_long_name)");
        assertThat(PromqlPrinter.pretty(parsed, 10)).isEqualTo("""
                  topk(
                    5,
                    -foo_bar_baz
                  )
                +
                  abs(
                    x_long_name
                  )""");
    }
}
