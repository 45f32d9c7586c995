package io.amphora.distributor.remotewrite;

import io.amphora.model.ErrorCode;

import static java.util.Objects.requireNonNull;

/**
 * A part of a decoded request that was refused while decoding, before validation: a 2.0 series whose label or
 * metadata references are broken, that carries both samples and histograms or neither, or a 2.0 exemplar with broken
 * references. The rest of the request is decoded normally. {@code discarded} is what this part held, so that the
 * caller can count it as discarded and answer 400 after storing the rest.
 */
public record Rejection(ErrorCode code, String message, PointCounts discarded) {
    public Rejection {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        requireNonNull(discarded, "discarded is null");
    }
}
