package io.amphora.distributor.remotewrite;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import io.amphora.model.ErrorCode;
import io.amphora.proto.prometheus.Label;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.proto.remotewrite.v2.Metadata;
import io.amphora.proto.remotewrite.v2.Request;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Turns the body of a remote-write HTTP request into a {@link WriteBatch}: content negotiation, snappy block
 * decompression under a size limit, protobuf decoding of {@code prometheus.WriteRequest} (1.0) or
 * {@code io.prometheus.write.v2.Request} (2.0), and resolution of the 2.0 symbol table. It does not validate
 * labels or samples (that is {@code SeriesValidator}'s job) and never lets generated protobuf classes escape.
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

    /** Field number of the pre-rc.4 per-series {@code created_timestamp}, reserved since 2.0-rc.4. */
    private static final int LEGACY_CREATED_TIMESTAMP_FIELD = 6;

    private static final int MAX_REFS_IN_MESSAGE = 16;
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

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

    // The decompressed buffer is private to this call, so parsed byte strings may alias it instead of copying.
    private static CodedInputStream aliasingInput(byte[] raw) {
        CodedInputStream input = CodedInputStream.newInstance(raw);
        input.enableAliasing(true);
        return input;
    }

    // ---- 1.0 ---------------------------------------------------------------------------------------------------

    private static WriteBatch decodeV1(byte[] raw) {
        WriteRequest request;
        try {
            request = WriteRequest.parseFrom(aliasingInput(raw));
        } catch (IOException e) {
            throw RemoteWriteException.badRequest(
                    "decoding " + ProtocolVersion.V1.protobufMessage() + ": " + e.getMessage(), e);
        }
        List<IncomingSeries> series = new ArrayList<>(request.getTimeseriesCount());
        for (io.amphora.proto.prometheus.TimeSeries ts : request.getTimeseriesList()) {
            series.add(toSeries(ts));
        }
        List<MetricMetadata> metadata = new ArrayList<>(request.getMetadataCount());
        for (io.amphora.proto.prometheus.MetricMetadata m : request.getMetadataList()) {
            metadata.add(new MetricMetadata(m.getMetricFamilyNameBytes().toStringUtf8(),
                    MetricType.fromWireNumber(m.getTypeValue()), m.getHelpBytes().toStringUtf8(),
                    m.getUnitBytes().toStringUtf8()));
        }
        return new WriteBatch(series, metadata, ProtocolVersion.V1, List.of());
    }

    private static IncomingSeries toSeries(io.amphora.proto.prometheus.TimeSeries ts) {
        String[] namesAndValues = new String[ts.getLabelsCount() * 2];
        int invalidUtf8At = decodeLabels(ts.getLabelsList(), namesAndValues);

        int sampleCount = ts.getSamplesCount();
        long[] timestamps = sampleCount == 0 ? NO_LONGS : new long[sampleCount];
        double[] values = sampleCount == 0 ? NO_DOUBLES : new double[sampleCount];
        for (int i = 0; i < sampleCount; i++) {
            io.amphora.proto.prometheus.Sample sample = ts.getSamples(i);
            timestamps[i] = sample.getTimestamp();
            values[i] = sample.getValue();
        }

        List<NativeHistogram> histograms = new ArrayList<>(ts.getHistogramsCount());
        for (io.amphora.proto.prometheus.Histogram h : ts.getHistogramsList()) {
            histograms.add(toHistogram(h));
        }

        List<IncomingExemplar> exemplars = new ArrayList<>(ts.getExemplarsCount());
        for (io.amphora.proto.prometheus.Exemplar e : ts.getExemplarsList()) {
            String[] exemplarLabels = new String[e.getLabelsCount() * 2];
            int invalid = decodeLabels(e.getLabelsList(), exemplarLabels);
            exemplars.add(new IncomingExemplar(exemplarLabels, invalid, e.getValue(), e.getTimestamp()));
        }
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, NO_LONGS, histograms, exemplars,
                SeriesMetadata.NONE);
    }

    /** Fills {@code out} with the pairs; returns the index of the first string that was not UTF-8, or -1. */
    private static int decodeLabels(List<Label> labels, String[] out) {
        int invalidUtf8At = -1;
        for (int i = 0; i < labels.size(); i++) {
            Label label = labels.get(i);
            ByteString name = label.getNameBytes();
            ByteString value = label.getValueBytes();
            out[2 * i] = name.toStringUtf8();
            out[2 * i + 1] = value.toStringUtf8();
            if (invalidUtf8At < 0) {
                if (!name.isValidUtf8()) {
                    invalidUtf8At = 2 * i;
                } else if (!value.isValidUtf8()) {
                    invalidUtf8At = 2 * i + 1;
                }
            }
        }
        return invalidUtf8At;
    }

    private static NativeHistogram toHistogram(io.amphora.proto.prometheus.Histogram h) {
        long[] negativeDeltas = new long[h.getNegativeDeltasCount()];
        for (int i = 0; i < negativeDeltas.length; i++) {
            negativeDeltas[i] = h.getNegativeDeltas(i);
        }
        double[] negativeCounts = new double[h.getNegativeCountsCount()];
        for (int i = 0; i < negativeCounts.length; i++) {
            negativeCounts[i] = h.getNegativeCounts(i);
        }
        long[] positiveDeltas = new long[h.getPositiveDeltasCount()];
        for (int i = 0; i < positiveDeltas.length; i++) {
            positiveDeltas[i] = h.getPositiveDeltas(i);
        }
        double[] positiveCounts = new double[h.getPositiveCountsCount()];
        for (int i = 0; i < positiveCounts.length; i++) {
            positiveCounts[i] = h.getPositiveCounts(i);
        }
        double[] customValues = new double[h.getCustomValuesCount()];
        for (int i = 0; i < customValues.length; i++) {
            customValues[i] = h.getCustomValues(i);
        }
        List<BucketSpan> negativeSpans = new ArrayList<>(h.getNegativeSpansCount());
        for (io.amphora.proto.prometheus.BucketSpan span : h.getNegativeSpansList()) {
            negativeSpans.add(new BucketSpan(span.getOffset(), Integer.toUnsignedLong(span.getLength())));
        }
        List<BucketSpan> positiveSpans = new ArrayList<>(h.getPositiveSpansCount());
        for (io.amphora.proto.prometheus.BucketSpan span : h.getPositiveSpansList()) {
            positiveSpans.add(new BucketSpan(span.getOffset(), Integer.toUnsignedLong(span.getLength())));
        }
        return new NativeHistogram(h.getTimestamp(), 0,
                h.getCountCase() == io.amphora.proto.prometheus.Histogram.CountCase.COUNT_FLOAT,
                h.getCountInt(), h.getCountFloat(), h.getSum(), h.getSchema(), h.getZeroThreshold(),
                h.getZeroCountInt(), h.getZeroCountFloat(), negativeSpans, negativeDeltas, negativeCounts,
                positiveSpans, positiveDeltas, positiveCounts, ResetHint.fromWireNumber(h.getResetHintValue()),
                customValues);
    }

    // ---- 2.0 ---------------------------------------------------------------------------------------------------

    private static WriteBatch decodeV2(byte[] raw) {
        Request request;
        try {
            request = Request.parseFrom(aliasingInput(raw));
        } catch (IOException e) {
            throw RemoteWriteException.badRequest(
                    "decoding " + ProtocolVersion.V2.protobufMessage() + ": " + e.getMessage(), e);
        }
        int symbolCount = request.getSymbolsCount();
        if (request.getTimeseriesCount() > 0) {
            if (symbolCount == 0) {
                throw RemoteWriteException.badRequest("invalid symbol table: it is empty, but its first symbol must"
                        + " be the empty string and every label reference must point into it");
            }
            if (!request.getSymbolsBytes(0).isEmpty()) {
                throw RemoteWriteException.badRequest("invalid symbol table: the first symbol must be the empty"
                        + " string, got " + LabelText.quote(request.getSymbolsBytes(0).toStringUtf8(), 200));
            }
        }
        String[] symbols = new String[symbolCount];
        BitSet invalidSymbols = new BitSet();
        for (int i = 0; i < symbolCount; i++) {
            ByteString symbol = request.getSymbolsBytes(i);
            symbols[i] = symbol.toStringUtf8();
            if (!symbol.isValidUtf8()) {
                invalidSymbols.set(i);
            }
        }

        List<IncomingSeries> series = new ArrayList<>(request.getTimeseriesCount());
        List<Rejection> rejected = new ArrayList<>();
        for (io.amphora.proto.remotewrite.v2.TimeSeries ts : request.getTimeseriesList()) {
            IncomingSeries decoded = toSeries(ts, symbols, invalidSymbols, rejected);
            if (decoded != null) {
                series.add(decoded);
            }
        }
        return new WriteBatch(series, List.of(), ProtocolVersion.V2, rejected);
    }

    /** The series, or null after adding a {@link Rejection} for it to {@code rejected}. */
    private static IncomingSeries toSeries(io.amphora.proto.remotewrite.v2.TimeSeries ts, String[] symbols,
            BitSet invalidSymbols, List<Rejection> rejected) {
        PointCounts held = new PointCounts(ts.getSamplesCount(), ts.getHistogramsCount(), ts.getExemplarsCount());
        int refCount = ts.getLabelsRefsCount();
        if (refCount % 2 != 0) {
            rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing labels for series " + refsText(ts)
                    + ": odd number of label references (" + refCount + "); they must be (name, value) pairs", held));
            return null;
        }
        String[] namesAndValues = new String[refCount];
        int invalidUtf8At = -1;
        for (int i = 0; i < refCount; i++) {
            int ref = ts.getLabelsRefs(i);
            if (!inSymbolTable(ref, symbols)) {
                rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing labels for series " + refsText(ts)
                        + ": label reference " + Integer.toUnsignedString(ref)
                        + " is outside of the symbol table (size " + symbols.length + ")", held));
                return null;
            }
            namesAndValues[i] = symbols[ref];
            if (invalidUtf8At < 0 && invalidSymbols.get(ref)) {
                invalidUtf8At = i;
            }
        }

        Metadata metadata = ts.getMetadata();
        if (!inSymbolTable(metadata.getHelpRef(), symbols) || !inSymbolTable(metadata.getUnitRef(), symbols)) {
            rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing metadata for series "
                    + LabelText.braces(namesAndValues) + ": help_ref " + Integer.toUnsignedString(metadata.getHelpRef())
                    + " or unit_ref " + Integer.toUnsignedString(metadata.getUnitRef())
                    + " is outside of the symbol table (size " + symbols.length + ")", held));
            return null;
        }
        if (ts.getSamplesCount() > 0 && ts.getHistogramsCount() > 0) {
            rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "TimeSeries must not contain both samples and"
                    + " histograms for series " + LabelText.braces(namesAndValues)
                    + "; send them as two TimeSeries entries", held));
            return null;
        }
        if (ts.getSamplesCount() == 0 && ts.getHistogramsCount() == 0) {
            rejected.add(new Rejection(ErrorCode.EMPTY_SERIES, "TimeSeries must contain at least one sample or"
                    + " histogram for series " + LabelText.braces(namesAndValues), held));
            return null;
        }

        long legacyStart = legacyCreatedTimestamp(ts);
        int sampleCount = ts.getSamplesCount();
        long[] timestamps = sampleCount == 0 ? NO_LONGS : new long[sampleCount];
        double[] values = sampleCount == 0 ? NO_DOUBLES : new double[sampleCount];
        long[] startTimestamps = NO_LONGS;
        for (int i = 0; i < sampleCount; i++) {
            io.amphora.proto.remotewrite.v2.Sample sample = ts.getSamples(i);
            timestamps[i] = sample.getTimestamp();
            values[i] = sample.getValue();
            long start = sample.getStartTimestamp() != 0 ? sample.getStartTimestamp() : legacyStart;
            if (start != 0) {
                if (startTimestamps.length == 0) {
                    startTimestamps = new long[sampleCount];
                }
                startTimestamps[i] = start;
            }
        }

        List<NativeHistogram> histograms = new ArrayList<>(ts.getHistogramsCount());
        for (io.amphora.proto.remotewrite.v2.Histogram h : ts.getHistogramsList()) {
            histograms.add(toHistogram(h, legacyStart));
        }

        List<IncomingExemplar> exemplars = new ArrayList<>(ts.getExemplarsCount());
        for (io.amphora.proto.remotewrite.v2.Exemplar e : ts.getExemplarsList()) {
            IncomingExemplar exemplar = toExemplar(e, symbols, invalidSymbols);
            if (exemplar != null) {
                exemplars.add(exemplar);
            } else {
                rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing exemplar for series "
                        + LabelText.braces(namesAndValues) + ": " + e.getLabelsRefsCount()
                        + " label references, which are not (name, value) pairs inside the symbol table (size "
                        + symbols.length + ")", PointCounts.ofExemplars(1)));
            }
        }

        SeriesMetadata seriesMetadata = new SeriesMetadata(MetricType.fromWireNumber(metadata.getTypeValue()),
                symbols[metadata.getHelpRef()], symbols[metadata.getUnitRef()]);
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, startTimestamps, histograms,
                exemplars, seriesMetadata.isNone() ? SeriesMetadata.NONE : seriesMetadata);
    }

    /** Null when the exemplar's references are odd in number or point outside the symbol table. */
    private static IncomingExemplar toExemplar(io.amphora.proto.remotewrite.v2.Exemplar e, String[] symbols,
            BitSet invalidSymbols) {
        int refCount = e.getLabelsRefsCount();
        if (refCount % 2 != 0) {
            return null;
        }
        String[] namesAndValues = new String[refCount];
        int invalidUtf8At = -1;
        for (int i = 0; i < refCount; i++) {
            int ref = e.getLabelsRefs(i);
            if (!inSymbolTable(ref, symbols)) {
                return null;
            }
            namesAndValues[i] = symbols[ref];
            if (invalidUtf8At < 0 && invalidSymbols.get(ref)) {
                invalidUtf8At = i;
            }
        }
        return new IncomingExemplar(namesAndValues, invalidUtf8At, e.getValue(), e.getTimestamp());
    }

    /**
     * Whether a uint32 reference (held in a Java int, so values over 2^31-1 are negative) indexes the table. The
     * table is never empty here: a request with series was refused above unless symbols[0] is "".
     */
    private static boolean inSymbolTable(int ref, String[] symbols) {
        return ref >= 0 && ref < symbols.length;
    }

    private static long legacyCreatedTimestamp(io.amphora.proto.remotewrite.v2.TimeSeries ts) {
        UnknownFieldSet unknown = ts.getUnknownFields();
        if (!unknown.hasField(LEGACY_CREATED_TIMESTAMP_FIELD)) {
            return 0;
        }
        List<Long> varints = unknown.getField(LEGACY_CREATED_TIMESTAMP_FIELD).getVarintList();
        // A scalar field repeated on the wire: the last occurrence wins, as for any protobuf scalar.
        return varints.isEmpty() ? 0 : varints.get(varints.size() - 1);
    }

    private static String refsText(io.amphora.proto.remotewrite.v2.TimeSeries ts) {
        StringBuilder sb = new StringBuilder("with labels_refs [");
        int shown = Math.min(ts.getLabelsRefsCount(), MAX_REFS_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Integer.toUnsignedString(ts.getLabelsRefs(i)));
        }
        if (ts.getLabelsRefsCount() > shown) {
            sb.append(String.format(Locale.ROOT, ", ... (%d in all)", ts.getLabelsRefsCount()));
        }
        return sb.append(']').toString();
    }

    private static NativeHistogram toHistogram(io.amphora.proto.remotewrite.v2.Histogram h, long legacyStart) {
        long[] negativeDeltas = new long[h.getNegativeDeltasCount()];
        for (int i = 0; i < negativeDeltas.length; i++) {
            negativeDeltas[i] = h.getNegativeDeltas(i);
        }
        double[] negativeCounts = new double[h.getNegativeCountsCount()];
        for (int i = 0; i < negativeCounts.length; i++) {
            negativeCounts[i] = h.getNegativeCounts(i);
        }
        long[] positiveDeltas = new long[h.getPositiveDeltasCount()];
        for (int i = 0; i < positiveDeltas.length; i++) {
            positiveDeltas[i] = h.getPositiveDeltas(i);
        }
        double[] positiveCounts = new double[h.getPositiveCountsCount()];
        for (int i = 0; i < positiveCounts.length; i++) {
            positiveCounts[i] = h.getPositiveCounts(i);
        }
        double[] customValues = new double[h.getCustomValuesCount()];
        for (int i = 0; i < customValues.length; i++) {
            customValues[i] = h.getCustomValues(i);
        }
        List<BucketSpan> negativeSpans = new ArrayList<>(h.getNegativeSpansCount());
        for (io.amphora.proto.remotewrite.v2.BucketSpan span : h.getNegativeSpansList()) {
            negativeSpans.add(new BucketSpan(span.getOffset(), Integer.toUnsignedLong(span.getLength())));
        }
        List<BucketSpan> positiveSpans = new ArrayList<>(h.getPositiveSpansCount());
        for (io.amphora.proto.remotewrite.v2.BucketSpan span : h.getPositiveSpansList()) {
            positiveSpans.add(new BucketSpan(span.getOffset(), Integer.toUnsignedLong(span.getLength())));
        }
        return new NativeHistogram(h.getTimestamp(), h.getStartTimestamp() != 0 ? h.getStartTimestamp() : legacyStart,
                h.getCountCase() == io.amphora.proto.remotewrite.v2.Histogram.CountCase.COUNT_FLOAT,
                h.getCountInt(), h.getCountFloat(), h.getSum(), h.getSchema(), h.getZeroThreshold(),
                h.getZeroCountInt(), h.getZeroCountFloat(), negativeSpans, negativeDeltas, negativeCounts,
                positiveSpans, positiveDeltas, positiveCounts, ResetHint.fromWireNumber(h.getResetHintValue()),
                customValues);
    }
}
