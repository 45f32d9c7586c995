package io.amphora.gateway.sigv4;

import io.amphora.gateway.RequestHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The canonical request of SigV4: the six lines whose SHA-256 the string to sign covers.
 *
 * <p>The static methods build each line from a request as received, the way the AWS SDKs build it when they sign a
 * request for a service other than S3 (the SDKs' {@code normalizePath} and {@code doubleUrlEncode} both on). They
 * are stateless and thread-safe.
 *
 * @param method the request method, as sent
 * @param canonicalUri the canonical path ({@link #canonicalUri})
 * @param canonicalQuery the canonical query ({@link #canonicalQuery}), empty when there is none
 * @param canonicalHeaders the canonical header block, one {@code name:value\n} line per signed header
 * @param signedHeaders the signed header names joined with {@code ;}, as the client listed them
 * @param payloadHash the hex SHA-256 of the body, or {@link SigV4#UNSIGNED_PAYLOAD}
 */
public record CanonicalRequest(String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
                               String signedHeaders, String payloadHash) {
    private static final Comparator<String[]> BY_NAME_THEN_VALUE =
            Comparator.<String[], String>comparing(pair -> pair[0]).thenComparing(pair -> pair[1]);

    public CanonicalRequest {
        requireNonNull(method, "method is null");
        requireNonNull(canonicalUri, "canonicalUri is null");
        requireNonNull(canonicalQuery, "canonicalQuery is null");
        requireNonNull(canonicalHeaders, "canonicalHeaders is null");
        requireNonNull(signedHeaders, "signedHeaders is null");
        requireNonNull(payloadHash, "payloadHash is null");
    }

    /** The text that is hashed: the six parts joined by newlines. */
    public String text() {
        return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n' + signedHeaders
                + '\n' + payloadHash;
    }

    /** Lower-case hex SHA-256 of {@link #text()}. */
    public String sha256Hex() {
        return SigV4.sha256Hex(text());
    }

    /**
     * The canonical URI of the raw (still percent-encoded) request path: the path normalised, then every byte of
     * it other than {@code /} and the unreserved characters percent-encoded again. The path of a request is already
     * encoded once on the wire, so a space arrives as {@code %20} and signs as {@code %2520}, and {@code %2F} signs
     * as {@code %252F}: the "double encoding" of the AWS SDKs, newer curl, the Go SDK and Grafana.
     *
     * <p>Normalisation is the SDKs' (they use {@link java.net.URI#normalize()}): empty and {@code .} segments go,
     * {@code ..} removes the segment before it (and stays when there is none), and the result ends with {@code /} only
     * when the raw path did. An empty path is {@code /}.
     */
    public static String canonicalUri(String rawPath) {
        return PercentEncoding.encode(normalizePath(rawPath).getBytes(StandardCharsets.UTF_8), true);
    }

    /** The path with dot segments removed and repeated slashes collapsed, as {@link #canonicalUri} describes. */
    public static String normalizePath(String rawPath) {
        requireNonNull(rawPath, "rawPath is null");
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !segments.isEmpty() && !segments.getLast().equals("..")) {
                segments.removeLast();
            } else {
                segments.add(segment);
            }
        }
        String path = "/" + String.join("/", segments);
        return rawPath.endsWith("/") && !segments.isEmpty() ? path + "/" : path;
    }

    /**
     * The canonical query of a raw query string: each {@code name=value} pair (a pair without {@code =} has an empty
     * value) decoded ({@code %XX}, and {@code +} as a space, as the Go SDK and curl read it) and re-encoded with only
     * the unreserved characters left bare, sorted by encoded name and then by encoded value, and joined with
     * {@code &}. Pairs with an empty name are left out, as the AWS SDKs leave them out, and so are pairs whose encoded
     * name is in {@code excludedNames} (the {@code X-Amz-Signature} of a presigned request).
     */
    public static String canonicalQuery(String rawQuery, Set<String> excludedNames) {
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(excludedNames, "excludedNames is null");
        List<String[]> pairs = new ArrayList<>();
        for (String component : rawQuery.split("&")) {
            if (component.isEmpty()) {
                continue;
            }
            int equals = component.indexOf('=');
            String rawName = equals < 0 ? component : component.substring(0, equals);
            String rawValue = equals < 0 ? "" : component.substring(equals + 1);
            String name = PercentEncoding.encode(PercentEncoding.decode(rawName, true), false);
            if (name.isEmpty() || excludedNames.contains(name)) {
                continue;
            }
            pairs.add(new String[] {name, PercentEncoding.encode(PercentEncoding.decode(rawValue, true), false)});
        }
        pairs.sort(BY_NAME_THEN_VALUE);
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /**
     * The canonical header block for {@code signedHeaderNames} (in the order given): {@code name:value\n} per name,
     * where the value joins all values of that header with {@code ,}, each trimmed and with inner runs of whitespace
     * collapsed to one space. A signed header absent from the request contributes an empty value.
     */
    public static String canonicalHeaders(List<String> signedHeaderNames, RequestHeaders headers) {
        requireNonNull(signedHeaderNames, "signedHeaderNames is null");
        requireNonNull(headers, "headers is null");
        StringBuilder out = new StringBuilder(256);
        for (String name : signedHeaderNames) {
            out.append(name).append(':');
            List<String> values = headers.values(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendTrimmed(out, values.get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendTrimmed(StringBuilder out, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                started = true;
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }
}
