package io.amphora.distributor.remotewrite;

import io.amphora.distributor.remotewrite.WireInput.IntList;
import io.amphora.model.ErrorCode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import static com.google.protobuf.WireFormat.WIRETYPE_FIXED64;
import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
import static com.google.protobuf.WireFormat.WIRETYPE_VARINT;
import static io.amphora.distributor.remotewrite.WireInput.NO_DOUBLES;
import static io.amphora.distributor.remotewrite.WireInput.NO_LONGS;
import static io.amphora.distributor.remotewrite.WireInput.NO_STRINGS;

/**
 * Reads a decompressed remote-write 2.0 body ({@code io.prometheus.write.v2.Request}, WIRE.md §2) straight into the
 * model, resolving label, help and unit references through the symbol table; it accepts, decodes and refuses exactly
 * as the generated parser followed by a copy into the model did ({@link WireInput} says how).
 *
 * <p>Each series is resolved as soon as it has been read, with the symbols read so far. Senders put the symbol table
 * first, but the wire format allows symbols after series too (repeated fields may be split and interleaved); if any
 * symbol follows a series, the whole body is read a second time with the complete table, so the result never depends
 * on that order.
 *
 * <p>What is refused as a whole ({@link RemoteWriteException}, 400): invalid protobuf, and a request with series whose
 * symbol table is empty or does not start with the empty string. What is rejected alone (a {@link Rejection}, the rest
 * is decoded): a series whose label or metadata references are odd in number or outside the table, that carries both
 * samples and histograms or neither; an exemplar whose references are broken.
 *
 * <p>One instance per body and pass; not thread-safe.
 */
final class V2RequestParser {
    private static final int REQUEST_SYMBOL = 4 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int REQUEST_TIMESERIES = 5 << 3 | WIRETYPE_LENGTH_DELIMITED;

    private static final int TIMESERIES_LABEL_REF = 1 << 3 | WIRETYPE_VARINT;
    private static final int TIMESERIES_LABEL_REFS_PACKED = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_SAMPLE = 2 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_HISTOGRAM = 3 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_EXEMPLAR = 4 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_METADATA = 5 << 3 | WIRETYPE_LENGTH_DELIMITED;
    /** The per-series {@code created_timestamp} of 2.0 drafts before rc.4, reserved since; still honoured. */
    private static final int TIMESERIES_LEGACY_CREATED_TIMESTAMP = 6 << 3 | WIRETYPE_VARINT;

    private static final int SAMPLE_VALUE = 1 << 3 | WIRETYPE_FIXED64;
    private static final int SAMPLE_TIMESTAMP = 2 << 3 | WIRETYPE_VARINT;
    private static final int SAMPLE_START_TIMESTAMP = 3 << 3 | WIRETYPE_VARINT;

    private static final int EXEMPLAR_LABEL_REF = 1 << 3 | WIRETYPE_VARINT;
    private static final int EXEMPLAR_LABEL_REFS_PACKED = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int EXEMPLAR_VALUE = 2 << 3 | WIRETYPE_FIXED64;
    private static final int EXEMPLAR_TIMESTAMP = 3 << 3 | WIRETYPE_VARINT;

    private static final int METADATA_TYPE = 1 << 3 | WIRETYPE_VARINT;
    private static final int METADATA_HELP_REF = 3 << 3 | WIRETYPE_VARINT;
    private static final int METADATA_UNIT_REF = 4 << 3 | WIRETYPE_VARINT;

    private static final int MAX_REFS_IN_MESSAGE = 16;
    private static final int BYTES_PER_SERIES_LOG2 = 6;

    private final WireInput input;
    /** The symbol table; in a second pass complete from the start and not read again. */
    private String[] symbols;
    private int symbolCount;
    private BitSet invalidSymbols;
    private final boolean symbolsKnown;
    private boolean seriesRead;
    private boolean symbolAfterSeries;

    private final List<IncomingSeries> series;
    private final List<Rejection> rejected = new ArrayList<>();

    // Scratch space for the series being read, reused across series; the model gets exact-size copies.
    private final IntList labelRefs = new IntList();
    private final IntList exemplarRefs = new IntList();
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private long[] startTimestamps = new long[8];

    private V2RequestParser(byte[] raw, String[] knownSymbols, BitSet knownInvalidSymbols) {
        this.input = new WireInput(raw);
        this.series = new ArrayList<>(Math.min(raw.length >>> BYTES_PER_SERIES_LOG2, 1 << 16) + 4);
        this.symbolsKnown = knownSymbols != null;
        this.symbols = symbolsKnown ? knownSymbols : new String[64];
        this.symbolCount = symbolsKnown ? knownSymbols.length : 0;
        this.invalidSymbols = knownInvalidSymbols;
    }

    /**
     * Parses a whole {@code io.prometheus.write.v2.Request}.
     *
     * @param raw the decompressed body; read, not modified, and not retained by the result
     * @throws IOException (an {@code InvalidProtocolBufferException}) where the generated parser would throw, with its
     *     message
     * @throws RemoteWriteException with 400 for a request with series and a broken symbol table
     */
    static WriteBatch parse(byte[] raw) throws IOException {
        V2RequestParser first = new V2RequestParser(raw, null, null);
        WriteBatch batch = first.readRequest();
        if (!first.symbolAfterSeries) {
            return batch;
        }
        String[] complete = Arrays.copyOf(first.symbols, first.symbolCount);
        return new V2RequestParser(raw, complete, first.invalidSymbols).readRequest();
    }

    private WriteBatch readRequest() throws IOException {
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    checkSymbolTable();
                    return new WriteBatch(series, List.of(), ProtocolVersion.V2, rejected);
                }
                case REQUEST_SYMBOL -> readSymbol();
                case REQUEST_TIMESERIES -> {
                    seriesRead = true;
                    int limit = input.enterMessage();
                    readTimeSeries();
                    input.leaveMessage(limit);
                }
                default -> input.readUnknownField(tag);
            }
        }
    }

    private void readSymbol() throws IOException {
        if (symbolsKnown) {
            input.readUnknownField(REQUEST_SYMBOL); // already in the table; read only to move past it
            return;
        }
        symbolAfterSeries |= seriesRead;
        String symbol = input.readUniqueString();
        if (symbolCount == symbols.length) {
            symbols = Arrays.copyOf(symbols, symbolCount * 2);
        }
        if (!input.lastStringWasValidUtf8()) {
            if (invalidSymbols == null) {
                invalidSymbols = new BitSet();
            }
            invalidSymbols.set(symbolCount);
        }
        symbols[symbolCount++] = symbol;
    }

    private void checkSymbolTable() {
        if (!seriesRead) {
            return;
        }
        if (symbolCount == 0) {
            throw RemoteWriteException.badRequest("invalid symbol table: it is empty, but its first symbol must"
                    + " be the empty string and every label reference must point into it");
        }
        if (!symbols[0].isEmpty()) {
            throw RemoteWriteException.badRequest("invalid symbol table: the first symbol must be the empty"
                    + " string, got " + LabelText.quote(symbols[0], LabelText.CORTEX_PRECISION));
        }
    }

    private void readTimeSeries() throws IOException {
        labelRefs.clear();
        exemplarRefs.clear();
        int samples = 0;
        boolean anyStartTimestamp = false;
        List<NativeHistogram> histograms = List.of();
        List<RawExemplar> exemplars = List.of();
        int metricType = 0;
        int helpRef = 0;
        int unitRef = 0;
        long legacyStart = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    resolve(samples, anyStartTimestamp, histograms, exemplars, metricType, helpRef, unitRef,
                            legacyStart);
                    return;
                }
                case TIMESERIES_LABEL_REF -> labelRefs.add(input.readUInt32());
                case TIMESERIES_LABEL_REFS_PACKED -> input.readPackedUInt32(labelRefs);
                case TIMESERIES_SAMPLE -> {
                    if (samples == timestamps.length) {
                        timestamps = Arrays.copyOf(timestamps, samples * 2);
                        values = Arrays.copyOf(values, samples * 2);
                        startTimestamps = Arrays.copyOf(startTimestamps, samples * 2);
                    }
                    if (input.readCompactSample(timestamps, values, samples)) {
                        startTimestamps[samples] = 0;
                    } else {
                        int limit = input.enterMessage();
                        anyStartTimestamp |= readSample(samples);
                        input.leaveMessage(limit);
                    }
                    samples++;
                }
                case TIMESERIES_HISTOGRAM -> {
                    if (histograms.isEmpty()) {
                        histograms = new ArrayList<>(2);
                    }
                    int limit = input.enterMessage();
                    histograms.add(input.readHistogram(true));
                    input.leaveMessage(limit);
                }
                case TIMESERIES_EXEMPLAR -> {
                    if (exemplars.isEmpty()) {
                        exemplars = new ArrayList<>(2);
                    }
                    int limit = input.enterMessage();
                    exemplars.add(readExemplar());
                    input.leaveMessage(limit);
                }
                case TIMESERIES_METADATA -> {
                    // A singular message field sent twice is merged: each field keeps the last value sent.
                    int limit = input.enterMessage();
                    while (true) {
                        int metadataTag = input.readTag();
                        if (metadataTag == 0) {
                            break;
                        }
                        switch (metadataTag) {
                            case METADATA_TYPE -> metricType = input.readEnum();
                            case METADATA_HELP_REF -> helpRef = input.readUInt32();
                            case METADATA_UNIT_REF -> unitRef = input.readUInt32();
                            default -> input.readUnknownField(metadataTag);
                        }
                    }
                    input.leaveMessage(limit);
                }
                // A scalar repeated on the wire: the last occurrence wins.
                case TIMESERIES_LEGACY_CREATED_TIMESTAMP -> legacyStart = input.readInt64();
                default -> input.readUnknownField(tag);
            }
        }
    }

    /** Reads sample {@code index} into the scratch arrays; true when it has a start timestamp. */
    private boolean readSample(int index) throws IOException {
        double value = 0;
        long timestamp = 0;
        long start = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    timestamps[index] = timestamp;
                    values[index] = value;
                    startTimestamps[index] = start;
                    return start != 0;
                }
                case SAMPLE_VALUE -> value = input.readDouble();
                case SAMPLE_TIMESTAMP -> timestamp = input.readInt64();
                case SAMPLE_START_TIMESTAMP -> start = input.readInt64();
                default -> input.readUnknownField(tag);
            }
        }
    }

    /** An exemplar as read; its references are {@code exemplarRefs[refsFrom, refsFrom + refCount)}. */
    private record RawExemplar(int refsFrom, int refCount, double value, long timestamp) {}

    private RawExemplar readExemplar() throws IOException {
        int from = exemplarRefs.size();
        double value = 0;
        long timestamp = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new RawExemplar(from, exemplarRefs.size() - from, value, timestamp);
                }
                case EXEMPLAR_LABEL_REF -> exemplarRefs.add(input.readUInt32());
                case EXEMPLAR_LABEL_REFS_PACKED -> input.readPackedUInt32(exemplarRefs);
                case EXEMPLAR_VALUE -> value = input.readDouble();
                case EXEMPLAR_TIMESTAMP -> timestamp = input.readInt64();
                default -> input.readUnknownField(tag);
            }
        }
    }

    /** Turns the series just read into an {@link IncomingSeries}, or into a {@link Rejection}. */
    private void resolve(int samples, boolean anyStartTimestamp, List<NativeHistogram> histograms,
            List<RawExemplar> exemplars, int metricType, int helpRef, int unitRef, long legacyStart) {
        PointCounts held = new PointCounts(samples, histograms.size(), exemplars.size());
        int refCount = labelRefs.size();
        if (refCount % 2 != 0) {
            rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing labels for series " + refsText()
                    + ": odd number of label references (" + refCount + "); they must be (name, value) pairs", held));
            return;
        }
        String[] namesAndValues = refCount == 0 ? NO_STRINGS : new String[refCount];
        int invalidUtf8At = -1;
        for (int i = 0; i < refCount; i++) {
            int ref = labelRefs.get(i);
            if (!inSymbolTable(ref)) {
                rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing labels for series " + refsText()
                        + ": label reference " + Integer.toUnsignedString(ref)
                        + " is outside of the symbol table (size " + symbolCount + ")", held));
                return;
            }
            namesAndValues[i] = symbols[ref];
            if (invalidUtf8At < 0 && isInvalid(ref)) {
                invalidUtf8At = i;
            }
        }
        if (!inSymbolTable(helpRef) || !inSymbolTable(unitRef)) {
            rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing metadata for series "
                    + LabelText.braces(namesAndValues) + ": help_ref " + Integer.toUnsignedString(helpRef)
                    + " or unit_ref " + Integer.toUnsignedString(unitRef)
                    + " is outside of the symbol table (size " + symbolCount + ")", held));
            return;
        }
        if (samples > 0 && !histograms.isEmpty()) {
            rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "TimeSeries must not contain both samples and"
                    + " histograms for series " + LabelText.braces(namesAndValues)
                    + "; send them as two TimeSeries entries", held));
            return;
        }
        if (samples == 0 && histograms.isEmpty()) {
            rejected.add(new Rejection(ErrorCode.EMPTY_SERIES, "TimeSeries must contain at least one sample or"
                    + " histogram for series " + LabelText.braces(namesAndValues), held));
            return;
        }

        long[] seriesStarts = NO_LONGS;
        if (anyStartTimestamp || legacyStart != 0) {
            seriesStarts = Arrays.copyOf(startTimestamps, samples);
            for (int i = 0; i < samples; i++) {
                if (seriesStarts[i] == 0) {
                    seriesStarts[i] = legacyStart;
                }
            }
        }
        List<NativeHistogram> seriesHistograms = legacyStart == 0 ? histograms : withStart(histograms, legacyStart);

        List<IncomingExemplar> seriesExemplars = exemplars.isEmpty() ? List.of() : new ArrayList<>(exemplars.size());
        for (RawExemplar raw : exemplars) {
            IncomingExemplar exemplar = resolve(raw);
            if (exemplar != null) {
                seriesExemplars.add(exemplar);
            } else {
                rejected.add(new Rejection(ErrorCode.INVALID_REQUEST, "parsing exemplar for series "
                        + LabelText.braces(namesAndValues) + ": " + raw.refCount()
                        + " label references, which are not (name, value) pairs inside the symbol table (size "
                        + symbolCount + ")", PointCounts.ofExemplars(1)));
            }
        }

        SeriesMetadata metadata = new SeriesMetadata(MetricType.fromWireNumber(metricType), symbols[helpRef],
                symbols[unitRef]);
        series.add(new IncomingSeries(namesAndValues, invalidUtf8At,
                samples == 0 ? NO_LONGS : Arrays.copyOf(timestamps, samples),
                samples == 0 ? NO_DOUBLES : Arrays.copyOf(values, samples),
                seriesStarts, seriesHistograms, seriesExemplars, metadata.isNone() ? SeriesMetadata.NONE : metadata));
    }

    /** Null when the exemplar's references are odd in number or point outside the symbol table. */
    private IncomingExemplar resolve(RawExemplar raw) {
        if (raw.refCount() % 2 != 0) {
            return null;
        }
        String[] namesAndValues = raw.refCount() == 0 ? NO_STRINGS : new String[raw.refCount()];
        int invalidUtf8At = -1;
        for (int i = 0; i < raw.refCount(); i++) {
            int ref = exemplarRefs.get(raw.refsFrom() + i);
            if (!inSymbolTable(ref)) {
                return null;
            }
            namesAndValues[i] = symbols[ref];
            if (invalidUtf8At < 0 && isInvalid(ref)) {
                invalidUtf8At = i;
            }
        }
        return new IncomingExemplar(namesAndValues, invalidUtf8At, raw.value(), raw.timestamp());
    }

    /** The histograms, with {@code start} as the start timestamp of those that have none of their own. */
    private static List<NativeHistogram> withStart(List<NativeHistogram> histograms, long start) {
        List<NativeHistogram> out = new ArrayList<>(histograms.size());
        for (NativeHistogram h : histograms) {
            out.add(h.startTimestamp() != 0 ? h : new NativeHistogram(h.timestamp(), start, h.floatHistogram(),
                    h.countInt(), h.countFloat(), h.sum(), h.schema(), h.zeroThreshold(), h.zeroCountInt(),
                    h.zeroCountFloat(), h.negativeSpans(), h.negativeDeltas(), h.negativeCounts(), h.positiveSpans(),
                    h.positiveDeltas(), h.positiveCounts(), h.resetHint(), h.customValues()));
        }
        return out;
    }

    /** Whether a uint32 reference (held in an int, so values over 2^31-1 are negative) indexes the table. */
    private boolean inSymbolTable(int ref) {
        return ref >= 0 && ref < symbolCount;
    }

    private boolean isInvalid(int ref) {
        return invalidSymbols != null && invalidSymbols.get(ref);
    }

    private String refsText() {
        StringBuilder sb = new StringBuilder("with labels_refs [");
        int shown = Math.min(labelRefs.size(), MAX_REFS_IN_MESSAGE);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Integer.toUnsignedString(labelRefs.get(i)));
        }
        if (labelRefs.size() > shown) {
            sb.append(String.format(Locale.ROOT, ", ... (%d in all)", labelRefs.size()));
        }
        return sb.append(']').toString();
    }
}
