package io.amphora.gateway.policy;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * IAM's evaluation logic for identity-based policies: an explicit {@code Deny} in any statement wins; otherwise any
 * {@code Allow} allows; otherwise the request is implicitly denied. Stateless and thread-safe.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /**
     * Evaluates {@code policies} for {@code action} (like {@code aps:QueryMetrics}) on {@code resource} (an ARN, or
     * {@code *} for actions that name no resource).
     */
    public static AccessDecision evaluate(List<AttachedPolicy> policies, String action, String resource) {
        requireNonNull(policies, "policies is null");
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
        AccessDecision allow = null;
        for (AttachedPolicy policy : policies) {
            for (Statement statement : policy.document().statements()) {
                if (!statement.matches(action, resource)) {
                    continue;
                }
                if (statement.effect() == Effect.DENY) {
                    return new AccessDecision(AccessDecision.Outcome.EXPLICIT_DENY, Optional.of(policy.name()),
                            statement.sid());
                }
                if (allow == null) {
                    allow = new AccessDecision(AccessDecision.Outcome.ALLOWED, Optional.of(policy.name()), statement.sid());
                }
            }
        }
        return allow != null ? allow
                : new AccessDecision(AccessDecision.Outcome.IMPLICIT_DENY, Optional.empty(), Optional.empty());
    }
}
