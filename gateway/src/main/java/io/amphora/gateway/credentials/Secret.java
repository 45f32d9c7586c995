package io.amphora.gateway.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import static java.util.Objects.requireNonNull;

/**
 * A secret access key. It never shows in {@link #toString()}, and comparisons take the same time whatever the
 * candidate, so neither logs nor timing reveal it.
 *
 * <p>A valid secret is 16 to 128 printable ASCII characters without spaces (AWS's are 40); the limits keep a
 * guessable password out and keep the secret usable as an HTTP Basic password.
 */
public final class Secret {
    public static final int MIN_LENGTH = 16;
    public static final int MAX_LENGTH = 128;

    private final String value;
    private final byte[] digest;

    private Secret(String value) {
        this.value = value;
        this.digest = sha256(value);
    }

    /**
     * @throws IllegalArgumentException when {@code value} is not a valid secret; the message does not repeat it
     */
    public static Secret of(String value) {
        requireNonNull(value, "secret is null");
        if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a secret access key must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters long, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("a secret access key must be printable ASCII without spaces"
                        + " (the character at index " + i + " is not)");
            }
        }
        return new Secret(value);
    }

    /** The secret itself, for deriving SigV4 signing keys and for writing it to its file; never log it. */
    public String reveal() {
        return value;
    }

    /** Whether {@code candidate} is this secret, in time independent of where (or whether) they differ. */
    public boolean matches(String candidate) {
        requireNonNull(candidate, "candidate is null");
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return 0x5ec4e7;
    }

    @Override
    public String toString() {
        return "****";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
