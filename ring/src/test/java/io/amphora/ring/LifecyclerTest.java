package io.amphora.ring;

import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.KvStore;
import io.amphora.ring.kv.Versioned;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.amphora.ring.RingFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecyclerTest {
    private final KvStore kv = new InMemoryKvStore();
    private final TestingClock clock = new TestingClock(NOW);

    @Test
    void joinRegistersAnActiveInstanceWithItsTokens() {
        Lifecycler lifecycler = lifecycler("ingester-0", "eu-west-1a", 1);

        InstanceDesc registered = lifecycler.join();

        InstanceDesc stored = storedRing().instance("ingester-0").orElseThrow();
        assertThat(stored).isEqualTo(registered);
        assertThat(stored.address()).isEqualTo("ingester-0:9095");
        assertThat(stored.zone()).isEqualTo("eu-west-1a");
        assertThat(stored.state()).isEqualTo(InstanceState.ACTIVE);
        assertThat(stored.tokenCount()).isEqualTo(LifecyclerConfig.DEFAULT_NUM_TOKENS);
        assertThat(stored.lastHeartbeat()).isEqualTo(NOW);
        assertThat(lifecycler.tokens()).isEqualTo(stored.tokens());
        assertThat(lifecycler.state()).contains(InstanceState.ACTIVE);
    }

    @Test
    void instancesJoiningAtTheSameTimeAllRegisterWithDisjointTokens() throws Exception {
        int instances = 8;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService executor = Executors.newFixedThreadPool(instances);
        try {
            List<Future<InstanceDesc>> joins = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                // The same seed everywhere makes every instance propose the same tokens first: the worst case.
                Lifecycler lifecycler = new Lifecycler(kv, clock, new Random(0),
                        LifecyclerConfig.ingester("ingester-" + i, "ingester-" + i + ":9095", "")
                                .withMaxCasAttempts(instances + 1));
                joins.add(executor.submit(() -> {
                    start.await();
                    return lifecycler.join();
                }));
            }
            for (Future<InstanceDesc> join : joins) {
                join.get(10, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        RingDesc ring = storedRing();
        assertThat(ring.instances()).hasSize(instances);
        int[] tokens = ring.tokens();
        assertThat(tokens).hasSize(instances * LifecyclerConfig.DEFAULT_NUM_TOKENS);
        assertThat(Arrays.stream(tokens).distinct().count()).isEqualTo(tokens.length);
    }

    @Test
    void heartbeatRefreshesOnlyTheTimestamp() {
        Lifecycler lifecycler = lifecycler("ingester-0", "", 1);
        InstanceDesc joined = lifecycler.join();
        lifecycler("ingester-1", "", 2).join();

        clock.advance(Duration.ofSeconds(5));
        lifecycler.heartbeat();

        InstanceDesc stored = storedRing().instance("ingester-0").orElseThrow();
        assertThat(stored.lastHeartbeat()).isEqualTo(NOW.plusSeconds(5));
        assertThat(stored.tokens()).isEqualTo(joined.tokens());
        assertThat(storedRing().instance("ingester-1").orElseThrow().lastHeartbeat()).isEqualTo(NOW);
    }

    @Test
    void aRestartedInstanceKeepsItsTokens() {
        InstanceDesc before = lifecycler("ingester-0", "", 1).join();

        InstanceDesc after = lifecycler("ingester-0", "", 99).join();

        assertThat(after.tokens()).isEqualTo(before.tokens());
    }

    @Test
    void aRestartWithMoreTokensConfiguredKeepsTheOldOnesAndAddsNew() {
        LifecyclerConfig small = LifecyclerConfig.ingester("ingester-0", "ingester-0:9095", "").withNumTokens(4);
        InstanceDesc before = new Lifecycler(kv, clock, new Random(1), small).join();

        InstanceDesc after = new Lifecycler(kv, clock, new Random(2), small.withNumTokens(8)).join();

        assertThat(after.tokens()).hasSize(8).contains(before.tokens());
    }

    @Test
    void heartbeatRegistersAgainAnInstanceThatWasRemovedFromTheRing() {
        Lifecycler lifecycler = lifecycler("ingester-0", "", 1);
        InstanceDesc joined = lifecycler.join();
        lifecycler("ingester-1", "", 2).join();
        Versioned<byte[]> stored = kv.get(RingKeys.INGESTER).orElseThrow();
        RingDesc withoutUs = RingDescCodec.decode(stored.value()).without("ingester-0");
        kv.cas(RingKeys.INGESTER, stored.version(), RingDescCodec.encode(withoutUs));

        clock.advance(Duration.ofSeconds(5));
        lifecycler.heartbeat();

        InstanceDesc again = storedRing().instance("ingester-0").orElseThrow();
        assertThat(again.tokens()).isEqualTo(joined.tokens());
        assertThat(again.lastHeartbeat()).isEqualTo(NOW.plusSeconds(5));
        assertThat(storedRing().instances()).containsKey("ingester-1");
    }

    @Test
    void changesStateAndKeepsItAcrossHeartbeats() {
        Lifecycler lifecycler = lifecycler("ingester-0", "", 1);
        lifecycler.join();

        lifecycler.changeState(InstanceState.LEAVING);
        lifecycler.heartbeat();

        assertThat(storedRing().instance("ingester-0").orElseThrow().state()).isEqualTo(InstanceState.LEAVING);
        assertThat(lifecycler.state()).contains(InstanceState.LEAVING);
    }

    @Test
    void leaveRemovesOnlyThisInstance() {
        Lifecycler first = lifecycler("ingester-0", "", 1);
        first.join();
        lifecycler("ingester-1", "", 2).join();

        first.leave();
        first.leave();

        assertThat(storedRing().instances()).containsOnlyKeys("ingester-1");
        assertThat(first.state()).isEmpty();
        assertThatThrownBy(first::heartbeat)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("instance ingester-0 has not joined the ring");
    }

    @Test
    void theLastInstanceLeavingRemovesTheRingKey() {
        Lifecycler only = lifecycler("ingester-0", "", 1);
        only.join();

        only.leave();

        assertThat(kv.get(RingKeys.INGESTER)).isEmpty();
    }

    @Test
    void heartbeatAndStateChangesNeedAJoinFirst() {
        Lifecycler lifecycler = lifecycler("ingester-0", "", 1);

        assertThatThrownBy(lifecycler::heartbeat).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> lifecycler.changeState(InstanceState.LEAVING))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWatcherSeesJoinedInstancesAndDropsOnesThatStopHeartbeating() {
        Duration timeout = Duration.ofMinutes(1);
        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, timeout, clock)) {
            Lifecycler a = lifecycler("a", "", 1);
            Lifecycler b = lifecycler("b", "", 2);
            Lifecycler c = lifecycler("c", "", 3);
            a.join();
            b.join();
            c.join();
            assertThat(watcher.get(12345, 3).instances()).hasSize(3);

            clock.advance(timeout.plusSeconds(1));
            a.heartbeat();
            b.heartbeat();

            ReplicationSet set = watcher.get(12345, 3);
            assertThat(set.instances()).extracting(InstanceDesc::id).containsExactlyInAnyOrder("a", "b");
            assertThat(set.maxErrors()).isZero();
        }
    }

    @Test
    void validatesItsConfig() {
        assertThatThrownBy(() -> LifecyclerConfig.ingester("", "a:1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LifecyclerConfig.ingester("a", "a:1", "").withNumTokens(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LifecyclerConfig.ingester("a", "a:1", "").withMaxCasAttempts(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LifecyclerConfig("ring/ingester", "a", "a:1", "", 1, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Lifecycler lifecycler(String id, String zone, long seed) {
        return new Lifecycler(kv, clock, new Random(seed), LifecyclerConfig.ingester(id, id + ":9095", zone));
    }

    private RingDesc storedRing() {
        return RingDescCodec.decode(kv.get(RingKeys.INGESTER).orElseThrow().value());
    }
}
