package io.amphora.gateway.credentials;

import io.amphora.gateway.policy.AttachedPolicy;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Who a request acts as: the principal and every policy attached to it (managed and inline), in the order the
 * credentials file lists them.
 */
public record Identity(Principal principal, List<AttachedPolicy> policies) {
    public Identity {
        requireNonNull(principal, "principal is null");
        policies = List.copyOf(requireNonNull(policies, "policies is null"));
    }
}
