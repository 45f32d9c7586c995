package io.amphora.bench;

import io.amphora.model.Labels;

import java.util.SplittableRandom;

/**
 * A realistic mix of scraped series for storage measurements: 50% counters (monotonic, per-series rate, integer
 * increments as request counters have), 30% gauges (random walk with two decimals, like memory or latency), 20%
 * near-constant gauges ({@code up}, config values). Labels look like a Kubernetes scrape: 8 labels, the pod and
 * instance unique per target. Timestamps are a 15 s scrape interval; {@code jitterMillis} > 0 moves 10% of the
 * scrapes by up to that many milliseconds.
 */
final class SyntheticSeries {
    static final long SCRAPE_INTERVAL_MILLIS = 15_000;
    private static final String[] METRICS = {
            "http_requests_total", "process_cpu_seconds_total", "container_memory_working_set_bytes",
            "http_request_duration_seconds_sum", "go_goroutines", "up", "node_filesystem_avail_bytes",
            "kube_pod_container_status_restarts_total", "grpc_server_handled_total", "process_open_fds"};

    private final int count;
    private final Labels[] labels;
    private final int[] kind;
    private final double[] value;
    private final double[] rate;
    private final SplittableRandom random;
    private final int jitterMillis;

    SyntheticSeries(int count, long seed, int jitterMillis) {
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
            int k = random.nextInt(10);
            kind[i] = k < 5 ? 0 : k < 8 ? 1 : 2;
            value[i] = kind[i] == 2 ? 1 : random.nextInt(1000);
            rate[i] = 1 + random.nextInt(200);
        }
    }

    int count() {
        return count;
    }

    Labels labels(int i) {
        return labels[i];
    }

    /** The sample of series {@code i} at scrape {@code step} (call steps in increasing order per series). */
    double nextValue(int i) {
        switch (kind[i]) {
            case 0 -> value[i] += Math.floor(random.nextDouble() * rate[i] * 2);
            case 1 -> value[i] = Math.max(0, Math.round((value[i] + random.nextDouble() * 20 - 10) * 100) / 100.0);
            default -> {
                if (random.nextInt(1000) == 0) {
                    value[i] = random.nextInt(5);
                }
            }
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
