package io.amphora.promql.parser;

/**
 * The kinds of PromQL tokens. Each kind belongs to a category that decides how Prometheus names a token in
 * "unexpected ..." errors: keywords as {@code <by>}, operators as {@code <op:*>}, aggregators as {@code <aggr:sum>},
 * fixed punctuation and preprocessors quoted ({@code ")"}, {@code "step"}), and the rest by kind and text
 * ({@code identifier "foo"}, {@code number "1"}).
 */
public enum TokenType {
    EOF(Category.SPECIAL, null),
    ERROR(Category.SPECIAL, null),
    COMMENT(Category.VALUE, "comment"),
    IDENTIFIER(Category.VALUE, "identifier"),
    METRIC_IDENTIFIER(Category.VALUE, "metric identifier"),
    NUMBER(Category.VALUE, "number"),
    DURATION(Category.VALUE, "duration"),
    STRING(Category.VALUE, "string"),

    LEFT_PAREN(Category.PUNCTUATION, "("),
    RIGHT_PAREN(Category.PUNCTUATION, ")"),
    LEFT_BRACE(Category.PUNCTUATION, "{"),
    RIGHT_BRACE(Category.PUNCTUATION, "}"),
    LEFT_BRACKET(Category.PUNCTUATION, "["),
    RIGHT_BRACKET(Category.PUNCTUATION, "]"),
    COMMA(Category.PUNCTUATION, ","),
    EQL(Category.PUNCTUATION, "="),
    COLON(Category.PUNCTUATION, ":"),

    ADD(Category.OPERATOR, "+"),
    SUB(Category.OPERATOR, "-"),
    MUL(Category.OPERATOR, "*"),
    DIV(Category.OPERATOR, "/"),
    MOD(Category.OPERATOR, "%"),
    POW(Category.OPERATOR, "^"),
    EQLC(Category.OPERATOR, "=="),
    NEQ(Category.OPERATOR, "!="),
    LTE(Category.OPERATOR, "<="),
    LSS(Category.OPERATOR, "<"),
    GTE(Category.OPERATOR, ">="),
    GTR(Category.OPERATOR, ">"),
    TRIM_UPPER(Category.OPERATOR, "</"),
    TRIM_LOWER(Category.OPERATOR, ">/"),
    EQL_REGEX(Category.OPERATOR, "=~"),
    NEQ_REGEX(Category.OPERATOR, "!~"),
    AT(Category.OPERATOR, "@"),
    LAND(Category.OPERATOR, "and"),
    LOR(Category.OPERATOR, "or"),
    LUNLESS(Category.OPERATOR, "unless"),
    ATAN2(Category.OPERATOR, "atan2"),

    AVG(Category.AGGREGATOR, "avg"),
    BOTTOMK(Category.AGGREGATOR, "bottomk"),
    COUNT(Category.AGGREGATOR, "count"),
    COUNT_VALUES(Category.AGGREGATOR, "count_values"),
    GROUP(Category.AGGREGATOR, "group"),
    MAX(Category.AGGREGATOR, "max"),
    MIN(Category.AGGREGATOR, "min"),
    QUANTILE(Category.AGGREGATOR, "quantile"),
    STDDEV(Category.AGGREGATOR, "stddev"),
    STDVAR(Category.AGGREGATOR, "stdvar"),
    SUM(Category.AGGREGATOR, "sum"),
    TOPK(Category.AGGREGATOR, "topk"),
    LIMITK(Category.AGGREGATOR, "limitk"),
    LIMIT_RATIO(Category.AGGREGATOR, "limit_ratio"),

    BOOL(Category.KEYWORD, "bool"),
    BY(Category.KEYWORD, "by"),
    GROUP_LEFT(Category.KEYWORD, "group_left"),
    GROUP_RIGHT(Category.KEYWORD, "group_right"),
    FILL(Category.KEYWORD, "fill"),
    FILL_LEFT(Category.KEYWORD, "fill_left"),
    FILL_RIGHT(Category.KEYWORD, "fill_right"),
    IGNORING(Category.KEYWORD, "ignoring"),
    OFFSET(Category.KEYWORD, "offset"),
    SMOOTHED(Category.KEYWORD, "smoothed"),
    ANCHORED(Category.KEYWORD, "anchored"),
    ON(Category.KEYWORD, "on"),
    WITHOUT(Category.KEYWORD, "without"),

    START(Category.PREPROCESSOR, "start"),
    END(Category.PREPROCESSOR, "end"),
    STEP(Category.PREPROCESSOR, "step"),
    RANGE(Category.PREPROCESSOR, "range"),
    MAX_OF(Category.PREPROCESSOR, "max_of"),
    MIN_OF(Category.PREPROCESSOR, "min_of");

    enum Category { SPECIAL, VALUE, PUNCTUATION, OPERATOR, AGGREGATOR, KEYWORD, PREPROCESSOR }

    private final Category category;
    private final String text;

    TokenType(Category category, String text) {
        this.category = category;
        this.text = text;
    }

    Category category() {
        return category;
    }

    /** The keyword or symbol for fixed tokens; the description ({@code identifier}) for the others. */
    String text() {
        return text;
    }

    boolean isAggregator() {
        return category == Category.AGGREGATOR;
    }
}
