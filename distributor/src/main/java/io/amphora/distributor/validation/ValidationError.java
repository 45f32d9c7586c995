package io.amphora.distributor.validation;

import io.amphora.model.ErrorCode;

import static java.util.Objects.requireNonNull;

/**
 * Why a series, sample, exemplar or metadata entry was refused: the reason ({@link ErrorCode#reason()} is the
 * {@code reason} label of the discard counters) and the message for the 400 response, worded like Cortex's.
 */
public record ValidationError(ErrorCode code, String message) {
    public ValidationError {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }
}
