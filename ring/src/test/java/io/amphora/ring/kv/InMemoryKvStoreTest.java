package io.amphora.ring.kv;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryKvStoreTest extends KvStoreContractTest {
    @Override
    protected KvStore createStore() {
        return new InMemoryKvStore();
    }

    @Test
    void deliversAWriteToItsWatchersBeforeCasReturnsWhenNoOtherThreadIsDelivering() {
        Recorder recorder = new Recorder();
        try (Watch _ = store().watch("p/", recorder)) {
            long version = store().cas("p/a", 0, bytes("1")).version();

            assertThat(recorder.events()).containsExactly(new KvEvent.Put("p/a", version, bytes("1")));
        }
    }

    @Test
    void versionsComeFromOneCounterAcrossKeys() {
        long a = store().cas("a", 0, bytes("1")).version();
        long b = store().cas("b", 0, bytes("1")).version();
        long deleted = store().delete("a", a).version();

        assertThat(b).isEqualTo(a + 1);
        assertThat(deleted).isEqualTo(b + 1);
    }
}
