package io.amphora.prometheusapi;

import java.util.List;

import io.amphora.model.Matcher;
import io.amphora.promql.ast.Expr;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/query_exemplars} request.
 *
 * @param query the parsed query
 * @param selectors the matchers of every vector selector in the query, in the order Prometheus walks the tree;
 *     when empty (a query without selectors, such as {@code 1 + 1}) Prometheus answers {@code 204 No Content} with
 *     no body
 */
public record ExemplarQueryRequest(ApiTime start, ApiTime end, Expr query, List<List<Matcher>> selectors) {
    public ExemplarQueryRequest {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(query, "query is null");
        selectors = MatcherSets.copy(selectors);
    }
}
