package io.amphora.gateway.policy;

import static java.util.Objects.requireNonNull;

/**
 * A policy attached to a principal: a managed policy under its name, or an inline policy under the name the
 * credentials file gives it. The name appears in access-denied diagnostics.
 */
public record AttachedPolicy(String name, PolicyDocument document) {
    public AttachedPolicy {
        requireNonNull(name, "name is null");
        requireNonNull(document, "document is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("policy name is blank");
        }
    }
}
