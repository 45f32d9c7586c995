package io.amphora.ring;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for hand-placed rings in tests. */
final class RingFixtures {
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private RingFixtures() {}

    static InstanceDesc instance(String id, int... tokens) {
        return instance(id, "", tokens);
    }

    static InstanceDesc instance(String id, String zone, int... tokens) {
        return new InstanceDesc(id, id + ":9095", zone, InstanceState.ACTIVE, tokens, NOW);
    }

    static RingDesc ring(InstanceDesc... instances) {
        return ring(List.of(instances));
    }

    static RingDesc ring(List<InstanceDesc> instances) {
        Map<String, InstanceDesc> byId = new HashMap<>();
        for (InstanceDesc instance : instances) {
            byId.put(instance.id(), instance);
        }
        return new RingDesc(byId);
    }
}
