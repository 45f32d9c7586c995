package io.amphora.promql.parser;

import io.amphora.model.Matcher;
import io.amphora.promql.ast.AggregateExpr;
import io.amphora.promql.ast.AggregationOp;
import io.amphora.promql.ast.AtModifier;
import io.amphora.promql.ast.BinaryExpr;
import io.amphora.promql.ast.BinaryOp;
import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.DurationExpr;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.ExtendedRange;
import io.amphora.promql.ast.Functions;
import io.amphora.promql.ast.MatchCardinality;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.Nodes;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.ast.PromqlPrinter;
import io.amphora.promql.ast.QueryDuration;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.UnaryOp;
import io.amphora.promql.ast.ValueType;
import io.amphora.promql.ast.VectorMatching;
import io.amphora.promql.ast.VectorSelector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class PromqlParserTest {
    private final PromqlParser parser = new PromqlParser(ParserOptions.allFeatures());

    private Expr parse(String query) {
        return Nodes.canonical(parser.parseExpr(query));
    }

    private static VectorSelector selector(String name, Matcher... matchers) {
        List<Matcher> all = new ArrayList<>(List.of(matchers));
        if (!name.isEmpty()) {
            all.add(Matcher.equal("__name__", name));
        }
        return VectorSelector.of(name, all);
    }

    private static NumberLiteral number(double value) {
        return NumberLiteral.of(value);
    }

    private static BinaryExpr binary(BinaryOp op, Expr lhs, Expr rhs) {
        VectorMatching matching = op.isSetOperator()
                ? VectorMatching.DEFAULT.withCardinality(MatchCardinality.MANY_TO_MANY)
                : VectorMatching.DEFAULT;
        boolean vectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
        return new BinaryExpr(op, lhs, rhs, vectors ? Optional.of(matching) : Optional.empty(), false);
    }

    private static DurationExpr.Literal seconds(double seconds, boolean unit) {
        return new DurationExpr.Literal(seconds, unit, PositionRange.NONE);
    }

    @Test
    void parsesNumbersInEverySpelling() {
        assertThat(parse("42")).isEqualTo(number(42));
        assertThat(parse("0x1f")).isEqualTo(number(31));
        assertThat(parse("0X_FF")).isEqualTo(number(255));
        assertThat(parse("0644")).isEqualTo(number(420));
        assertThat(parse("09")).isEqualTo(number(9));
        assertThat(parse("1_000_000")).isEqualTo(number(1_000_000));
        assertThat(parse(".25")).isEqualTo(number(0.25));
        assertThat(parse("7.")).isEqualTo(number(7));
        assertThat(parse("2.5e-3")).isEqualTo(number(0.0025));
        assertThat(parse("1E3")).isEqualTo(number(1000));
        assertThat(parse("Inf")).isEqualTo(number(Double.POSITIVE_INFINITY));
        assertThat(parse("-inf")).isEqualTo(number(Double.NEGATIVE_INFINITY));
        assertThat(((NumberLiteral) parse("nAn")).value()).isNaN();
    }

    @Test
    void foldsASignIntoTheNumberItPrecedesButNotIntoOtherExpressions() {
        assertThat(parser.parseExpr("-5")).isEqualTo(new NumberLiteral(-5, false, PositionRange.of(0, 2)));
        assertThat(parser.parseExpr(" + 5")).isEqualTo(new NumberLiteral(5, false, PositionRange.of(1, 4)));
        assertThat(parse("--5")).isEqualTo(number(5));
        assertThat(parse("-(5)")).isEqualTo(UnaryExpr.of(UnaryOp.MINUS, ParenExpr.of(number(5))));
        assertThat(parse("-foo")).isEqualTo(UnaryExpr.of(UnaryOp.MINUS, selector("foo")));
        assertThat(parse("+foo")).isEqualTo(UnaryExpr.of(UnaryOp.PLUS, selector("foo")));
    }

    @Test
    void readsADurationAsANumberOfSecondsThatPrintsAsADuration() {
        assertThat(parse("1h30m")).isEqualTo(new NumberLiteral(5400, true, PositionRange.NONE));
        assertThat(parse("time() - 2d")).isEqualTo(binary(BinaryOp.SUB, Call.of(Functions.get("time")),
                new NumberLiteral(172800, true, PositionRange.NONE)));
        assertThat(parse("1s500ms")).isEqualTo(new NumberLiteral(1.5, true, PositionRange.NONE));
    }

    @Test
    void unquotesStringsOfEveryQuoteKind() {
        assertThat(parse("\"a\\tb\\\"c\\u00e9\\x41\\101\"")).isEqualTo(StringLiteral.of("a\tb\"céAA"));
        assertThat(parse("'say \"hi\" \\''")).isEqualTo(StringLiteral.of("say \"hi\" '"));
        assertThat(parse("`raw \\n stays`")).isEqualTo(StringLiteral.of("raw \\n stays"));
        assertThat(parse("`multi\nline`")).isEqualTo(StringLiteral.of("multi\nline"));
    }

    @Test
    void keepsBytesThatAreNotUtf8AsEscapedSurrogates() {
        StringLiteral literal = (StringLiteral) parse("\"a\\xc5z\"");
        assertThat(literal.value()).isEqualTo("a\uDCC5z");
    }

    @Test
    void parsesSelectorsWithEveryMatcherKind() {
        assertThat(parse("up")).isEqualTo(selector("up"));
        assertThat(parse("job:requests:rate5m{job=\"a\", path!=\"/\", code=~\"5..\", method!~\"GET|HEAD\",}"))
                .isEqualTo(selector("job:requests:rate5m", Matcher.regex("code", "5.."), Matcher.equal("job", "a"),
                        Matcher.notRegex("method", "GET|HEAD"), Matcher.notEqual("path", "/")));
        assertThat(parse("{__name__=~\"up|down\"}")).isEqualTo(selector("", Matcher.regex("__name__", "up|down")));
    }

    @Test
    void acceptsQuotedUtf8MetricAndLabelNames() {
        assertThat(parse("{\"my.metric\", \"service.name\"=\"api\"}")).isEqualTo(
                selector("", Matcher.equal("service.name", "api"), Matcher.equal("__name__", "my.metric")));
        assertThat(parse("{'ünïcode'}")).isEqualTo(selector("", Matcher.equal("__name__", "ünïcode")));
        assertThat(parse("sum by (\"k8s.pod\", job) (x)")).isEqualTo(new AggregateExpr(AggregationOp.SUM,
                selector("x"), Optional.empty(), List.of("k8s.pod", "job"), false, PositionRange.NONE));
    }

    @Test
    void treatsKeywordsAsMetricNamesWhereAnOperandIsExpected() {
        assertThat(parse("sum")).isEqualTo(selector("sum"));
        assertThat(parse("sum(sum)")).isEqualTo(new AggregateExpr(AggregationOp.SUM, selector("sum"),
                Optional.empty(), List.of(), false, PositionRange.NONE));
        assertThat(parse("offset offset 5m")).isEqualTo(selector("offset").withOffset(QueryDuration.ofMillis(300_000)));
        assertThat(parse("by + without")).isEqualTo(binary(BinaryOp.ADD, selector("by"), selector("without")));
        assertThat(parse("fill + fill_left")).isEqualTo(binary(BinaryOp.ADD, selector("fill"), selector("fill_left")));
        assertThat(parse("step{range=\"1\"}")).isEqualTo(selector("step", Matcher.equal("range", "1")));
        assertThat(parse("rate(and[5m])")).isEqualTo(Call.of(Functions.get("rate"),
                MatrixSelector.of(selector("and"), QueryDuration.ofMillis(300_000))));
    }

    @Test
    void parsesRangeSelectorsAndSubqueries() {
        assertThat(parse("x[5m]")).isEqualTo(MatrixSelector.of(selector("x"), QueryDuration.ofMillis(300_000)));
        assertThat(parse("x[1h30m]")).isEqualTo(MatrixSelector.of(selector("x"), QueryDuration.ofMillis(5_400_000)));
        assertThat(parse("x[90]")).isEqualTo(MatrixSelector.of(selector("x"), QueryDuration.ofMillis(90_000)));
        assertThat(parse("x[1.5]")).isEqualTo(MatrixSelector.of(selector("x"), QueryDuration.ofMillis(1500)));
        assertThat(parse("rate(x[5m])[1h:1m]")).isEqualTo(SubqueryExpr.of(
                Call.of(Functions.get("rate"), MatrixSelector.of(selector("x"), QueryDuration.ofMillis(300_000))),
                QueryDuration.ofMillis(3_600_000), QueryDuration.ofMillis(60_000)));
        assertThat(parse("x[1h:]")).isEqualTo(
                SubqueryExpr.of(selector("x"), QueryDuration.ofMillis(3_600_000), QueryDuration.ZERO));
        assertThat(parse("x[ 10m : 30s ]")).isEqualTo(
                SubqueryExpr.of(selector("x"), QueryDuration.ofMillis(600_000), QueryDuration.ofMillis(30_000)));
    }

    @Test
    void attachesOffsetAndAtToTheSelectorEvenWhenWrittenAfterTheRange() {
        VectorSelector inner = selector("x").withOffset(QueryDuration.ofMillis(-60_000)).withAt(AtModifier.timestamp(1_500));
        assertThat(parse("x[5m] offset -1m @ 1.5")).isEqualTo(MatrixSelector.of(inner, QueryDuration.ofMillis(300_000)));
        assertThat(parse("x[5m] @ 1.5 offset -1m")).isEqualTo(MatrixSelector.of(inner, QueryDuration.ofMillis(300_000)));
        assertThat(parse("x @ start()")).isEqualTo(selector("x").withAt(AtModifier.START));
        assertThat(parse("x @ end() offset 1w")).isEqualTo(
                selector("x").withAt(AtModifier.END).withOffset(QueryDuration.ofMillis(7 * 86_400_000L)));
        assertThat(parse("x @ -1h")).isEqualTo(selector("x").withAt(AtModifier.timestamp(-3_600_000)));
        assertThat(parse("x[1h:5m] @ 100 offset 10m")).isEqualTo(SubqueryExpr.of(selector("x"),
                QueryDuration.ofMillis(3_600_000), QueryDuration.ofMillis(300_000))
                .withAt(AtModifier.timestamp(100_000)).withOffset(QueryDuration.ofMillis(600_000)));
    }

    @Test
    void roundsAtTimestampsToMillisecondsHalfAwayFromZero() {
        assertThat(parse("x @ 1.0005")).isEqualTo(selector("x").withAt(AtModifier.timestamp(1001)));
        assertThat(parse("x @ -0.0005")).isEqualTo(selector("x").withAt(AtModifier.timestamp(-1)));
    }

    @Test
    void keepsDurationArithmeticForTheEngineToEvaluate() {
        Expr parsed = parse("x[2 * step() + 1m]");
        DurationExpr range = new DurationExpr.Binary(BinaryOp.ADD,
                new DurationExpr.Binary(BinaryOp.MUL, seconds(2, false), new DurationExpr.Step(PositionRange.NONE)),
                seconds(60, true));
        assertThat(parsed).isEqualTo(MatrixSelector.of(selector("x"), new QueryDuration.Computed(range)));

        assertThat(parse("x offset -(1h / 2)")).isEqualTo(selector("x").withOffset(new QueryDuration.Computed(
                new DurationExpr.Negate(new DurationExpr.Paren(new DurationExpr.Binary(BinaryOp.DIV,
                        seconds(3600, true), seconds(2, false)), PositionRange.NONE), PositionRange.NONE))));
        assertThat(parse("x[max_of(range(), 5m):min_of(step(), 1m)]")).isEqualTo(SubqueryExpr.of(selector("x"),
                new QueryDuration.Computed(new DurationExpr.Extremum(true, new DurationExpr.Range(PositionRange.NONE),
                        seconds(300, true))),
                new QueryDuration.Computed(new DurationExpr.Extremum(false, new DurationExpr.Step(PositionRange.NONE),
                        seconds(60, true)))));
    }

    @Test
    void givesDurationOperatorsTheUsualPrecedence() {
        DurationExpr.Binary range = (DurationExpr.Binary) ((QueryDuration.Computed) ((MatrixSelector) parse(
                "x[1m + 2 * 3 ^ 2 ^ 1]")).range()).expr();
        assertThat(range.op()).isEqualTo(BinaryOp.ADD);
        DurationExpr.Binary product = (DurationExpr.Binary) range.rhs();
        assertThat(product.op()).isEqualTo(BinaryOp.MUL);
        DurationExpr.Binary power = (DurationExpr.Binary) product.rhs();
        assertThat(power.op()).isEqualTo(BinaryOp.POW);
        assertThat(power.rhs()).isInstanceOf(DurationExpr.Binary.class);

        assertThat(((QueryDuration.Computed) ((MatrixSelector) parse("x[-2^2]")).range()).expr())
                .isEqualTo(new DurationExpr.Negate(new DurationExpr.Binary(BinaryOp.POW, seconds(2, false),
                        seconds(2, false)), PositionRange.NONE));
        assertThat(((QueryDuration.Computed) ((MatrixSelector) parse("x[-10s+15s]")).range()).expr())
                .isEqualTo(new DurationExpr.Binary(BinaryOp.ADD, seconds(-10, true), seconds(15, true)));
    }

    @Test
    void endsAnOffsetAfterASimpleDurationSoThatArithmeticAppliesToTheSelector() {
        assertThat(parse("x offset 5s - 8")).isEqualTo(binary(BinaryOp.SUB,
                selector("x").withOffset(QueryDuration.ofMillis(5000)), number(8)));
        assertThat(parse("x offset -1 ^ 2")).isEqualTo(binary(BinaryOp.POW,
                selector("x").withOffset(QueryDuration.ofMillis(-1000)), number(2)));
        assertThat(parse("x offset step() * 2")).isEqualTo(binary(BinaryOp.MUL,
                selector("x").withOffset(new QueryDuration.Computed(new DurationExpr.Step(PositionRange.NONE))),
                number(2)));
        assertThat(parse("x offset (5m) + 1m")).isEqualTo(selector("x").withOffset(new QueryDuration.Computed(
                new DurationExpr.Binary(BinaryOp.ADD, new DurationExpr.Paren(seconds(300, true), PositionRange.NONE),
                        seconds(60, true)))));
        assertThat(parse("x offset (5s) * 2")).isEqualTo(selector("x").withOffset(new QueryDuration.Computed(
                new DurationExpr.Binary(BinaryOp.MUL, new DurationExpr.Paren(seconds(5, true), PositionRange.NONE),
                        seconds(2, false)))));
    }

    @Test
    void appliesOperatorPrecedenceAndAssociativity() {
        Expr a = selector("a");
        Expr b = selector("b");
        Expr c = selector("c");
        assertThat(parse("a + b * c")).isEqualTo(binary(BinaryOp.ADD, a, binary(BinaryOp.MUL, b, c)));
        assertThat(parse("a - b - c")).isEqualTo(binary(BinaryOp.SUB, binary(BinaryOp.SUB, a, b), c));
        assertThat(parse("a ^ b ^ c")).isEqualTo(binary(BinaryOp.POW, a, binary(BinaryOp.POW, b, c)));
        assertThat(parse("a or b and c")).isEqualTo(binary(BinaryOp.OR, a, binary(BinaryOp.AND, b, c)));
        assertThat(parse("a unless b > bool c")).isEqualTo(binary(BinaryOp.UNLESS, a,
                new BinaryExpr(BinaryOp.GTR, b, c, Optional.of(VectorMatching.DEFAULT), true)));
        assertThat(parse("a atan2 b + c")).isEqualTo(binary(BinaryOp.ADD, binary(BinaryOp.ATAN2, a, b), c));
        assertThat(parse("a % b / c")).isEqualTo(binary(BinaryOp.DIV, binary(BinaryOp.MOD, a, b), c));
        assertThat(parse("a </ b >/ c")).isEqualTo(binary(BinaryOp.TRIM_LOWER, binary(BinaryOp.TRIM_UPPER, a, b), c));
        assertThat(parse("(a + b) * c")).isEqualTo(binary(BinaryOp.MUL, ParenExpr.of(binary(BinaryOp.ADD, a, b)), c));
    }

    @Test
    void bindsUnaryMinusLikeMultiplication() {
        Expr a = selector("a");
        Expr b = selector("b");
        assertThat(parse("-a ^ b")).isEqualTo(UnaryExpr.of(UnaryOp.MINUS, binary(BinaryOp.POW, a, b)));
        assertThat(parse("-a * b")).isEqualTo(binary(BinaryOp.MUL, UnaryExpr.of(UnaryOp.MINUS, a), b));
        assertThat(parse("-1 ^ 2")).isEqualTo(UnaryExpr.of(UnaryOp.MINUS, binary(BinaryOp.POW, number(1), number(2))));
        assertThat(parse("2 ^ -1")).isEqualTo(binary(BinaryOp.POW, number(2), number(-1)));
        assertThat(parse("a - -b")).isEqualTo(binary(BinaryOp.SUB, a, UnaryExpr.of(UnaryOp.MINUS, b)));
        assertThat(parse("-a offset 1m")).isEqualTo(
                UnaryExpr.of(UnaryOp.MINUS, selector("a").withOffset(QueryDuration.ofMillis(60_000))));
    }

    @Test
    void parsesVectorMatchingModifiers() {
        Expr a = selector("a");
        Expr b = selector("b");
        assertThat(parse("a * on (x, y) group_left (z) b")).isEqualTo(new BinaryExpr(BinaryOp.MUL, a, b,
                Optional.of(new VectorMatching(MatchCardinality.MANY_TO_ONE, List.of("x", "y"), true, List.of("z"),
                        OptionalDouble.empty(), OptionalDouble.empty())), false));
        assertThat(parse("a / ignoring (x) group_right b")).isEqualTo(new BinaryExpr(BinaryOp.DIV, a, b,
                Optional.of(new VectorMatching(MatchCardinality.ONE_TO_MANY, List.of("x"), false, List.of(),
                        OptionalDouble.empty(), OptionalDouble.empty())), false));
        assertThat(parse("a == bool on () b")).isEqualTo(new BinaryExpr(BinaryOp.EQL, a, b,
                Optional.of(new VectorMatching(MatchCardinality.ONE_TO_ONE, List.of(), true, List.of(),
                        OptionalDouble.empty(), OptionalDouble.empty())), true));
        assertThat(parse("a and on (x) b")).isEqualTo(new BinaryExpr(BinaryOp.AND, a, b,
                Optional.of(new VectorMatching(MatchCardinality.MANY_TO_MANY, List.of("x"), true, List.of(),
                        OptionalDouble.empty(), OptionalDouble.empty())), false));
        assertThat(parse("a + on (by, bool, sum) b")).isInstanceOf(BinaryExpr.class);
    }

    @Test
    void takesWhatFollowsABareGroupLeftAsTheOtherOperand() {
        Expr a = selector("a");
        assertThat(parse("a * on (x) group_left -b")).isEqualTo(new BinaryExpr(BinaryOp.MUL, a,
                UnaryExpr.of(UnaryOp.MINUS, selector("b")), Optional.of(new VectorMatching(MatchCardinality.MANY_TO_ONE,
                        List.of("x"), true, List.of(), OptionalDouble.empty(), OptionalDouble.empty())), false));
        assertThat(((BinaryExpr) parse("a * on (x) group_left (y) (b)")).rhs()).isEqualTo(ParenExpr.of(selector("b")));
    }

    @Test
    void parsesFillModifiers() {
        Expr a = selector("a");
        Expr b = selector("b");
        assertThat(parse("a + fill (0) b")).isEqualTo(new BinaryExpr(BinaryOp.ADD, a, b,
                Optional.of(new VectorMatching(MatchCardinality.ONE_TO_ONE, List.of(), false, List.of(),
                        OptionalDouble.of(0), OptionalDouble.of(0))), false));
        assertThat(parse("a - on (x) fill_right(-1.5) fill_left(1m) b")).isEqualTo(new BinaryExpr(BinaryOp.SUB, a, b,
                Optional.of(new VectorMatching(MatchCardinality.ONE_TO_ONE, List.of("x"), true, List.of(),
                        OptionalDouble.of(60), OptionalDouble.of(-1.5))), false));
    }

    @Test
    void dropsVectorMatchingWhenASideIsAScalar() {
        BinaryExpr parsed = (BinaryExpr) parse("a + ignoring () group_left 1");
        assertThat(parsed.matching()).isEmpty();
        assertThat(parsed.type()).isEqualTo(ValueType.VECTOR);
        assertThat(parse("1 + 2").type()).isEqualTo(ValueType.SCALAR);
        assertThat(parse("1 < bool 2").type()).isEqualTo(ValueType.SCALAR);
    }

    @Test
    void acceptsGroupingBeforeOrAfterTheAggregationArguments() {
        AggregateExpr expected = new AggregateExpr(AggregationOp.TOPK, selector("x"), Optional.of(number(5)),
                List.of("job"), true, PositionRange.NONE);
        assertThat(parse("topk without (job) (5, x)")).isEqualTo(expected);
        assertThat(parse("topk(5, x) without (job)")).isEqualTo(expected);
        assertThat(parse("TOPK(5, x) WITHOUT (job,)")).isEqualTo(expected);
        assertThat(parse("sum by () (x)")).isEqualTo(parse("sum(x)"));
    }

    @Test
    void parsesEveryAggregationOperator() {
        for (AggregationOp op : AggregationOp.values()) {
            String query = op.takesParameter()
                    ? op.keyword() + "(" + (op == AggregationOp.COUNT_VALUES ? "\"v\"" : "0.5") + ", x)"
                    : op.keyword() + " by (a) (x)";
            AggregateExpr parsed = (AggregateExpr) parse(query);
            assertThat(parsed.op()).as(query).isEqualTo(op);
            assertThat(parsed.param().isPresent()).as(query).isEqualTo(op.takesParameter());
        }
    }

    @Test
    void parsesFunctionCallsWithTheirSignature() {
        Call call = (Call) parse("label_join(up, \"dst\", \",\", \"a\", \"b\", \"c\")");
        assertThat(call.function().name()).isEqualTo("label_join");
        assertThat(call.args()).hasSize(6);
        assertThat(call.type()).isEqualTo(ValueType.VECTOR);
        assertThat(parse("scalar(up)").type()).isEqualTo(ValueType.SCALAR);
        assertThat(parse("round(up)")).isInstanceOf(Call.class);
        assertThat(parse("round(up, 0.1)")).isInstanceOf(Call.class);
        assertThat(parse("histogram_quantiles(h, \"q\", 0.1, 0.5, 0.9)")).isInstanceOf(Call.class);
        assertThat(parse("step()")).isEqualTo(Call.of(Functions.get("step")));
        assertThat(parse("max_of(1, 2)")).isEqualTo(Call.of(Functions.get("max_of"), number(1), number(2)));
    }

    @Test
    void parsesEveryFunctionOfTheTable() {
        for (var function : Functions.all().values()) {
            StringBuilder query = new StringBuilder(function.name()).append('(');
            for (int i = 0; i < function.minArgs(); i++) {
                query.append(i > 0 ? ", " : "").append(switch (function.argType(i)) {
                    case VECTOR -> "up";
                    case MATRIX -> "up[5m]";
                    case SCALAR -> "1";
                    case STRING -> "\"s\"";
                    case NONE -> throw new AssertionError();
                });
            }
            if (function.name().equals("info")) {
                query.setLength(0);
                query.append("info(up");
            }
            Call call = (Call) parse(query.append(')').toString());
            assertThat(call.function()).as(query.toString()).isEqualTo(function);
        }
    }

    @Test
    void ignoresCommentsAndWhitespace() {
        assertThat(parse("sum( # total\n  rate(x[5m])\t# per second\r\n)")).isEqualTo(parse("sum(rate(x[5m]))"));
    }

    @Test
    void parsesExtendedRangeModifiers() {
        assertThat(parse("x[5m] anchored")).isEqualTo(MatrixSelector.of(
                selector("x").withExtendedRange(ExtendedRange.ANCHORED), QueryDuration.ofMillis(300_000)));
        assertThat(parse("x smoothed")).isEqualTo(selector("x").withExtendedRange(ExtendedRange.SMOOTHED));
    }

    @Test
    void recordsPositionsAsUtf8ByteOffsets() {
        Expr parsed = parser.parseExpr("{\"ä\"=\"x\"} + rate(y[5m])");
        BinaryExpr binary = (BinaryExpr) parsed;
        assertThat(binary.lhs().positionRange()).isEqualTo(PositionRange.of(0, 10));
        assertThat(binary.rhs().positionRange()).isEqualTo(PositionRange.of(13, 24));
        Call rate = (Call) binary.rhs();
        assertThat(rate.args().getFirst().positionRange()).isEqualTo(PositionRange.of(18, 23));
        assertThat(binary.positionRange()).isEqualTo(PositionRange.of(0, 24));
    }

    @Test
    void extendsASelectorsPositionOverItsModifiers() {
        assertThat(parser.parseExpr("foo offset 5m").positionRange()).isEqualTo(PositionRange.of(0, 13));
        assertThat(parser.parseExpr("foo[5m] @ 10").positionRange()).isEqualTo(PositionRange.of(0, 12));
        assertThat(parser.parseExpr("foo[5m:] offset (1m)").positionRange()).isEqualTo(PositionRange.of(0, 20));
        assertThat(parser.parseExpr("sum(x) by (a) ").positionRange()).isEqualTo(PositionRange.of(0, 13));
        assertThat(parser.parseExpr("(sum(x))").positionRange()).isEqualTo(PositionRange.of(0, 8));
        assertThat(((ParenExpr) parser.parseExpr("(sum(x))")).expr().positionRange()).isEqualTo(PositionRange.of(1, 7));
    }

    @Test
    void parsesAMetricSelectorOnItsOwn() {
        assertThat(parser.parseMetricSelector("up{job=\"api\"}"))
                .containsExactly(Matcher.equal("job", "api"), Matcher.equal("__name__", "up"));
        assertThat(parser.parseMetricSelector("{\"a.b\"=~\"x\"}")).containsExactly(Matcher.regex("a.b", "x"));
        assertThat(parser.parseMetricSelector("{}")).isEmpty();
    }

    @Test
    void handlesChainsOfTwentyThousandOperandsWithoutRunningOutOfStack() {
        StringBuilder query = new StringBuilder("up{i=\"0\"}");
        for (int i = 1; i < 20_000; i++) {
            query.append(" or up{i=\"").append(i).append("\"}");
        }
        Expr parsed = parser.parseExpr(query.toString());
        assertThat(parsed.type()).isEqualTo(ValueType.VECTOR);
        assertThat(Nodes.selectors(parsed)).hasSize(20_000);
        assertThat(PromqlPrinter.print(parsed)).isEqualTo(query.toString());
    }
}
