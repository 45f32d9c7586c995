package io.amphora.bench.promql;

import io.amphora.bench.remotewrite.SigV4Config;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What one {@link DashboardCompare} run measures and how.
 *
 * @param prometheusUrl Prometheus's root URL; remote write goes to {@code /api/v1/write}, queries to
 *     {@code /api/v1/query_range}
 * @param amphoraUrl the Amphora workspace's Prometheus-compatible root, as Grafana is given it
 *     ({@code http://host:8080/workspaces/<id>}); remote write goes to {@code <url>/api/v1/remote_write}, queries to
 *     {@code <url>/api/v1/query_range}
 * @param prometheusPid Prometheus's process id, to wait until it is idle after the load
 * @param amphoraPid Amphora's process id, likewise
 * @param dataset the data to generate
 * @param startMillis the data's start (a whole minute)
 * @param seed the data's seed
 * @param panels the dashboard's queries, in the order they are sent
 * @param runs timed runs of the whole dashboard on each server; medians are reported
 * @param warmup untimed runs of the whole dashboard on each server first, the first of them checked...
 * @param warmupTime ...and more until this much time has passed (the JIT compiles Amphora's paths meanwhile)
 * @param statsRuns runs per panel and server with {@code stats=true} after the timed ones, for the servers' own
 *     execution times (0: none)
 * @param maxDataPoints the panels' maximum data points, which set Grafana's step
 * @param tolerance the relative difference allowed between the two servers' values
 * @param targetsPerRequest remote-write load: targets (20 series each) per request
 * @param scrapesPerRequest remote-write load: scrapes per series per request
 * @param loadConcurrency remote-write load: requests in flight
 * @param timeout the longest one query may take, on either server
 * @param settle how long to wait after the loads for a server whose process id is not given
 * @param amphoraSigV4 signs every request to Amphora (remote write and queries) when present; never Prometheus's
 */
public record DashboardOptions(
        URI prometheusUrl,
        URI amphoraUrl,
        OptionalLong prometheusPid,
        OptionalLong amphoraPid,
        BenchmarkDataset dataset,
        long startMillis,
        long seed,
        List<DashboardPanel> panels,
        int runs,
        int warmup,
        Duration warmupTime,
        int statsRuns,
        int maxDataPoints,
        double tolerance,
        int targetsPerRequest,
        int scrapesPerRequest,
        int loadConcurrency,
        Duration timeout,
        Duration settle,
        Optional<SigV4Config> amphoraSigV4) {
    public static final String USAGE = """
            Usage: DashboardCompare --prometheus-url=URL --amphora-url=URL [options]
              --prometheus-url=URL          Prometheus root URL (required), e.g. http://127.0.0.1:9090; it must run with
                                            --web.enable-remote-write-receiver and hold no other data
              --amphora-url=URL             the Amphora workspace's root URL (required), e.g.
                                            http://127.0.0.1:8080/workspaces/ws-bench; the workspace must hold no data
              --prometheus-pid=PID          wait until this process is idle after the load (else --settle-seconds)
              --amphora-pid=PID             likewise for Amphora
              --dataset=10k-1h              <thousands>k-<hours>h[@<seconds>s]: series, range, scrape interval (15 s)
              --start=auto                  data start, epoch ms on a whole minute; auto = the last whole minute
                                            before now, minus the range, minus one minute
              --seed=42                     seed of the data
              --panels=all                  comma-separated panel names (see DashboardPanel), in order
              --runs=5                      timed runs of the whole dashboard on each server (medians are reported)
              --warmup=2                    untimed runs of the dashboard on each server first (the first is checked)...
              --warmup-seconds=20           ...and more until this long has passed
              --stats-runs=3                runs per panel and server with stats=true afterwards, for the servers'
                                            own execution times (medians; 0: none)
              --max-data-points=1000        the panels' max data points: Grafana's step is range / this, rounded
              --tolerance=1e-6              relative difference allowed between the servers' values
              --targets-per-request=50      remote-write load: targets (20 series each) per request
              --scrapes-per-request=20      remote-write load: samples per series per request
              --load-concurrency=2          remote-write load: requests in flight
              --timeout-seconds=600         the longest one query may take
              --settle-seconds=10           wait after the loads for a server without --*-pid
              --aws-access-key-id=ID        sign every request to Amphora with SigV4 (service aps); the default
              --aws-secret-access-key=KEY   credentials are AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
              --aws-session-token=TOKEN     AWS_SESSION_TOKEN from the environment; without any, nothing is signed
              --aws-region=REGION           the signing region (default AWS_REGION, then AWS_DEFAULT_REGION)
            """;

    private static final Set<String> KEYS = Set.of("prometheus-url", "amphora-url", "prometheus-pid", "amphora-pid",
            "dataset", "start", "seed", "panels", "runs", "warmup", "warmup-seconds", "stats-runs", "max-data-points",
            "tolerance", "targets-per-request", "scrapes-per-request", "load-concurrency", "timeout-seconds",
            "settle-seconds", "aws-access-key-id", "aws-secret-access-key", "aws-session-token", "aws-region");

    public DashboardOptions {
        requireNonNull(prometheusUrl, "prometheusUrl is null");
        requireNonNull(amphoraUrl, "amphoraUrl is null");
        requireNonNull(prometheusPid, "prometheusPid is null");
        requireNonNull(amphoraPid, "amphoraPid is null");
        requireNonNull(dataset, "dataset is null");
        panels = List.copyOf(requireNonNull(panels, "panels is null"));
        requireNonNull(warmupTime, "warmupTime is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(settle, "settle is null");
        requireNonNull(amphoraSigV4, "amphoraSigV4 is null");
        httpRoot("prometheus-url", prometheusUrl);
        httpRoot("amphora-url", amphoraUrl);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to run");
        }
        if (Set.copyOf(panels).size() != panels.size()) {
            throw new IllegalArgumentException("a panel is listed twice: " + panels);
        }
        positive("runs", runs);
        if (warmup < 1) {
            throw new IllegalArgumentException("warmup must be at least 1 (its first run's results are checked), got "
                    + warmup);
        }
        if (statsRuns < 0) {
            throw new IllegalArgumentException("stats-runs must not be negative, got " + statsRuns);
        }
        positive("max-data-points", maxDataPoints);
        positive("targets-per-request", targetsPerRequest);
        positive("scrapes-per-request", scrapesPerRequest);
        positive("load-concurrency", loadConcurrency);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        if (!timeout.isPositive() || settle.isNegative() || warmupTime.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, settle and warmup time not negative");
        }
        if (Math.floorMod(startMillis, 60_000L) != 0) {
            throw new IllegalArgumentException("start must be a whole minute, got " + startMillis);
        }
    }

    /** Prometheus's range-query endpoint. */
    public URI prometheusQueryUrl() {
        return URI.create(prometheusUrl + "/api/v1/query_range");
    }

    /** Prometheus's remote-write receiver. */
    public URI prometheusWriteUrl() {
        return URI.create(prometheusUrl + "/api/v1/write");
    }

    /** The Amphora workspace's range-query endpoint. */
    public URI amphoraQueryUrl() {
        return URI.create(amphoraUrl + "/api/v1/query_range");
    }

    /** The Amphora workspace's remote-write endpoint. */
    public URI amphoraWriteUrl() {
        return URI.create(amphoraUrl + "/api/v1/remote_write");
    }

    /** The step of every panel: Grafana's for the dataset's range, with the scrape interval as minimum interval. */
    public Duration step() {
        return GrafanaStep.of(dataset.range(), dataset.scrapeInterval(), maxDataPoints);
    }

    /**
     * Options from {@code --name=value} arguments. {@code --start=auto} is relative to {@code clock}; SigV4
     * credentials not given as options come from {@code environment} ({@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}).
     *
     * @throws IllegalArgumentException naming the first bad or unknown argument
     */
    public static DashboardOptions parse(String[] args, Map<String, String> environment, InstantSource clock) {
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
            if (given.put(key, arg.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("--" + key + " is given twice");
            }
        }
        BenchmarkDataset dataset = BenchmarkDataset.parse(given.getOrDefault("dataset", "10k-1h"));
        String start = given.getOrDefault("start", "auto");
        long startMillis = start.equals("auto")
                ? Math.floorDiv(clock.millis(), 60_000L) * 60_000L - dataset.range().toMillis() - 60_000L
                : longOption(given, "start", 0);
        return new DashboardOptions(
                url(given, "prometheus-url"),
                url(given, "amphora-url"),
                pid(given, "prometheus-pid"),
                pid(given, "amphora-pid"),
                dataset,
                startMillis,
                longOption(given, "seed", PromqlBenchmarkData.DEFAULT_SEED),
                DashboardPanel.parseList(given.getOrDefault("panels", "all")),
                intOption(given, "runs", 5),
                intOption(given, "warmup", 2),
                Duration.ofSeconds(longOption(given, "warmup-seconds", 20)),
                intOption(given, "stats-runs", 3),
                intOption(given, "max-data-points", 1000),
                doubleOption(given, "tolerance", 1e-6),
                intOption(given, "targets-per-request", 50),
                intOption(given, "scrapes-per-request", 20),
                intOption(given, "load-concurrency", 2),
                Duration.ofSeconds(longOption(given, "timeout-seconds", 600)),
                Duration.ofSeconds(longOption(given, "settle-seconds", 10)),
                sigV4(given, environment));
    }

    /**
     * The credentials to sign Amphora's requests with: all from the options when {@code --aws-access-key-id} is
     * given, else all from the environment (a key of one and a secret of the other never mix); none when neither
     * has an access key id.
     */
    private static Optional<SigV4Config> sigV4(Map<String, String> given, Map<String, String> environment) {
        boolean fromOptions = given.containsKey("aws-access-key-id");
        String keyId = fromOptions ? given.get("aws-access-key-id") : nonBlank(environment.get("AWS_ACCESS_KEY_ID"));
        String secret = fromOptions ? given.get("aws-secret-access-key") : nonBlank(environment.get("AWS_SECRET_ACCESS_KEY"));
        String token = fromOptions ? given.get("aws-session-token") : nonBlank(environment.get("AWS_SESSION_TOKEN"));
        String region = given.containsKey("aws-region") ? given.get("aws-region")
                : Optional.ofNullable(nonBlank(environment.get("AWS_REGION")))
                        .orElse(nonBlank(environment.get("AWS_DEFAULT_REGION")));
        if (keyId == null) {
            if (given.containsKey("aws-secret-access-key") || given.containsKey("aws-session-token")) {
                throw new IllegalArgumentException("--aws-secret-access-key and --aws-session-token need --aws-access-key-id");
            }
            if (given.containsKey("aws-region")) {
                throw new IllegalArgumentException("--aws-region is given but no credentials: --aws-access-key-id and "
                        + "--aws-secret-access-key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
            return Optional.empty();
        }
        if (secret == null) {
            throw new IllegalArgumentException(fromOptions ? "--aws-access-key-id needs --aws-secret-access-key"
                    : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("signing with SigV4 needs a region: --aws-region, AWS_REGION or AWS_DEFAULT_REGION");
        }
        return Optional.of(new SigV4Config(region, keyId, secret, Optional.ofNullable(token)));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static URI url(Map<String, String> given, String key) {
        String text = given.get(key);
        if (text == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        try {
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + " is not a URL: '" + text + "'");
        }
    }

    private static void httpRoot(String key, URI url) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an http or https URL, got " + url);
        }
        if (url.getQuery() != null || url.getFragment() != null || url.getPath().endsWith("/")) {
            throw new IllegalArgumentException(key + " must be a root URL without query, fragment or trailing slash, got "
                    + url);
        }
    }

    private static OptionalLong pid(Map<String, String> given, String key) {
        return given.containsKey(key) ? OptionalLong.of(longOption(given, key, 0)) : OptionalLong.empty();
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

    /** Never prints the secret or the session token (the SigV4 config hides them). */
    @Override
    public String toString() {
        return "DashboardOptions[prometheusUrl=" + prometheusUrl + ", amphoraUrl=" + amphoraUrl + ", dataset="
                + dataset + ", panels=" + panels.size() + ", runs=" + runs + ", warmup=" + warmup + ", amphoraSigV4="
                + amphoraSigV4 + "]";
    }
}
