package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written {@link IngesterSeriesSource} for tests of what sits above the port: per workspace, the answers of
 * a fixed number of replicas, each a list of series with chunks. Selects filter by matchers and chunk overlap as
 * ingesters do and count chunks in the limiter. It can be told to fail every call, or to hold {@code queryStream}
 * calls until released. Thread-safe.
 */
final class TestingIngesterSeriesSource implements IngesterSeriesSource {
    private final int replicas;
    private final Map<TenantId, List<List<ChunkSeries>>> data = new HashMap<>();
    private volatile RuntimeException failure;
    private volatile CountDownLatch gate;
    private final CountDownLatch entered = new CountDownLatch(1);

    TestingIngesterSeriesSource(int replicas) {
        this.replicas = replicas;
    }

    /** Adds a series to the given replicas of the workspace; series must be added in label order per replica. */
    synchronized TestingIngesterSeriesSource add(String tenant, Labels labels, List<EncodedChunk> chunks, int... replicaIndexes) {
        List<List<ChunkSeries>> answers = data.computeIfAbsent(TenantId.of(tenant), t -> {
            List<List<ChunkSeries>> lists = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                lists.add(new ArrayList<>());
            }
            return lists;
        });
        for (int replica : replicaIndexes) {
            answers.get(replica).add(new ChunkSeries(labels, chunks));
        }
        return this;
    }

    void failWith(RuntimeException e) {
        failure = e;
    }

    /** Makes {@code queryStream} wait until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Waits until some {@code queryStream} call has started. */
    boolean awaitEntered() throws InterruptedException {
        return entered.await(5, TimeUnit.SECONDS);
    }

    private synchronized List<List<ChunkSeries>> answers(TenantId tenant) {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        List<List<ChunkSeries>> answers = data.getOrDefault(tenant, List.of());
        List<List<ChunkSeries>> copy = new ArrayList<>();
        answers.forEach(a -> copy.add(List.copyOf(a)));
        return copy;
    }

    private static boolean matches(Labels labels, List<Matcher> matchers) {
        for (Matcher m : matchers) {
            String value = labels.get(m.name());
            if (!m.matches(value == null ? "" : value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<List<ChunkSeries>> queryStream(TenantId tenant, long mint, long maxt, List<Matcher> matchers,
            QueryLimiter limiter) {
        entered.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<List<ChunkSeries>> out = new ArrayList<>();
        for (List<ChunkSeries> answer : answers(tenant)) {
            List<ChunkSeries> selected = new ArrayList<>();
            for (ChunkSeries s : answer) {
                List<EncodedChunk> chunks = s.chunks().stream().filter(c -> c.maxTime() >= mint && c.minTime() <= maxt).toList();
                if (matches(s.labels(), matchers) && !chunks.isEmpty()) {
                    limiter.addChunks(chunks.size());
                    selected.add(new ChunkSeries(s.labels(), chunks));
                }
            }
            out.add(selected);
        }
        return out;
    }

    @Override
    public List<String> labelNames(TenantId tenant, long mint, long maxt, List<Matcher> matchers) {
        Set<String> names = new TreeSet<>(Labels::compareStrings);
        for (Labels labels : series(tenant, mint, maxt, matchers)) {
            for (int i = 0; i < labels.size(); i++) {
                names.add(labels.name(i));
            }
        }
        return List.copyOf(names);
    }

    @Override
    public List<String> labelValues(TenantId tenant, String name, long mint, long maxt, List<Matcher> matchers) {
        Set<String> values = new TreeSet<>(Labels::compareStrings);
        for (Labels labels : series(tenant, mint, maxt, matchers)) {
            if (labels.get(name) != null) {
                values.add(labels.get(name));
            }
        }
        return List.copyOf(values);
    }

    @Override
    public List<Labels> series(TenantId tenant, long mint, long maxt, List<Matcher> matchers) {
        Set<Labels> out = new TreeSet<>();
        for (List<ChunkSeries> answer : answers(tenant)) {
            for (ChunkSeries s : answer) {
                boolean inRange = s.chunks().stream().anyMatch(c -> c.maxTime() >= mint && c.minTime() <= maxt);
                if (inRange && matches(s.labels(), matchers)) {
                    out.add(s.labels());
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<MetricMetadata> metricsMetadata(TenantId tenant, String metric, int limit, int limitPerMetric) {
        answers(tenant);
        return List.of();
    }
}
