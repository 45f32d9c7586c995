package io.amphora.gateway.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminKeyBootstrapTest {
    @TempDir
    Path dataDir;

    private AdminKeyBootstrap bootstrap() {
        return new AdminKeyBootstrap(dataDir, new SecureRandom());
    }

    @Test
    void createsAKeyLikeAwsOnTheFirstStartReadableByTheOwnerOnly() throws Exception {
        AdminKey key = bootstrap().obtain(Map.of());

        assertThat(key.origin()).isEqualTo(AdminKey.Origin.CREATED);
        assertThat(key.createdNow()).isTrue();
        assertThat(key.accessKey().accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(key.accessKey().secret().reveal()).matches("[A-Za-z0-9+/]{40}");
        Path file = dataDir.resolve("gateway").resolve("admin-credentials");
        assertThat(key.file()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("[amphora]\n", "aws_access_key_id = " + key.accessKey().accessKeyId(),
                "aws_secret_access_key = " + key.accessKey().secret().reveal());
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void reusesTheStoredKeyOnLaterStarts() {
        AdminKey first = bootstrap().obtain(Map.of());

        AdminKey second = bootstrap().obtain(Map.of());

        assertThat(second.origin()).isEqualTo(AdminKey.Origin.STORED);
        assertThat(second.createdNow()).isFalse();
        assertThat(second.accessKey()).isEqualTo(first.accessKey());
    }

    @Test
    void narrowsAStoredFileThatOthersCanRead() throws Exception {
        AdminKey first = bootstrap().obtain(Map.of());
        Path file = first.file().orElseThrow();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AdminKey second = bootstrap().obtain(Map.of());

        assertThat(second.accessKey()).isEqualTo(first.accessKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void letsTheEnvironmentOverrideWithoutWritingAnything() {
        AdminKey key = bootstrap().obtain(Map.of(
                AdminKeyBootstrap.ACCESS_KEY_ID_VARIABLE, "AKIAFROMENVIRONMENT1",
                AdminKeyBootstrap.SECRET_VARIABLE, "environment-secret-0123456789"));

        assertThat(key).isEqualTo(new AdminKey(new AccessKey("AKIAFROMENVIRONMENT1",
                Secret.of("environment-secret-0123456789")), AdminKey.Origin.ENVIRONMENT, Optional.empty()));
        assertThat(dataDir.resolve("gateway")).doesNotExist();
    }

    @Test
    void prefersTheEnvironmentOverAStoredKey() {
        bootstrap().obtain(Map.of());

        AdminKey key = bootstrap().obtain(Map.of(
                AdminKeyBootstrap.ACCESS_KEY_ID_VARIABLE, "AKIAFROMENVIRONMENT1",
                AdminKeyBootstrap.SECRET_VARIABLE, "environment-secret-0123456789"));

        assertThat(key.origin()).isEqualTo(AdminKey.Origin.ENVIRONMENT);
        assertThat(key.accessKey().accessKeyId()).isEqualTo("AKIAFROMENVIRONMENT1");
    }

    @Test
    void refusesHalfAnOverride() {
        assertThatThrownBy(() -> bootstrap().obtain(Map.of(AdminKeyBootstrap.ACCESS_KEY_ID_VARIABLE, "AKIAFROMENVIRONMENT1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set both AMPHORA_ADMIN_ACCESS_KEY_ID and AMPHORA_ADMIN_SECRET_ACCESS_KEY, or neither; only"
                        + " AMPHORA_ADMIN_ACCESS_KEY_ID is set");
        assertThatThrownBy(() -> bootstrap().obtain(Map.of(
                AdminKeyBootstrap.ACCESS_KEY_ID_VARIABLE, "AKIAFROMENVIRONMENT1",
                AdminKeyBootstrap.SECRET_VARIABLE, "short")))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("short").contains("AMPHORA_ADMIN_SECRET_ACCESS_KEY");
    }

    @Test
    void givesEveryConcurrentStartTheSameKey() throws Exception {
        int starts = 8;
        ExecutorService executor = Executors.newFixedThreadPool(starts);
        try {
            List<Callable<AdminKey>> tasks = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                tasks.add(() -> bootstrap().obtain(Map.of()));
            }
            List<AdminKey> keys = new ArrayList<>();
            for (Future<AdminKey> future : executor.invokeAll(tasks)) {
                keys.add(future.get());
            }

            assertThat(keys).extracting(AdminKey::accessKey).containsOnly(keys.getFirst().accessKey());
            assertThat(keys).filteredOn(AdminKey::createdNow).hasSizeLessThanOrEqualTo(1);
            try (var listing = Files.list(dataDir.resolve("gateway"))) {
                assertThat(listing).containsExactly(dataDir.resolve("gateway").resolve("admin-credentials"));
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void refusesADamagedStoredFileNamingIt() throws Exception {
        Path file = dataDir.resolve("gateway").resolve("admin-credentials");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[amphora]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");

        assertThatThrownBy(() -> bootstrap().obtain(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the admin key file " + file + " lacks aws_secret_access_key; remove it to have a new key"
                        + " created, or fix it");
    }

    @Test
    void drawsKeysFromTheInjectedRandom() {
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0);
            }
        };
        AdminKeyBootstrap zeros = new AdminKeyBootstrap(dataDir, fixed);

        assertThat(zeros.newAccessKeyId()).isEqualTo("AKIAAAAAAAAAAAAAAAAA");
        assertThat(zeros.newSecret()).isEqualTo("A".repeat(40));
        assertThat(zeros.toString()).contains(dataDir.toString()).doesNotContain("AAAA");
    }
}
