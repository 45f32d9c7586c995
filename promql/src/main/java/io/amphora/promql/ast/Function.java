package io.amphora.promql.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A PromQL function's signature, as in Prometheus's function table.
 *
 * @param argTypes the types of the arguments; with {@link #variadic()} the last one repeats
 * @param variadic 0 for a fixed argument list; {@code n > 0} when the last argument is optional and may repeat up
 *         to {@code n} times in all ({@code round(v, 1)}: the to-nearest argument is optional); -1 for no upper bound
 *         ({@code label_join})
 * @param experimental only accepted with Prometheus's {@code promql-experimental-functions} feature
 */
public record Function(
        String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {
    public Function {
        requireNonNull(name, "name is null");
        argTypes = List.copyOf(requireNonNull(argTypes, "argTypes is null"));
        requireNonNull(returnType, "returnType is null");
        if (variadic < -1) {
            throw new IllegalArgumentException("variadic must be >= -1: " + variadic);
        }
        if (variadic != 0 && argTypes.isEmpty()) {
            throw new IllegalArgumentException(name + " is variadic without arguments");
        }
    }

    /** The fewest arguments a call may have. */
    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** The most arguments a call may have; {@link Integer#MAX_VALUE} when unbounded. */
    public int maxArgs() {
        if (variadic == 0) {
            return argTypes.size();
        }
        return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
    }

    /** The type argument {@code index} must have; arguments past the list take the last type. */
    public ValueType argType(int index) {
        return argTypes.get(Math.min(index, argTypes.size() - 1));
    }
}
