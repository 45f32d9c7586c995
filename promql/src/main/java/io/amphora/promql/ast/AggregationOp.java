package io.amphora.promql.ast;

/** The aggregation operators, with their PromQL keyword. */
public enum AggregationOp {
    SUM("sum", false, false),
    AVG("avg", false, false),
    COUNT("count", false, false),
    MIN("min", false, false),
    MAX("max", false, false),
    GROUP("group", false, false),
    STDDEV("stddev", false, false),
    STDVAR("stdvar", false, false),
    TOPK("topk", true, false),
    BOTTOMK("bottomk", true, false),
    COUNT_VALUES("count_values", true, false),
    QUANTILE("quantile", true, false),
    LIMITK("limitk", true, true),
    LIMIT_RATIO("limit_ratio", true, true);

    private final String keyword;
    private final boolean takesParameter;
    private final boolean experimental;

    AggregationOp(String keyword, boolean takesParameter, boolean experimental) {
        this.keyword = keyword;
        this.takesParameter = takesParameter;
        this.experimental = experimental;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether the first argument is a parameter ({@code topk(5, x)}, {@code count_values("v", x)}). */
    public boolean takesParameter() {
        return takesParameter;
    }

    /** Whether Prometheus only accepts it with {@code --enable-feature=promql-experimental-functions}. */
    public boolean experimental() {
        return experimental;
    }

    /** The type of the parameter: a string for {@code count_values}, a scalar for the others that take one. */
    public ValueType parameterType() {
        if (!takesParameter) {
            throw new IllegalStateException(keyword + " takes no parameter");
        }
        return this == COUNT_VALUES ? ValueType.STRING : ValueType.SCALAR;
    }
}
