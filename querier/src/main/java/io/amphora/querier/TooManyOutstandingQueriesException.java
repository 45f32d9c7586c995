package io.amphora.querier;

/**
 * The querier already runs {@link QuerierConfig#maxConcurrent()} queries and has {@link QuerierConfig#maxQueued()}
 * more waiting. The client should back off and retry: adapters answer HTTP 429, as Cortex's query frontend does for
 * its {@code too many outstanding requests}.
 */
public final class TooManyOutstandingQueriesException extends RuntimeException {
    public TooManyOutstandingQueriesException(int running, int queued) {
        super("too many outstanding requests: " + running + " queries running and " + queued
                + " queued in this querier (amphora.querier.max-concurrent, amphora.querier.max-queued)");
    }
}
