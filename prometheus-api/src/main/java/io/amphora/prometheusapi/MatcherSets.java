package io.amphora.prometheusapi;

import java.util.ArrayList;
import java.util.List;

import io.amphora.model.Matcher;

import static java.util.Objects.requireNonNull;

/** Defensive copies of lists of matcher lists. */
final class MatcherSets {
    private MatcherSets() {}

    static List<List<Matcher>> copy(List<List<Matcher>> sets) {
        requireNonNull(sets, "matcher sets is null");
        List<List<Matcher>> copy = new ArrayList<>(sets.size());
        for (List<Matcher> set : sets) {
            copy.add(List.copyOf(requireNonNull(set, "matcher set is null")));
        }
        return List.copyOf(copy);
    }
}
