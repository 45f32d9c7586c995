package io.amphora.ring.ha;

import io.amphora.model.TenantId;
import io.amphora.ring.kv.CasResult;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.KvEvent;
import io.amphora.ring.kv.KvStore;
import io.amphora.ring.kv.Versioned;
import io.amphora.ring.kv.Watch;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import static io.amphora.ring.ha.Decision.ACCEPT;
import static io.amphora.ring.ha.Decision.REJECT_NOT_ELECTED;
import static io.amphora.ring.ha.Decision.REJECT_TOO_MANY_CLUSTERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HaTrackerTest {
    private static final TenantId TENANT = TenantId.of("ws-1");
    private static final TenantId OTHER = TenantId.of("ws-2");
    private static final HaTrackerConfig CONFIG = HaTrackerConfig.defaults();

    private final TestingClock clock = new TestingClock();
    private final CountingKvStore kv = new CountingKvStore(new InMemoryKvStore());
    private final List<HaTracker> trackers = new ArrayList<>();

    @AfterEach
    void closeTrackers() {
        trackers.forEach(HaTracker::close);
    }

    @Test
    void electsTheFirstReplicaSeen() {
        HaTracker tracker = tracker(CONFIG);

        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);

        ReplicaDesc stored = ReplicaDescCodec.decode(kv.get("ha-tracker/ws-1/prom-eu").orElseThrow().value());
        assertThat(stored).isEqualTo(new ReplicaDesc("replica-a", clock.instant(), clock.instant(), 0));
    }

    @Test
    void clustersAndTenantsAreElectedIndependently() {
        HaTracker tracker = tracker(CONFIG);

        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "prom-us", "replica-b")).isEqualTo(ACCEPT);
        assertThat(tracker.check(OTHER, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "prom-us", "replica-a")).isEqualTo(REJECT_NOT_ELECTED);
    }

    @Test
    void theElectedReplicasTimestampIsWrittenBackAtMostEveryUpdateTimeout() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "prom-eu", "replica-a");
        long elected = kv.get("ha-tracker/ws-1/prom-eu").orElseThrow().version();

        clock.advance(Duration.ofSeconds(14));
        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
        assertThat(kv.get("ha-tracker/ws-1/prom-eu").orElseThrow().version()).isEqualTo(elected);

        clock.advance(Duration.ofSeconds(1));
        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
        Versioned<byte[]> refreshed = kv.get("ha-tracker/ws-1/prom-eu").orElseThrow();
        assertThat(refreshed.version()).isGreaterThan(elected);
        ReplicaDesc desc = ReplicaDescCodec.decode(refreshed.value());
        assertThat(desc.receivedAt()).isEqualTo(clock.instant());
        assertThat(desc.electedAt()).isEqualTo(TestingClock.DEFAULT_START);
    }

    @Test
    void checksWithinTheUpdateTimeoutDoNotTouchTheStore() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "prom-eu", "replica-a");
        int reads = kv.reads.get();
        int writes = kv.writes.get();

        for (int i = 0; i < 100; i++) {
            clock.advanceMillis(100);
            assertThat(tracker.check(TENANT, "prom-eu", i % 2 == 0 ? "replica-a" : "replica-b"))
                    .isEqualTo(i % 2 == 0 ? ACCEPT : REJECT_NOT_ELECTED);
        }

        assertThat(kv.reads.get()).isEqualTo(reads);
        assertThat(kv.writes.get()).isEqualTo(writes);
    }

    @Test
    void failsOverToTheNextReplicaOnceTheElectedOneIsSilentForLongerThanTheFailoverTimeout() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "prom-eu", "replica-a");

        clock.advance(Duration.ofSeconds(31));

        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(tracker.check(TENANT, "prom-eu", "replica-c")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(tracker.electedReplicaChanges()).isEqualTo(1);
        assertThat(tracker.election(TENANT, "prom-eu")).hasValueSatisfying(election -> {
            assertThat(election.replica()).isEqualTo("replica-b");
            assertThat(election.electedAt()).isEqualTo(clock.instant());
            assertThat(election.electedChanges()).isEqualTo(1);
        });
    }

    @Test
    void doesNotFailOverBeforeTheFailoverTimeout() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "prom-eu", "replica-a");

        clock.advance(Duration.ofSeconds(29));
        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        clock.advanceMillis(1);
        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
    }

    @Test
    void theStoreAppliesTheSameFailoverBoundaryWhenTheLocalViewLags() {
        tracker(CONFIG).check(TENANT, "prom-eu", "replica-a");
        kv.pauseWatches = true;
        HaTracker lagging = tracker(CONFIG);
        assertThat(lagging.elections()).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        assertThat(lagging.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        clock.advanceMillis(1);
        assertThat(lagging.check(TENANT, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
        assertThat(lagging.electedReplicaChanges()).isEqualTo(1);
    }

    @Test
    void anElectedReplicaThatKeepsSendingIsNeverReplaced() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "prom-eu", "replica-a");

        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
            assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).as("after %d s", (i + 1) * 10)
                    .isEqualTo(REJECT_NOT_ELECTED);
        }
        assertThat(tracker.electedReplicaChanges()).isZero();
    }

    @Test
    void theElectedReplicaComingBackAfterTheFailoverTimeoutStaysElected() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "prom-eu", "replica-a");

        clock.advance(Duration.ofMinutes(5));

        assertThat(tracker.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(tracker.electedReplicaChanges()).isZero();
    }

    @Test
    void refusesANewClusterOnceTheTenantHasItsLimit() {
        HaTracker tracker = tracker(CONFIG, tenant -> tenant.equals(TENANT) ? 2 : 500);

        assertThat(tracker.check(TENANT, "c1", "r1")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "c2", "r1")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "c3", "r1")).isEqualTo(REJECT_TOO_MANY_CLUSTERS);
        assertThat(tracker.check(TENANT, "c1", "r1")).isEqualTo(ACCEPT);
        assertThat(tracker.check(TENANT, "c2", "r2")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(tracker.check(OTHER, "c3", "r1")).isEqualTo(ACCEPT);
        assertThat(kv.get("ha-tracker/ws-1/c3")).isEmpty();
        assertThat(tracker.tooManyClustersMessage(TENANT)).isEqualTo("too many HA clusters (limit: 2)");
        assertThat(tracker.maxClusters(OTHER)).isEqualTo(500);
    }

    @Test
    void aLimitOfZeroMeansNoLimit() {
        HaTracker tracker = tracker(CONFIG.withMaxClusters(0));

        for (int i = 0; i < 50; i++) {
            assertThat(tracker.check(TENANT, "c" + i, "r")).isEqualTo(ACCEPT);
        }
    }

    @Test
    void twoTrackersSharingAStoreAgreeOnTheElectedReplica() {
        HaTracker first = tracker(CONFIG);
        HaTracker second = tracker(CONFIG);

        assertThat(first.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);
        assertThat(second.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(second.check(TENANT, "prom-eu", "replica-a")).isEqualTo(ACCEPT);

        // replica-a stops; after the failover timeout the second tracker elects replica-b, and the first learns it.
        clock.advance(Duration.ofSeconds(31));
        assertThat(second.check(TENANT, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
        assertThat(first.check(TENANT, "prom-eu", "replica-a")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(first.check(TENANT, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
        assertThat(first.elections()).isEqualTo(second.elections());
    }

    @Test
    void aRefreshByOneTrackerKeepsTheOtherFromFailingOver() {
        HaTracker first = tracker(CONFIG);
        HaTracker second = tracker(CONFIG);
        first.check(TENANT, "prom-eu", "replica-a");

        // replica-a's requests all reach the first tracker; its refreshes must count for the second one too.
        for (int i = 0; i < 12; i++) {
            clock.advance(Duration.ofSeconds(10));
            first.check(TENANT, "prom-eu", "replica-a");
            assertThat(second.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        }
    }

    @Test
    void aTrackerStartedLaterSeesTheExistingElections() {
        tracker(CONFIG).check(TENANT, "prom-eu", "replica-a");

        HaTracker late = tracker(CONFIG);

        assertThat(late.elections()).containsExactly(new Election(TENANT, "prom-eu", "replica-a", clock.instant(),
                clock.instant(), 0));
        int reads = kv.reads.get();
        assertThat(late.check(TENANT, "prom-eu", "replica-b")).isEqualTo(REJECT_NOT_ELECTED);
        assertThat(kv.reads.get()).isEqualTo(reads);
    }

    @Test
    void concurrentFirstSightingsOnSeveralTrackersElectExactlyOneReplica() throws Exception {
        HaTracker first = tracker(CONFIG);
        HaTracker second = tracker(CONFIG);
        int threads = 6;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HaTracker tracker = t % 2 == 0 ? first : second;
                String replica = "replica-" + t;
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        if (tracker.check(TENANT, "prom-eu", replica) == ACCEPT) {
                            accepted.add(replica);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(accepted).hasSize(1);
        assertThat(first.elections()).singleElement().extracting(Election::replica).isEqualTo(accepted.iterator().next());
        assertThat(second.elections()).isEqualTo(first.elections());
    }

    @Test
    void listsElectionsSortedByTenantAndCluster() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(OTHER, "b", "r1");
        tracker.check(TENANT, "z", "r2");
        tracker.check(TENANT, "a/with/slashes", "r3");

        assertThat(tracker.elections()).extracting(e -> e.tenant() + " " + e.cluster() + " " + e.replica())
                .containsExactly("ws-1 a/with/slashes r3", "ws-1 z r2", "ws-2 b r1");
    }

    @Test
    void removesClustersSilentForLongerThanTheStaleAgeAndFreesTheirPlace() {
        HaTracker tracker = tracker(CONFIG.withMaxClusters(2));
        tracker.check(TENANT, "old", "r");
        clock.advance(Duration.ofMinutes(20));
        tracker.check(TENANT, "recent", "r");
        assertThat(tracker.check(TENANT, "new", "r")).isEqualTo(REJECT_TOO_MANY_CLUSTERS);

        clock.advance(Duration.ofMinutes(11));
        int removed = tracker.removeStaleClusters();

        assertThat(removed).isEqualTo(1);
        assertThat(kv.get("ha-tracker/ws-1/old")).isEmpty();
        assertThat(tracker.elections()).extracting(Election::cluster).containsExactly("recent");
        assertThat(tracker.check(TENANT, "new", "r")).isEqualTo(ACCEPT);
    }

    @Test
    void doesNotRemoveAClusterRefreshedSinceTheLocalViewWasTaken() {
        HaTracker tracker = tracker(CONFIG);
        tracker.check(TENANT, "c", "r");
        clock.advance(Duration.ofMinutes(31));
        kv.pauseWatches = true;
        // Another distributor refreshes the entry; this tracker's view still shows the old time.
        Versioned<byte[]> stored = kv.get("ha-tracker/ws-1/c").orElseThrow();
        kv.cas("ha-tracker/ws-1/c", stored.version(), ReplicaDescCodec.encode(
                ReplicaDescCodec.decode(stored.value()).withReceivedAt(clock.instant())));

        assertThat(tracker.removeStaleClusters()).isZero();
        assertThat(kv.get("ha-tracker/ws-1/c")).isPresent();
    }

    @Test
    void replacesAnUndecodableEntryInsteadOfFailingEveryRequest() {
        kv.cas("ha-tracker/ws-1/prom-eu", 0, new byte[] {9, 9});
        HaTracker tracker = tracker(CONFIG);

        assertThat(tracker.check(TENANT, "prom-eu", "replica-b")).isEqualTo(ACCEPT);
        assertThat(tracker.election(TENANT, "prom-eu").orElseThrow().replica()).isEqualTo("replica-b");
    }

    @Test
    void ignoresKeysUnderThePrefixThatAreNotEntries() {
        kv.cas("ha-tracker/no-cluster", 0, new byte[] {1});
        kv.cas("ha-tracker/bad tenant/c", 0, new byte[] {1});
        kv.cas("ha-tracker/ws-1/", 0, new byte[] {1});

        HaTracker tracker = tracker(CONFIG);

        assertThat(tracker.elections()).isEmpty();
    }

    @Test
    void rejectsEmptyClusterOrReplica() {
        HaTracker tracker = tracker(CONFIG);

        assertThatThrownBy(() -> tracker.check(TENANT, "", "r")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.check(TENANT, "c", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsItsCompareAndSetCalls() {
        HaTracker tracker = tracker(CONFIG);

        tracker.check(TENANT, "c", "r");
        clock.advance(Duration.ofSeconds(15));
        tracker.check(TENANT, "c", "r");

        assertThat(tracker.kvCasCalls()).isEqualTo(2);
    }

    private HaTracker tracker(HaTrackerConfig config) {
        HaTracker tracker = new HaTracker(kv, clock, config);
        trackers.add(tracker);
        return tracker;
    }

    private HaTracker tracker(HaTrackerConfig config, ToIntFunction<TenantId> limits) {
        HaTracker tracker = new HaTracker(kv, clock, config, limits);
        trackers.add(tracker);
        return tracker;
    }

    /** Counts reads and writes, and can hold back watch events to simulate a lagging local view. */
    private static final class CountingKvStore implements KvStore {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean pauseWatches;
        private final KvStore delegate;

        CountingKvStore(KvStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Versioned<byte[]>> get(String key) {
            reads.incrementAndGet();
            return delegate.get(key);
        }

        @Override
        public CasResult cas(String key, long expectedVersion, byte[] value) {
            writes.incrementAndGet();
            return delegate.cas(key, expectedVersion, value);
        }

        @Override
        public CasResult delete(String key, long expectedVersion) {
            writes.incrementAndGet();
            return delegate.delete(key, expectedVersion);
        }

        @Override
        public List<String> keys(String prefix) {
            return delegate.keys(prefix);
        }

        @Override
        public Watch watch(String prefix, Consumer<KvEvent> listener) {
            return delegate.watch(prefix, event -> {
                if (!pauseWatches) {
                    listener.accept(event);
                }
            });
        }
    }
}
