package io.amphora.distributor.remotewrite;

import org.xerial.snappy.Snappy;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * Turns the body of a remote-write HTTP request into a {@link WriteBatch}: content negotiation, snappy block
 * decompression under a size limit, protobuf decoding of {@code prometheus.WriteRequest} (1.0) or
 * {@code io.prometheus.write.v2.Request} (2.0), and resolution of the 2.0 symbol table. It does not validate
 * labels or samples (that is {@code SeriesValidator}'s job). The protobuf is read by {@link WriteRequestParser} and
 * {@link V2RequestParser} straight into the model, without the generated message classes, which would cost more
 * than the model itself on this per-sample path; they decide exactly as the generated parsers would.
 *
 * <p>Failures that make the whole body unusable throw {@link RemoteWriteException} with 415 (content type or
 * encoding), 413 (decompressed size over the limit) or 400 (corrupt snappy, invalid protobuf, broken 2.0 symbol
 * table). A 2.0 series whose references are broken, or that carries both samples and histograms or neither, is not
 * an exception: it is listed in {@link WriteBatch#rejected()} and the rest of the request is decoded, so the caller
 * can store the valid rest and answer 400, as Prometheus does.
 *
 * <p>Thread-safe and stateless apart from its configuration; one instance serves all requests.
 */
public final class RemoteWriteDecoder {
    /**
     * Default limit on the decompressed body: 100 MiB, Cortex's {@code distributor.max-recv-msg-size}
     * (Prometheus's own receiver allows 32 MiB). A Prometheus sender's batch (2,000 samples by default) is a few
     * hundred KiB, so only misconfigured or hostile senders come near it. Decoding needs several times the
     * decompressed size in heap, so lower it when many requests are decoded at once on a small heap.
     */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024;

    /** The stream identifier chunk that starts every snappy framed-format stream. */
    private static final byte[] SNAPPY_FRAMED_MAGIC = {
            (byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};

    private final int maxDecompressedBytes;

    public RemoteWriteDecoder() {
        this(DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** @param maxDecompressedBytes bodies that decompress to more bytes than this are refused with 413 */
    public RemoteWriteDecoder(int maxDecompressedBytes) {
        if (maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("maxDecompressedBytes must be positive: " + maxDecompressedBytes);
        }
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    public int maxDecompressedBytes() {
        return maxDecompressedBytes;
    }

    /**
     * Decodes one request body.
     *
     * @param contentType the {@code Content-Type} header, or null when absent (treated as 1.0)
     * @param contentEncoding the {@code Content-Encoding} header, or null when absent (treated as snappy)
     * @param body the raw (compressed) body; not modified, not retained
     * @throws RemoteWriteException with status 415, 413 or 400, see the class comment
     */
    public WriteBatch decode(String contentType, String contentEncoding, byte[] body) {
        requireNonNull(body, "body is null");
        ProtocolVersion version = protocolVersion(contentType);
        requireSnappy(contentEncoding);
        byte[] raw = decompress(body);
        WriteBatch batch = switch (version) {
            case V1 -> decodeV1(raw);
            case V2 -> decodeV2(raw);
        };
        // The two versions share no field numbers, so a body of one sent as the other decodes to nothing. An empty
        // request encodes to zero bytes; anything longer that yields nothing is a mismatch, and acknowledging it
        // would lose the sender's data without a trace.
        if (raw.length > 0 && batch.series().isEmpty() && batch.metadata().isEmpty() && batch.rejected().isEmpty()) {
            throw RemoteWriteException.badRequest("the " + raw.length + "-byte body decoded as " + version.protobufMessage()
                    + " holds no series and no metadata; was it sent with the Content-Type of the other remote-write version?");
        }
        return batch;
    }

    /**
     * The protocol a {@code Content-Type} selects (WIRE.md §3): absent or {@code application/x-protobuf} without a
     * {@code proto} parameter is 1.0; {@code proto=prometheus.WriteRequest} is 1.0;
     * {@code proto=io.prometheus.write.v2.Request} is 2.0. Anything else is refused with 415 and Prometheus's
     * message. Unlike Prometheus, the media type and parameter names are matched case-insensitively and whitespace
     * around {@code ;} and {@code =} and a quoted value are accepted, as RFC 9110 allows; such headers would
     * otherwise be misread as 1.0.
     *
     * @throws RemoteWriteException with status 415
     */
    public static ProtocolVersion protocolVersion(String contentType) {
        String header = contentType == null || contentType.isBlank()
                ? RemoteWriteHeaders.PROTOBUF_MEDIA_TYPE
                : contentType.strip();
        String[] parts = header.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(RemoteWriteHeaders.PROTOBUF_MEDIA_TYPE)) {
            throw RemoteWriteException.unsupportedMediaType("expected " + RemoteWriteHeaders.PROTOBUF_MEDIA_TYPE
                    + " as the first (media) part, got " + header + " content-type");
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                throw RemoteWriteException.unsupportedMediaType("as per https://www.rfc-editor.org/rfc/rfc9110#parameter"
                        + " expected parameters to be key-values, got " + parameter + " in " + header + " content-type");
            }
            if (!parameter.substring(0, eq).strip().equalsIgnoreCase("proto")) {
                continue;
            }
            String message = unquote(parameter.substring(eq + 1).strip());
            for (ProtocolVersion version : ProtocolVersion.values()) {
                if (version.protobufMessage().equals(message)) {
                    return version;
                }
            }
            throw RemoteWriteException.unsupportedMediaType("got " + header + " content type; unknown type for remote"
                    + " write protobuf message " + message + ", supported: " + ProtocolVersion.V1.protobufMessage()
                    + ", " + ProtocolVersion.V2.protobufMessage());
        }
        return ProtocolVersion.V1;
    }

    /**
     * Accepts an absent or empty {@code Content-Encoding} (decoded as snappy, as Prometheus does) and
     * {@code snappy} (case-insensitively, as RFC 9110 content codings are); refuses anything else with 415.
     *
     * @throws RemoteWriteException with status 415
     */
    public static void requireSnappy(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return;
        }
        if (!contentEncoding.strip().equalsIgnoreCase(RemoteWriteHeaders.SNAPPY_ENCODING)) {
            throw RemoteWriteException.unsupportedMediaType(contentEncoding.strip() + " encoding (compression) is not"
                    + " accepted by this server; only " + RemoteWriteHeaders.SNAPPY_ENCODING + " is acceptable");
        }
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private byte[] decompress(byte[] body) {
        if (startsWith(body, SNAPPY_FRAMED_MAGIC)) {
            throw RemoteWriteException.badRequest("snappy: corrupt input: the body is in the snappy framed (stream)"
                    + " format; remote write requires the snappy block format");
        }
        // The length header is read without decompressing. snappy-java also refuses here a declared length that
        // no block of this size could produce (a copy element of 3 bytes emits at most 64), so a few bytes of
        // garbage cannot make us allocate a large buffer; the limit below is checked before allocating too.
        int declared;
        try {
            declared = Snappy.uncompressedLength(body);
        } catch (IOException e) {
            throw RemoteWriteException.badRequest("snappy: corrupt input: " + e.getMessage()
                    + " (remote write requires snappy block-compressed protobuf)", e);
        }
        long length = Integer.toUnsignedLong(declared);
        if (length > maxDecompressedBytes) {
            throw RemoteWriteException.tooLarge(
                    "received message larger than max (" + length + " vs " + maxDecompressedBytes + ")");
        }
        byte[] raw = new byte[(int) length];
        int written;
        try {
            written = Snappy.uncompress(body, 0, body.length, raw, 0);
        } catch (IOException e) {
            throw RemoteWriteException.badRequest("snappy: corrupt input: " + e.getMessage(), e);
        }
        if (written != length) {
            throw RemoteWriteException.badRequest("snappy: corrupt input: decompressed " + written
                    + " bytes, but the body declares " + length);
        }
        return raw;
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    // ---- protobuf ----------------------------------------------------------------------------------------------

    // Both parsers read the decompressed bytes directly, without building the generated protobuf messages; they accept
    // and refuse exactly what the generated parsers do (see WireInput).

    private static WriteBatch decodeV1(byte[] raw) {
        try {
            return WriteRequestParser.parse(raw);
        } catch (IOException e) {
            throw RemoteWriteException.badRequest(
                    "decoding " + ProtocolVersion.V1.protobufMessage() + ": " + e.getMessage(), e);
        }
    }

    private static WriteBatch decodeV2(byte[] raw) {
        try {
            return V2RequestParser.parse(raw);
        } catch (IOException e) {
            throw RemoteWriteException.badRequest(
                    "decoding " + ProtocolVersion.V2.protobufMessage() + ": " + e.getMessage(), e);
        }
    }
}
