package io.amphora.gateway.policy;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of evaluating a principal's policies for one action on one resource.
 *
 * @param outcome allowed, or why not
 * @param policyName the policy whose statement decided ({@link Outcome#ALLOWED} and {@link Outcome#EXPLICIT_DENY});
 *     empty for an implicit deny
 * @param sid the {@code Sid} of that statement, when it has one
 */
public record AccessDecision(Outcome outcome, Optional<String> policyName, Optional<String> sid) {
    /** The error type the managed service answers a denied request with (HTTP 403). */
    public static final String ERROR_TYPE = "AccessDeniedException";

    public AccessDecision {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(policyName, "policyName is null");
        requireNonNull(sid, "sid is null");
        if (outcome == Outcome.IMPLICIT_DENY && (policyName.isPresent() || sid.isPresent())) {
            throw new IllegalArgumentException("an implicit deny has no deciding statement");
        }
        if (outcome != Outcome.IMPLICIT_DENY && policyName.isEmpty()) {
            throw new IllegalArgumentException(outcome + " needs the deciding policy");
        }
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    /**
     * The IAM wording for a denied request, e.g. {@code User: arn:aws:iam::123456789012:user/bob is not authorized to
     * perform: aps:QueryMetrics on resource: arn:aws:aps:...:workspace/ws-1 because no identity-based policy allows
     * the aps:QueryMetrics action}.
     *
     * @throws IllegalStateException when the request was allowed
     */
    public String denialMessage(String principalArn, String action, String resource) {
        String prefix = "User: " + principalArn + " is not authorized to perform: " + action + " on resource: " + resource;
        return switch (outcome) {
            case ALLOWED -> throw new IllegalStateException("the request was allowed");
            case EXPLICIT_DENY -> prefix + " with an explicit deny in an identity-based policy";
            case IMPLICIT_DENY -> prefix + " because no identity-based policy allows the " + action + " action";
        };
    }

    public enum Outcome {
        /** A statement allows the request and none denies it. */
        ALLOWED,
        /** A statement denies the request; nothing can override that. */
        EXPLICIT_DENY,
        /** No statement allows the request. */
        IMPLICIT_DENY
    }
}
