package io.amphora.tsdb.head;

import io.amphora.model.ErrorCode;

/** Outcome of offering one sample to a series. */
public enum AppendResult {
    /** Stored; must be written to the WAL. */
    APPENDED(null),
    /** Identical to a stored sample (same timestamp, bitwise-equal value): accepted, nothing to write. */
    DUPLICATE_IGNORED(null),
    OUT_OF_ORDER(ErrorCode.SAMPLE_OUT_OF_ORDER),
    DUPLICATE_TIMESTAMP(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP),
    OUT_OF_BOUNDS(ErrorCode.SAMPLE_OUT_OF_BOUNDS);

    private final ErrorCode error;

    AppendResult(ErrorCode error) {
        this.error = error;
    }

    /** The refusal reason, or null when the sample was accepted. */
    public ErrorCode error() {
        return error;
    }
}
