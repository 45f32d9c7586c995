package io.amphora.ingester;

import io.amphora.model.Labels;
import io.amphora.model.Limits;
import io.amphora.model.Matcher;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.ring.Lifecycler;
import io.amphora.ring.LifecyclerConfig;
import io.amphora.ring.RingKeys;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.Watch;
import io.amphora.storage.Appender;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.Tsdb;
import io.amphora.tsdb.chunkenc.XorIterator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenant deletion on a real ingester over RocksDB on disk. */
class IngesterTenantDeletionTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(T0));
    private static final TenantId DOOMED = TenantId.of("ws-doomed");
    private static final TenantId KEPT = TenantId.of("ws-kept");
    /** Label values only the deleted tenant's series carry, to look for on disk. */
    private static final String DOOMED_VALUE = "doomed-secret-7f3a9c";
    private static final String KEPT_VALUE = "kept-visible-4e81b2";

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryKvStore kv = new InMemoryKvStore();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private SimpleMeterRegistry registry;
    private Ingester ingester;

    private void start() {
        registry = new SimpleMeterRegistry();
        ingester = new Ingester(IngesterConfig.defaults(dir), Overrides.of(Limits.defaults()), CLOCK, registry, scheduler,
                new Lifecycler(kv, InstantSource.system(), new Random(1), new LifecyclerConfig(RingKeys.INGESTER,
                        "ingester-1", "in-process:deletion-test", "", 16, Duration.ofSeconds(5), 10)));
        ingester.startAsync().awaitRunning();
    }

    private void stop() {
        ingester.stopAsync().awaitTerminated();
    }

    private void restart() {
        stop();
        start();
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
        if (ingester != null && ingester.isRunning()) {
            stop();
        }
        scheduler.shutdownNow();
    }

    @Test
    void deletesTheTenantsSeriesMetadataAndMetricsAndKeepsOtherTenants() {
        start();
        writeDoomedData();
        pushKept();

        assertThat(ingester.deleteTenant(DOOMED)).isEqualTo(3);

        assertThat(series(DOOMED)).isEmpty();
        assertThat(ingester.labelNames(DOOMED, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), 0)).isEmpty();
        assertThat(ingester.labelValues(DOOMED, "secret", Long.MIN_VALUE, Long.MAX_VALUE, List.of(), 0)).isEmpty();
        assertThat(ingester.series(DOOMED, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), 0)).isEmpty();
        assertThat(ingester.metricsMetadata(DOOMED, "", 0, 0)).isEmpty();
        assertThat(tenantMeters(DOOMED)).isEmpty();

        assertThat(series(KEPT)).containsExactly("{__name__=\"kept_metric\", marker=\"" + KEPT_VALUE + "\"}");
        assertThat(samples(KEPT)).isEqualTo(5);
        assertThat(ingester.metricsMetadata(KEPT, "", 0, 0)).hasSize(1);
        assertThat(tenantMeters(KEPT)).contains("cortex_ingester_active_series", "cortex_ingester_tenant_memory_series");
    }

    @Test
    void leavesNoByteOfTheDeletedTenantOnDiskAndNothingComesBackAfterARestart() throws IOException {
        start();
        writeDoomedData();
        pushKept();

        ingester.deleteTenant(DOOMED);

        // The kept tenant's label value is found in the files, so the search can see stored strings at all.
        assertThat(filesContaining(KEPT_VALUE)).isNotEmpty();
        // No data file holds the deleted tenant's labels any more. RocksDB's MANIFEST still lists the key bounds of the
        // files the deletion dropped (a posting key carries a label value) until the store is next opened.
        assertThat(filesContaining(DOOMED_VALUE)).allSatisfy(file -> assertThat(file.toString()).startsWith("MANIFEST-"));
        restart();
        assertThat(series(DOOMED)).isEmpty();
        assertThat(tenantMeters(DOOMED)).isEmpty();
        assertThat(samples(KEPT)).isEqualTo(5);
        stop();
        assertThat(filesContaining(DOOMED_VALUE)).isEmpty();
        assertThat(filesContaining(DOOMED.value())).isEmpty();
        assertThat(filesContaining(KEPT_VALUE)).isNotEmpty();
    }

    @Test
    void deletingAnUnknownOrAlreadyDeletedTenantSucceeds() {
        start();
        writeDoomedData();

        assertThat(ingester.deleteTenant(TenantId.of("ws-never-seen"))).isZero();
        assertThat(ingester.deleteTenant(DOOMED)).isEqualTo(3);
        assertThat(ingester.deleteTenant(DOOMED)).isZero();
        assertThat(series(DOOMED)).isEmpty();
        assertThat(new TenantDeletionMarkers(dir).pending()).isEmpty();
    }

    @Test
    void aTenantPushedAgainAfterItsDeletionStartsEmpty() {
        start();
        writeDoomedData();
        ingester.deleteTenant(DOOMED);

        push(DOOMED, Labels.of("__name__", "reborn"), T0 + 3_600_000);

        assertThat(series(DOOMED)).containsExactly("{__name__=\"reborn\"}");
        assertThat(ingester.metricsMetadata(DOOMED, "", 0, 0)).isEmpty();
        restart();
        assertThat(series(DOOMED)).containsExactly("{__name__=\"reborn\"}");
    }

    @Test
    void refusesToDeleteWhileTheIngesterIsNotRunning() {
        start();
        stop();
        assertThatThrownBy(() -> ingester.deleteTenant(DOOMED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void finishesADeletionACrashInterruptedBeforeJoiningTheRing() throws Exception {
        // The disk as a crash right after the deletion recorded its marker leaves it: both tenants' samples only in
        // the store's write-ahead records (no checkpoint since), and the marker.
        Tsdb store = Tsdb.open(IngesterConfig.defaults(dir).tsdbConfig(), CLOCK, new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            append(store, DOOMED, Labels.of("__name__", "doomed_metric", "secret", DOOMED_VALUE + "-" + i), T0);
        }
        append(store, KEPT, Labels.of("__name__", "kept_metric", "marker", KEPT_VALUE), T0);
        new TenantDeletionMarkers(dir).mark(DOOMED);
        store.closeWithoutCheckpoint();
        Path marker = dir.resolve(TenantDeletionMarkers.DIRECTORY).resolve(DOOMED.value());
        List<Boolean> markerLeftWhenJoining = new CopyOnWriteArrayList<>();
        Watch watch = kv.watch(RingKeys.INGESTER, event -> markerLeftWhenJoining.add(Files.exists(marker)));

        try {
            start();
        } finally {
            watch.close();
        }

        assertThat(markerLeftWhenJoining).as("the deletion finished before the ingester joined the ring").containsExactly(false);
        assertThat(series(DOOMED)).isEmpty();
        assertThat(series(KEPT)).containsExactly("{__name__=\"kept_metric\", marker=\"" + KEPT_VALUE + "\"}");
        assertThat(new TenantDeletionMarkers(dir).pending()).isEmpty();
        restart();
        assertThat(series(DOOMED)).isEmpty();
        assertThat(samples(KEPT)).isEqualTo(1);
        stop();
        assertThat(filesContaining(DOOMED_VALUE)).isEmpty();
        assertThat(filesContaining(KEPT_VALUE)).isNotEmpty();
    }

    @Test
    void clearsTheMarkerOfADeletionThatCrashedAfterRemovingTheData() {
        start();
        pushKept();
        ingester.deleteTenant(DOOMED);
        stop();
        new TenantDeletionMarkers(dir).mark(DOOMED); // as if the crash came just before the marker was removed

        start();

        assertThat(new TenantDeletionMarkers(dir).pending()).isEmpty();
        assertThat(series(DOOMED)).isEmpty();
        assertThat(samples(KEPT)).isEqualTo(5);
    }

    @Test
    void aDeletionWaitsForARunningReadWhileTurningPushesAwayAndHidingTheTenant() throws Exception {
        start();
        push(DOOMED, Labels.of("__name__", "a"), T0);
        push(DOOMED, Labels.of("__name__", "b"), T0);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch finishReading = new CountDownLatch(1);
        List<ChunkSeries> read = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> ingester.queryStream(DOOMED, Long.MIN_VALUE,
                Long.MAX_VALUE, List.of(), s -> {
                    reading.countDown();
                    await(finishReading);
                    read.add(s);
                }), threads);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Long> deletion = CompletableFuture.supplyAsync(() -> ingester.deleteTenant(DOOMED), threads);
        int k = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            // Until the deletion has begun, these pushes are stored (and deleted with the rest).
            try {
                push(DOOMED, Labels.of("__name__", "racing", "k", Integer.toString(k++)), T0);
            } catch (TenantDeletionInProgressException e) {
                assertThat(e.tenant()).isEqualTo(DOOMED);
                assertThat(e).hasMessageContaining("ws-doomed is being deleted");
                break;
            }
            assertThat(System.nanoTime()).as("the deletion never began").isLessThan(deadline);
            Thread.sleep(1);
        }

        assertThat(deletion).as("the deletion waits for the read").isNotDone();
        assertThat(series(DOOMED)).isEmpty();
        assertThat(ingester.labelNames(DOOMED, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), 0)).isEmpty();
        assertThat(ingester.series(DOOMED, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), 0)).isEmpty();
        pushKept(); // other tenants go on
        assertThat(samples(KEPT)).isEqualTo(5);

        finishReading.countDown();
        reader.get(10, TimeUnit.SECONDS);
        assertThat(deletion.get(10, TimeUnit.SECONDS)).isEqualTo(2 + k - 1);
        assertThat(read).extracting(s -> s.labels().toString()).containsExactly("{__name__=\"a\"}", "{__name__=\"b\"}");
        assertThat(series(DOOMED)).isEmpty();
        push(DOOMED, Labels.of("__name__", "after"), T0);
        assertThat(series(DOOMED)).containsExactly("{__name__=\"after\"}");
    }

    /** What one racing push did: its series carry {@code push=<id>}. */
    private record PushOutcome(int id, long startNanos, long endNanos, boolean stored) {}

    @Test
    void pushesRacingADeletionAreEitherRefusedOrLandWholeInTheFreshTenant() throws Exception {
        start();
        AtomicInteger ids = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<PushOutcome> outcomes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            writers.add(CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    int id = ids.getAndIncrement();
                    long start = System.nanoTime();
                    boolean stored;
                    try {
                        ingester.push(DOOMED, List.of(
                                samples(0, Labels.of("__name__", "race", "push", Integer.toString(id), "part", "0"), T0 + id),
                                samples(1, Labels.of("__name__", "race", "push", Integer.toString(id), "part", "1"), T0 + id)));
                        stored = true;
                    } catch (TenantDeletionInProgressException e) {
                        stored = false;
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                        return;
                    }
                    outcomes.add(new PushOutcome(id, start, System.nanoTime(), stored));
                }
            }, threads));
        }
        awaitStoredPushes(outcomes, 30, Long.MIN_VALUE);
        long deletionStart = System.nanoTime();
        ingester.deleteTenant(DOOMED);
        long deletionEnd = System.nanoTime();
        awaitStoredPushes(outcomes, 30, deletionEnd);
        stop.set(true);
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(unexpected).isEmpty();

        Map<Integer, Integer> partsStored = partsStoredByPush();
        assertThat(partsStored.values()).as("a push is stored whole or not at all").allMatch(parts -> parts == 2);
        for (PushOutcome outcome : outcomes) {
            boolean present = partsStored.containsKey(outcome.id());
            if (!outcome.stored()) {
                assertThat(present).as("refused push %d", outcome.id()).isFalse();
            } else if (outcome.endNanos() < deletionStart) {
                assertThat(present).as("push %d, acknowledged before the deletion began", outcome.id()).isFalse();
            } else if (outcome.startNanos() > deletionEnd) {
                assertThat(present).as("push %d, made after the deletion returned", outcome.id()).isTrue();
            }
        }
        restart();
        assertThat(partsStoredByPush()).isEqualTo(partsStored);
    }

    private Map<Integer, Integer> partsStoredByPush() {
        Map<Integer, Integer> parts = new HashMap<>();
        ingester.queryStream(DOOMED, Long.MIN_VALUE, Long.MAX_VALUE, List.of(Matcher.equal("__name__", "race")),
                s -> parts.merge(Integer.parseInt(s.labels().get("push")), 1, Integer::sum));
        return parts;
    }

    private static void awaitStoredPushes(ConcurrentLinkedQueue<PushOutcome> outcomes, int count, long startedAfter)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (outcomes.stream().filter(o -> o.stored() && o.startNanos() > startedAfter).count() < count) {
            assertThat(System.nanoTime()).as("writers stalled").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /**
     * The deleted tenant's data everywhere the store keeps it: closed chunks and open chunks (written by the
     * checkpoint of a restart), write-ahead records after it, metric metadata and a discarded-samples counter.
     */
    private void writeDoomedData() {
        List<SeriesSamples> series = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long[] timestamps = new long[130]; // more than one chunk's worth: the first chunk is closed
            double[] values = new double[130];
            for (int j = 0; j < timestamps.length; j++) {
                timestamps[j] = T0 + j * 15_000L;
                values[j] = j;
            }
            series.add(new SeriesSamples(i, Labels.of("__name__", "doomed_metric", "secret", DOOMED_VALUE + "-" + i), timestamps, values));
        }
        assertThat(ingester.push(DOOMED, series).failures()).isEmpty();
        restart(); // checkpoints chunks and open heads into their column families
        push(DOOMED, Labels.of("__name__", "doomed_metric", "secret", DOOMED_VALUE + "-0"), T0 + 130 * 15_000L);
        PushResult outOfOrder = ingester.push(DOOMED, List.of(samples(0, Labels.of("__name__", "doomed_metric", "secret", DOOMED_VALUE + "-1"), T0)),
                List.of(new MetricMetadata("doomed_metric", "counter", "Secret " + DOOMED_VALUE, "")));
        assertThat(outOfOrder.samplesRejected()).isEqualTo(1);
        assertThat(series(DOOMED)).hasSize(3);
        assertThat(samples(DOOMED)).isEqualTo(391);
        assertThat(ingester.metricsMetadata(DOOMED, "", 0, 0)).hasSize(1);
        assertThat(tenantMeters(DOOMED)).contains("cortex_ingester_active_series", "cortex_ingester_tenant_memory_series",
                "cortex_discarded_samples");
    }

    private void pushKept() {
        long[] timestamps = {T0, T0 + 15_000, T0 + 30_000, T0 + 45_000, T0 + 60_000};
        ingester.push(KEPT, List.of(new SeriesSamples(0, Labels.of("__name__", "kept_metric", "marker", KEPT_VALUE),
                timestamps, new double[] {1, 2, 3, 4, 5})), List.of(new MetricMetadata("kept_metric", "gauge", "Kept.", "")));
    }

    private void push(TenantId tenant, Labels labels, long timestamp) {
        assertThat(ingester.push(tenant, List.of(samples(0, labels, timestamp))).failures()).isEmpty();
    }

    private static SeriesSamples samples(int index, Labels labels, long timestamp) {
        return new SeriesSamples(index, labels, new long[] {timestamp}, new double[] {1});
    }

    private static void append(Tsdb store, TenantId tenant, Labels labels, long timestamp) {
        Appender appender = store.appender(tenant);
        appender.append(labels, timestamp, 1);
        appender.commit();
    }

    private List<String> series(TenantId tenant) {
        List<String> out = new ArrayList<>();
        ingester.queryStream(tenant, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), s -> out.add(s.labels().toString()));
        return out;
    }

    private int samples(TenantId tenant) {
        int[] count = {0};
        ingester.queryStream(tenant, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), s -> {
            for (EncodedChunk chunk : s.chunks()) {
                XorIterator it = XorIterator.of(chunk.data(), null);
                while (it.next() == ValueType.FLOAT) {
                    count[0]++;
                }
            }
        });
        return count[0];
    }

    private List<String> tenantMeters(TenantId tenant) {
        return registry.getMeters().stream().map(Meter::getId).filter(id -> tenant.value().equals(id.getTag("user")))
                .map(Meter.Id::getName).distinct().sorted().toList();
    }

    /** Files under the data directory whose bytes contain {@code text} (UTF-8). */
    private List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (indexOf(bytes, needle) >= 0) {
                    found.add(dir.relativize(file));
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
