/**
 * PromQL text to syntax tree: {@link io.amphora.promql.parser.PromqlParser} with its
 * {@link io.amphora.promql.parser.ParserOptions}, and {@link io.amphora.promql.parser.ParseException}.
 *
 * <p>The language is Prometheus 3's as of Prometheus 3.14 ({@code main} at commit {@code d15adb9}, the snapshot the
 * shared conformance files come from), including duration expressions in ranges, steps and offsets
 * ({@code [2 * step()]}, {@code offset -(1h / 2)}, {@code min_of}/{@code max_of}), the experimental
 * {@code anchored}/{@code smoothed} range modifiers and {@code fill}/{@code fill_left}/{@code fill_right}
 * binary-operator modifiers, and quoted UTF-8 metric and label names.
 *
 * <p>Compatibility goes beyond the accepted language: trees have Prometheus's shape (a sign is folded into a number
 * literal, {@code offset} and {@code @} written after a range live on its selector, set operators match
 * many-to-many), and a rejected query gets the message, and the line and column, that Prometheus gives for its
 * first problem. The parser is hand-written recursive descent with precedence climbing; where Prometheus's grammar
 * makes a choice through its yacc conflict resolution (for example {@code foo offset 5m + 1} adds one to the
 * selector, while {@code foo offset (5m) + 1m} is an offset of six minutes), the parser makes the same choice
 * explicitly, and the comments say so.
 */
package io.amphora.promql.parser;
