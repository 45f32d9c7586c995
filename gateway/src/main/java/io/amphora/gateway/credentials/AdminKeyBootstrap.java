package io.amphora.gateway.credentials;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Provides the admin access key a gateway without a credentials file runs with.
 *
 * <p>The environment wins: {@value #ACCESS_KEY_ID_VARIABLE} and {@value #SECRET_VARIABLE} together give the key and
 * nothing is written. Otherwise the key stored at {@code <data-dir>/gateway/admin-credentials} is used, and on the
 * very first start it is created there: an access key id like AWS's ({@code AKIA} and 16 upper-case base32
 * characters) and a 40-character secret, both from the injected {@link SecureRandom}.
 *
 * <p>The file is an AWS shared-credentials file (profile {@value #PROFILE}). It is created with mode {@code 0600}
 * from its first byte (never readable by others, not even briefly) and appears atomically: it is written and synced
 * under a temporary name, then hard-linked to its final name, which fails rather than overwrites when a concurrent
 * start won; the loser then reads the winner's key. A stored file that others can read is narrowed back to
 * {@code 0600}, with a warning. Needs a POSIX file system.
 */
public final class AdminKeyBootstrap {
    public static final String ACCESS_KEY_ID_VARIABLE = "AMPHORA_ADMIN_ACCESS_KEY_ID";
    public static final String SECRET_VARIABLE = "AMPHORA_ADMIN_SECRET_ACCESS_KEY";
    /** The profile name in the stored file, and the AWS CLI profile the welcome text sets up. */
    public static final String PROFILE = "amphora";
    public static final String DIRECTORY = "gateway";
    public static final String FILE_NAME = "admin-credentials";

    private static final Logger LOG = LoggerFactory.getLogger(AdminKeyBootstrap.class);
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final String ID_KEY = "aws_access_key_id";
    private static final String SECRET_KEY = "aws_secret_access_key";

    private final Path dataDir;
    private final SecureRandom random;

    public AdminKeyBootstrap(Path dataDir, SecureRandom random) {
        this.dataDir = requireNonNull(dataDir, "dataDir is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** Where the key is stored: {@code <data-dir>/gateway/admin-credentials}. */
    public Path file() {
        return dataDir.resolve(DIRECTORY).resolve(FILE_NAME);
    }

    /**
     * The admin key: from {@code environment} (the process environment, passed in), else stored, else created now.
     *
     * @throws IllegalArgumentException when only one of the two variables is set, or they hold an invalid key
     * @throws IllegalStateException when the stored file is unreadable or damaged (the message names the file)
     * @throws UncheckedIOException when the file cannot be written
     */
    public AdminKey obtain(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        Optional<AccessKey> fromEnvironment = fromEnvironment(environment);
        if (fromEnvironment.isPresent()) {
            return new AdminKey(fromEnvironment.get(), AdminKey.Origin.ENVIRONMENT, Optional.empty());
        }
        Path file = file();
        if (Files.exists(file)) {
            return new AdminKey(read(file), AdminKey.Origin.STORED, Optional.of(file));
        }
        AccessKey created = new AccessKey(newAccessKeyId(), Secret.of(newSecret()));
        boolean won = create(file, created);
        return won ? new AdminKey(created, AdminKey.Origin.CREATED, Optional.of(file))
                : new AdminKey(read(file), AdminKey.Origin.STORED, Optional.of(file));
    }

    private static Optional<AccessKey> fromEnvironment(Map<String, String> environment) {
        String id = blankToNull(environment.get(ACCESS_KEY_ID_VARIABLE));
        String secret = blankToNull(environment.get(SECRET_VARIABLE));
        if (id == null && secret == null) {
            return Optional.empty();
        }
        if (id == null || secret == null) {
            throw new IllegalArgumentException("set both " + ACCESS_KEY_ID_VARIABLE + " and " + SECRET_VARIABLE
                    + ", or neither; only " + (id == null ? SECRET_VARIABLE : ACCESS_KEY_ID_VARIABLE) + " is set");
        }
        try {
            return Optional.of(new AccessKey(id, Secret.of(secret)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ACCESS_KEY_ID_VARIABLE + "/" + SECRET_VARIABLE + ": " + e.getMessage());
        }
    }

    /** {@code AKIA} and 16 characters of RFC 4648 base32 (80 random bits). */
    String newAccessKeyId() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        StringBuilder id = new StringBuilder("AKIA");
        long bits = 0;
        int count = 0;
        for (byte b : bytes) {
            bits = bits << 8 | (b & 0xff);
            count += 8;
            while (count >= 5) {
                count -= 5;
                id.append(BASE32[(int) (bits >>> count) & 0x1f]);
            }
        }
        return id.toString();
    }

    /** 40 characters of base64 (240 random bits), like an AWS secret access key. */
    String newSecret() {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Writes {@code key} to {@code file} unless it exists; whether this call created it. */
    private static boolean create(Path file, AccessKey key) {
        Path directory = file.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            temporary = Files.createTempFile(directory, "." + FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(render(key).getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // No hard links on this file system: a plain move, which also refuses to replace an existing file
                // (though, unlike the link, not atomically with the check).
                try {
                    Files.move(temporary, file);
                    temporary = null;
                } catch (FileAlreadyExistsException lost) {
                    return false;
                }
            }
            syncDirectory(directory);
            return true;
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("the admin key needs a POSIX file system for " + file
                    + " (owner-only permissions)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the admin key file " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.warn("Could not remove the temporary file {}: {}", temporary, e.toString());
                }
            }
        }
    }

    private static AccessKey read(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_READ_WRITE.containsAll(permissions)) {
                LOG.warn("The admin key file {} was readable by others ({}); narrowing it to rw-------", file,
                        PosixFilePermissions.toString(permissions));
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            }
            String id = null;
            String secret = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (line.isBlank() || line.startsWith("#") || line.startsWith("[") || equals < 0) {
                    continue;
                }
                String name = line.substring(0, equals).trim();
                String value = line.substring(equals + 1).trim();
                if (name.equals(ID_KEY)) {
                    id = value;
                } else if (name.equals(SECRET_KEY)) {
                    secret = value;
                }
            }
            if (id == null || secret == null) {
                throw new IllegalStateException("the admin key file " + file + " lacks " + (id == null ? ID_KEY : SECRET_KEY)
                        + "; remove it to have a new key created, or fix it");
            }
            return new AccessKey(id, Secret.of(secret));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the admin key file " + file + " holds an invalid key: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the admin key file " + file + ": " + e, e);
        }
    }

    /** The shared-credentials text of {@code key}. */
    static String render(AccessKey key) {
        return "# The Amphora admin access key (principal admin, AmazonPrometheusFullAccess). Keep this file private.\n"
                + "[" + PROFILE + "]\n"
                + ID_KEY + " = " + key.accessKeyId() + "\n"
                + SECRET_KEY + " = " + key.secret().reveal() + "\n";
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync directory {}: {}", directory, e.toString());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "AdminKeyBootstrap[" + file() + "]";
    }
}
