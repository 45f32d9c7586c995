package io.amphora.gateway.wiring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.amphora.gateway.GatewayConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code amphora.gateway.*}: the public front door's settings. Unset values take {@link GatewayConfig#defaults()}.
 *
 * @param authEnabled whether requests must be signed and allowed by policy, and their workspace must exist and be
 *     ACTIVE (default true). Off only for development and for tests of other components: every request then reaches
 *     the components, for whatever workspace it names.
 * @param maxRequestBody the largest body the gateway reads to check a signature's payload hash (default 64 MiB)
 * @param credentialsReloadPeriod how often the credentials file is checked for changes (default 10s)
 * @param publicUrl the base URL clients reach this gateway at, shown in the first-start text (default
 *     {@code http://localhost:<server.port>})
 */
@ConfigurationProperties(prefix = "amphora.gateway")
public record GatewayProperties(Boolean authEnabled, String region, String accountId, Duration allowedClockSkew,
        Boolean basicAuthEnabled, Path credentialsFile, Double requestsPerSecond, Integer requestBurst,
        DataSize maxRequestBody, String publicUrl, Duration credentialsReloadPeriod) {
    static final DataSize DEFAULT_MAX_REQUEST_BODY = DataSize.ofMegabytes(64);

    static final Duration DEFAULT_CREDENTIALS_RELOAD_PERIOD = Duration.ofSeconds(10);

    @Override
    public Duration credentialsReloadPeriod() {
        return credentialsReloadPeriod != null ? credentialsReloadPeriod : DEFAULT_CREDENTIALS_RELOAD_PERIOD;
    }

    boolean isAuthEnabled() {
        return authEnabled == null || authEnabled;
    }

    int maxRequestBodyBytes() {
        long bytes = (maxRequestBody != null ? maxRequestBody : DEFAULT_MAX_REQUEST_BODY).toBytes();
        if (bytes <= 0) {
            throw new IllegalArgumentException("amphora.gateway.max-request-body must be positive, got " + maxRequestBody);
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, bytes);
    }

    /** These properties with {@code region} and {@code accountId} filled in from the given values when unset. */
    GatewayProperties withDefaults(String defaultRegion, String defaultAccountId) {
        return new GatewayProperties(authEnabled,
                region != null || defaultRegion.isEmpty() ? region : defaultRegion,
                accountId != null || defaultAccountId.isEmpty() ? accountId : defaultAccountId,
                allowedClockSkew, basicAuthEnabled, credentialsFile, requestsPerSecond, requestBurst, maxRequestBody,
                publicUrl, credentialsReloadPeriod);
    }

    GatewayConfig toConfig() {
        GatewayConfig defaults = GatewayConfig.defaults();
        return new GatewayConfig(
                region != null ? region : defaults.region(),
                accountId != null ? accountId : defaults.accountId(),
                allowedClockSkew != null ? allowedClockSkew : defaults.allowedClockSkew(),
                basicAuthEnabled != null ? basicAuthEnabled : defaults.basicAuthEnabled(),
                Optional.ofNullable(credentialsFile),
                requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond(),
                requestBurst != null ? requestBurst : defaults.requestBurst()).validate();
    }
}
