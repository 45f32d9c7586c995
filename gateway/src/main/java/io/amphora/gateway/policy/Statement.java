package io.amphora.gateway.policy;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One statement of an identity-based policy.
 *
 * @param sid the statement id, if the document gave one
 * @param effect what the statement does to the requests it matches
 * @param notAction whether {@code actions} lists the actions the statement does <em>not</em> cover ({@code NotAction})
 * @param actions the {@code Action} (or {@code NotAction}) patterns; never empty
 * @param notResource whether {@code resources} lists the resources the statement does not cover ({@code NotResource})
 * @param resources the {@code Resource} (or {@code NotResource}) patterns; never empty
 */
public record Statement(Optional<String> sid, Effect effect, boolean notAction, List<ActionPattern> actions,
                        boolean notResource, List<ResourcePattern> resources) {
    public Statement {
        requireNonNull(sid, "sid is null");
        requireNonNull(effect, "effect is null");
        actions = List.copyOf(requireNonNull(actions, "actions is null"));
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one action pattern");
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a statement needs at least one resource pattern");
        }
    }

    /** Whether this statement covers {@code action} on {@code resource}. */
    public boolean matches(String action, String resource) {
        boolean actionListed = actions.stream().anyMatch(pattern -> pattern.matches(action));
        boolean resourceListed = resources.stream().anyMatch(pattern -> pattern.matches(resource));
        return actionListed != notAction && resourceListed != notResource;
    }
}
