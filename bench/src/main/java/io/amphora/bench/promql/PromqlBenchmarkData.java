package io.amphora.bench.promql;

import io.amphora.model.Labels;
import io.amphora.storage.Appendable;
import io.amphora.storage.Appender;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import static java.util.Objects.requireNonNull;

/**
 * Deterministic data for PromQL query benchmarks, shaped like the metrics of services on Kubernetes.
 *
 * <p>The series belong to <em>targets</em> (pods), {@value #SERIES_PER_TARGET} series each:
 * <ul>
 *   <li>6 counters {@code http_requests_total{method, status}}: GET and POST by 200, 404 and 500;</li>
 *   <li>a classic histogram {@code http_request_duration_seconds}: 10 {@code _bucket} series ({@code le} from
 *       0.005 to {@code +Inf}), {@code _sum} and {@code _count}, counting the same requests;</li>
 *   <li>a gauge {@code container_memory_working_set_bytes}, a random walk in 4 KiB steps;</li>
 *   <li>an info metric {@code kube_pod_info} (value 1) from job {@code kube-state-metrics}, with the pod's
 *       {@code namespace} and {@code pod} plus {@code node}, {@code pod_ip} and owner labels, to join on.</li>
 * </ul>
 * The application series carry {@code job}, {@code namespace}, {@code pod} and {@code instance}. Targets are spread
 * round-robin over {@link #jobCount()} jobs: a tenth of the targets, between 10 and 50.
 *
 * <p>Each target has its own request rate (0.5 to 200 requests/s, log-uniform), latency (a log-logistic
 * distribution with a median of 10 to 400 ms), memory size and uptime. Counters start from the requests of that
 * uptime and grow by about rate × share × interval per scrape; once in about {@value #RESTART_ONE_IN} scrapes a pod
 * restarts and all its counters start again from 0 (a counter reset). Bucket counts are cumulative in {@code le}
 * and the {@code +Inf} bucket equals {@code _count}, as a client library exposes them.
 *
 * <p>Time: every series has one sample per scrape interval. A target's scrapes are at
 * {@code start + phase + k × interval} for {@code k} in {@code [0, scrapesPerSeries)}, its phase in
 * {@code [0, interval)} spreading targets the way Prometheus spreads scrapes. Queries run from
 * {@link #queryStartMillis()} to {@link #queryEndMillis()} every {@value #QUERY_STEP_MILLIS} ms: half a step after
 * the data start, and {@code start} is a whole minute, so no evaluation time lies on a subquery's minute grid and no
 * phase puts a sample on a range or lookback boundary. On such boundaries Prometheus 2 (ranges include their start)
 * and Prometheus 3 (they do not) disagree; off them both give the same answer, so results can be compared between
 * Amphora (Prometheus 3 semantics) and Debian's Prometheus 2.42.
 *
 * <p>Determinism: the labels, parameters and values depend only on the dataset, the start and the seed. Each target
 * draws its values from its own random sequence ({@link #cursor}), so the data is the same whatever order targets
 * are generated in, series by series or scrape by scrape. Instances are immutable and thread-safe; cursors are not.
 */
public final class PromqlBenchmarkData {
    public static final int SERIES_PER_TARGET = 20;
    /** 2026-01-01T00:00:00Z. */
    public static final long DEFAULT_START_MILLIS = 1_767_225_600_000L;
    public static final long DEFAULT_SEED = 42;
    public static final long QUERY_STEP_MILLIS = 15_000;

    /** Offsets in a target's series: 6 request counters, 10 buckets, sum, count, the gauge, the info metric. */
    static final int REQUESTS = 0;
    static final int BUCKETS = 6;
    static final int SUM = 16;
    static final int COUNT = 17;
    static final int MEMORY = 18;
    static final int POD_INFO = 19;

    static final String[] METHODS = {"GET", "POST"};
    static final String[] STATUSES = {"200", "404", "500"};
    static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
    private static final double[] METHOD_SHARE = {0.7, 0.3};
    private static final double[] STATUS_SHARE = {0.95, 0.03, 0.02};
    private static final String[] JOB_WORDS = {"api", "auth", "billing", "cart", "catalog", "checkout", "frontend",
            "inventory", "search", "shipping"};
    /** Alphabet of Kubernetes' generated name suffixes (no vowels, no look-alike digits). */
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    static final int RESTART_ONE_IN = 10_000;
    /** Shape of the log-logistic latency distribution; its mean is median × (π/β) / sin(π/β). */
    private static final double LATENCY_SHAPE = 3.0;
    private static final double MEMORY_STEP_BYTES = 4096;

    private final BenchmarkDataset dataset;
    private final long startMillis;
    private final long seed;
    private final int targets;
    private final int jobs;
    private final Labels[] labels;
    private final long[] phaseMillis;
    private final double[] requestRate;
    private final double[] latencyMedian;
    private final double[] memoryBase;
    private final double[] uptimeSeconds;

    /**
     * @param startMillis the data's first possible timestamp; a whole minute (see the class comment)
     * @throws IllegalArgumentException when {@code startMillis} is not a whole minute
     */
    public PromqlBenchmarkData(BenchmarkDataset dataset, long startMillis, long seed) {
        this.dataset = requireNonNull(dataset, "dataset is null");
        if (Math.floorMod(startMillis, 60_000L) != 0) {
            throw new IllegalArgumentException("startMillis must be a whole minute, got " + startMillis);
        }
        this.startMillis = startMillis;
        this.seed = seed;
        this.targets = dataset.series() / SERIES_PER_TARGET;
        this.jobs = Math.clamp(targets / 10, 10, 50);
        this.labels = new Labels[dataset.series()];
        this.phaseMillis = new long[targets];
        this.requestRate = new double[targets];
        this.latencyMedian = new double[targets];
        this.memoryBase = new double[targets];
        this.uptimeSeconds = new double[targets];
        int nodes = Math.max(3, targets / 25);
        long interval = dataset.scrapeInterval().toMillis();
        for (int t = 0; t < targets; t++) {
            SplittableRandom params = new SplittableRandom(mix(seed, 2L * t));
            long phase = params.nextLong(interval);
            // A phase that is a whole or half query step after the start would put samples on range boundaries.
            while (phase % QUERY_STEP_MILLIS == 0 || phase % QUERY_STEP_MILLIS == QUERY_STEP_MILLIS / 2) {
                phase = (phase + 1) % interval;
            }
            phaseMillis[t] = phase;
            requestRate[t] = Math.exp(Math.log(0.5) + params.nextDouble() * (Math.log(200) - Math.log(0.5)));
            latencyMedian[t] = Math.exp(Math.log(0.01) + params.nextDouble() * (Math.log(0.4) - Math.log(0.01)));
            memoryBase[t] = MEMORY_STEP_BYTES * (20_000 + params.nextInt(480_000));
            uptimeSeconds[t] = params.nextDouble() * 7 * 86_400;
            addLabels(t, t % jobs, nodes);
        }
    }

    private void addLabels(int t, int job, int nodes) {
        String jobName = JOB_WORDS[job % JOB_WORDS.length] + "-" + job / JOB_WORDS.length;
        String namespace = "team-" + job % 5;
        String replicaSet = jobName + "-" + generatedName(job * 2_654_435_761L + 1, 10);
        // 7,919 is prime and coprime to 27, so multiplying by it permutes 0..27^5-1: pod names are unique.
        String pod = replicaSet + "-" + generatedName(t * 7_919L, 5);
        String ip = "10." + (1 + (t >> 16 & 255)) + "." + (t >> 8 & 255) + "." + (t & 255);
        String instance = ip + ":8080";
        int base = t * SERIES_PER_TARGET;
        for (int m = 0; m < METHODS.length; m++) {
            for (int s = 0; s < STATUSES.length; s++) {
                labels[base + REQUESTS + m * STATUSES.length + s] = Labels.of("__name__", "http_requests_total",
                        "job", jobName, "namespace", namespace, "pod", pod, "instance", instance,
                        "method", METHODS[m], "status", STATUSES[s]);
            }
        }
        for (int i = 0; i < LE.length; i++) {
            labels[base + BUCKETS + i] = Labels.of("__name__", "http_request_duration_seconds_bucket",
                    "job", jobName, "namespace", namespace, "pod", pod, "instance", instance, "le", LE[i]);
        }
        labels[base + SUM] = Labels.of("__name__", "http_request_duration_seconds_sum",
                "job", jobName, "namespace", namespace, "pod", pod, "instance", instance);
        labels[base + COUNT] = Labels.of("__name__", "http_request_duration_seconds_count",
                "job", jobName, "namespace", namespace, "pod", pod, "instance", instance);
        labels[base + MEMORY] = Labels.of("__name__", "container_memory_working_set_bytes",
                "job", jobName, "namespace", namespace, "pod", pod, "instance", instance, "container", "app");
        labels[base + POD_INFO] = Labels.of("__name__", "kube_pod_info",
                "job", "kube-state-metrics", "instance", "10.0.0.2:8080", "namespace", namespace, "pod", pod,
                "node", "node-" + (t % nodes), "pod_ip", ip, "created_by_kind", "ReplicaSet",
                "created_by_name", replicaSet);
    }

    private static String generatedName(long number, int length) {
        long n = Math.floorMod(number, pow(NAME_ALPHABET.length(), length));
        char[] name = new char[length];
        for (int i = length - 1; i >= 0; i--) {
            name[i] = NAME_ALPHABET.charAt((int) (n % NAME_ALPHABET.length()));
            n /= NAME_ALPHABET.length();
        }
        return new String(name);
    }

    private static long pow(int base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }

    /** A seed for stream {@code stream} of this dataset's seed (SplitMix64's finaliser over both). */
    private static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public BenchmarkDataset dataset() {
        return dataset;
    }

    public long startMillis() {
        return startMillis;
    }

    public long seed() {
        return seed;
    }

    public int seriesCount() {
        return labels.length;
    }

    public int targetCount() {
        return targets;
    }

    public int jobCount() {
        return jobs;
    }

    public int scrapesPerSeries() {
        return dataset.scrapesPerSeries();
    }

    public long totalSamples() {
        return dataset.totalSamples();
    }

    /** Series {@code i}'s labels; target {@code t} owns series {@code t × 20} to {@code t × 20 + 19}. */
    public Labels labels(int series) {
        return labels[series];
    }

    /** Timestamp of scrape {@code k} of target {@code t}. */
    public long timestamp(int target, int scrape) {
        return startMillis + phaseMillis[target] + scrape * dataset.scrapeInterval().toMillis();
    }

    /** The first evaluation time of the benchmark's range queries: half a query step after the start. */
    public long queryStartMillis() {
        return startMillis + QUERY_STEP_MILLIS / 2;
    }

    /** The last evaluation time of the benchmark's range queries: the query start plus the dataset's range. */
    public long queryEndMillis() {
        return queryStartMillis() + dataset.range().toMillis();
    }

    /** A new cursor at target {@code t}'s first scrape; every cursor of a target yields the same values. */
    public TargetCursor cursor(int target) {
        return new TargetCursor(target);
    }

    /**
     * Appends every sample, target by target (one commit per target, each series in timestamp order).
     *
     * @throws io.amphora.model.AmphoraException when the store refuses a sample (e.g. it already holds newer ones)
     */
    public void appendTo(Appendable store) {
        requireNonNull(store, "store is null");
        double[] values = new double[SERIES_PER_TARGET];
        for (int t = 0; t < targets; t++) {
            TargetCursor cursor = cursor(t);
            Appender appender = store.appender();
            int base = t * SERIES_PER_TARGET;
            for (int k = 0; k < scrapesPerSeries(); k++) {
                long timestamp = cursor.next(values, 0);
                for (int j = 0; j < SERIES_PER_TARGET; j++) {
                    appender.append(labels[base + j], timestamp, values[j]);
                }
            }
            appender.commit();
        }
    }

    /**
     * The values of one target's {@value #SERIES_PER_TARGET} series, scrape after scrape. Not thread-safe; a cursor
     * may move from thread to thread when the hand-over is synchronised.
     */
    public final class TargetCursor {
        private final int target;
        private final SplittableRandom random;
        private final double[] cumulativeShare = new double[LE.length];
        private final double meanLatency;
        private final double[] requests = new double[METHODS.length * STATUSES.length];
        private final double[] buckets = new double[LE.length];
        private double sum;
        private double memory;
        private int scrape;

        private TargetCursor(int target) {
            this.target = Objects.checkIndex(target, targets);
            this.random = new SplittableRandom(mix(seed, 2L * target + 1));
            double median = latencyMedian[target];
            for (int i = 0; i < LE.length - 1; i++) {
                cumulativeShare[i] = 1 / (1 + Math.pow(Double.parseDouble(LE[i]) / median, -LATENCY_SHAPE));
            }
            cumulativeShare[LE.length - 1] = 1;
            double piOverShape = Math.PI / LATENCY_SHAPE;
            this.meanLatency = median * piOverShape / Math.sin(piOverShape);
            // The pod has served requests since it started: counters begin at what its uptime gave them.
            long served = 0;
            for (int m = 0; m < METHODS.length; m++) {
                for (int s = 0; s < STATUSES.length; s++) {
                    long count = (long) (requestRate[target] * METHOD_SHARE[m] * STATUS_SHARE[s] * uptimeSeconds[target]);
                    requests[m * STATUSES.length + s] = count;
                    served += count;
                }
            }
            for (int i = 0; i < LE.length; i++) {
                buckets[i] = Math.floor(served * cumulativeShare[i]);
            }
            this.sum = served * meanLatency;
            this.memory = memoryBase[target];
        }

        public int target() {
            return target;
        }

        /** The scrape {@link #next} returns next: 0 for a new cursor. */
        public int scrape() {
            return scrape;
        }

        /**
         * Writes the values of the next scrape into {@code out[offset .. offset + 20)}, in the target's series
         * order, and returns its timestamp.
         *
         * @throws IllegalStateException after the dataset's last scrape
         */
        public long next(double[] out, int offset) {
            if (scrape >= dataset.scrapesPerSeries()) {
                throw new IllegalStateException("target " + target + " has only " + dataset.scrapesPerSeries() + " scrapes");
            }
            Objects.checkFromIndexSize(offset, SERIES_PER_TARGET, out.length);
            if (scrape > 0 && random.nextInt(RESTART_ONE_IN) == 0) {
                Arrays.fill(requests, 0);
                Arrays.fill(buckets, 0);
                sum = 0;
                memory = memoryBase[target];
            }
            double intervalSeconds = dataset.scrapeInterval().toMillis() / 1000.0;
            long served = 0;
            for (int m = 0; m < METHODS.length; m++) {
                for (int s = 0; s < STATUSES.length; s++) {
                    double mean = requestRate[target] * METHOD_SHARE[m] * STATUS_SHARE[s] * intervalSeconds;
                    long increase = (long) Math.floor(mean * (0.5 + random.nextDouble()) + random.nextDouble());
                    requests[m * STATUSES.length + s] += increase;
                    served += increase;
                }
            }
            // One shared offset keeps the per-bucket roundings monotonic in le, so buckets stay cumulative.
            double roundingOffset = random.nextDouble();
            for (int i = 0; i < LE.length; i++) {
                buckets[i] += i == LE.length - 1 ? served
                        : Math.min(served, Math.floor(served * cumulativeShare[i] + roundingOffset));
            }
            sum += served * meanLatency * (0.8 + 0.4 * random.nextDouble());
            memory = Math.max(MEMORY_STEP_BYTES * 1000, memory + MEMORY_STEP_BYTES * (random.nextInt(201) - 100));

            System.arraycopy(requests, 0, out, offset + REQUESTS, requests.length);
            System.arraycopy(buckets, 0, out, offset + BUCKETS, buckets.length);
            out[offset + SUM] = sum;
            out[offset + COUNT] = buckets[LE.length - 1];
            out[offset + MEMORY] = memory;
            out[offset + POD_INFO] = 1;
            return timestamp(target, scrape++);
        }
    }
}
