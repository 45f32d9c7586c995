package io.amphora.promql.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Per-query settings, as the HTTP API's {@code lookback_delta}, {@code stats=all} and {@code timeout} parameters
 * and the caller's cancellation set them.
 *
 * @param lookbackDelta overrides the engine's lookback delta; null for the engine's
 * @param timeout overrides the engine's timeout when shorter; null for the engine's
 * @param perStepStats collect {@link QueryStats#totalSamplesPerStep()}
 * @param cancelled polled while evaluating; when it returns true the query fails with {@link QueryErrorType#CANCELED}
 */
public record QueryOptions(Duration lookbackDelta, Duration timeout, boolean perStepStats, BooleanSupplier cancelled) {
    public static final QueryOptions DEFAULT = new QueryOptions(null, null, false, () -> false);

    public QueryOptions {
        requireNonNull(cancelled, "cancelled is null");
        if (lookbackDelta != null && (lookbackDelta.isNegative() || lookbackDelta.isZero())) {
            throw new IllegalArgumentException("lookbackDelta must be positive, got " + lookbackDelta);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }
}
