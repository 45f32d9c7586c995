package io.amphora.bench.remotewrite;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What one load run sends and how.
 *
 * @param url the receiver's remote-write endpoint
 * @param series how many series (one sample of each per step)
 * @param samplesPerSeries how many steps, so samples per series
 * @param batchSize at most this many samples (one per series) per request
 * @param concurrency requests in flight at once
 * @param rate target samples per second over the run; 0 sends as fast as the receiver answers
 * @param protocol the remote-write version
 * @param tenant the {@code X-Scope-OrgID} header value, if any
 * @param sigV4 the credentials to sign requests with, if any
 * @param interval the time between two samples of a series
 * @param start the timestamp of every series' first sample
 * @param timeout how long one request may take before it counts as failed
 * @param seed the seed of the synthetic values
 */
public record LoadOptions(
        URI url,
        int series,
        int samplesPerSeries,
        int batchSize,
        int concurrency,
        double rate,
        Protocol protocol,
        Optional<String> tenant,
        Optional<SigV4Config> sigV4,
        Duration interval,
        Instant start,
        Duration timeout,
        long seed) {
    public static final String USAGE = """
            Usage: RemoteWriteLoad --url=URL [options]
              --url=URL                    remote-write endpoint (required), e.g. http://127.0.0.1:9090/api/v1/write
              --series=10000               series count
              --samples-per-series=120     samples per series (steps)
              --batch-size=2000            samples per request (one per series, all of one step)
              --concurrency=4              requests in flight
              --rate=0                     target samples/s; 0 = as fast as the receiver answers
              --protocol=1.0               1.0 (prometheus.WriteRequest) or 2.0 (io.prometheus.write.v2.Request)
              --tenant-header=none         X-Scope-OrgID value, or none
              --sigv4-region=REGION        sign requests with SigV4 (service aps); keys from the two options
              --sigv4-access-key=KEY         below or from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
              --sigv4-secret-key=SECRET      (and AWS_SESSION_TOKEN or --sigv4-session-token)
              --sigv4-session-token=TOKEN
              --interval=15s               time between two samples of a series
              --start=now-<samples x interval>  first timestamp: now, now-DURATION, epoch millis or ISO-8601
              --timeout=30s                per-request timeout
              --seed=7                     seed of the synthetic values
            """;

    private static final Set<String> KEYS = Set.of("url", "series", "samples-per-series", "batch-size", "concurrency",
            "rate", "protocol", "tenant-header", "sigv4-region", "sigv4-access-key", "sigv4-secret-key",
            "sigv4-session-token", "interval", "start", "timeout", "seed");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    public LoadOptions {
        requireNonNull(url, "url is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(sigV4, "sigV4 is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(start, "start is null");
        requireNonNull(timeout, "timeout is null");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("url must be http or https: " + url);
        }
        positive("series", series);
        positive("samples-per-series", samplesPerSeries);
        positive("batch-size", batchSize);
        positive("concurrency", concurrency);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or a positive number of samples/s: " + rate);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (tenant.isPresent() && tenant.get().isBlank()) {
            throw new IllegalArgumentException("tenant header value is blank");
        }
    }

    public long totalSamples() {
        return (long) series * samplesPerSeries;
    }

    /** The timestamp of sample {@code step} of every series. */
    public long timestampMillis(int step) {
        return start.toEpochMilli() + step * interval.toMillis();
    }

    /**
     * Options from {@code --name=value} arguments. SigV4 keys not given as options come from {@code environment}
     * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}); {@code now} in
     * {@code --start} is {@code clock}'s instant. The default start puts the last sample one interval before now, so
     * that a receiver without an out-of-order window accepts the whole run.
     *
     * @throws IllegalArgumentException naming the first bad or unknown argument
     */
    public static LoadOptions parse(String[] args, Map<String, String> environment, InstantSource clock) {
        requireNonNull(args, "args is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(clock, "clock is null");
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            String key = arg.substring(2, equals);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            given.put(key, arg.substring(equals + 1));
        }
        String url = given.get("url");
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        int series = intOption(given, "series", 10_000);
        int samplesPerSeries = intOption(given, "samples-per-series", 120);
        Duration interval = parseDuration(given.getOrDefault("interval", "15s"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant start = given.containsKey("start")
                ? parseInstant(given.get("start"), now)
                : now.minus(interval.multipliedBy(samplesPerSeries));
        String tenant = given.getOrDefault("tenant-header", "none");
        return new LoadOptions(
                URI.create(url),
                series,
                samplesPerSeries,
                intOption(given, "batch-size", 2_000),
                intOption(given, "concurrency", 4),
                doubleOption(given, "rate", 0),
                Protocol.fromName(given.getOrDefault("protocol", "1.0")),
                tenant.equals("none") ? Optional.empty() : Optional.of(tenant),
                sigV4(given, environment),
                interval,
                start,
                parseDuration(given.getOrDefault("timeout", "30s")),
                longOption(given, "seed", 7));
    }

    /** A Prometheus-style duration: one or more of {@code <n>ms|s|m|h|d}, largest unit first ({@code 1h30m}). */
    static Duration parseDuration(String text) {
        Matcher matcher = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int position = 0;
        while (position < text.length() && matcher.find(position) && matcher.start() == position) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalStateException("unreachable unit " + matcher.group(2));
            });
            position = matcher.end();
        }
        if (text.isEmpty() || position != text.length()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': expected e.g. 15s, 500ms or 1h30m");
        }
        return total;
    }

    /** {@code now}, {@code now-DURATION}, milliseconds since the epoch, or an ISO-8601 instant. */
    static Instant parseInstant(String text, Instant now) {
        if (text.equals("now")) {
            return now;
        }
        if (text.startsWith("now-")) {
            return now.minus(parseDuration(text.substring(4)));
        }
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid start '" + text + "': expected now, now-DURATION, epoch millis or ISO-8601", e);
        }
    }

    private static Optional<SigV4Config> sigV4(Map<String, String> given, Map<String, String> environment) {
        String region = given.get("sigv4-region");
        if (region == null) {
            for (String key : new String[] {"sigv4-access-key", "sigv4-secret-key", "sigv4-session-token"}) {
                if (given.containsKey(key)) {
                    throw new IllegalArgumentException("--" + key + " needs --sigv4-region");
                }
            }
            return Optional.empty();
        }
        String accessKey = given.getOrDefault("sigv4-access-key", environment.get("AWS_ACCESS_KEY_ID"));
        String secretKey = given.getOrDefault("sigv4-secret-key", environment.get("AWS_SECRET_ACCESS_KEY"));
        if (accessKey == null || secretKey == null) {
            throw new IllegalArgumentException("--sigv4-region needs an access key and a secret key "
                    + "(--sigv4-access-key/--sigv4-secret-key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
        }
        String sessionToken = given.getOrDefault("sigv4-session-token", environment.get("AWS_SESSION_TOKEN"));
        return Optional.of(new SigV4Config(region, accessKey, secretKey, Optional.ofNullable(sessionToken)));
    }

    private static int intOption(Map<String, String> given, String key, int defaultValue) {
        long value = longOption(given, key, defaultValue);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("--" + key + " is out of range: " + value);
        }
        return (int) value;
    }

    private static long longOption(Map<String, String> given, String key, long defaultValue) {
        String text = given.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer: '" + text + "'", e);
        }
    }

    private static double doubleOption(Map<String, String> given, String key, double defaultValue) {
        String text = given.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(text);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number: '" + text + "'", e);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
