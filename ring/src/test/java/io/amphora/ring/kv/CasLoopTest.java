package io.amphora.ring.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CasLoopTest {
    private final InMemoryKvStore store = new InMemoryKvStore();

    @Test
    void writesWhatTheStepDecidesAndReportsTheNewState() {
        CasLoop.Outcome<String> outcome = CasLoop.update(store, "k", 3,
                current -> CasUpdate.write(bytes("v"), current.isEmpty() ? "created" : "updated"));

        assertThat(outcome.result()).isEqualTo("created");
        assertThat(outcome.attempts()).isEqualTo(1);
        Versioned<byte[]> stored = store.get("k").orElseThrow();
        assertThat(outcome.current().orElseThrow().version()).isEqualTo(stored.version());
        assertThat(outcome.current().orElseThrow().value()).isEqualTo(bytes("v"));
    }

    @Test
    void keepingMakesNoWrite() {
        long version = store.cas("k", 0, bytes("v")).version();

        CasLoop.Outcome<String> outcome = CasLoop.update(store, "k", 3, current -> CasUpdate.keep("kept"));

        assertThat(outcome.result()).isEqualTo("kept");
        assertThat(outcome.attempts()).isZero();
        assertThat(outcome.current().orElseThrow().version()).isEqualTo(version);
        assertThat(store.get("k").orElseThrow().version()).isEqualTo(version);
    }

    @Test
    void deletesAndTreatsDeletingAnAbsentKeyAsKeeping() {
        store.cas("k", 0, bytes("v"));

        CasLoop.Outcome<String> deleted = CasLoop.update(store, "k", 3, current -> CasUpdate.delete("gone"));
        CasLoop.Outcome<String> again = CasLoop.update(store, "k", 3, current -> CasUpdate.delete("gone"));

        assertThat(deleted.attempts()).isEqualTo(1);
        assertThat(deleted.current()).isEmpty();
        assertThat(again.attempts()).isZero();
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void decidesAgainOnTheNewerValueAfterLosingARace() {
        store.cas("k", 0, bytes("1"));
        List<String> seen = new ArrayList<>();
        InterferingStore interfering = new InterferingStore(store, 1,
                s -> s.cas("k", s.get("k").orElseThrow().version(), bytes("2")));

        CasLoop.Outcome<String> outcome = CasLoop.update(interfering, "k", 3, current -> {
            String value = new String(current.orElseThrow().value(), StandardCharsets.UTF_8);
            seen.add(value);
            return CasUpdate.write(bytes(value + "+1"), value);
        });

        assertThat(seen).containsExactly("1", "2");
        assertThat(outcome.result()).isEqualTo("2");
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(store.get("k").orElseThrow().value()).isEqualTo(bytes("2+1"));
    }

    @Test
    void givesUpAfterMaxAttemptsLostRaces() {
        store.cas("k", 0, bytes("1"));
        InterferingStore interfering = new InterferingStore(store, Integer.MAX_VALUE,
                s -> s.cas("k", s.get("k").orElseThrow().version(), bytes("other")));

        assertThatThrownBy(() -> CasLoop.update(interfering, "k", 4, current -> CasUpdate.write(bytes("mine"), "x")))
                .isInstanceOf(CasConflictException.class)
                .hasMessage("gave up updating KV key 'k' after 4 conflicting attempts");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A store that lets another writer in between a read and the next compare-and-set, a given number of times. */
    private static final class InterferingStore implements KvStore {
        private final KvStore delegate;
        private final Consumer<KvStore> interference;
        private int remaining;

        InterferingStore(KvStore delegate, int times, Consumer<KvStore> interference) {
            this.delegate = delegate;
            this.remaining = times;
            this.interference = interference;
        }

        @Override
        public Optional<Versioned<byte[]>> get(String key) {
            return delegate.get(key);
        }

        @Override
        public CasResult cas(String key, long expectedVersion, byte[] value) {
            if (remaining > 0) {
                remaining--;
                interference.accept(delegate);
            }
            return delegate.cas(key, expectedVersion, value);
        }

        @Override
        public CasResult delete(String key, long expectedVersion) {
            return delegate.delete(key, expectedVersion);
        }

        @Override
        public List<String> keys(String prefix) {
            return delegate.keys(prefix);
        }

        @Override
        public Watch watch(String prefix, Consumer<KvEvent> listener) {
            return delegate.watch(prefix, listener);
        }
    }
}
