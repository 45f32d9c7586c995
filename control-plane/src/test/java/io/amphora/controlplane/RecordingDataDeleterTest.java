package io.amphora.controlplane;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingDataDeleterTest {
    @Test
    void failsTheRequestedNumberOfCallsThenSucceedsAndRecordsThemAll() throws Exception {
        RecordingDataDeleter deleter = new RecordingDataDeleter();
        deleter.failNext(2);

        assertThatThrownBy(() -> deleter.deleteData("ws-a")).hasMessageContaining("deliberate failure");
        assertThatThrownBy(() -> deleter.deleteData("ws-a")).hasMessageContaining("deliberate failure");
        assertThatCode(() -> deleter.deleteData("ws-a")).doesNotThrowAnyException();
        deleter.deleteData("ws-b");

        assertThat(deleter.calls()).containsExactly("ws-a", "ws-a", "ws-a", "ws-b");
    }
}
