package io.amphora.controlplane;

import static java.util.Objects.requireNonNull;

/**
 * The client token of a request and a fingerprint of what it asked for. A request that repeats a token with the same
 * fingerprint is a retry and gets the original outcome; the same token with another fingerprint is a conflict.
 *
 * @param fingerprint a digest of the request's parameters (the token excluded)
 */
public record IdempotencyKey(String clientToken, String fingerprint) {
    public IdempotencyKey {
        requireNonNull(clientToken, "clientToken is null");
        requireNonNull(fingerprint, "fingerprint is null");
    }
}
