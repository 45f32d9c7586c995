package io.amphora.prometheusapi;

import java.util.List;

import io.amphora.model.Matcher;

import static java.util.Objects.requireNonNull;

/**
 * A validated {@code /api/v1/label/<name>/values} request.
 *
 * @param labelName the decoded label name (see {@link ApiParameters#parseLabelName})
 * @param start {@code start}, or {@link ApiTime#MIN}
 * @param end {@code end}, or {@link ApiTime#MAX}
 * @param matcherSets one list per {@code match[]}; empty for no restriction
 * @param limit the most values to return, 0 for no limit
 */
public record LabelValuesRequest(
        String labelName, ApiTime start, ApiTime end, List<List<Matcher>> matcherSets, long limit) {
    public LabelValuesRequest {
        requireNonNull(labelName, "labelName is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        matcherSets = MatcherSets.copy(matcherSets);
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
    }
}
