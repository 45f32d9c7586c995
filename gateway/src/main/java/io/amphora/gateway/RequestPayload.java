package io.amphora.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The body of a request as far as authentication needs it: its SHA-256 digest, which SigV4 signs (or checks against
 * {@code x-amz-content-sha256}). The digest is computed at most once and only when asked for, so a request refused
 * before its signature is checked never pays for hashing its body.
 *
 * <p>Thread-safe.
 */
public final class RequestPayload {
    /** Lower-case hex SHA-256 of zero bytes. */
    public static final String EMPTY_SHA256_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final RequestPayload EMPTY = new RequestPayload(() -> EMPTY_SHA256_HEX);

    private final Supplier<String> digest;
    private volatile String sha256Hex;

    private RequestPayload(Supplier<String> digest) {
        this.digest = digest;
    }

    public static RequestPayload empty() {
        return EMPTY;
    }

    /**
     * The payload {@code body}. The array is not copied: the caller must not change it while the request is being
     * authenticated.
     */
    public static RequestPayload ofBytes(byte[] body) {
        requireNonNull(body, "body is null");
        return body.length == 0 ? EMPTY : new RequestPayload(() -> sha256Hex(body));
    }

    /**
     * A payload whose digest {@code sha256Hex} computes on first use, for a caller that streams the body through a
     * digest rather than holding it. The supplier must return 64 hex digits.
     */
    public static RequestPayload ofSha256Hex(Supplier<String> sha256Hex) {
        return new RequestPayload(requireNonNull(sha256Hex, "sha256Hex is null"));
    }

    /** The lower-case hex SHA-256 of the body. */
    public String sha256Hex() {
        String value = sha256Hex;
        if (value == null) {
            value = requireNonNull(digest.get(), "payload digest is null");
            if (value.length() != 64 || !isHex(value)) {
                throw new IllegalStateException("payload digest is not 64 hex digits");
            }
            value = value.toLowerCase(Locale.ROOT);
            sha256Hex = value;
        }
        return value;
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "RequestPayload";
    }
}
