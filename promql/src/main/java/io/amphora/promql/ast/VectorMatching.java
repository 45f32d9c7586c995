package io.amphora.promql.ast;

import java.util.List;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * How a vector-vector operation pairs series: {@code on (a, b)}/{@code ignoring (a)}, {@code group_left (c)}, and
 * Prometheus 3's experimental {@code fill (0)}/{@code fill_left (0)}/{@code fill_right (0)} values for series that
 * find no match.
 *
 * @param matchingLabels the labels of {@code on}, or those {@code ignoring} leaves out
 * @param include the extra labels {@code group_left}/{@code group_right} copy from the "one" side
 * @param fillLeft used in place of a missing left-hand series
 * @param fillRight used in place of a missing right-hand series
 */
public record VectorMatching(
        MatchCardinality cardinality, List<String> matchingLabels, boolean on, List<String> include,
        OptionalDouble fillLeft, OptionalDouble fillRight) {
    public static final VectorMatching DEFAULT = new VectorMatching(
            MatchCardinality.ONE_TO_ONE, List.of(), false, List.of(), OptionalDouble.empty(), OptionalDouble.empty());

    public VectorMatching {
        requireNonNull(cardinality, "cardinality is null");
        matchingLabels = List.copyOf(requireNonNull(matchingLabels, "matchingLabels is null"));
        include = List.copyOf(requireNonNull(include, "include is null"));
        requireNonNull(fillLeft, "fillLeft is null");
        requireNonNull(fillRight, "fillRight is null");
    }

    public boolean hasFill() {
        return fillLeft.isPresent() || fillRight.isPresent();
    }

    public VectorMatching withCardinality(MatchCardinality cardinality) {
        return new VectorMatching(cardinality, matchingLabels, on, include, fillLeft, fillRight);
    }
}
