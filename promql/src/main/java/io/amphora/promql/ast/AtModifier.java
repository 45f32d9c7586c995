package io.amphora.promql.ast;

/**
 * The {@code @} modifier of a selector or subquery: absent, a fixed time ({@code @ 1609746000}) or the start or
 * end of the query ({@code @ start()}, {@code @ end()}).
 */
public sealed interface AtModifier {
    AtModifier NONE = new None();
    AtModifier START = new Start();
    AtModifier END = new End();

    record None() implements AtModifier {}

    /** @param millis Unix time in milliseconds; {@code @ 1.5} is 1500 */
    record Timestamp(long millis) implements AtModifier {}

    record Start() implements AtModifier {}

    record End() implements AtModifier {}

    static AtModifier timestamp(long millis) {
        return new Timestamp(millis);
    }

    default boolean isPresent() {
        return !(this instanceof None);
    }
}
