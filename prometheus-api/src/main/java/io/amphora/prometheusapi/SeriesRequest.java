package io.amphora.prometheusapi;

import java.util.List;

import io.amphora.model.Matcher;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/series} request.
 *
 * @param matcherSets one list per {@code match[]}, at least one
 * @param limit the most series to return, 0 for no limit
 */
public record SeriesRequest(ApiTime start, ApiTime end, List<List<Matcher>> matcherSets, long limit) {
    public SeriesRequest {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        matcherSets = MatcherSets.copy(matcherSets);
        if (matcherSets.isEmpty()) {
            throw new IllegalArgumentException("a series request needs at least one matcher set");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
    }
}
