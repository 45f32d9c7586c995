package io.amphora.ingester;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantDeletionMarkersTest {
    @TempDir
    Path dir;

    @Test
    void hasNothingPendingInAFreshDirectory() {
        assertThat(new TenantDeletionMarkers(dir).pending()).isEmpty();
    }

    @Test
    void keepsAMarkUntilItIsRemovedAcrossInstances() {
        TenantDeletionMarkers markers = new TenantDeletionMarkers(dir);
        markers.mark(TenantId.of("ws-b"));
        markers.mark(TenantId.of("ws-a"));
        markers.mark(TenantId.of("ws-a")); // marking again is a no-op

        assertThat(new TenantDeletionMarkers(dir).pending()).containsExactly(TenantId.of("ws-a"), TenantId.of("ws-b"));
        assertThat(dir.resolve(TenantDeletionMarkers.DIRECTORY).resolve("ws-a")).exists();

        markers.unmark(TenantId.of("ws-a"));
        markers.unmark(TenantId.of("ws-never-marked"));

        assertThat(new TenantDeletionMarkers(dir).pending()).containsExactly(TenantId.of("ws-b"));
    }

    @Test
    void takesEveryTenantIdAsAFileName() {
        TenantDeletionMarkers markers = new TenantDeletionMarkers(dir);
        TenantId odd = TenantId.of("a.b!-_*'()" + "x".repeat(140));
        markers.mark(odd);
        assertThat(markers.pending()).containsExactly(odd);
    }

    @Test
    void ignoresEntriesThatNameNoTenant() throws Exception {
        TenantDeletionMarkers markers = new TenantDeletionMarkers(dir);
        markers.mark(TenantId.of("ws-a"));
        Files.writeString(dir.resolve(TenantDeletionMarkers.DIRECTORY).resolve("not a tenant"), "");

        assertThat(markers.pending()).containsExactly(TenantId.of("ws-a"));
    }

    @Test
    void reportsAMarkThatCannotBeWrittenAsAnInternalError() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the data directory should be");
        TenantDeletionMarkers markers = new TenantDeletionMarkers(blocked);

        assertThatThrownBy(() -> markers.mark(TenantId.of("ws-a")))
                .isInstanceOfSatisfying(AmphoraException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("cannot record the deletion of tenant ws-a");
    }
}
