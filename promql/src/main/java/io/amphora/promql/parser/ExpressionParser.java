package io.amphora.promql.parser;

import io.amphora.model.Labels;
import io.amphora.model.MatchType;
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
import io.amphora.promql.ast.Function;
import io.amphora.promql.ast.Functions;
import io.amphora.promql.ast.GoFormat;
import io.amphora.promql.ast.GoStrings;
import io.amphora.promql.ast.MatchCardinality;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.ast.QueryDuration;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.UnaryOp;
import io.amphora.promql.ast.VectorMatching;
import io.amphora.promql.ast.VectorSelector;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Recursive-descent parser for one query, with precedence climbing for binary operators. It reproduces the
 * observable behaviour of Prometheus's yacc grammar: what parses, the shape of the tree, and which error is reported
 * first, with its wording and position.
 *
 * <p>How errors are reported follows the grammar's error rules. A syntax error names the unexpected token and the
 * innermost construct that has an error rule in Prometheus's grammar: {@code aggregation} (anywhere inside an
 * aggregation's modifiers and arguments), {@code grouping opts}, {@code label matching}, {@code offset}, {@code @},
 * and the three bracket contexts; elsewhere the message has no context. Semantic errors found while parsing (such
 * as an offset on a number) are collected and parsing goes on; the first syntax error, or a lexer error, stops it.
 * The type checker runs only when no error was found. Not thread-safe; one instance per query.
 */
final class ExpressionParser {
    private static final Set<TokenType> METRIC_IDENTIFIERS = EnumSet.of(
            TokenType.IDENTIFIER, TokenType.METRIC_IDENTIFIER,
            TokenType.AVG, TokenType.BOTTOMK, TokenType.COUNT, TokenType.COUNT_VALUES, TokenType.GROUP, TokenType.MAX,
            TokenType.MIN, TokenType.QUANTILE, TokenType.STDDEV, TokenType.STDVAR, TokenType.SUM, TokenType.TOPK,
            TokenType.LIMITK, TokenType.LIMIT_RATIO,
            TokenType.BY, TokenType.WITHOUT, TokenType.OFFSET, TokenType.FILL, TokenType.FILL_LEFT,
            TokenType.FILL_RIGHT, TokenType.LAND, TokenType.LOR, TokenType.LUNLESS, TokenType.ANCHORED,
            TokenType.SMOOTHED,
            TokenType.START, TokenType.END, TokenType.STEP, TokenType.RANGE, TokenType.MAX_OF, TokenType.MIN_OF);

    /** Tokens that may name a label in {@code by (...)}, {@code on (...)}: keywords are label names there. */
    private static final Set<TokenType> GROUPING_LABELS = EnumSet.of(
            TokenType.IDENTIFIER, TokenType.METRIC_IDENTIFIER,
            TokenType.AVG, TokenType.BOTTOMK, TokenType.COUNT, TokenType.COUNT_VALUES, TokenType.GROUP, TokenType.MAX,
            TokenType.MIN, TokenType.QUANTILE, TokenType.STDDEV, TokenType.STDVAR, TokenType.SUM, TokenType.TOPK,
            TokenType.LIMITK, TokenType.LIMIT_RATIO,
            TokenType.BOOL, TokenType.BY, TokenType.GROUP_LEFT, TokenType.GROUP_RIGHT, TokenType.FILL,
            TokenType.FILL_LEFT, TokenType.FILL_RIGHT, TokenType.IGNORING, TokenType.LAND, TokenType.LOR,
            TokenType.LUNLESS, TokenType.OFFSET, TokenType.ON, TokenType.ATAN2, TokenType.ANCHORED, TokenType.SMOOTHED,
            TokenType.START, TokenType.END, TokenType.STEP, TokenType.RANGE, TokenType.MAX_OF, TokenType.MIN_OF);

    private static final Context RANGE_START =
            new Context("subquery or range selector", "number, duration, step(), or range()");
    private static final Context RANGE_END = new Context("subquery or range", "\":\" or \"]\"");
    private static final Context STEP_START =
            new Context("subquery selector", "number, duration, step(), range(), or \"]\"");
    private static final Context STEP_END = new Context("subquery selector", "\"]\"");
    private static final Context OFFSET = new Context("offset", "number, duration, step(), or range()");
    private static final Context AT = new Context("@", "timestamp");
    private static final Context GROUPING_START = new Context("grouping opts", "\"(\"");
    private static final Context GROUPING_LABEL = new Context("grouping opts", "label");
    private static final Context GROUPING_NEXT = new Context("grouping opts", "\",\" or \")\"");
    private static final Context MATCHER_START = new Context("label matching", "identifier or \"}\"");
    private static final Context MATCHER_OPERATOR = new Context("label matching", "label matching operator");
    private static final Context MATCHER_VALUE = new Context("label matching", "string");
    private static final Context MATCHER_NEXT = new Context("label matching", "\",\" or \"}\"");
    private static final Context AGGREGATION = new Context("aggregation", "");
    private static final Context NONE = new Context("", "");

    /** Largest duration literal in seconds: Go's {@code time.Duration} counts nanoseconds in an int64. */
    private static final double MAX_DURATION_SECONDS = 9.223372036854775808E9;

    private record Context(String name, String expected) {}

    /** Ends parsing after a syntax or lexer error has been recorded. */
    private static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    private final String query;
    private final int queryBytes;
    private final ParserOptions options;
    private final Lexer lexer;
    private final List<Token> lookahead = new ArrayList<>(2);
    private final List<ParseError> errors = new ArrayList<>();
    private int lastClosing;
    private int aggregationDepth;

    private ExpressionParser(String query, ParserOptions options) {
        this.query = query;
        this.queryBytes = GoStrings.utf8Length(query);
        this.options = options;
        this.lexer = new Lexer(query);
    }

    static Expr parseExpression(String query, ParserOptions options) {
        ExpressionParser parser = new ExpressionParser(query, options);
        Expr result = null;
        try {
            if (parser.peek(0).type() == TokenType.EOF) {
                parser.error(PositionRange.of(0, 0), "no expression found in input");
                throw new Abort();
            }
            Expr expr = parser.parseExpr(0);
            if (parser.peek(0).type() != TokenType.EOF) {
                parser.unexpected(NONE);
            }
            if (parser.errors.isEmpty()) {
                result = new TypeChecker(query, parser.errors).check(expr);
            }
        } catch (Abort e) {
            // The error is recorded.
        }
        if (!parser.errors.isEmpty()) {
            throw new ParseException(parser.errors);
        }
        return result;
    }

    /** A lone selector such as {@code up{job="api"}}, as accepted by the {@code match[]} API parameters. */
    static VectorSelector parseVectorSelector(String query, ParserOptions options) {
        ExpressionParser parser = new ExpressionParser(query, options);
        VectorSelector result = null;
        try {
            Token first = parser.peek(0);
            if (METRIC_IDENTIFIERS.contains(first.type())) {
                result = parser.vectorSelector(parser.consume());
            } else if (first.type() == TokenType.LEFT_BRACE) {
                result = parser.vectorSelector(null);
            } else {
                parser.unexpected(NONE);
            }
            if (parser.peek(0).type() != TokenType.EOF) {
                parser.unexpected(NONE);
            }
        } catch (Abort e) {
            // The error is recorded.
        }
        if (!parser.errors.isEmpty()) {
            throw new ParseException(parser.errors);
        }
        return result;
    }

    // ---- expressions -------------------------------------------------------------------------------------------

    private Expr parseExpr(int minPrecedence) {
        Expr lhs = parseUnary();
        while (true) {
            Token opToken = peek(0);
            BinaryOp op = binaryOp(opToken.type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            consume();
            BinaryModifiers modifiers = parseBinaryModifiers();
            Expr rhs = parseExpr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
            BinaryExpr binary = new BinaryExpr(op, lhs, rhs, Optional.of(modifiers.matching()), modifiers.returnBool());
            if (!options.binopFillModifiers() && modifiers.matching().hasFill()) {
                error(binary.positionRange(), "binop fill modifiers are experimental and not enabled");
            }
            lhs = binary;
        }
    }

    /** A signed operand: the sign binds like {@code *}, so it takes in {@code ^} and nothing weaker. */
    private Expr parseUnary() {
        Token sign = peek(0);
        if (sign.type() != TokenType.ADD && sign.type() != TokenType.SUB) {
            return parsePostfix(parsePrimary());
        }
        consume();
        Expr operand = parseExpr(BinaryOp.MULTIPLICATIVE_PRECEDENCE + 1);
        boolean minus = sign.type() == TokenType.SUB;
        if (operand instanceof NumberLiteral n) {
            return new NumberLiteral(minus ? -n.value() : n.value(), n.durationUnit(),
                    PositionRange.of(sign.pos(), n.positionRange().end()));
        }
        return new UnaryExpr(minus ? UnaryOp.MINUS : UnaryOp.PLUS, operand,
                PositionRange.of(sign.pos(), operand.positionRange().end()));
    }

    /**
     * An operand. As in Prometheus's grammar, most keywords are metric names where an operand is expected ({@code sum},
     * {@code offset}, {@code by}, {@code and} select series of that name): an aggregator only starts an aggregation
     * when {@code (}, {@code by} or {@code without} follows, and an identifier only starts a call when {@code (} does.
     */
    private Expr parsePrimary() {
        Token t = peek(0);
        TokenType type = t.type();
        switch (type) {
            case NUMBER, DURATION -> {
                consume();
                return new NumberLiteral(literalSeconds(t), type == TokenType.DURATION, t.range());
            }
            case STRING -> {
                consume();
                return new StringLiteral(unquote(t), t.range());
            }
            case LEFT_PAREN -> {
                consume();
                Expr inner = parseExpr(0);
                Token close = expect(TokenType.RIGHT_PAREN, ambient());
                return new ParenExpr(inner, PositionRange.of(t.pos(), close.end()));
            }
            case LEFT_BRACE -> {
                return vectorSelector(null);
            }
            case IDENTIFIER, START, END, STEP, RANGE, MAX_OF, MIN_OF -> {
                if (peek(1).type() == TokenType.LEFT_PAREN) {
                    return parseCall();
                }
                return vectorSelector(consume());
            }
            default -> {
                if (type.isAggregator()) {
                    TokenType next = peek(1).type();
                    if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
                        return parseAggregation();
                    }
                    return vectorSelector(consume());
                }
                if (METRIC_IDENTIFIERS.contains(type)) {
                    return vectorSelector(consume());
                }
                throw unexpected(ambient());
            }
        }
    }

    /** Range brackets, subqueries, {@code offset}, {@code @}, {@code anchored} and {@code smoothed}, left to right. */
    private Expr parsePostfix(Expr expr) {
        Expr e = expr;
        while (true) {
            switch (peek(0).type()) {
                case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
                case OFFSET -> {
                    consume();
                    e = parseOffset(e);
                }
                case AT -> {
                    consume();
                    e = parseAt(e);
                }
                case ANCHORED -> {
                    consume();
                    e = setExtendedRange(e, ExtendedRange.ANCHORED);
                }
                case SMOOTHED -> {
                    consume();
                    e = setExtendedRange(e, ExtendedRange.SMOOTHED);
                }
                default -> {
                    return e;
                }
            }
        }
    }

    private Expr parseCall() {
        Token name = consume();
        List<Expr> args = parseArguments();
        PositionRange range = PositionRange.of(name.pos(), lastClosing);
        Optional<Function> function = Functions.lookup(name.text());
        if (function.isEmpty()) {
            error(name.range(), "unknown function with name " + GoStrings.quote(name.text()));
            return new NumberLiteral(0, false, range);
        }
        if (function.get().experimental() && !options.experimentalFunctions()) {
            error(name.range(), "function " + GoStrings.quote(name.text()) + " is not enabled");
        }
        return new Call(function.get(), args, range);
    }

    /** {@code ( args )}, after which the closing parenthesis is the last closing token. */
    private List<Expr> parseArguments() {
        consume();
        List<Expr> args = new ArrayList<>();
        if (peek(0).type() == TokenType.RIGHT_PAREN) {
            consume();
            return args;
        }
        args.add(parseExpr(0));
        while (true) {
            Token t = peek(0);
            if (t.type() == TokenType.RIGHT_PAREN) {
                consume();
                return args;
            }
            if (t.type() != TokenType.COMMA) {
                throw unexpected(ambient());
            }
            consume();
            if (!startsExpression(peek(0).type())) {
                error(t.range(), "trailing commas not allowed in function call args");
                continue;
            }
            args.add(parseExpr(0));
        }
    }

    private Expr parseAggregation() {
        Token opToken = consume();
        AggregationOp op = aggregationOp(opToken.type());
        aggregationDepth++;
        List<String> grouping = List.of();
        boolean without = false;
        Token modifier = peek(0);
        boolean modifierFirst = modifier.type() == TokenType.BY || modifier.type() == TokenType.WITHOUT;
        if (modifierFirst) {
            consume();
            without = modifier.type() == TokenType.WITHOUT;
            grouping = parseGroupingLabels();
            if (peek(0).type() != TokenType.LEFT_PAREN) {
                throw unexpected(AGGREGATION);
            }
        }
        List<Expr> args = parseArguments();
        if (!modifierFirst) {
            modifier = peek(0);
            if (modifier.type() == TokenType.BY || modifier.type() == TokenType.WITHOUT) {
                consume();
                without = modifier.type() == TokenType.WITHOUT;
                grouping = parseGroupingLabels();
            }
        }
        aggregationDepth--;
        PositionRange range = PositionRange.of(opToken.pos(), lastClosing);
        NumberLiteral placeholder = new NumberLiteral(0, false, range);
        if (args.isEmpty()) {
            error(range, "no arguments for aggregate expression provided");
            return placeholder;
        }
        int expectedArgs = 1;
        if (op.takesParameter()) {
            if (op.experimental() && !options.experimentalFunctions()) {
                error(range, op.keyword()
                        + "() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
                return placeholder;
            }
            expectedArgs = 2;
        }
        if (args.size() != expectedArgs) {
            error(range, "wrong number of arguments for aggregate expression provided, expected " + expectedArgs
                    + ", got " + args.size());
            return placeholder;
        }
        Optional<Expr> param = op.takesParameter() ? Optional.of(args.getFirst()) : Optional.empty();
        return new AggregateExpr(op, args.getLast(), param, grouping, without, range);
    }

    /** {@code (a, "b.c", ...)} after {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_x}. */
    private List<String> parseGroupingLabels() {
        if (peek(0).type() != TokenType.LEFT_PAREN) {
            throw unexpected(GROUPING_START);
        }
        consume();
        List<String> labels = new ArrayList<>();
        if (peek(0).type() == TokenType.RIGHT_PAREN) {
            consume();
            return labels;
        }
        while (true) {
            Token t = peek(0);
            String label;
            if (GROUPING_LABELS.contains(t.type())) {
                label = t.text();
            } else if (t.type() == TokenType.STRING) {
                label = unquote(t);
            } else {
                throw unexpected(GROUPING_LABEL);
            }
            consume();
            if (!GoStrings.isValidLabelName(label)) {
                error(t.range(), "invalid label name for grouping: " + GoStrings.quote(label));
            }
            labels.add(label);
            Token next = peek(0);
            if (next.type() == TokenType.RIGHT_PAREN) {
                consume();
                return labels;
            }
            if (next.type() != TokenType.COMMA) {
                throw unexpected(GROUPING_NEXT);
            }
            consume();
            if (peek(0).type() == TokenType.RIGHT_PAREN) {
                consume();
                return labels;
            }
        }
    }

    private record BinaryModifiers(boolean returnBool, VectorMatching matching) {}

    /** {@code bool}, then {@code on}/{@code ignoring}, then {@code group_left}/{@code group_right}, then fills. */
    private BinaryModifiers parseBinaryModifiers() {
        boolean returnBool = false;
        if (peek(0).type() == TokenType.BOOL) {
            consume();
            returnBool = true;
        }
        MatchCardinality cardinality = MatchCardinality.ONE_TO_ONE;
        List<String> matchingLabels = List.of();
        boolean on = false;
        List<String> include = List.of();
        TokenType type = peek(0).type();
        if (type == TokenType.ON || type == TokenType.IGNORING) {
            consume();
            on = type == TokenType.ON;
            matchingLabels = parseGroupingLabels();
            TokenType group = peek(0).type();
            if (group == TokenType.GROUP_LEFT || group == TokenType.GROUP_RIGHT) {
                consume();
                cardinality = group == TokenType.GROUP_LEFT ? MatchCardinality.MANY_TO_ONE : MatchCardinality.ONE_TO_MANY;
                TokenType next = peek(0).type();
                if (next == TokenType.LEFT_PAREN) {
                    include = parseGroupingLabels();
                } else if (!isFill(next) && !startsExpression(next)) {
                    // The label list is optional, but in Prometheus's grammar its error rule still claims any token
                    // that can neither start it nor follow it.
                    throw unexpected(GROUPING_START);
                }
            }
        }
        OptionalDouble fillLeft = OptionalDouble.empty();
        OptionalDouble fillRight = OptionalDouble.empty();
        switch (peek(0).type()) {
            case FILL -> {
                consume();
                double value = parseFillValue();
                fillLeft = OptionalDouble.of(value);
                fillRight = OptionalDouble.of(value);
            }
            case FILL_LEFT -> {
                consume();
                fillLeft = OptionalDouble.of(parseFillValue());
                if (peek(0).type() == TokenType.FILL_RIGHT) {
                    consume();
                    fillRight = OptionalDouble.of(parseFillValue());
                }
            }
            case FILL_RIGHT -> {
                consume();
                fillRight = OptionalDouble.of(parseFillValue());
                if (peek(0).type() == TokenType.FILL_LEFT) {
                    consume();
                    fillLeft = OptionalDouble.of(parseFillValue());
                }
            }
            default -> {
                // no fill modifier
            }
        }
        return new BinaryModifiers(returnBool,
                new VectorMatching(cardinality, matchingLabels, on, include, fillLeft, fillRight));
    }

    /** {@code (number)} or {@code (-number)}; durations count as seconds. */
    private double parseFillValue() {
        expect(TokenType.LEFT_PAREN, ambient());
        Token sign = peek(0);
        boolean minus = false;
        if (sign.type() == TokenType.ADD || sign.type() == TokenType.SUB) {
            consume();
            minus = sign.type() == TokenType.SUB;
        }
        Token number = peek(0);
        if (number.type() != TokenType.NUMBER && number.type() != TokenType.DURATION) {
            throw unexpected(ambient());
        }
        consume();
        double value = literalSeconds(number);
        expect(TokenType.RIGHT_PAREN, ambient());
        return minus ? -value : value;
    }

    // ---- selectors ---------------------------------------------------------------------------------------------

    /** {@code name}, {@code name{...}} or {@code {...}}; {@code name} is null for the last form. */
    private VectorSelector vectorSelector(Token name) {
        List<Matcher> matchers = new ArrayList<>();
        int start = name == null ? peek(0).pos() : name.pos();
        int end = name == null ? start : name.end();
        if (peek(0).type() == TokenType.LEFT_BRACE) {
            end = parseLabelMatchers(matchers);
        }
        String metricName = name == null ? "" : name.text();
        if (name != null) {
            matchers.add(Matcher.equal(Labels.METRIC_NAME, metricName));
        }
        return new VectorSelector(metricName, matchers, QueryDuration.ZERO, AtModifier.NONE, ExtendedRange.NONE,
                PositionRange.of(start, end));
    }

    /** {@code {a="b", "c.d"=~"e", "metric.name"}}; returns the end of the closing brace. */
    private int parseLabelMatchers(List<Matcher> matchers) {
        consume();
        while (true) {
            Token t = peek(0);
            if (t.type() == TokenType.RIGHT_BRACE) {
                return consume().end();
            }
            if (t.type() == TokenType.IDENTIFIER) {
                consume();
                Token op = matchOperator(MATCHER_OPERATOR);
                matchers.add(labelMatcher(t, t.text(), op, matcherValue()));
            } else if (t.type() == TokenType.STRING) {
                consume();
                String name = unquote(t);
                if (isMatchOperator(peek(0).type())) {
                    Token op = consume();
                    matchers.add(labelMatcher(t, name, op, matcherValue()));
                } else {
                    matchers.add(Matcher.equal(Labels.METRIC_NAME, name));
                }
            } else {
                throw unexpected(MATCHER_START);
            }
            Token next = peek(0);
            if (next.type() == TokenType.RIGHT_BRACE) {
                return consume().end();
            }
            if (next.type() != TokenType.COMMA) {
                throw unexpected(MATCHER_NEXT);
            }
            consume();
        }
    }

    private Token matchOperator(Context context) {
        if (!isMatchOperator(peek(0).type())) {
            throw unexpected(context);
        }
        return consume();
    }

    private Token matcherValue() {
        if (peek(0).type() != TokenType.STRING) {
            throw unexpected(MATCHER_VALUE);
        }
        return consume();
    }

    private Matcher labelMatcher(Token label, String name, Token op, Token value) {
        String text = unquote(value);
        MatchType type = switch (op.type()) {
            case EQL -> MatchType.EQUAL;
            case NEQ -> MatchType.NOT_EQUAL;
            case EQL_REGEX -> MatchType.REGEX;
            case NEQ_REGEX -> MatchType.NOT_REGEX;
            default -> throw new IllegalStateException("not a match operator: " + op);
        };
        try {
            return Matcher.of(type, name, text);
        } catch (IllegalArgumentException e) {
            error(PositionRange.of(label.pos(), value.end()), regexError(text, e.getMessage()));
            return Matcher.equal(name, text);
        }
    }

    /** Puts the regex error in Go's words ({@code error parsing regexp: missing closing ): `(a`}). */
    private static String regexError(String regex, String message) {
        String prefix = "invalid regular expression \"" + regex + "\": ";
        if (message != null && message.startsWith(prefix)) {
            return "error parsing regexp: " + message.substring(prefix.length());
        }
        return String.valueOf(message);
    }

    private Expr parseRangeOrSubquery(Expr expr) {
        Token open = consume();
        QueryDuration range = positiveDuration(parseDurationExpr(RANGE_START, 0));
        Token t = peek(0);
        if (t.type() == TokenType.RIGHT_BRACKET) {
            Token close = consume();
            String problem = null;
            if (!(expr instanceof VectorSelector selector)) {
                problem = "ranges only allowed for vector selectors";
            } else if (!selector.offset().isZero()) {
                problem = "no offset modifiers allowed before range";
            } else if (selector.at().isPresent()) {
                problem = "no @ modifiers allowed before range";
            }
            if (problem != null) {
                error(PositionRange.of(open.pos(), close.end()), problem);
                return expr;
            }
            return new MatrixSelector((VectorSelector) expr, range,
                    PositionRange.of(expr.positionRange().start(), lastClosing));
        }
        if (t.type() != TokenType.COLON) {
            throw unexpected(RANGE_END);
        }
        consume();
        QueryDuration step = QueryDuration.ZERO;
        if (peek(0).type() != TokenType.RIGHT_BRACKET) {
            step = positiveDuration(parseDurationExpr(STEP_START, 0));
            if (peek(0).type() != TokenType.RIGHT_BRACKET) {
                throw unexpected(STEP_END);
            }
        }
        Token close = consume();
        return new SubqueryExpr(expr, range, step, QueryDuration.ZERO, AtModifier.NONE,
                PositionRange.of(expr.positionRange().start(), close.end()));
    }

    /** A range or step: a literal must be positive; an expression is checked when evaluated. */
    private QueryDuration positiveDuration(DurationExpr duration) {
        if (duration instanceof DurationExpr.Literal literal) {
            if (literal.seconds() <= 0) {
                error(literal.positionRange(), "duration must be greater than 0");
                return QueryDuration.ZERO;
            }
            return QueryDuration.ofMillis(GoFormat.secondsToMillis(literal.seconds()));
        }
        return new QueryDuration.Computed(duration);
    }

    /**
     * After {@code offset}. A literal, a signed literal, {@code step()}, {@code range()}, {@code min_of(..)},
     * {@code max_of(..)} or a signed parenthesis ends the offset, so {@code foo offset 5m + 1} adds 1 to the
     * selector; any other start is a whole duration expression.
     */
    private Expr parseOffset(Expr expr) {
        Token t = peek(0);
        DurationExpr duration;
        switch (t.type()) {
            case NUMBER, DURATION -> {
                consume();
                duration = checkedLiteral(t, t.range(), false);
            }
            case ADD, SUB -> {
                Token next = peek(1);
                boolean minus = t.type() == TokenType.SUB;
                switch (next.type()) {
                    case NUMBER, DURATION -> {
                        consume();
                        consume();
                        duration = checkedLiteral(next, t.range(), minus);
                    }
                    case STEP, RANGE, MAX_OF, MIN_OF -> {
                        consume();
                        DurationExpr operand = next.type() == TokenType.STEP || next.type() == TokenType.RANGE
                                ? stepOrRange(OFFSET) : extremum(OFFSET);
                        PositionRange range = PositionRange.of(t.pos(), operand.positionRange().end());
                        checkDurationExpressions(range);
                        duration = minus ? new DurationExpr.Negate(operand, range) : operand;
                    }
                    case LEFT_PAREN -> {
                        consume();
                        consume();
                        DurationExpr inner = parseDurationExpr(OFFSET, 0);
                        expect(TokenType.RIGHT_PAREN, OFFSET);
                        DurationExpr wrapped = parenthesize(inner, inner.positionRange().start());
                        duration = minus
                                ? new DurationExpr.Negate(wrapped,
                                        PositionRange.of(t.pos(), wrapped.positionRange().end()))
                                : wrapped;
                    }
                    default -> duration = parseDurationExpr(OFFSET, 0);
                }
            }
            case STEP, RANGE -> {
                duration = stepOrRange(OFFSET);
                checkDurationExpressions(duration.positionRange());
            }
            case MAX_OF, MIN_OF -> {
                duration = extremum(OFFSET);
                checkDurationExpressions(duration.positionRange());
            }
            default -> duration = parseDurationExpr(OFFSET, 0);
        }
        QueryDuration offset = duration instanceof DurationExpr.Literal literal
                ? QueryDuration.ofMillis(GoFormat.secondsToMillis(literal.seconds()))
                : new QueryDuration.Computed(duration);
        return addOffset(expr, offset);
    }

    private Expr addOffset(Expr expr, QueryDuration offset) {
        switch (expr) {
            case VectorSelector v -> {
                if (!v.offset().isZero()) {
                    error(v.positionRange(), "offset may not be set multiple times");
                    return v;
                }
                return v.withOffset(offset).withPositionRange(PositionRange.of(v.positionRange().start(), lastClosing));
            }
            case MatrixSelector m -> {
                if (!m.selector().offset().isZero()) {
                    error(m.positionRange(), "offset may not be set multiple times");
                    return m;
                }
                return new MatrixSelector(m.selector().withOffset(offset), m.range(),
                        PositionRange.of(m.positionRange().start(), lastClosing));
            }
            case SubqueryExpr s -> {
                if (!s.offset().isZero()) {
                    error(s.positionRange(), "offset may not be set multiple times");
                    return s;
                }
                return new SubqueryExpr(s.expr(), s.range(), s.step(), offset, s.at(),
                        PositionRange.of(s.positionRange().start(), lastClosing));
            }
            default -> {
                error(expr.positionRange(), "offset modifier must be preceded by an instant vector selector or range"
                        + " vector selector or a subquery");
                return expr;
            }
        }
    }

    private Expr parseAt(Expr expr) {
        Token t = peek(0);
        switch (t.type()) {
            case NUMBER, DURATION -> {
                consume();
                return setAt(expr, literalSeconds(t));
            }
            case ADD, SUB -> {
                consume();
                Token number = peek(0);
                if (number.type() != TokenType.NUMBER && number.type() != TokenType.DURATION) {
                    throw unexpected(AT);
                }
                consume();
                double value = literalSeconds(number);
                return setAt(expr, t.type() == TokenType.SUB ? -value : value);
            }
            case START, END -> {
                consume();
                expect(TokenType.LEFT_PAREN, AT);
                expect(TokenType.RIGHT_PAREN, AT);
                return setAt(expr, t.type() == TokenType.START ? AtModifier.START : AtModifier.END);
            }
            default -> throw unexpected(AT);
        }
    }

    private Expr setAt(Expr expr, double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)
                || seconds >= (double) Long.MAX_VALUE || seconds <= (double) Long.MIN_VALUE) {
            error(expr.positionRange(), "timestamp out of bounds for @ modifier: " + GoFormat.formatFixed(seconds, 6));
        }
        return setAt(expr, AtModifier.timestamp((long) GoFormat.round(seconds * 1000)));
    }

    private Expr setAt(Expr expr, AtModifier at) {
        switch (expr) {
            case VectorSelector v -> {
                if (v.at().isPresent()) {
                    error(v.positionRange(), "@ <timestamp> may not be set multiple times");
                    return v;
                }
                return v.withAt(at).withPositionRange(PositionRange.of(v.positionRange().start(), lastClosing));
            }
            case MatrixSelector m -> {
                if (m.selector().at().isPresent()) {
                    error(m.positionRange(), "@ <timestamp> may not be set multiple times");
                    return m;
                }
                return new MatrixSelector(m.selector().withAt(at), m.range(),
                        PositionRange.of(m.positionRange().start(), lastClosing));
            }
            case SubqueryExpr s -> {
                if (s.at().isPresent()) {
                    error(s.positionRange(), "@ <timestamp> may not be set multiple times");
                    return s;
                }
                return new SubqueryExpr(s.expr(), s.range(), s.step(), s.offset(), at,
                        PositionRange.of(s.positionRange().start(), lastClosing));
            }
            default -> {
                error(expr.positionRange(), "@ modifier must be preceded by an instant vector selector or range vector"
                        + " selector or a subquery");
                return expr;
            }
        }
    }

    private Expr setExtendedRange(Expr expr, ExtendedRange modifier) {
        String keyword = modifier.keyword();
        if (!options.extendedRangeSelectors()) {
            error(expr.positionRange(), keyword + " modifier is experimental and not enabled");
            return expr;
        }
        switch (expr) {
            case VectorSelector v -> {
                if (v.extendedRange() != ExtendedRange.NONE && v.extendedRange() != modifier) {
                    error(v.positionRange(), "anchored and smoothed modifiers cannot be used together");
                }
                return v.withExtendedRange(modifier);
            }
            case MatrixSelector m -> {
                VectorSelector v = m.selector();
                if (v.extendedRange() != ExtendedRange.NONE && v.extendedRange() != modifier) {
                    error(m.positionRange(), "anchored and smoothed modifiers cannot be used together");
                }
                return m.withSelector(v.withExtendedRange(modifier));
            }
            case SubqueryExpr s -> {
                error(s.positionRange(), keyword + " modifier is not supported for subqueries");
                return s;
            }
            default -> {
                error(expr.positionRange(), keyword + " modifier not implemented");
                return expr;
            }
        }
    }

    // ---- duration expressions ----------------------------------------------------------------------------------

    private DurationExpr parseDurationExpr(Context context, int minPrecedence) {
        DurationExpr lhs = parseDurationUnary(context);
        while (true) {
            Token opToken = peek(0);
            BinaryOp op = durationOp(opToken.type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            consume();
            DurationExpr rhs = parseDurationExpr(context, op.rightAssociative() ? op.precedence() : op.precedence() + 1);
            checkDurationExpressions(lhs.positionRange());
            if ((op == BinaryOp.DIV || op == BinaryOp.MOD) && rhs instanceof DurationExpr.Literal literal
                    && literal.seconds() == 0) {
                error(opToken.range(), op == BinaryOp.DIV ? "division by zero" : "modulo by zero");
                lhs = new DurationExpr.Literal(0, false, PositionRange.span(lhs.positionRange(), rhs.positionRange()));
                continue;
            }
            lhs = new DurationExpr.Binary(op, lhs, rhs);
        }
    }

    private DurationExpr parseDurationUnary(Context context) {
        Token sign = peek(0);
        if (sign.type() != TokenType.ADD && sign.type() != TokenType.SUB) {
            return parseDurationPrimary(context);
        }
        consume();
        DurationExpr operand = parseDurationExpr(context, BinaryOp.MULTIPLICATIVE_PRECEDENCE + 1);
        boolean minus = sign.type() == TokenType.SUB;
        if (operand instanceof DurationExpr.Literal literal) {
            double value = minus ? -literal.seconds() : literal.seconds();
            if (outOfDurationRange(value)) {
                error(sign.range(), "duration out of range");
                return new DurationExpr.Literal(0, false, PositionRange.of(sign.pos(), literal.positionRange().end()));
            }
            return new DurationExpr.Literal(value, literal.durationUnit(),
                    PositionRange.of(sign.pos(), literal.positionRange().end()));
        }
        return minus
                ? new DurationExpr.Negate(operand, PositionRange.of(sign.pos(), operand.positionRange().end()))
                : operand;
    }

    private DurationExpr parseDurationPrimary(Context context) {
        Token t = peek(0);
        switch (t.type()) {
            case NUMBER, DURATION -> {
                consume();
                return checkedLiteral(t, t.range(), false);
            }
            case STEP, RANGE -> {
                DurationExpr node = stepOrRange(context);
                checkDurationExpressions(node.positionRange());
                return node;
            }
            case MAX_OF, MIN_OF -> {
                DurationExpr node = extremum(context);
                checkDurationExpressions(node.positionRange());
                return node;
            }
            case LEFT_PAREN -> {
                consume();
                DurationExpr inner = parseDurationExpr(context, 0);
                expect(TokenType.RIGHT_PAREN, context);
                checkDurationExpressions(inner.positionRange());
                return parenthesize(inner, t.pos());
            }
            default -> throw unexpected(context);
        }
    }

    private DurationExpr stepOrRange(Context context) {
        Token keyword = consume();
        expect(TokenType.LEFT_PAREN, context);
        Token close = expect(TokenType.RIGHT_PAREN, context);
        PositionRange range = PositionRange.of(keyword.pos(), close.end());
        return keyword.type() == TokenType.STEP ? new DurationExpr.Step(range) : new DurationExpr.Range(range);
    }

    private DurationExpr extremum(Context context) {
        Token keyword = consume();
        expect(TokenType.LEFT_PAREN, context);
        DurationExpr lhs = parseDurationExpr(context, 0);
        expect(TokenType.COMMA, context);
        DurationExpr rhs = parseDurationExpr(context, 0);
        expect(TokenType.RIGHT_PAREN, context);
        return new DurationExpr.Extremum(keyword.type() == TokenType.MAX_OF, lhs, rhs);
    }

    /**
     * Marks {@code inner} as parenthesized. Like Prometheus, parentheses around parentheses collapse into one pair,
     * and the range is that of the inner expression, except that a parenthesized literal starts at {@code start}.
     */
    private static DurationExpr parenthesize(DurationExpr inner, int start) {
        if (inner instanceof DurationExpr.Paren) {
            return inner;
        }
        PositionRange range = inner instanceof DurationExpr.Literal
                ? PositionRange.of(start, inner.positionRange().end())
                : inner.positionRange();
        return new DurationExpr.Paren(inner, range);
    }

    /** A number or duration as a duration literal, negated if asked; out of range reports at {@code errorRange}. */
    private DurationExpr.Literal checkedLiteral(Token token, PositionRange errorRange, boolean negate) {
        double seconds = literalSeconds(token);
        double value = negate ? -seconds : seconds;
        if (outOfDurationRange(value)) {
            error(errorRange, "duration out of range");
            return new DurationExpr.Literal(0, false, PositionRange.of(errorRange.start(), token.end()));
        }
        return new DurationExpr.Literal(value, token.type() == TokenType.DURATION,
                PositionRange.of(errorRange.start(), token.end()));
    }

    private void checkDurationExpressions(PositionRange range) {
        if (!options.durationExpressions()) {
            error(range, "experimental duration expression is not enabled");
        }
    }

    private static boolean outOfDurationRange(double seconds) {
        return seconds > MAX_DURATION_SECONDS || seconds < -MAX_DURATION_SECONDS;
    }

    // ---- tokens ------------------------------------------------------------------------------------------------

    /** Seconds of a number or duration token; a malformed one is reported and counts as 0. */
    private double literalSeconds(Token token) {
        try {
            if (token.type() == TokenType.DURATION) {
                return Literals.nanosToSeconds(Literals.parseDurationNanos(token.text()));
            }
            return Literals.parseNumber(token.text());
        } catch (IllegalArgumentException e) {
            String message = token.type() == TokenType.DURATION ? e.getMessage() : "error parsing number: " + e.getMessage();
            error(token.range(), message);
            return 0;
        }
    }

    private String unquote(Token token) {
        try {
            return GoStrings.unquote(token.text());
        } catch (IllegalArgumentException e) {
            error(token.range(), "error unquoting string " + GoStrings.quote(token.text()) + ": " + e.getMessage());
            return "";
        }
    }

    private Token peek(int ahead) {
        while (lookahead.size() <= ahead) {
            Token token = lexer.next();
            if (token.type() == TokenType.COMMENT) {
                continue;
            }
            if (token.type() == TokenType.ERROR) {
                errors.add(new ParseError(PositionRange.of(token.pos(), Math.max(token.pos(), queryBytes)),
                        token.text(), query));
                throw new Abort();
            }
            lookahead.add(token);
        }
        return lookahead.get(ahead);
    }

    private Token consume() {
        Token token = peek(0);
        lookahead.removeFirst();
        switch (token.type()) {
            case RIGHT_BRACE, RIGHT_PAREN, RIGHT_BRACKET, DURATION, NUMBER -> lastClosing = token.end();
            default -> {
                // not a closing token
            }
        }
        return token;
    }

    private Token expect(TokenType type, Context context) {
        if (peek(0).type() != type) {
            throw unexpected(context);
        }
        return consume();
    }

    private Context ambient() {
        return aggregationDepth > 0 ? AGGREGATION : NONE;
    }

    /** Records "unexpected <token> in <context>, expected <what>" for the next token and stops parsing. */
    private Abort unexpected(Context context) {
        Token token = peek(0);
        StringBuilder message = new StringBuilder("unexpected ").append(token.describe());
        if (!context.name().isEmpty()) {
            message.append(" in ").append(context.name());
        }
        if (!context.expected().isEmpty()) {
            message.append(", expected ").append(context.expected());
        }
        errors.add(new ParseError(token.range(), message.toString(), query));
        throw new Abort();
    }

    private void error(PositionRange range, String message) {
        errors.add(new ParseError(range, message, query));
    }

    private static boolean isMatchOperator(TokenType type) {
        return type == TokenType.EQL || type == TokenType.NEQ || type == TokenType.EQL_REGEX
                || type == TokenType.NEQ_REGEX;
    }

    private static boolean isFill(TokenType type) {
        return type == TokenType.FILL || type == TokenType.FILL_LEFT || type == TokenType.FILL_RIGHT;
    }

    private static boolean startsExpression(TokenType type) {
        return switch (type) {
            case ADD, SUB, NUMBER, DURATION, STRING, LEFT_PAREN, LEFT_BRACE -> true;
            default -> METRIC_IDENTIFIERS.contains(type);
        };
    }

    private static BinaryOp binaryOp(TokenType type) {
        return switch (type) {
            case LOR -> BinaryOp.OR;
            case LAND -> BinaryOp.AND;
            case LUNLESS -> BinaryOp.UNLESS;
            case EQLC -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case LTE -> BinaryOp.LTE;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case GTR -> BinaryOp.GTR;
            case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
            case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case ATAN2 -> BinaryOp.ATAN2;
            case POW -> BinaryOp.POW;
            default -> null;
        };
    }

    private static BinaryOp durationOp(TokenType type) {
        return switch (type) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            default -> null;
        };
    }

    private static AggregationOp aggregationOp(TokenType type) {
        return switch (type) {
            case SUM -> AggregationOp.SUM;
            case AVG -> AggregationOp.AVG;
            case COUNT -> AggregationOp.COUNT;
            case MIN -> AggregationOp.MIN;
            case MAX -> AggregationOp.MAX;
            case GROUP -> AggregationOp.GROUP;
            case STDDEV -> AggregationOp.STDDEV;
            case STDVAR -> AggregationOp.STDVAR;
            case TOPK -> AggregationOp.TOPK;
            case BOTTOMK -> AggregationOp.BOTTOMK;
            case COUNT_VALUES -> AggregationOp.COUNT_VALUES;
            case QUANTILE -> AggregationOp.QUANTILE;
            case LIMITK -> AggregationOp.LIMITK;
            case LIMIT_RATIO -> AggregationOp.LIMIT_RATIO;
            default -> throw new IllegalStateException("not an aggregator: " + type);
        };
    }
}
