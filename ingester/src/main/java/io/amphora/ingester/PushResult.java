package io.amphora.ingester;

import io.amphora.model.ErrorCode;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** What a push stored and what it refused; refused samples never prevent the rest from being stored. */
public record PushResult(long samplesAccepted, long samplesRejected, List<SeriesFailure> failures) {
    public PushResult {
        failures = List.copyOf(failures);
    }

    /**
     * The refusals of one series: the first reason and message, and how many of its samples were refused.
     *
     * @param seriesIndex position of the series in the request
     */
    public record SeriesFailure(int seriesIndex, ErrorCode code, String message, int samplesRejected) {
        public SeriesFailure {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
