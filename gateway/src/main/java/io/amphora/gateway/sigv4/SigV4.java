package io.amphora.gateway.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static java.util.Objects.requireNonNull;

/**
 * The fixed parts of AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) and its primitive steps: timestamps, the
 * credential scope, the string to sign, the signing key and the signature. Stateless and thread-safe.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    /** The service name Amazon Managed Service for Prometheus signs with, and so does every Amphora client. */
    public static final String SERVICE = "aps";
    /** The {@code x-amz-content-sha256} value (and payload hash) of a request whose body is not signed. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final DateTimeFormatter BASIC_DATE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /** {@code instant} in the ISO 8601 basic format SigV4 uses, e.g. {@code 20250101T000000Z}. */
    public static String formatDateTime(Instant instant) {
        return BASIC_DATE_TIME.format(requireNonNull(instant, "instant is null"));
    }

    /** Parses the basic format of {@link #formatDateTime}; empty for anything else. */
    public static Optional<Instant> parseDateTime(String value) {
        requireNonNull(value, "value is null");
        if (value.length() != 16) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(BASIC_DATE_TIME.parse(value)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code date/region/service/aws4_request}, where {@code date} is {@code yyyyMMdd}. */
    public static String credentialScope(String date, String region, String service) {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }

    /** The string to sign for a canonical request whose SHA-256 is {@code canonicalRequestSha256Hex}. */
    public static String stringToSign(String dateTime, String credentialScope, String canonicalRequestSha256Hex) {
        return ALGORITHM + '\n' + dateTime + '\n' + credentialScope + '\n' + canonicalRequestSha256Hex;
    }

    /**
     * The signing key {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}. The
     * caller owns the returned array and must not expose it.
     */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmacSha256(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmacSha256(key, region);
        key = hmacSha256(key, service);
        return hmacSha256(key, TERMINATOR);
    }

    /** The lower-case hex signature of {@code stringToSign} under {@code signingKey}. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmacSha256(signingKey, stringToSign));
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static byte[] hmacSha256(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
