package io.amphora.promql.promqltest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The eval must fail, when the query is created or while it runs ({@code expect fail}, or the deprecated
 * {@code eval_fail} header).
 *
 * @param messages constraints on the error text, all of which must match; empty when any error will do
 */
public record ExpectedFailure(List<TextMatch> messages) {
    public ExpectedFailure {
        messages = List.copyOf(requireNonNull(messages, "messages is null"));
    }

    public boolean accepts(String error) {
        requireNonNull(error, "error is null");
        for (TextMatch message : messages) {
            if (!message.matches(error)) {
                return false;
            }
        }
        return true;
    }
}
