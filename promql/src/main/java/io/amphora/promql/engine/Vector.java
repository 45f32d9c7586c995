package io.amphora.promql.engine;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An instant vector result. The order is the engine's output order (meaningful after {@code sort}, {@code topk}
 * and the like); label sets are distinct.
 */
public record Vector(List<Sample> samples) implements QueryValue {
    public Vector {
        samples = List.copyOf(requireNonNull(samples, "samples is null"));
    }
}
