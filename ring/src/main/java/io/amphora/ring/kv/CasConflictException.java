package io.amphora.ring.kv;

/**
 * A {@link CasLoop} lost the race for a key more often than it was allowed to retry. Every lost race means another
 * writer made progress, so this signals unusual contention, not a broken store; callers treat it as a server-side,
 * retryable failure.
 */
public class CasConflictException extends RuntimeException {
    public CasConflictException(String key, int attempts) {
        super("gave up updating KV key '" + key + "' after " + attempts + " conflicting attempts");
    }
}
