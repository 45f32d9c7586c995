package io.amphora.controlplane.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ControlPlaneStore} must do; each implementation's test extends this. */
abstract class ControlPlaneStoreContractTest {
    protected ControlPlaneStore store;

    protected abstract ControlPlaneStore createStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsOnlyWhenTheKeyIsAbsent() {
        Optional<Long> created = store.compareAndSet("workspace/a", ControlPlaneStore.ABSENT, Optional.of(bytes("1")));

        assertThat(created).hasValueSatisfying(version -> assertThat(version).isPositive());
        assertThat(store.compareAndSet("workspace/a", ControlPlaneStore.ABSENT, Optional.of(bytes("2")))).isEmpty();
        assertThat(text(store.get("workspace/a").orElseThrow())).isEqualTo("1");
    }

    @Test
    void replacesOnlyAtTheExpectedVersionAndGivesEachWriteANewVersion() {
        long first = store.compareAndSet("k", ControlPlaneStore.ABSENT, Optional.of(bytes("1"))).orElseThrow();
        long second = store.compareAndSet("k", first, Optional.of(bytes("2"))).orElseThrow();

        assertThat(second).isNotEqualTo(first);
        assertThat(store.compareAndSet("k", first, Optional.of(bytes("stale")))).isEmpty();
        StoredValue current = store.get("k").orElseThrow();
        assertThat(current.version()).isEqualTo(second);
        assertThat(text(current)).isEqualTo("2");
    }

    @Test
    void deletesOnlyAtTheExpectedVersion() {
        long version = store.compareAndSet("k", ControlPlaneStore.ABSENT, Optional.of(bytes("1"))).orElseThrow();

        assertThat(store.compareAndSet("k", version + 1000, Optional.empty())).isEmpty();
        assertThat(store.compareAndSet("k", version, Optional.empty())).contains(ControlPlaneStore.ABSENT);
        assertThat(store.get("k")).isEmpty();
        assertThat(store.compareAndSet("k", version, Optional.empty())).isEmpty();
    }

    @Test
    void aRecreatedKeyGetsAVersionItNeverHadBefore() {
        long first = store.compareAndSet("k", ControlPlaneStore.ABSENT, Optional.of(bytes("1"))).orElseThrow();
        store.compareAndSet("k", first, Optional.empty());
        long again = store.compareAndSet("k", ControlPlaneStore.ABSENT, Optional.of(bytes("2"))).orElseThrow();

        assertThat(again).isNotEqualTo(first);
        assertThat(store.compareAndSet("k", first, Optional.of(bytes("stale")))).isEmpty();
    }

    @Test
    void scansAPrefixInKeyOrder() {
        for (String key : List.of("rulegroupsnamespace/ws-b/x", "rulegroupsnamespace/ws-a/z", "workspace/ws-a",
                "rulegroupsnamespace/ws-a/a", "rulegroupsnamespace/ws-a/m", "rulegroupsnamespace/ws-aa/a")) {
            store.compareAndSet(key, ControlPlaneStore.ABSENT, Optional.of(bytes(key)));
        }

        assertThat(store.scan("rulegroupsnamespace/ws-a/")).extracting(StoredValue::key).containsExactly(
                "rulegroupsnamespace/ws-a/a", "rulegroupsnamespace/ws-a/m", "rulegroupsnamespace/ws-a/z");
        assertThat(store.scan("rulegroupsnamespace/")).hasSize(5);
        assertThat(store.scan("nothing/")).isEmpty();
        assertThat(store.scan("")).hasSize(6);
    }

    @Test
    void returnsTheBytesStoredWhateverTheyAre() {
        byte[] binary = {0, -1, 127, -128, 10};
        store.compareAndSet("k", ControlPlaneStore.ABSENT, Optional.of(binary));

        assertThat(store.get("k").orElseThrow().value()).containsExactly(binary);
        assertThat(store.get("absent")).isEmpty();
    }

    @Test
    void letsExactlyOneOfConcurrentCreatorsWin() throws Exception {
        AtomicInteger winners = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 16; i++) {
                String value = "writer-" + i;
                futures.add(executor.submit(() -> {
                    if (store.compareAndSet("contended", ControlPlaneStore.ABSENT, Optional.of(bytes(value)))
                            .isPresent()) {
                        winners.incrementAndGet();
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }

        assertThat(winners).hasValue(1);
    }

    @Test
    void refusesEmptyKeysAndUseAfterClose() {
        assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);

        store.close();

        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class);
        store.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(StoredValue value) {
        return new String(value.value(), StandardCharsets.UTF_8);
    }
}
