package io.amphora.promql.engine;

/**
 * What a query evaluates to: one of Prometheus's four result types. Timestamps are Unix milliseconds. Values are
 * produced once at the end of evaluation; the engine's intermediate representation is its own.
 */
public sealed interface QueryValue permits Scalar, StringValue, Vector, Matrix {
}
