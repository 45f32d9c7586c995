package io.amphora.ring.kv;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The behaviour every {@link KvStore} must have (Trino {@code BaseConnectorTest} style): an implementation's test
 * extends this class and supplies a fresh, empty store. It covers version semantics (0 means absent, versions never
 * repeat, even across a delete), linearizable compare-and-set under contention, value isolation, prefix listing,
 * and watches: the initial snapshot, version order, visibility before delivery, one-at-a-time delivery, prefix
 * isolation, and close.
 *
 * <p>Watch delivery may be asynchronous (a log-backed store delivers from its consumer thread), so tests wait for
 * events with a deadline, except for the initial snapshot, which the contract requires before {@code watch} returns.
 */
public abstract class KvStoreContractTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private KvStore store;

    /** A new, empty store; called before every test. */
    protected abstract KvStore createStore() throws Exception;

    /** Releases a store made by {@link #createStore()}; closes it by default when it is {@link AutoCloseable}. */
    protected void closeStore(KvStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @BeforeEach
    final void setUpStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    final void tearDownStore() throws Exception {
        closeStore(store);
    }

    protected final KvStore store() {
        return store;
    }

    @Test
    void absentKeyHasNoValue() {
        assertThat(store.get("ring/ingester")).isEmpty();
        assertThat(store.keys("")).isEmpty();
    }

    @Test
    void createsAbsentKeyWhenExpectedVersionIsZero() {
        CasResult result = store.cas("k", 0, bytes("one"));

        assertThat(result.applied()).isTrue();
        assertThat(result.version()).isPositive();
        Versioned<byte[]> stored = store.get("k").orElseThrow();
        assertThat(stored.version()).isEqualTo(result.version());
        assertThat(stored.value()).isEqualTo(bytes("one"));
    }

    @Test
    void refusesToCreateKeyThatExists() {
        long version = store.cas("k", 0, bytes("one")).version();

        CasResult result = store.cas("k", 0, bytes("two"));

        assertThat(result).isEqualTo(CasResult.conflict(version));
        assertThat(store.get("k").orElseThrow().value()).isEqualTo(bytes("one"));
    }

    @Test
    void replacesValueOnlyAtItsCurrentVersion() {
        long first = store.cas("k", 0, bytes("one")).version();
        long second = store.cas("k", first, bytes("two")).version();

        CasResult stale = store.cas("k", first, bytes("stale"));
        CasResult ahead = store.cas("k", second + 1000, bytes("ahead"));

        assertThat(second).isGreaterThan(first);
        assertThat(stale).isEqualTo(CasResult.conflict(second));
        assertThat(ahead).isEqualTo(CasResult.conflict(second));
        assertThat(store.get("k").orElseThrow()).satisfies(v -> {
            assertThat(v.version()).isEqualTo(second);
            assertThat(v.value()).isEqualTo(bytes("two"));
        });
    }

    @Test
    void everySuccessfulWriteRaisesTheVersion() {
        long version = 0;
        for (int i = 0; i < 50; i++) {
            CasResult result = store.cas("k", version, bytes("v" + i));
            assertThat(result.applied()).isTrue();
            assertThat(result.version()).isGreaterThan(version);
            version = result.version();
        }
        assertThat(store.get("k").orElseThrow().value()).isEqualTo(bytes("v49"));
    }

    @Test
    void deletesOnlyAtTheCurrentVersion() {
        long first = store.cas("k", 0, bytes("one")).version();
        long second = store.cas("k", first, bytes("two")).version();

        assertThat(store.delete("k", first)).isEqualTo(CasResult.conflict(second));
        assertThat(store.get("k")).isPresent();

        CasResult deleted = store.delete("k", second);

        assertThat(deleted.applied()).isTrue();
        assertThat(deleted.version()).isGreaterThan(second);
        assertThat(store.get("k")).isEmpty();
        assertThat(store.keys("")).isEmpty();
    }

    @Test
    void deletingAnAbsentKeyIsAConflict() {
        assertThat(store.delete("missing", 3)).isEqualTo(CasResult.conflict(0));
    }

    @Test
    void versionsOfAKeyNeverRepeatAcrossDelete() {
        long first = store.cas("k", 0, bytes("one")).version();
        long deleted = store.delete("k", first).version();

        CasResult recreated = store.cas("k", 0, bytes("again"));

        assertThat(recreated.applied()).isTrue();
        assertThat(recreated.version()).isGreaterThan(deleted).isGreaterThan(first);
        // A writer still holding the version from before the delete must not overwrite the new value.
        assertThat(store.cas("k", first, bytes("stale")).applied()).isFalse();
        assertThat(store.delete("k", first).applied()).isFalse();
        assertThat(store.get("k").orElseThrow().value()).isEqualTo(bytes("again"));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> store.cas("k", -1, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("k", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.cas("", 0, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.cas("k", 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] written = bytes("abc");
        store.cas("k", 0, written);
        written[0] = 'X';

        byte[] read = store.get("k").orElseThrow().value();
        read[1] = 'Y';

        assertThat(store.get("k").orElseThrow().value()).isEqualTo(bytes("abc"));
    }

    @Test
    void emptyValuesAreValues() {
        long version = store.cas("k", 0, new byte[0]).version();

        assertThat(store.get("k").orElseThrow().version()).isEqualTo(version);
        assertThat(store.get("k").orElseThrow().value()).isEmpty();
    }

    @Test
    void listsKeysUnderAPrefixInOrder() {
        for (String key : List.of("ring/ingester", "ring/ingester-2", "ha-tracker/t1/b", "ha-tracker/t1/a",
                "ha-tracker/t2/a", "ha-trackers")) {
            store.cas(key, 0, bytes(key));
        }

        assertThat(store.keys("ha-tracker/")).containsExactly("ha-tracker/t1/a", "ha-tracker/t1/b", "ha-tracker/t2/a");
        assertThat(store.keys("ha-tracker/t1/")).containsExactly("ha-tracker/t1/a", "ha-tracker/t1/b");
        assertThat(store.keys("ring/ingester")).containsExactly("ring/ingester", "ring/ingester-2");
        assertThat(store.keys("nothing/")).isEmpty();
        assertThat(store.keys("")).hasSize(6).isSorted();
    }

    @Test
    void ofManyWritersExpectingTheSameVersionExactlyOneWins() throws Exception {
        long version = store.cas("k", 0, bytes("start")).version();
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CasResult>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String value = "writer-" + t;
                results.add(executor.submit(() -> {
                    start.await();
                    return store.cas("k", version, bytes(value));
                }));
            }
            List<CasResult> applied = new ArrayList<>();
            for (Future<CasResult> result : results) {
                CasResult r = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (r.applied()) {
                    applied.add(r);
                } else {
                    assertThat(r.version()).isGreaterThan(version);
                }
            }
            assertThat(applied).hasSize(1);
            assertThat(store.get("k").orElseThrow().version()).isEqualTo(applied.getFirst().version());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void concurrentIncrementsThroughCasLoseNoUpdate() throws Exception {
        int threads = 8;
        int incrementsPerThread = 200;
        Map<Long, String> winnerOfVersion = new ConcurrentHashMap<>();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String writer = "writer-" + t;
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < incrementsPerThread; ) {
                        Optional<Versioned<byte[]>> current = store.get("counter");
                        long expected = current.map(Versioned::version).orElse(0L);
                        long count = current.map(v -> ByteBuffer.wrap(v.value()).getLong()).orElse(0L);
                        CasResult result = store.cas("counter", expected, longBytes(count + 1));
                        if (result.applied()) {
                            String previous = winnerOfVersion.putIfAbsent(result.version(), writer + "#" + i);
                            if (previous != null) {
                                fail("version " + result.version() + " won twice: " + previous + ", " + writer);
                            }
                            i++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        Versioned<byte[]> last = store.get("counter").orElseThrow();
        assertThat(ByteBuffer.wrap(last.value()).getLong()).isEqualTo((long) threads * incrementsPerThread);
        assertThat(winnerOfVersion).hasSize(threads * incrementsPerThread);
        assertThat(Collections.max(winnerOfVersion.keySet())).isEqualTo(last.version());
    }

    @Test
    void watchStartsWithTheKeysPresentThenReportsChanges() {
        long a = store.cas("p/a", 0, bytes("a1")).version();
        long b = store.cas("p/b", 0, bytes("b1")).version();
        Recorder recorder = new Recorder();

        try (Watch _ = store.watch("p/", recorder)) {
            assertThat(recorder.events()).containsExactly(
                    new KvEvent.Put("p/a", a, bytes("a1")), new KvEvent.Put("p/b", b, bytes("b1")));

            long a2 = store.cas("p/a", a, bytes("a2")).version();
            long deleted = store.delete("p/b", b).version();
            long c = store.cas("p/c", 0, bytes("c1")).version();

            awaitUntil(() -> recorder.events().size() == 5);
            assertThat(recorder.events()).containsExactly(
                    new KvEvent.Put("p/a", a, bytes("a1")), new KvEvent.Put("p/b", b, bytes("b1")),
                    new KvEvent.Put("p/a", a2, bytes("a2")), new KvEvent.Delete("p/b", deleted),
                    new KvEvent.Put("p/c", c, bytes("c1")));
        }
    }

    @Test
    void watchOnAnEmptyPrefixStartsEmpty() {
        Recorder recorder = new Recorder();
        try (Watch _ = store.watch("p/", recorder)) {
            assertThat(recorder.events()).isEmpty();
        }
    }

    @Test
    void watchSeesOnlyItsPrefix() {
        Recorder recorder = new Recorder();
        try (Watch _ = store.watch("ha-tracker/", recorder)) {
            store.cas("ring/ingester", 0, bytes("ring"));
            store.cas("ha-trackerx", 0, bytes("close but not under the prefix"));
            long version = store.cas("ha-tracker/t/c", 0, bytes("election")).version();

            awaitUntil(() -> !recorder.events().isEmpty());
            assertThat(recorder.events()).containsExactly(new KvEvent.Put("ha-tracker/t/c", version, bytes("election")));
        }
    }

    @Test
    void watchDeliversAChangeOnlyOnceItIsVisible() {
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger seen = new AtomicInteger();
        try (Watch _ = store.watch("k", event -> {
            Optional<Versioned<byte[]>> now = store.get(event.key());
            boolean visible = switch (event) {
                case KvEvent.Put put -> now.isPresent() && now.get().version() >= put.version();
                case KvEvent.Delete delete -> now.isEmpty() || now.get().version() > delete.version();
            };
            if (!visible) {
                violations.add(event + " delivered while the store shows " + now.map(Versioned::version));
            }
            seen.incrementAndGet();
        })) {
            long version = 0;
            for (int i = 0; i < 20; i++) {
                version = store.cas("k", version, bytes("v" + i)).version();
            }
            store.delete("k", version);
            awaitUntil(() -> seen.get() == 21);
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void watchReportsConcurrentWritesInVersionOrderOneAtATime() throws Exception {
        int threads = 4;
        int writesPerThread = 250;
        List<KvEvent> events = new CopyOnWriteArrayList<>();
        AtomicInteger inListener = new AtomicInteger();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try (Watch _ = store.watch("w/", event -> {
            if (inListener.incrementAndGet() != 1) {
                overlaps.add("listener entered concurrently at " + event);
            }
            events.add(event);
            inListener.decrementAndGet();
        })) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < writesPerThread; i++) {
                        // Two keys per thread plus one shared key, so writes to one key race too.
                        String key = i % 3 == 0 ? "w/shared" : "w/" + thread + "/" + (i % 2);
                        while (true) {
                            long expected = store.get(key).map(Versioned::version).orElse(0L);
                            if (store.cas(key, expected, bytes(thread + ":" + i)).applied()) {
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            awaitUntil(() -> events.size() == threads * writesPerThread);
        } finally {
            executor.shutdownNow();
        }
        assertThat(overlaps).isEmpty();
        assertThat(events).extracting(KvEvent::version).isSorted().doesNotHaveDuplicates();
        Map<String, KvEvent> lastPerKey = new HashMap<>();
        events.forEach(e -> lastPerKey.put(e.key(), e));
        for (String key : store.keys("w/")) {
            Versioned<byte[]> stored = store.get(key).orElseThrow();
            assertThat(lastPerKey.get(key)).isEqualTo(new KvEvent.Put(key, stored.version(), stored.value()));
        }
    }

    @Test
    void closedWatchReceivesNoMoreEvents() {
        Recorder recorder = new Recorder();
        Recorder witness = new Recorder();
        Watch watch = store.watch("p/", recorder);
        try (Watch _ = store.watch("p/", witness)) {
            long version = store.cas("p/a", 0, bytes("1")).version();
            awaitUntil(() -> recorder.events().size() == 1);

            watch.close();
            watch.close();
            store.cas("p/a", version, bytes("2"));

            // The second watch proves the write was delivered; the closed one must not have received it.
            awaitUntil(() -> witness.events().size() == 2);
            assertThat(recorder.events()).hasSize(1);
        }
    }

    @Test
    void listenerMayWriteToTheStore() {
        Recorder mirror = new Recorder();
        try (Watch _ = store.watch("src/", event -> {
                 if (event instanceof KvEvent.Put put) {
                     String target = "dst/" + put.key().substring(4);
                     long expected = store.get(target).map(Versioned::version).orElse(0L);
                     store.cas(target, expected, put.value());
                 }
             });
             Watch _ = store.watch("dst/", mirror)) {
            long version = store.cas("src/x", 0, bytes("1")).version();
            store.cas("src/x", version, bytes("2"));

            awaitUntil(() -> mirror.events().size() == 2);
            assertThat(store.get("dst/x").orElseThrow().value()).isEqualTo(bytes("2"));
        }
    }

    @Test
    void aFailingListenerStillReceivesLaterEvents() {
        List<Long> versions = new CopyOnWriteArrayList<>();
        try (Watch _ = store.watch("p/", event -> {
            versions.add(event.version());
            if (versions.size() == 1) {
                throw new IllegalStateException("listener bug (expected by the test)");
            }
        })) {
            long first = store.cas("p/a", 0, bytes("1")).version();
            long second = store.cas("p/a", first, bytes("2")).version();

            awaitUntil(() -> versions.size() == 2);
            assertThat(versions).containsExactly(first, second);
        }
    }

    @Test
    void eventValuesBelongToTheListener() {
        CountDownLatch delivered = new CountDownLatch(1);
        try (Watch _ = store.watch("p/", event -> {
            if (event instanceof KvEvent.Put put) {
                put.value()[0] = 'X';
            }
            delivered.countDown();
        })) {
            store.cas("p/a", 0, bytes("abc"));
            awaitUntil(() -> delivered.getCount() == 0);
            assertThat(store.get("p/a").orElseThrow().value()).isEqualTo(bytes("abc"));
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} passes. */
    protected static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting");
            }
        }
    }

    /** A listener that keeps every event. */
    protected static final class Recorder implements java.util.function.Consumer<KvEvent> {
        private final List<KvEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void accept(KvEvent event) {
            events.add(event);
        }

        public List<KvEvent> events() {
            return List.copyOf(events);
        }
    }
}
