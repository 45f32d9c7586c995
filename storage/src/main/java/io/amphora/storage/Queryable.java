package io.amphora.storage;

/** A source of data that can be queried over a time range (Prometheus {@code storage.Queryable}). */
public interface Queryable {
    /** A querier for samples with {@code mint <= t <= maxt}. */
    Querier querier(long mint, long maxt);
}
