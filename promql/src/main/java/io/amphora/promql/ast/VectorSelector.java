package io.amphora.promql.ast;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An instant vector selector: {@code http_requests_total{job="api"} @ 100 offset 5m}.
 *
 * @param name the metric name written before the braces, or {@code ""}; when set, {@link #matchers()} ends with
 *         the {@code __name__} equality matcher for it, as in Prometheus, so the matchers alone select the series
 * @param matchers every matcher, in the order written
 * @param offset {@link QueryDuration#ZERO} when absent; may be negative
 * @param extendedRange {@code anchored}/{@code smoothed}, for the enclosing range selector or this selector
 */
public record VectorSelector(
        String name,
        List<Matcher> matchers,
        QueryDuration offset,
        AtModifier at,
        ExtendedRange extendedRange,
        PositionRange positionRange)
        implements Expr {
    public VectorSelector {
        requireNonNull(name, "name is null");
        matchers = List.copyOf(requireNonNull(matchers, "matchers is null"));
        requireNonNull(offset, "offset is null");
        requireNonNull(at, "at is null");
        requireNonNull(extendedRange, "extendedRange is null");
        requireNonNull(positionRange, "positionRange is null");
        if (!name.isEmpty() && !matchers.contains(Matcher.equal(Labels.METRIC_NAME, name))) {
            throw new IllegalArgumentException("the matchers of " + name + " do not select its name");
        }
    }

    /** {@code name{matchers}}: no modifiers, no position. */
    public static VectorSelector of(String name, List<Matcher> matchers) {
        return new VectorSelector(
                name, matchers, QueryDuration.ZERO, AtModifier.NONE, ExtendedRange.NONE, PositionRange.NONE);
    }

    public VectorSelector withOffset(QueryDuration offset) {
        return new VectorSelector(name, matchers, offset, at, extendedRange, positionRange);
    }

    public VectorSelector withAt(AtModifier at) {
        return new VectorSelector(name, matchers, offset, at, extendedRange, positionRange);
    }

    public VectorSelector withExtendedRange(ExtendedRange extendedRange) {
        return new VectorSelector(name, matchers, offset, at, extendedRange, positionRange);
    }

    public VectorSelector withPositionRange(PositionRange positionRange) {
        return new VectorSelector(name, matchers, offset, at, extendedRange, positionRange);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
