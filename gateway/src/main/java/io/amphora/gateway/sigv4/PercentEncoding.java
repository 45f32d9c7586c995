package io.amphora.gateway.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as SigV4 canonicalisation needs it, working on bytes so that any input, even malformed UTF-8,
 * round-trips exactly. Stateless and thread-safe.
 */
public final class PercentEncoding {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {}

    /**
     * Encodes every byte except the RFC 3986 unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) as {@code %XX}
     * with upper-case hex, and also keeps {@code /} when {@code keepSlash}. A space becomes {@code %20}, never
     * {@code +}.
     */
    public static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX_UPPER[c >>> 4]).append(HEX_UPPER[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** {@link #encode(byte[], boolean)} of the UTF-8 bytes of {@code text}. */
    public static String encode(String text, boolean keepSlash) {
        return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /**
     * Decodes {@code %XX} escapes (either hex case) into their byte, and {@code +} into a space when {@code
     * plusAsSpace} (the form encoding of query strings). A {@code %} not followed by two hex digits stays a literal
     * {@code %}, as lenient decoders (the Go and curl signers among them) treat it. Other characters contribute their
     * UTF-8 bytes.
     */
    public static byte[] decode(String text, boolean plusAsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                out.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 3;
            } else if (c == '+' && plusAsSpace) {
                out.write(' ');
                i++;
            } else if (c < 0x80) {
                out.write(c);
                i++;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toByteArray();
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
