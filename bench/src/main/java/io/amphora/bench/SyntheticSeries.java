package io.amphora.bench;

import io.amphora.model.Labels;

import java.util.SplittableRandom;

/**
 * A mix of scraped series for storage measurements, shaped like a Kubernetes cluster's metrics (node, pod and
 * application exporters), where most series change slowly or not at all:
 *
 * <ul>
 *   <li>25% constant ({@code up}, {@code *_info}, configuration values, kube-state gauges);</li>
 *   <li>15% rarely changing small-integer gauges (a change in 1% of scrapes: restarts, replicas, phases);</li>
 *   <li>25% low-rate integer counters (0-3 per scrape, 40% of scrapes unchanged: errors, rare endpoints, most
 *       histogram buckets);</li>
 *   <li>10% busy integer counters (up to 2x a per-series rate of 1-200 per scrape: requests, bytes);</li>
 *   <li>10% integer gauges moving in 4 KiB steps (memory, filesystem bytes);</li>
 *   <li>15% full-precision floats (CPU seconds counters, latency sums, load averages).</li>
 * </ul>
 *
 * Labels look like a Kubernetes scrape: 8 labels, pod and instance unique per target. Timestamps follow a 15 s
 * scrape interval exactly, as Prometheus writes them when scrape-time jitter is within its timestamp tolerance;
 * {@code jitterMillis} > 0 moves 10% of the scrapes by up to that many milliseconds.
 *
 * <p>Not thread-safe: values come from one shared random sequence, so the same seed gives the same values only when
 * the calls come in the same order.
 */
public final class SyntheticSeries {
    public static final long SCRAPE_INTERVAL_MILLIS = 15_000;
    private static final String[] METRICS = {
            "http_requests_total", "process_cpu_seconds_total", "container_memory_working_set_bytes",
            "http_request_duration_seconds_sum", "go_goroutines", "up", "node_filesystem_avail_bytes",
            "kube_pod_container_status_restarts_total", "grpc_server_handled_total", "process_open_fds"};

    private static final int CONSTANT = 0;
    private static final int RARE_GAUGE = 1;
    private static final int SLOW_COUNTER = 2;
    private static final int BUSY_COUNTER = 3;
    private static final int BYTES_GAUGE = 4;
    private static final int FLOAT = 5;

    private final int count;
    private final Labels[] labels;
    private final int[] kind;
    private final double[] value;
    private final double[] rate;
    private final SplittableRandom random;
    private final int jitterMillis;

    public SyntheticSeries(int count, long seed, int jitterMillis) {
        this.count = count;
        this.labels = new Labels[count];
        this.kind = new int[count];
        this.value = new double[count];
        this.rate = new double[count];
        this.random = new SplittableRandom(seed);
        this.jitterMillis = jitterMillis;
        for (int i = 0; i < count; i++) {
            int target = i / METRICS.length;
            labels[i] = Labels.of(
                    "__name__", METRICS[i % METRICS.length],
                    "job", "app-" + (target % 50),
                    "namespace", "ns-" + (target % 20),
                    "pod", "app-" + (target % 50) + "-" + Integer.toHexString(target * 2654435761L > 0 ? target : -target) + "-x7k2p",
                    "instance", "10." + (target >> 16 & 255) + "." + (target >> 8 & 255) + "." + (target & 255) + ":8080",
                    "container", "main",
                    "cluster", "prod-eu-1",
                    "code", String.valueOf(200 + (i % 3) * 100));
            int k = random.nextInt(100);
            kind[i] = k < 25 ? CONSTANT : k < 40 ? RARE_GAUGE : k < 65 ? SLOW_COUNTER : k < 75 ? BUSY_COUNTER
                    : k < 85 ? BYTES_GAUGE : FLOAT;
            value[i] = switch (kind[i]) {
                case CONSTANT, RARE_GAUGE -> random.nextInt(5);
                case BYTES_GAUGE -> 4096.0 * (1000 + random.nextInt(100_000));
                case FLOAT -> random.nextDouble() * 1000;
                default -> random.nextInt(100_000);
            };
            rate[i] = 1 + random.nextInt(200);
        }
    }

    public int count() {
        return count;
    }

    public Labels labels(int i) {
        return labels[i];
    }

    /** The labels of series {@code i} as new string instances, as a decoded push would carry them. */
    Labels freshLabels(int i) {
        Labels.Builder b = Labels.builder();
        labels[i].forEach((name, value) -> b.add(new String(name), new String(value)));
        return b.build();
    }

    /** The sample of series {@code i} at scrape {@code step} (call steps in increasing order per series). */
    public double nextValue(int i) {
        switch (kind[i]) {
            case CONSTANT -> { }
            case RARE_GAUGE -> {
                if (random.nextInt(100) == 0) {
                    value[i] = random.nextInt(5);
                }
            }
            case SLOW_COUNTER -> {
                if (random.nextInt(10) >= 4) {
                    value[i] += 1 + random.nextInt(3);
                }
            }
            case BUSY_COUNTER -> value[i] += Math.floor(random.nextDouble() * rate[i] * 2);
            case BYTES_GAUGE -> value[i] = Math.max(0, value[i] + 4096.0 * (random.nextInt(201) - 100));
            default -> value[i] += random.nextDouble() * 0.5;
        }
        return value[i];
    }

    long timestamp(long start, int step) {
        long t = start + step * SCRAPE_INTERVAL_MILLIS;
        if (jitterMillis > 0 && random.nextInt(10) == 0) {
            t += random.nextInt(2 * jitterMillis + 1) - jitterMillis;
        }
        return t;
    }
}
