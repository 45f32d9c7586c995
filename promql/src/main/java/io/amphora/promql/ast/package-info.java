/**
 * The PromQL abstract syntax tree: immutable records, one per node kind of Prometheus 3's grammar, and the
 * printer that renders a tree back to canonical PromQL.
 *
 * <p>Conventions shared by every node:
 * <ul>
 *   <li>Positions ({@link io.amphora.promql.ast.PositionRange}) are UTF-8 <em>byte</em> offsets into the query,
 *       as in Prometheus, so that {@code line:col} in errors and annotations match what Prometheus prints.</li>
 *   <li>Times and durations are whole milliseconds ({@code long}); a duration literal that is not a whole number
 *       of milliseconds is truncated toward zero, which is what Prometheus's engine does with it.</li>
 *   <li>Strings are Java strings. PromQL string literals can spell bytes that are not valid UTF-8 ({@code "\xff"});
 *       each such byte is kept as the lone surrogate {@code U+DC80 + (byte - 0x80)} so that nothing is lost and
 *       {@link io.amphora.promql.ast.GoStrings#quote} prints it back as {@code \xff}. Such strings are never valid
 *       label names ({@link io.amphora.promql.ast.GoStrings#isValidUtf8}).</li>
 *   <li>Record equality includes positions; compare trees written differently with
 *       {@link io.amphora.promql.ast.Nodes#canonical}.</li>
 * </ul>
 */
package io.amphora.promql.ast;
