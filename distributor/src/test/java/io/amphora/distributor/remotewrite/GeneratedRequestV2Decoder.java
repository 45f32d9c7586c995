package io.amphora.distributor.remotewrite;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import io.amphora.model.ErrorCode;
import io.amphora.proto.remotewrite.v2.Metadata;
import io.amphora.proto.remotewrite.v2.Request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The reference for {@link V2RequestParser}: how Amphora decoded remote write 2.0 before it, with the generated parser
 * ({@code Request.parseFrom}) followed by symbol resolution into the model. The hand-written parser must produce
 * exactly what this produces, rejections included, or throw exactly what this throws.
 */
final class GeneratedRequestV2Decoder {
    /** Field number of the pre-rc.4 per-series {@code created_timestamp}, reserved since 2.0-rc.4. */
    private static final int LEGACY_CREATED_TIMESTAMP_FIELD = 6;
    private static final int MAX_REFS_IN_MESSAGE = 16;
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    private GeneratedRequestV2Decoder() {}

    /**
     * @throws IOException the generated parser's {@code InvalidProtocolBufferException}
     * @throws RemoteWriteException for a request with series and a broken symbol table
     */
    static WriteBatch decode(byte[] raw) throws IOException {
        CodedInputStream input = CodedInputStream.newInstance(raw);
        input.enableAliasing(true);
        Request request = Request.parseFrom(input);
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
