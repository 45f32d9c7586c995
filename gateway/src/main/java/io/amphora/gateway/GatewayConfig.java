package io.amphora.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's settings (properties {@code amphora.gateway.*}; reference: {@code docs/security.md}).
 *
 * @param region the region this installation presents itself as; credential scopes must name it
 * @param accountId the 12-digit account id in the ARNs of principals and resources
 * @param allowedClockSkew how far a signed request's time may be from the gateway's clock, either way
 * @param basicAuthEnabled whether HTTP Basic (access key id as user, secret as password) is accepted, for clients
 *     that cannot sign
 * @param credentialsFile the credentials file; when absent the gateway runs with the bootstrap admin key
 * @param requestsPerSecond the default sustained request rate per workspace
 * @param requestBurst the default number of requests a workspace may send at once
 */
public record GatewayConfig(String region, String accountId, Duration allowedClockSkew, boolean basicAuthEnabled,
                            Optional<Path> credentialsFile, double requestsPerSecond, int requestBurst) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** AWS's own tolerance for SigV4 request times. */
    public static final Duration DEFAULT_ALLOWED_CLOCK_SKEW = Duration.ofMinutes(15);
    public static final boolean DEFAULT_BASIC_AUTH_ENABLED = false;
    public static final double DEFAULT_REQUESTS_PER_SECOND = 1_000;
    public static final int DEFAULT_REQUEST_BURST = 2_000;

    public GatewayConfig {
        requireNonNull(region, "region is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(allowedClockSkew, "allowedClockSkew is null");
        requireNonNull(credentialsFile, "credentialsFile is null");
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DEFAULT_ALLOWED_CLOCK_SKEW,
                DEFAULT_BASIC_AUTH_ENABLED, Optional.empty(), DEFAULT_REQUESTS_PER_SECOND, DEFAULT_REQUEST_BURST);
    }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public GatewayConfig validate() {
        if (region.isEmpty() || !region.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new IllegalArgumentException("amphora.gateway.region must be lower-case letters, digits and '-', got '"
                    + region + "'");
        }
        if (accountId.length() != 12 || !accountId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("amphora.gateway.account-id must be 12 digits, got '" + accountId + "'");
        }
        if (allowedClockSkew.isNegative() || allowedClockSkew.isZero()) {
            throw new IllegalArgumentException("amphora.gateway.allowed-clock-skew must be positive");
        }
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("amphora.gateway.requests-per-second must be positive");
        }
        if (requestBurst < 1) {
            throw new IllegalArgumentException("amphora.gateway.request-burst must be at least 1");
        }
        return this;
    }
}
