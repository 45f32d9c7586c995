package io.amphora.gateway.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.amphora.gateway.credentials.CredentialsFile;
import io.amphora.gateway.credentials.IdentitySnapshot;
import io.amphora.gateway.credentials.ReloadableIdentityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Re-reads the credentials file when its modification time or size changes (a Kubernetes Secret update replaces
 * the mounted file), checking every {@code period}. A file that fails to load leaves the credentials in force
 * unchanged and is logged (never with a secret: {@link CredentialsFile}'s messages name only the file and the problem).
 */
final class CredentialsFileReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsFileReloader.class);

    private final Path file;
    private final String accountId;
    private final ReloadableIdentityStore store;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gateway-credentials-reload").daemon().factory());
    private FileTime lastModified;
    private long lastSize;

    CredentialsFileReloader(Path file, String accountId, ReloadableIdentityStore store, Duration period) {
        this.file = requireNonNull(file, "file is null");
        this.accountId = requireNonNull(accountId, "accountId is null");
        this.store = requireNonNull(store, "store is null");
        if (!period.isPositive()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        remember();
        executor.scheduleWithFixedDelay(this::reloadIfChanged, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Loads the file again if it changed since the last load; whether it did and loaded. */
    boolean reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(lastModified) && size == lastSize) {
                return false;
            }
            IdentitySnapshot snapshot = CredentialsFile.load(file, accountId);
            store.replace(snapshot);
            lastModified = modified;
            lastSize = size;
            LOG.info("gateway: reloaded {} access keys from {}", snapshot.size(), file);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("gateway: keeping the credentials in force; reloading {} failed: {}", file, e.getMessage());
            return false;
        }
    }

    private void remember() {
        try {
            lastModified = Files.getLastModifiedTime(file);
            lastSize = Files.size(file);
        } catch (IOException e) {
            lastModified = null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
