package io.amphora.querier;

import java.time.Duration;

/**
 * A query went over one of its workspace's {@link QueryLimits}. The client can fix it (narrower matchers, a shorter
 * range), so {@link Querier} reports it as a PromQL {@code execution} error (HTTP 422). Messages are Cortex's texts,
 * which users search for.
 */
public final class QueryLimitExceededException extends RuntimeException {
    private QueryLimitExceededException(String message) {
        super(message);
    }

    public static QueryLimitExceededException maxSeries(long limit) {
        return new QueryLimitExceededException("the query hit the max number of series limit (limit: " + limit + " series)");
    }

    public static QueryLimitExceededException maxChunks(long limit) {
        return new QueryLimitExceededException("the query hit the max number of chunks limit (limit: " + limit + " chunks)");
    }

    /** Cortex has no fetched-samples limit; the text follows its series and chunks messages. */
    public static QueryLimitExceededException maxSamples(long limit) {
        return new QueryLimitExceededException("the query hit the max number of samples limit (limit: " + limit + " samples)");
    }

    /** Both durations are written as Go's {@code time.Duration} prints them, as Cortex does ({@code 768h0m0s}). */
    public static QueryLimitExceededException queryTooLong(Duration length, Duration limit) {
        return new QueryLimitExceededException("the query time range exceeds the limit (query length: "
                + goDuration(length.toMillis()) + ", limit: " + goDuration(limit.toMillis()) + ")");
    }

    /** Go's {@code time.Duration.String()} for whole milliseconds: {@code 0s}, {@code 250ms}, {@code 1.5s}, {@code 1h0m5s}. */
    static String goDuration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        if (ms < 1000) {
            return sb.append(ms).append("ms").toString();
        }
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        long seconds = ms / 1000 % 60;
        long fraction = ms % 1000;
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(seconds);
        if (fraction > 0) {
            String digits = String.format("%03d", fraction);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb.append('s').toString();
    }
}
