package io.amphora.bench.remotewrite;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What signing a request with AWS Signature Version 4 needs, as Amazon Managed Service for Prometheus expects it
 * (service name {@code aps}).
 */
public record SigV4Config(String region, String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    public static final String SERVICE_NAME = "aps";

    public SigV4Config {
        requireNonNull(region, "region is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(sessionToken, "sessionToken is null");
        if (region.isBlank() || accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("SigV4 needs a region, an access key id and a secret access key");
        }
    }

    /** Never prints the secret or the session token. */
    @Override
    public String toString() {
        return "SigV4Config[region=" + region + ", accessKeyId=" + accessKeyId + ", sessionToken="
                + (sessionToken.isPresent() ? "set" : "none") + "]";
    }
}
