package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A range, subquery step or offset as written in a query: a literal ({@code 5m}, {@code -1h}, {@code 300}) or,
 * since Prometheus 3, a duration expression evaluated per query ({@code [2 * step()]}, {@code offset (1h / 2)}).
 */
public sealed interface QueryDuration {
    /** No offset, or the default subquery step. */
    QueryDuration ZERO = new Fixed(0);

    /** @param millis may be negative for offsets */
    record Fixed(long millis) implements QueryDuration {}

    record Computed(DurationExpr expr) implements QueryDuration {
        public Computed {
            requireNonNull(expr, "expr is null");
        }
    }

    static QueryDuration ofMillis(long millis) {
        return millis == 0 ? ZERO : new Fixed(millis);
    }

    default boolean isZero() {
        return this instanceof Fixed(long millis) && millis == 0;
    }
}
