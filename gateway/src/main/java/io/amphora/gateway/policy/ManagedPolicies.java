package io.amphora.gateway.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The AWS managed policies for Amazon Managed Service for Prometheus that Amphora knows by name, with the statements
 * of their published default versions that concern {@code aps} actions:
 *
 * <ul>
 *   <li>{@value #FULL_ACCESS} (v2): statement {@code AllPrometheusActions}, {@code aps:*} on {@code *}. Its other
 *       statements grant EKS, EC2 and IAM actions under conditions, for the managed scraper; they concern nothing
 *       Amphora serves and are left out.
 *   <li>{@value #REMOTE_WRITE_ACCESS} (v1): {@code aps:RemoteWrite} on {@code *}.
 *   <li>{@value #QUERY_ACCESS} (v1): {@code aps:GetLabels}, {@code aps:GetMetricMetadata}, {@code aps:GetSeries}
 *       and {@code aps:QueryMetrics} on {@code *}.
 * </ul>
 */
public final class ManagedPolicies {
    public static final String FULL_ACCESS = "AmazonPrometheusFullAccess";
    public static final String REMOTE_WRITE_ACCESS = "AmazonPrometheusRemoteWriteAccess";
    public static final String QUERY_ACCESS = "AmazonPrometheusQueryAccess";

    private static final Map<String, PolicyDocument> POLICIES = Map.of(
            FULL_ACCESS, allow(Optional.of("AllPrometheusActions"), List.of("aps:*")),
            REMOTE_WRITE_ACCESS, allow(Optional.empty(), List.of("aps:RemoteWrite")),
            QUERY_ACCESS, allow(Optional.empty(),
                    List.of("aps:GetLabels", "aps:GetMetricMetadata", "aps:GetSeries", "aps:QueryMetrics")));

    private ManagedPolicies() {}

    /** The managed policy called {@code name} (exact case), if Amphora knows it. */
    public static Optional<AttachedPolicy> byName(String name) {
        requireNonNull(name, "name is null");
        return Optional.ofNullable(POLICIES.get(name)).map(document -> new AttachedPolicy(name, document));
    }

    /** The names of the managed policies Amphora knows. */
    public static Set<String> names() {
        return POLICIES.keySet();
    }

    private static PolicyDocument allow(Optional<String> sid, List<String> actions) {
        return new PolicyDocument(PolicyDocument.VERSION_2012_10_17, List.of(new Statement(sid, Effect.ALLOW, false,
                actions.stream().map(ActionPattern::new).toList(), false, List.of(new ResourcePattern("*")))));
    }
}
