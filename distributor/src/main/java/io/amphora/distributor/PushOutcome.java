package io.amphora.distributor;

import io.amphora.distributor.remotewrite.PointCounts;

import static java.util.Objects.requireNonNull;

/**
 * How a push ended, in remote-write terms: {@code status} is the HTTP status to answer (2xx stored, 202 dropped as a
 * non-elected HA replica, 400 partly or wholly refused with {@code message}, 429 throttled, 5xx server fault — the
 * sender retries those), {@code written} what was stored (for the 2.0 response headers).
 */
public record PushOutcome(int status, String message, PointCounts written) {
    public PushOutcome {
        requireNonNull(message, "message is null");
        requireNonNull(written, "written is null");
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
