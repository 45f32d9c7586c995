package io.amphora.promql.engine;

import java.time.InstantSource;

import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.ValueType;
import io.amphora.promql.parser.ParseException;
import io.amphora.promql.parser.PromqlParser;
import io.amphora.storage.Queryable;

import static java.util.Objects.requireNonNull;

/**
 * Evaluates PromQL queries over a {@link Queryable} with Prometheus 3's semantics. Thread-safe: one engine serves
 * any number of concurrent queries; each query's state lives in its own evaluation.
 */
public final class QueryEngine {
    private final EngineOptions options;
    private final InstantSource clock;
    private final PromqlParser parser;

    /** @param clock used only to enforce timeouts */
    public QueryEngine(EngineOptions options, InstantSource clock) {
        this.options = requireNonNull(options, "options is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.parser = new PromqlParser(options.parserOptions());
    }

    /**
     * Evaluates {@code query} at {@code timeMillis}: a range-vector expression gives a {@link Matrix}, a string
     * literal a {@link StringValue}, a scalar expression a {@link Scalar}, an instant vector a {@link Vector}.
     *
     * @throws QueryException {@link QueryErrorType#BAD_DATA} with Prometheus's {@code 1:5: parse error: ...} text
     *     when the query does not parse; other types when evaluation fails
     */
    public QueryResult instantQuery(Queryable queryable, String query, long timeMillis, QueryOptions options) {
        requireNonNull(queryable, "queryable is null");
        requireNonNull(options, "options is null");
        Expr expr = parse(query);
        return new Evaluation(this.options, options, clock, queryable, query, timeMillis, timeMillis, 0, true)
                .run(expr);
    }

    /**
     * Evaluates {@code query} at every step from {@code startMillis} to {@code endMillis} (both inclusive): always a
     * {@link Matrix} sorted by labels.
     *
     * @throws QueryException {@link QueryErrorType#BAD_DATA} for a parse error, a step that is not positive, an end
     *     before the start, or a query that is not an instant vector or scalar
     */
    public QueryResult rangeQuery(Queryable queryable, String query, long startMillis, long endMillis,
            long stepMillis, QueryOptions options) {
        requireNonNull(queryable, "queryable is null");
        requireNonNull(options, "options is null");
        if (stepMillis <= 0) {
            throw new QueryException(QueryErrorType.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (endMillis < startMillis) {
            throw new QueryException(QueryErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        Expr expr = parse(query);
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw new QueryException(QueryErrorType.BAD_DATA, "invalid expression type \""
                    + expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        return new Evaluation(this.options, options, clock, queryable, query, startMillis, endMillis, stepMillis,
                false).run(expr);
    }

    private Expr parse(String query) {
        requireNonNull(query, "query is null");
        try {
            return parser.parseExpr(query);
        } catch (ParseException e) {
            throw new QueryException(QueryErrorType.BAD_DATA, e.getMessage(), e);
        }
    }
}
