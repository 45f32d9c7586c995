package io.amphora.controlplane;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the control plane.
 *
 * @param accountId the 12-digit account id in the ARNs the control plane issues and accepts
 * @param region the region in those ARNs, e.g. {@code us-east-1}
 * @param publicUrl the base URL clients reach Amphora at; a workspace's {@code prometheusEndpoint} is
 *     {@code <publicUrl>/workspaces/<id>/}
 * @param maxWorkspaces workspaces the account may hold at once, in any status (the managed service's quota per
 *     region and account)
 * @param maxRuleGroupsNamespaces rule groups namespaces one workspace may hold
 * @param maxDefinitionBytes the largest rule file or alert manager definition, in bytes of YAML
 * @param defaultRetentionPeriodDays the retention of a new workspace
 * @param transitionDelay how long after it was accepted a change is reported done ({@code CREATING}, {@code UPDATING}
 *     → {@code ACTIVE}); zero makes it as soon as the background thread gets to it
 * @param deletionRetryMinBackoff the wait before retrying a failed deletion of a workspace's data the first time
 * @param deletionRetryMaxBackoff the longest wait between retries; the wait doubles up to it
 */
public record ControlPlaneConfig(String accountId, String region, URI publicUrl, int maxWorkspaces,
        int maxRuleGroupsNamespaces, int maxDefinitionBytes, int defaultRetentionPeriodDays, Duration transitionDelay,
        Duration deletionRetryMinBackoff, Duration deletionRetryMaxBackoff) {
    /** The account of the ARNs of a deployment that sets none: obviously not a real AWS account. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final URI DEFAULT_PUBLIC_URL = URI.create("http://localhost:8080");
    public static final int DEFAULT_MAX_WORKSPACES = 25;
    public static final int DEFAULT_MAX_RULE_GROUPS_NAMESPACES = 100;
    /** The managed service's limit on a rule file and on an alert manager definition: 1 MiB. */
    public static final int DEFAULT_MAX_DEFINITION_BYTES = 1 << 20;
    public static final int DEFAULT_RETENTION_PERIOD_DAYS = 150;
    /** The longest retention a workspace may be configured with, as the managed service allows. */
    public static final int MAX_RETENTION_PERIOD_DAYS = 1095;
    public static final Duration DEFAULT_TRANSITION_DELAY = Duration.ZERO;
    public static final Duration DEFAULT_DELETION_RETRY_MIN_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DELETION_RETRY_MAX_BACKOFF = Duration.ofMinutes(5);

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    public ControlPlaneConfig {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(region, "region is null");
        requireNonNull(publicUrl, "publicUrl is null");
        requireNonNull(transitionDelay, "transitionDelay is null");
        requireNonNull(deletionRetryMinBackoff, "deletionRetryMinBackoff is null");
        requireNonNull(deletionRetryMaxBackoff, "deletionRetryMaxBackoff is null");
    }

    public static ControlPlaneConfig defaults() {
        return new ControlPlaneConfig(DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_PUBLIC_URL, DEFAULT_MAX_WORKSPACES,
                DEFAULT_MAX_RULE_GROUPS_NAMESPACES, DEFAULT_MAX_DEFINITION_BYTES, DEFAULT_RETENTION_PERIOD_DAYS,
                DEFAULT_TRANSITION_DELAY, DEFAULT_DELETION_RETRY_MIN_BACKOFF, DEFAULT_DELETION_RETRY_MAX_BACKOFF);
    }

    /**
     * @return this configuration
     * @throws IllegalArgumentException naming the first setting that is not valid, by its property name
     */
    public ControlPlaneConfig validate() {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException(
                    "amphora.control-plane.account-id must be 12 digits, got '" + accountId + "'");
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(
                    "amphora.control-plane.region must be a region name such as us-east-1, got '" + region + "'");
        }
        String scheme = publicUrl.getScheme();
        if (!publicUrl.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme)) || publicUrl.getHost() == null
                || publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "amphora.control-plane.public-url must be an http or https URL with a host, got '" + publicUrl + "'");
        }
        positive(maxWorkspaces, "max-workspaces");
        positive(maxRuleGroupsNamespaces, "max-rule-groups-namespaces");
        positive(maxDefinitionBytes, "max-definition-size");
        if (defaultRetentionPeriodDays < 1 || defaultRetentionPeriodDays > MAX_RETENTION_PERIOD_DAYS) {
            throw new IllegalArgumentException("amphora.control-plane.default-retention-period-days must be within 1.."
                    + MAX_RETENTION_PERIOD_DAYS + ", got " + defaultRetentionPeriodDays);
        }
        if (transitionDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "amphora.control-plane.transition-delay must not be negative, got " + transitionDelay);
        }
        if (deletionRetryMinBackoff.isNegative() || deletionRetryMinBackoff.isZero()) {
            throw new IllegalArgumentException("amphora.control-plane.deletion-retry-min-backoff must be positive, got "
                    + deletionRetryMinBackoff);
        }
        if (deletionRetryMaxBackoff.compareTo(deletionRetryMinBackoff) < 0) {
            throw new IllegalArgumentException("amphora.control-plane.deletion-retry-max-backoff must be at least "
                    + "deletion-retry-min-backoff (" + deletionRetryMinBackoff + "), got " + deletionRetryMaxBackoff);
        }
        return this;
    }

    /** {@code <publicUrl>/workspaces/<id>/}, whether or not the public URL ends with a slash. */
    public String prometheusEndpoint(String workspaceId) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base : base + "/") + "workspaces/" + workspaceId + "/";
    }

    private static void positive(int value, String property) {
        if (value < 1) {
            throw new IllegalArgumentException("amphora.control-plane." + property + " must be positive, got " + value);
        }
    }
}
