package io.amphora.ring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a call to every replica of a {@link ReplicationSet} went, as far as it had gone when the outcome was decided.
 *
 * @param succeeded whether a quorum acknowledged
 * @param responses by instance id, in completion order; values may be {@code null} (e.g. for {@code Void} calls)
 * @param errors one per replica that failed or had not answered when the outcome was decided
 */
public record QuorumResult<T>(boolean succeeded, Map<String, T> responses, List<ReplicaError> errors) {
    public QuorumResult {
        requireNonNull(responses, "responses is null");
        responses = Collections.unmodifiableMap(new LinkedHashMap<>(responses));
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        if (!succeeded && errors.isEmpty()) {
            throw new IllegalArgumentException("a failed quorum has at least one error");
        }
    }

    /**
     * The error to report for a failed call: a server-side one (the sender retries) when any replica failed
     * server-side, a client error only when every failure was the client's; empty when the call succeeded.
     */
    public Optional<ReplicaError> error() {
        if (succeeded) {
            return Optional.empty();
        }
        return errors.stream().filter(e -> !e.clientError()).findFirst().or(() -> Optional.of(errors.getFirst()));
    }
}
