package io.amphora.app.overrides;

import io.amphora.model.Limits;
import io.amphora.model.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeOverridesTest {
    private static final TenantId A = TenantId.of("ws-a");
    private static final TenantId B = TenantId.of("ws-b");

    @TempDir
    Path dir;

    @Test
    void appliesDefaultsAndPerWorkspaceOverridesFromTheFile() throws Exception {
        Path file = dir.resolve("runtime.yaml");
        Files.writeString(file, """
                defaults:
                  ingestion_rate: 200000
                overrides:
                  ws-a:
                    max_global_series_per_user: 10
                    out_of_order_time_window: 10m
                """);
        RuntimeOverrides overrides = new RuntimeOverrides(file);
        assertThat(overrides.forTenant(A).maxSeriesPerUser()).isEqualTo(10);
        assertThat(overrides.forTenant(A).outOfOrderTimeWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(overrides.forTenant(A).ingestionRate()).isEqualTo(200_000);
        assertThat(overrides.forTenant(B).ingestionRate()).isEqualTo(200_000);
        assertThat(overrides.forTenant(B).maxSeriesPerUser()).isEqualTo(Limits.defaults().maxSeriesPerUser());
        assertThat(overrides.render()).contains("ws-a:\n", "    max_global_series_per_user: 10\n", "out_of_order_time_window: \"10m\"");
    }

    @Test
    void reloadsWithoutRestartAndKeepsTheLastGoodFileOnErrors() throws Exception {
        Path file = dir.resolve("runtime.yaml");
        Files.writeString(file, "overrides:\n  ws-a:\n    ingestion_rate: 5\n");
        RuntimeOverrides overrides = new RuntimeOverrides(file);
        assertThat(overrides.forTenant(A).ingestionRate()).isEqualTo(5);

        Files.writeString(file, "overrides:\n  ws-a:\n    ingestion_rate: 7\n");
        assertThat(overrides.reload()).isTrue();
        assertThat(overrides.forTenant(A).ingestionRate()).isEqualTo(7);

        for (String broken : new String[] {"overrides:\n  ws-a:\n    ingestion_rat: 9\n", "overrides: [", "limits: {}\n",
                "overrides:\n  'bad/tenant': {}\n", "overrides:\n  ws-a:\n    max_global_series_per_user: -1\n"}) {
            Files.writeString(file, broken);
            assertThat(overrides.reload()).as(broken).isFalse();
            assertThat(overrides.lastReloadSuccessful()).isFalse();
            assertThat(overrides.forTenant(A).ingestionRate()).as(broken).isEqualTo(7);
        }
        Files.delete(file);
        assertThat(overrides.reload()).isFalse();
        assertThat(overrides.forTenant(A).ingestionRate()).isEqualTo(7);
    }

    @Test
    void withoutAFileEveryWorkspaceGetsTheBuiltInDefaults() {
        RuntimeOverrides overrides = new RuntimeOverrides(null);
        assertThat(overrides.forTenant(A)).isEqualTo(Limits.defaults());
        assertThat(overrides.render()).startsWith("defaults:\n  ingestion_rate: 140000.0\n").endsWith("overrides: {}\n");
    }
}
