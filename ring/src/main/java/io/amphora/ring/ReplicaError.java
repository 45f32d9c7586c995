package io.amphora.ring;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Why one replica did not acknowledge a call.
 *
 * @param clientError true when the replica refused the input itself (a 4xx-class error that retrying cannot fix);
 *         false for server-side failures, including timeouts and unreachable replicas (5xx-class)
 */
public record ReplicaError(String instanceId, boolean clientError, String message, Throwable cause) {
    public ReplicaError {
        requireNonNull(instanceId, "instanceId is null");
        requireNonNull(message, "message is null");
        requireNonNull(cause, "cause is null");
    }

    /** Builds the error for {@code failure} (unwrapping future wrappers) as {@code isClientError} classifies it. */
    static ReplicaError of(String instanceId, Throwable failure, Predicate<Throwable> isClientError) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return new ReplicaError(instanceId, isClientError.test(cause), message, cause);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
