package io.amphora.ring.kv;

import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Read-decide-write against a {@link KvStore} until the write is not overtaken, as Cortex's {@code kv.Client.CAS}
 * does with its callback: the step sees the current value, decides, and on a conflict sees the newer value and
 * decides again.
 */
public final class CasLoop {
    private CasLoop() {}

    /**
     * The result of the step whose decision held, and the state of the key it left behind.
     *
     * @param current the value written, or the value the step chose to keep; empty when the key is absent
     * @param attempts how many compare-and-set calls were made (0 when the step kept the value on its first look)
     */
    public record Outcome<R>(R result, Optional<Versioned<byte[]>> current, int attempts) {
        public Outcome {
            requireNonNull(result, "result is null");
            requireNonNull(current, "current is null");
        }
    }

    /**
     * Runs {@code step} on the current value of {@code key} and applies its decision, re-reading and asking again
     * whenever another writer got there first. The step may be called several times and must not have side effects
     * beyond computing its decision.
     *
     * @throws CasConflictException after {@code maxAttempts} lost races
     */
    public static <R> Outcome<R> update(KvStore store, String key, int maxAttempts,
            Function<Optional<Versioned<byte[]>>, CasUpdate<R>> step) {
        requireNonNull(store, "store is null");
        requireNonNull(key, "key is null");
        requireNonNull(step, "step is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        int attempts = 0;
        while (true) {
            Optional<Versioned<byte[]>> current = store.get(key);
            CasUpdate<R> update = requireNonNull(step.apply(current), "step returned null");
            long expected = current.map(Versioned::version).orElse(0L);
            CasResult result;
            Optional<Versioned<byte[]>> after;
            switch (update) {
                case CasUpdate.Keep<R> keep -> {
                    return new Outcome<>(keep.result(), current, attempts);
                }
                case CasUpdate.Delete<R> delete -> {
                    if (current.isEmpty()) {
                        return new Outcome<>(delete.result(), current, attempts);
                    }
                    result = store.delete(key, expected);
                    after = Optional.empty();
                }
                case CasUpdate.Write<R> write -> {
                    result = store.cas(key, expected, write.value());
                    after = result.applied() ? Optional.of(new Versioned<>(result.version(), write.value().clone()))
                            : Optional.empty();
                }
            }
            attempts++;
            if (result.applied()) {
                return new Outcome<>(update.result(), after, attempts);
            }
            if (attempts >= maxAttempts) {
                throw new CasConflictException(key, attempts);
            }
        }
    }
}
