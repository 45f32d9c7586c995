package io.amphora.promql.parser;

import io.amphora.model.Matcher;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.VectorSelector;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Parses PromQL as Prometheus 3 does: the same language (with the experimental parts chosen by
 * {@link ParserOptions}), the same tree, and the same error messages and positions. Stateless and thread-safe.
 */
public final class PromqlParser {
    private final ParserOptions options;

    public PromqlParser(ParserOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * A query, parsed and type checked.
     *
     * @throws ParseException when the query is not valid; its message is Prometheus's for the first problem
     */
    public Expr parseExpr(String query) {
        requireNonNull(query, "query is null");
        return ExpressionParser.parseExpression(query, options);
    }

    /**
     * A series selector such as {@code up{job="api"}} (the {@code match[]} parameter of the HTTP API): its
     * matchers, the one for a metric name written before the braces last. No type checks, as in Prometheus.
     *
     * @throws ParseException when it is not a selector
     */
    public List<Matcher> parseMetricSelector(String selector) {
        requireNonNull(selector, "selector is null");
        VectorSelector parsed = ExpressionParser.parseVectorSelector(selector, options);
        return parsed.matchers();
    }

    public ParserOptions options() {
        return options;
    }
}
