package io.amphora.controlplane.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RocksDbControlPlaneStoreTest extends ControlPlaneStoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected ControlPlaneStore createStore() {
        return RocksDbControlPlaneStore.open(dir.resolve("control-plane"));
    }

    @Test
    void keepsEveryWriteAcrossCloseAndReopen() {
        long kept = store.compareAndSet("workspace/a", ControlPlaneStore.ABSENT, Optional.of(bytes("a"))).orElseThrow();
        long gone = store.compareAndSet("workspace/b", ControlPlaneStore.ABSENT, Optional.of(bytes("b"))).orElseThrow();
        store.compareAndSet("workspace/b", gone, Optional.empty());
        store.close();

        store = RocksDbControlPlaneStore.open(dir.resolve("control-plane"));

        StoredValue a = store.get("workspace/a").orElseThrow();
        assertThat(text(a)).isEqualTo("a");
        assertThat(a.version()).isEqualTo(kept);
        assertThat(store.get("workspace/b")).isEmpty();
        long next = store.compareAndSet("workspace/c", ControlPlaneStore.ABSENT, Optional.of(bytes("c"))).orElseThrow();
        assertThat(next).as("versions keep growing after a reopen").isGreaterThan(kept);
        assertThat(store.compareAndSet("workspace/a", kept, Optional.of(bytes("a2")))).isPresent();
    }

    @Test
    void refusesASecondOpenOfTheSameDirectory() {
        assertThatThrownBy(() -> RocksDbControlPlaneStore.open(dir.resolve("control-plane")))
                .hasMessageContaining("cannot open the control-plane store in");
    }

    @Test
    void createsItsDirectory() {
        assertThat(Files.isDirectory(dir.resolve("control-plane"))).isTrue();
    }
}
