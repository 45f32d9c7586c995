package io.amphora.bench.promql;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What one {@link PromqlCompare} run measures and how.
 *
 * @param prometheusUrl the Prometheus server's root URL
 * @param prometheusPid the server's process id, to wait until it is idle after the load; empty to wait a fixed
 *     {@code settle} instead
 * @param dataset the data to generate
 * @param startMillis the data's start (a whole minute)
 * @param seed the data's seed
 * @param queries the queries to run, in order
 * @param runs timed runs per query and engine; the medians are reported
 * @param warmup at least this many untimed runs on Amphora's engine before the timed ones (JIT warm-up);
 *     Prometheus gets one, the run whose result is checked
 * @param warmupTime and untimed runs go on until this much time has passed: a query of a few ms needs hundreds of
 *     runs before the JIT has compiled its paths
 * @param tolerance the relative difference allowed between the two engines' values
 * @param targetsPerRequest remote-write load: targets (20 series each) per request
 * @param scrapesPerRequest remote-write load: scrapes per series per request
 * @param loadConcurrency remote-write load: requests in flight
 * @param timeout the longest one query may take, on either engine
 * @param settle how long to wait after the load when {@code prometheusPid} is empty
 */
public record CompareOptions(
        URI prometheusUrl,
        OptionalLong prometheusPid,
        BenchmarkDataset dataset,
        long startMillis,
        long seed,
        List<BenchmarkQuery> queries,
        int runs,
        int warmup,
        Duration warmupTime,
        double tolerance,
        int targetsPerRequest,
        int scrapesPerRequest,
        int loadConcurrency,
        Duration timeout,
        Duration settle) {
    public static final String USAGE = """
            Usage: PromqlCompare --prometheus-url=URL [options]
              --prometheus-url=URL          Prometheus root URL (required), e.g. http://127.0.0.1:9090; it must run with
                                            --web.enable-remote-write-receiver and hold no other data
              --prometheus-pid=PID          wait until this process is idle after the load (else wait --settle-seconds)
              --dataset=10k-1h              <thousands>k-<hours>h: series and range (15 s scrapes)
              --start=auto                  data start, epoch ms on a whole minute; auto = the last whole minute
                                            before now, minus the range, minus one minute
              --seed=42                     seed of the data
              --queries=all                 comma-separated: rate, sum_by_job, histogram_quantile, group_left, topk,
                                            subquery
              --runs=5                      timed runs per query and engine (medians are reported)
              --warmup=3                    untimed runs on Amphora's engine first (JIT warm-up), at least...
              --warmup-seconds=3            ...and for at least this long
              --tolerance=1e-6              relative difference allowed between the engines' values
              --targets-per-request=50      remote-write load: targets (20 series each) per request
              --scrapes-per-request=20      remote-write load: samples per series per request
              --load-concurrency=2          remote-write load: requests in flight
              --timeout-seconds=600         the longest one query may take
              --settle-seconds=10           wait after the load when no --prometheus-pid is given
            """;

    private static final Set<String> KEYS = Set.of("prometheus-url", "prometheus-pid", "dataset", "start", "seed",
            "queries", "runs", "warmup", "warmup-seconds", "tolerance", "targets-per-request", "scrapes-per-request",
            "load-concurrency", "timeout-seconds", "settle-seconds");

    public CompareOptions {
        requireNonNull(prometheusUrl, "prometheusUrl is null");
        requireNonNull(prometheusPid, "prometheusPid is null");
        requireNonNull(dataset, "dataset is null");
        queries = List.copyOf(requireNonNull(queries, "queries is null"));
        requireNonNull(warmupTime, "warmupTime is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(settle, "settle is null");
        if (!"http".equals(prometheusUrl.getScheme())) {
            throw new IllegalArgumentException("prometheus-url must be http: " + prometheusUrl);
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("no queries to run");
        }
        positive("runs", runs);
        if (warmup < 1) {
            throw new IllegalArgumentException("warmup must be at least 1 (its first run's result is checked), got " + warmup);
        }
        positive("targets-per-request", targetsPerRequest);
        positive("scrapes-per-request", scrapesPerRequest);
        positive("load-concurrency", loadConcurrency);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        if (timeout.isNegative() || timeout.isZero() || settle.isNegative() || warmupTime.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, settle and warmup time not negative");
        }
        if (Math.floorMod(startMillis, 60_000L) != 0) {
            throw new IllegalArgumentException("start must be a whole minute, got " + startMillis);
        }
    }

    /**
     * Options from {@code --name=value} arguments; {@code --start=auto} is relative to {@code clock}.
     *
     * @throws IllegalArgumentException naming the first bad or unknown argument
     */
    public static CompareOptions parse(String[] args, InstantSource clock) {
        requireNonNull(args, "args is null");
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
        String url = Optional.ofNullable(given.get("prometheus-url"))
                .orElseThrow(() -> new IllegalArgumentException("--prometheus-url is required"));
        BenchmarkDataset dataset = BenchmarkDataset.parse(given.getOrDefault("dataset", "10k-1h"));
        String start = given.getOrDefault("start", "auto");
        long startMillis = start.equals("auto")
                ? Math.floorDiv(clock.millis(), 60_000L) * 60_000L - dataset.range().toMillis() - 60_000L
                : longOption(given, "start", 0);
        return new CompareOptions(
                URI.create(url),
                given.containsKey("prometheus-pid") ? OptionalLong.of(longOption(given, "prometheus-pid", 0))
                        : OptionalLong.empty(),
                dataset,
                startMillis,
                longOption(given, "seed", PromqlBenchmarkData.DEFAULT_SEED),
                queries(given.getOrDefault("queries", "all")),
                intOption(given, "runs", 5),
                intOption(given, "warmup", 3),
                Duration.ofSeconds(longOption(given, "warmup-seconds", 3)),
                doubleOption(given, "tolerance", 1e-6),
                intOption(given, "targets-per-request", 50),
                intOption(given, "scrapes-per-request", 20),
                intOption(given, "load-concurrency", 2),
                Duration.ofSeconds(longOption(given, "timeout-seconds", 600)),
                Duration.ofSeconds(longOption(given, "settle-seconds", 10)));
    }

    private static List<BenchmarkQuery> queries(String text) {
        if (text.equals("all")) {
            return List.of(BenchmarkQuery.values());
        }
        List<BenchmarkQuery> queries = new ArrayList<>();
        for (String name : text.split(",")) {
            queries.add(BenchmarkQuery.fromName(name.strip()));
        }
        return queries;
    }

    private static long longOption(Map<String, String> given, String key, long defaultValue) {
        String text = given.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, got '" + text + "'");
        }
    }

    private static int intOption(Map<String, String> given, String key, int defaultValue) {
        long value = longOption(given, key, defaultValue);
        if (value != (int) value) {
            throw new IllegalArgumentException("--" + key + " is out of range: " + value);
        }
        return (int) value;
    }

    private static double doubleOption(Map<String, String> given, String key, double defaultValue) {
        String text = given.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + text + "'");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
