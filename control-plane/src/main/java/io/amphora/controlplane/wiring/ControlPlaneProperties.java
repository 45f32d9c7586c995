package io.amphora.controlplane.wiring;

import io.amphora.controlplane.ControlPlaneConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

/**
 * Binding shell for {@code amphora.control-plane.*}; defaults live in {@link ControlPlaneConfig}.
 *
 * @param accountId the 12-digit account id of the ARNs ({@code 000000000000} unless set)
 * @param region the region of the ARNs ({@code us-east-1} unless set)
 * @param publicUrl the URL clients reach Amphora at, the base of each workspace's {@code prometheusEndpoint};
 *     {@code http://localhost:<server.port>} unless set
 * @param maxWorkspaces workspaces the account may hold (25)
 * @param maxRuleGroupsNamespaces rule groups namespaces per workspace (100)
 * @param maxDefinitionSize the largest rule file or alert manager definition (1MB)
 * @param defaultRetentionPeriodDays the retention of a new workspace (150)
 * @param transitionDelay how long CREATING and UPDATING last before ACTIVE (0s: as soon as the background runs)
 * @param deletionRetryMinBackoff the first wait before retrying a failed deletion of a workspace's data (1s)
 * @param deletionRetryMaxBackoff the longest wait between such retries (5m)
 */
@ConfigurationProperties("amphora.control-plane")
public record ControlPlaneProperties(String accountId, String region, URI publicUrl, Integer maxWorkspaces,
        Integer maxRuleGroupsNamespaces, DataSize maxDefinitionSize, Integer defaultRetentionPeriodDays,
        Duration transitionDelay, Duration deletionRetryMinBackoff, Duration deletionRetryMaxBackoff) {
    /**
     * @param serverPort the HTTP port, for the default public URL
     * @throws IllegalArgumentException naming the first property that is not valid
     */
    ControlPlaneConfig toConfig(int serverPort) {
        long definitionBytes = maxDefinitionSize != null ? maxDefinitionSize.toBytes()
                : ControlPlaneConfig.DEFAULT_MAX_DEFINITION_BYTES;
        if (definitionBytes > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(
                    "amphora.control-plane.max-definition-size must be at most 1GB, got " + maxDefinitionSize);
        }
        return new ControlPlaneConfig(
                accountId != null ? accountId : ControlPlaneConfig.DEFAULT_ACCOUNT_ID,
                region != null ? region : ControlPlaneConfig.DEFAULT_REGION,
                publicUrl != null ? publicUrl : URI.create("http://localhost:" + serverPort),
                maxWorkspaces != null ? maxWorkspaces : ControlPlaneConfig.DEFAULT_MAX_WORKSPACES,
                maxRuleGroupsNamespaces != null ? maxRuleGroupsNamespaces
                        : ControlPlaneConfig.DEFAULT_MAX_RULE_GROUPS_NAMESPACES,
                (int) definitionBytes,
                defaultRetentionPeriodDays != null ? defaultRetentionPeriodDays
                        : ControlPlaneConfig.DEFAULT_RETENTION_PERIOD_DAYS,
                transitionDelay != null ? transitionDelay : ControlPlaneConfig.DEFAULT_TRANSITION_DELAY,
                deletionRetryMinBackoff != null ? deletionRetryMinBackoff
                        : ControlPlaneConfig.DEFAULT_DELETION_RETRY_MIN_BACKOFF,
                deletionRetryMaxBackoff != null ? deletionRetryMaxBackoff
                        : ControlPlaneConfig.DEFAULT_DELETION_RETRY_MAX_BACKOFF)
                .validate();
    }
}
