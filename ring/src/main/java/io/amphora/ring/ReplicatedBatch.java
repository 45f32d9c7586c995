package io.amphora.ring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Sends many items (series, keyed by their hash) to their replicas with one call per instance, and judges each item
 * by its own quorum, like Cortex's {@code ring.DoBatch}: an item succeeds once a quorum of its replicas acknowledged
 * the calls that carried it, and fails once more than its {@link ReplicationSet#maxErrors()} replicas failed.
 */
public final class ReplicatedBatch {
    /** Sends the items at {@code itemIndexes} (ascending) to one instance; should start the call and not block. */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<?> send(InstanceDesc instance, int[] itemIndexes);
    }

    private ReplicatedBatch() {}

    /**
     * Looks up the replicas of every key, calls {@code sender} once per instance involved, and waits until every item
     * has succeeded or failed, or until {@code timeout}, when the calls that have not answered count as server-side
     * failures. Calls still running are neither waited for nor cancelled.
     *
     * @param keyHashes one hash per item; item {@code i} is {@code keyHashes[i]}
     * @param isClientError classifies a failed call as the client's fault (4xx-class)
     * @throws TooFewReplicasException when some key has fewer healthy replicas than a quorum; nothing is sent then
     */
    public static BatchResult run(HashRing ring, int[] keyHashes, int replicationFactor, Sender sender,
            Predicate<Throwable> isClientError, Duration timeout) {
        requireNonNull(ring, "ring is null");
        requireNonNull(keyHashes, "keyHashes is null");
        requireNonNull(sender, "sender is null");
        requireNonNull(isClientError, "isClientError is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        int items = keyHashes.length;
        Tracker tracker = new Tracker(items, isClientError);
        Map<String, Assignment> assignments = new LinkedHashMap<>();
        Instant now = ring.now();
        for (int item = 0; item < items; item++) {
            ReplicationSet set = ring.get(keyHashes[item], replicationFactor, now);
            tracker.quorum[item] = set.quorum();
            tracker.maxErrors[item] = set.maxErrors();
            for (InstanceDesc instance : set.instances()) {
                assignments.computeIfAbsent(instance.id(), id -> new Assignment(instance)).add(item);
            }
        }
        if (items == 0) {
            return tracker.result();
        }
        for (Assignment assignment : assignments.values()) {
            int[] indexes = assignment.indexes();
            CompletableFuture<?> future;
            try {
                future = requireNonNull(sender.send(assignment.instance, indexes.clone()), "sender returned null");
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((ignored, failure) -> tracker.record(assignment.instance.id(), indexes, failure));
        }
        try {
            tracker.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            tracker.giveUp(assignments.values(), new TimeoutException("no answer within " + timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.giveUp(assignments.values(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the completion future is only ever completed normally", e);
        }
        return tracker.result();
    }

    /** The items going to one instance. */
    private static final class Assignment {
        final InstanceDesc instance;
        private int[] items = new int[8];
        private int size;

        Assignment(InstanceDesc instance) {
            this.instance = instance;
        }

        void add(int item) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }

        int[] indexes() {
            return Arrays.copyOf(items, size);
        }
    }

    /** Per-item counts; every field is guarded by {@code this} once calls have started. */
    private static final class Tracker {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final int[] quorum;
        final int[] maxErrors;
        private final Predicate<Throwable> isClientError;
        private final int[] successes;
        private final int[] failures;
        /** The first server-side failure of each item, if it has had one. */
        private final ReplicaError[] serverError;
        private final BitSet resolved = new BitSet();
        private final BitSet failed = new BitSet();
        private final List<ReplicaError> errors = new ArrayList<>();
        private final Set<String> answered = new HashSet<>();
        private ReplicaError firstServerError;
        private ReplicaError firstClientError;
        private int pending;
        private boolean finished;

        Tracker(int items, Predicate<Throwable> isClientError) {
            this.quorum = new int[items];
            this.maxErrors = new int[items];
            this.successes = new int[items];
            this.failures = new int[items];
            this.serverError = new ReplicaError[items];
            this.isClientError = isClientError;
            this.pending = items;
        }

        synchronized void record(String instanceId, int[] indexes, Throwable failure) {
            if (finished || !answered.add(instanceId)) {
                return;
            }
            ReplicaError error = failure == null ? null : ReplicaError.of(instanceId, failure, isClientError);
            apply(indexes, error);
        }

        synchronized void giveUp(Iterable<Assignment> assignments, Throwable reason) {
            if (finished) {
                return;
            }
            String message = reason.getMessage() != null ? reason.getMessage() : reason.getClass().getName();
            for (Assignment assignment : assignments) {
                if (answered.add(assignment.instance.id())) {
                    apply(assignment.indexes(), new ReplicaError(assignment.instance.id(), false, message, reason));
                }
            }
            // Every instance has now answered, so every item has enough answers to be resolved.
            finish();
        }

        private void apply(int[] indexes, ReplicaError error) {
            if (error != null) {
                errors.add(error);
            }
            for (int item : indexes) {
                if (resolved.get(item)) {
                    continue;
                }
                if (error == null) {
                    if (++successes[item] >= quorum[item]) {
                        resolve(item);
                    }
                    continue;
                }
                if (!error.clientError() && serverError[item] == null) {
                    serverError[item] = error;
                }
                if (++failures[item] > maxErrors[item]) {
                    failed.set(item);
                    if (serverError[item] != null) {
                        if (firstServerError == null) {
                            firstServerError = serverError[item];
                        }
                    } else if (firstClientError == null) {
                        firstClientError = error;
                    }
                    resolve(item);
                }
            }
        }

        private void resolve(int item) {
            resolved.set(item);
            if (--pending == 0) {
                finish();
            }
        }

        private void finish() {
            finished = true;
            done.complete(null);
        }

        synchronized BatchResult result() {
            Optional<ReplicaError> error = failed.isEmpty() ? Optional.empty()
                    : Optional.of(firstServerError != null ? firstServerError : firstClientError);
            return new BatchResult(quorum.length, failed, error, errors);
        }
    }
}
