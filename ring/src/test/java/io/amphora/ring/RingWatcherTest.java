package io.amphora.ring;

import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.KvStore;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.amphora.ring.RingFixtures.NOW;
import static io.amphora.ring.RingFixtures.instance;
import static io.amphora.ring.RingFixtures.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RingWatcherTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private final KvStore kv = new InMemoryKvStore();
    private final TestingClock clock = new TestingClock(NOW);

    @Test
    void startsWithTheRingAlreadyStored() {
        long version = kv.cas(RingKeys.INGESTER, 0, RingDescCodec.encode(ring(instance("a", 0)))).version();

        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock)) {
            assertThat(watcher.ring().desc()).isEqualTo(ring(instance("a", 0)));
            assertThat(watcher.version()).isEqualTo(version);
        }
    }

    @Test
    void startsEmptyWhenNoRingIsStored() {
        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock)) {
            assertThat(watcher.ring().desc()).isEqualTo(RingDesc.EMPTY);
            assertThat(watcher.version()).isZero();
            assertThatThrownBy(() -> watcher.get(0, 1)).isInstanceOf(TooFewReplicasException.class);
        }
    }

    @Test
    void followsEveryChange() {
        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock)) {
            long v1 = kv.cas(RingKeys.INGESTER, 0, RingDescCodec.encode(ring(instance("a", 0)))).version();
            assertThat(watcher.get(5, 1).instances()).extracting(InstanceDesc::id).containsExactly("a");

            kv.cas(RingKeys.INGESTER, v1, RingDescCodec.encode(ring(instance("a", 0), instance("b", 10))));
            assertThat(watcher.get(5, 1).instances()).extracting(InstanceDesc::id).containsExactly("b");
        }
    }

    @Test
    void ignoresOtherKeysThatShareThePrefix() {
        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock)) {
            kv.cas(RingKeys.INGESTER + "-other", 0, RingDescCodec.encode(ring(instance("x", 0))));

            assertThat(watcher.ring().desc()).isEqualTo(RingDesc.EMPTY);
        }
    }

    @Test
    void keepsThePreviousRingWhenAValueDoesNotDecode() {
        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock)) {
            long v1 = kv.cas(RingKeys.INGESTER, 0, RingDescCodec.encode(ring(instance("a", 0)))).version();

            kv.cas(RingKeys.INGESTER, v1, new byte[] {42, 1, 2});

            assertThat(watcher.ring().desc()).isEqualTo(ring(instance("a", 0)));
            assertThat(watcher.version()).isEqualTo(v1);
        }
    }

    @Test
    void aDeletedRingIsEmpty() {
        try (RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock)) {
            long v1 = kv.cas(RingKeys.INGESTER, 0, RingDescCodec.encode(ring(instance("a", 0)))).version();

            kv.delete(RingKeys.INGESTER, v1);

            assertThat(watcher.ring().desc()).isEqualTo(RingDesc.EMPTY);
        }
    }

    @Test
    void stopsFollowingOnceClosed() {
        RingWatcher watcher = new RingWatcher(kv, RingKeys.INGESTER, TIMEOUT, clock);
        watcher.close();

        kv.cas(RingKeys.INGESTER, 0, RingDescCodec.encode(ring(instance("a", 0))));

        assertThat(watcher.ring().desc()).isEqualTo(RingDesc.EMPTY);
    }
}
