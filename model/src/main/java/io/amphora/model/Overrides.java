package io.amphora.model;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Looks up the limits in force for a workspace (Mimir's {@code validation.Overrides}). Implementations may change
 * their answers over time (a reloaded runtime file); callers look limits up per request and never cache them.
 */
@FunctionalInterface
public interface Overrides {
    Limits forTenant(TenantId tenant);

    /** The same limits for every workspace. */
    static Overrides of(Limits limits) {
        requireNonNull(limits, "limits is null");
        return tenant -> limits;
    }

    /** {@code defaults} for every workspace except those listed. */
    static Overrides of(Limits defaults, Map<TenantId, Limits> perTenant) {
        requireNonNull(defaults, "defaults is null");
        Map<TenantId, Limits> copy = Map.copyOf(perTenant);
        return tenant -> copy.getOrDefault(tenant, defaults);
    }
}
