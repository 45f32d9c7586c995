package io.amphora.gateway.credentials;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The access key of the bootstrap admin, and where it came from.
 *
 * @param accessKey the key pair
 * @param origin where it came from
 * @param file the file that stores it; empty when it came from the environment
 */
public record AdminKey(AccessKey accessKey, Origin origin, Optional<Path> file) {
    public AdminKey {
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(file, "file is null");
        if (file.isPresent() == (origin == Origin.ENVIRONMENT)) {
            throw new IllegalArgumentException("a key from the environment has no file; any other has one");
        }
    }

    /** Whether this start created the key, so the welcome text should be shown (once). */
    public boolean createdNow() {
        return origin == Origin.CREATED;
    }

    public enum Origin {
        /** Created on this start and stored in the data directory. */
        CREATED,
        /** Read from the data directory, where an earlier start stored it. */
        STORED,
        /** Given by {@code AMPHORA_ADMIN_ACCESS_KEY_ID} and {@code AMPHORA_ADMIN_SECRET_ACCESS_KEY}. */
        ENVIRONMENT
    }
}
