package io.amphora.ring;

import java.time.Instant;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * One member of a ring, as stored in its {@link RingDesc}.
 *
 * @param id unique within the ring (e.g. the pod name)
 * @param address where clients reach it ({@code host:port})
 * @param zone its availability zone, or {@code ""} when zones are not used
 * @param tokens the points it owns on the ring, strictly ascending (signed {@code int} order); copied in and out
 * @param lastHeartbeat when it last proved it is alive, by its own clock
 */
public record InstanceDesc(String id, String address, String zone, InstanceState state, int[] tokens,
        Instant lastHeartbeat) {
    public InstanceDesc {
        requireNonNull(id, "id is null");
        requireNonNull(address, "address is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(state, "state is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(lastHeartbeat, "lastHeartbeat is null");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("instance id is empty");
        }
        tokens = tokens.clone();
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i - 1] >= tokens[i]) {
                throw new IllegalArgumentException("tokens of instance " + id + " are not strictly ascending at index "
                        + i + ": " + tokens[i - 1] + " then " + tokens[i]);
            }
        }
    }

    /** A copy of the tokens. */
    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public int tokenCount() {
        return tokens.length;
    }

    public InstanceDesc withState(InstanceState newState) {
        return new InstanceDesc(id, address, zone, newState, tokens, lastHeartbeat);
    }

    public InstanceDesc withHeartbeat(Instant heartbeat) {
        return new InstanceDesc(id, address, zone, state, tokens, heartbeat);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceDesc other && id.equals(other.id) && address.equals(other.address)
                && zone.equals(other.zone) && state == other.state && Arrays.equals(tokens, other.tokens)
                && lastHeartbeat.equals(other.lastHeartbeat);
    }

    @Override
    public int hashCode() {
        return ((id.hashCode() * 31 + address.hashCode()) * 31 + state.hashCode()) * 31 + Arrays.hashCode(tokens);
    }

    @Override
    public String toString() {
        return "InstanceDesc[id=" + id + ", address=" + address + ", zone=" + zone + ", state=" + state
                + ", tokens=" + tokens.length + ", lastHeartbeat=" + lastHeartbeat + "]";
    }
}
