package io.amphora.prometheusapi;

import java.util.List;

import io.amphora.model.Matcher;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/labels} request.
 *
 * @param start {@code start}, or {@link ApiTime#MIN}
 * @param end {@code end}, or {@link ApiTime#MAX}
 * @param matcherSets one list per {@code match[]}, each with at least one matcher that does not match the empty
 *     string; empty for no restriction
 * @param limit the most names to return, 0 for no limit
 */
public record LabelNamesRequest(ApiTime start, ApiTime end, List<List<Matcher>> matcherSets, long limit) {
    public LabelNamesRequest {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        matcherSets = MatcherSets.copy(matcherSets);
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
    }
}
