package io.amphora.gateway.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import io.amphora.gateway.credentials.CredentialsFile;
import io.amphora.gateway.credentials.ReloadableIdentityStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialsFileReloaderTest {
    private static final String ACCOUNT = "000000000000";

    @TempDir
    Path dir;

    private static String file(String keyId) {
        return """
                principals:
                  - name: p
                    accessKeys: [{accessKeyId: %s, secretAccessKey: secret-secret-secret-secret}]
                    managedPolicies: [AmazonPrometheusQueryAccess]
                """.formatted(keyId);
    }

    @Test
    void aChangedFileReplacesTheCredentialsAndAnInvalidOneIsIgnored() throws Exception {
        Path path = Files.writeString(dir.resolve("credentials.yaml"), file("AKIAFIRST00000000001"));
        ReloadableIdentityStore store = new ReloadableIdentityStore(CredentialsFile.load(path, ACCOUNT));
        try (CredentialsFileReloader reloader = new CredentialsFileReloader(path, ACCOUNT, store, Duration.ofHours(1))) {
            assertThat(reloader.reloadIfChanged()).isFalse();

            Files.writeString(path, file("AKIASECOND0000000002"));
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(reloader.reloadIfChanged()).isTrue();
            assertThat(store.findByAccessKeyId("AKIASECOND0000000002")).isPresent();
            assertThat(store.findByAccessKeyId("AKIAFIRST00000000001")).isEmpty();

            Files.writeString(path, "principals: [{name: broken, unknownKey: 1}]\n");
            Files.setLastModifiedTime(path, FileTime.from(Instant.now().plusSeconds(10)));
            assertThat(reloader.reloadIfChanged()).isFalse();
            assertThat(store.findByAccessKeyId("AKIASECOND0000000002")).isPresent();
        }
    }
}
