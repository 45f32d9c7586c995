package io.amphora.ingester;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Durable records of the tenant deletions that began and have not finished: one empty file per tenant in
 * {@code <ingester data dir>/tenant-deletions/}, named by the tenant id. A deletion writes its marker (fsynced, with
 * the directory) before it touches any data and removes it once everything is gone, so an ingester that crashed in
 * between finds the marker when it starts and finishes the deletion before it serves anything.
 *
 * <p>The directory sits inside the RocksDB directory, which RocksDB allows: it ignores entries whose names are not its
 * own file names. Tenant ids are valid file names ({@link TenantId} allows neither {@code /} nor {@code .} or
 * {@code ..}, and at most 150 characters); the data directory must be on a case-sensitive file system, as tenant ids
 * are case-sensitive.
 *
 * <p>Callers serialise changes for one tenant; reads may run at any time.
 */
final class TenantDeletionMarkers {
    static final String DIRECTORY = "tenant-deletions";
    private static final Logger log = LoggerFactory.getLogger(TenantDeletionMarkers.class);

    private final Path dataDir;
    private final Path dir;

    TenantDeletionMarkers(Path dataDir) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.dir = dataDir.resolve(DIRECTORY);
    }

    /** Records durably that the tenant's deletion has begun; recording it again is a no-op. */
    void mark(TenantId tenant) {
        Path marker = dir.resolve(tenant.value());
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                fsync(dataDir);
            }
            try (FileChannel file = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                file.force(true);
            }
            fsync(dir);
        } catch (IOException e) {
            throw new AmphoraException(ErrorCode.INTERNAL, "cannot record the deletion of tenant " + tenant + " in "
                    + marker + ": " + e, e);
        }
    }

    /** Records durably that the tenant's deletion has finished; a tenant without a marker is a no-op. */
    void unmark(TenantId tenant) {
        Path marker = dir.resolve(tenant.value());
        try {
            if (Files.deleteIfExists(marker)) {
                fsync(dir);
            }
        } catch (IOException e) {
            throw new AmphoraException(ErrorCode.INTERNAL, "cannot record the end of the deletion of tenant " + tenant
                    + " in " + marker + ": " + e, e);
        }
    }

    /** The tenants whose deletion began and did not finish, by id. Entries that name no tenant are logged and left. */
    List<TenantId> pending() {
        List<TenantId> tenants = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    tenants.add(TenantId.of(name));
                } catch (IllegalArgumentException e) {
                    log.warn("ignoring {}: not a tenant deletion marker ({})", entry, e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AmphoraException(ErrorCode.INTERNAL, "cannot list unfinished tenant deletions in " + dir + ": " + e, e);
        }
        tenants.sort(Comparator.comparing(TenantId::value));
        return List.copyOf(tenants);
    }

    /** Makes a directory's entries (a created or removed marker) durable, as an fsync of a file does its content. */
    private static void fsync(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
