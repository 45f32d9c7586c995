package io.amphora.ring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The healthy owners of one key and how many of them may fail before a write to them fails, as
 * {@link HashRing#get} returns them.
 *
 * <p>The quorum is {@code replicationFactor / 2 + 1}. When every owner is healthy, {@code maxErrors} is
 * {@code replicationFactor - quorum} (1 for RF 3, 0 for RF 1); each unhealthy owner, having been left out, lowers it by
 * one, since its share of the quorum must come from the others.
 *
 * @param instances the replicas to call, in ring order
 * @param maxErrors how many of them may fail while the call still succeeds
 */
public record ReplicationSet(List<InstanceDesc> instances, int maxErrors) {
    public ReplicationSet {
        instances = List.copyOf(requireNonNull(instances, "instances is null"));
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("a replication set has at least one instance");
        }
        if (maxErrors < 0 || maxErrors >= instances.size()) {
            throw new IllegalArgumentException("maxErrors must be in [0, " + instances.size() + "): " + maxErrors);
        }
        Set<String> ids = new HashSet<>();
        for (InstanceDesc instance : instances) {
            if (!ids.add(instance.id())) {
                throw new IllegalArgumentException("instance " + instance.id() + " appears twice");
            }
        }
    }

    /** How many replicas must succeed. */
    public int quorum() {
        return instances.size() - maxErrors;
    }

    /**
     * Calls every replica at once and returns as soon as the outcome is known: success once {@link #quorum()}
     * replicas succeeded, failure as soon as more than {@link #maxErrors()} failed, or at {@code timeout}, when the
     * replicas that have not answered count as (server-side) failures. Calls still running then are neither waited
     * for nor cancelled, so a slow replica still gets the write.
     *
     * @param call starts the call to one replica; it should not block. An exception it throws counts as that
     *         replica's failure.
     * @param isClientError classifies a replica's failure (already unwrapped from {@link java.util.concurrent.CompletionException})
     *         as the client's fault (4xx-class); other failures are server-side
     */
    public <T> QuorumResult<T> doUntilQuorum(Function<InstanceDesc, CompletableFuture<T>> call,
            Predicate<Throwable> isClientError, Duration timeout) {
        requireNonNull(call, "call is null");
        requireNonNull(isClientError, "isClientError is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Tracker<T> tracker = new Tracker<>(instances.size() - maxErrors, maxErrors, isClientError);
        for (InstanceDesc instance : instances) {
            CompletableFuture<T> future;
            try {
                future = requireNonNull(call.apply(instance), "call returned null");
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((value, failure) -> tracker.record(instance.id(), value, failure));
        }
        try {
            tracker.decided.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            tracker.giveUp(instances, new TimeoutException("no answer within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.giveUp(instances, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the decision future is only ever completed normally", e);
        }
        return tracker.result();
    }

    /** Counts answers until the outcome is decided; answers after that are ignored. */
    private static final class Tracker<T> {
        final CompletableFuture<Void> decided = new CompletableFuture<>();
        private final int quorum;
        private final int maxErrors;
        private final Predicate<Throwable> isClientError;
        /** Guarded by {@code this}, like the fields below. */
        private final Map<String, T> responses = new LinkedHashMap<>();
        private final List<ReplicaError> errors = new ArrayList<>();
        private final Set<String> answered = new HashSet<>();
        private boolean done;
        private boolean succeeded;

        Tracker(int quorum, int maxErrors, Predicate<Throwable> isClientError) {
            this.quorum = quorum;
            this.maxErrors = maxErrors;
            this.isClientError = isClientError;
        }

        synchronized void record(String instanceId, T value, Throwable failure) {
            if (done) {
                return;
            }
            answered.add(instanceId);
            if (failure == null) {
                responses.put(instanceId, value);
                if (responses.size() >= quorum) {
                    succeeded = true;
                    finish();
                }
            } else {
                errors.add(ReplicaError.of(instanceId, failure, isClientError));
                if (errors.size() > maxErrors) {
                    finish();
                }
            }
        }

        synchronized void giveUp(List<InstanceDesc> instances, Throwable reason) {
            if (done) {
                return;
            }
            for (InstanceDesc instance : instances) {
                if (!answered.contains(instance.id())) {
                    errors.add(new ReplicaError(instance.id(), false, reason.getMessage() != null
                            ? reason.getMessage() : reason.getClass().getName(), reason));
                }
            }
            finish();
        }

        private void finish() {
            done = true;
            decided.complete(null);
        }

        synchronized QuorumResult<T> result() {
            return new QuorumResult<>(succeeded, responses, errors);
        }
    }
}
