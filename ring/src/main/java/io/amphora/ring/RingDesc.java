package io.amphora.ring;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The whole membership of a ring: what lives in the {@link io.amphora.ring.kv.KvStore} under a ring key
 * (see {@link RingKeys}), encoded by {@link RingDescCodec}. Immutable; changes make a new descriptor.
 *
 * @param instances by {@link InstanceDesc#id()}; no two instances claim the same token
 */
public record RingDesc(Map<String, InstanceDesc> instances) {
    public static final RingDesc EMPTY = new RingDesc(Map.of());

    public RingDesc {
        instances = Map.copyOf(requireNonNull(instances, "instances is null"));
        for (Map.Entry<String, InstanceDesc> e : instances.entrySet()) {
            if (!e.getKey().equals(e.getValue().id())) {
                throw new IllegalArgumentException("instance " + e.getValue().id() + " is filed under id " + e.getKey());
            }
        }
        int[] all = sortedTokens(instances.values());
        for (int i = 1; i < all.length; i++) {
            if (all[i - 1] == all[i]) {
                throw new IllegalArgumentException("token " + all[i] + " is claimed by more than one instance");
            }
        }
    }

    public Optional<InstanceDesc> instance(String id) {
        return Optional.ofNullable(instances.get(requireNonNull(id, "id is null")));
    }

    /** This ring with {@code instance} added, or replacing the instance with the same id. */
    public RingDesc with(InstanceDesc instance) {
        requireNonNull(instance, "instance is null");
        Map<String, InstanceDesc> copy = new HashMap<>(instances);
        copy.put(instance.id(), instance);
        return new RingDesc(copy);
    }

    /** This ring without the instance {@code id}; unchanged when there is none. */
    public RingDesc without(String id) {
        requireNonNull(id, "id is null");
        if (!instances.containsKey(id)) {
            return this;
        }
        Map<String, InstanceDesc> copy = new HashMap<>(instances);
        copy.remove(id);
        return new RingDesc(copy);
    }

    /** Every token any instance owns, ascending. */
    public int[] tokens() {
        return sortedTokens(instances.values());
    }

    private static int[] sortedTokens(Collection<InstanceDesc> instances) {
        int total = 0;
        for (InstanceDesc instance : instances) {
            total += instance.tokenCount();
        }
        int[] all = new int[total];
        int n = 0;
        for (InstanceDesc instance : instances) {
            int[] tokens = instance.tokens();
            System.arraycopy(tokens, 0, all, n, tokens.length);
            n += tokens.length;
        }
        Arrays.sort(all);
        return all;
    }
}
