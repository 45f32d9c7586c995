package io.amphora.ring.kv;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link CasLoop} step decided to do with the value it was shown, and what to return when that works out.
 *
 * @param <R> the caller's result
 */
public sealed interface CasUpdate<R> {
    R result();

    /** Replace (or create) the value. */
    static <R> CasUpdate<R> write(byte[] value, R result) {
        return new Write<>(value, result);
    }

    /** Remove the key; for an absent key this is the same as {@link #keep}. */
    static <R> CasUpdate<R> delete(R result) {
        return new Delete<>(result);
    }

    /** Leave the store as it is. */
    static <R> CasUpdate<R> keep(R result) {
        return new Keep<>(result);
    }

    record Write<R>(byte[] value, R result) implements CasUpdate<R> {
        public Write {
            requireNonNull(value, "value is null");
            requireNonNull(result, "result is null");
        }
    }

    record Delete<R>(R result) implements CasUpdate<R> {
        public Delete {
            requireNonNull(result, "result is null");
        }
    }

    record Keep<R>(R result) implements CasUpdate<R> {
        public Keep {
            requireNonNull(result, "result is null");
        }
    }
}
