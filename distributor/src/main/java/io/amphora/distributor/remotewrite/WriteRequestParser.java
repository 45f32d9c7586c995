package io.amphora.distributor.remotewrite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.google.protobuf.WireFormat.WIRETYPE_FIXED64;
import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
import static com.google.protobuf.WireFormat.WIRETYPE_VARINT;
import static io.amphora.distributor.remotewrite.WireInput.NO_DOUBLES;
import static io.amphora.distributor.remotewrite.WireInput.NO_LONGS;
import static io.amphora.distributor.remotewrite.WireInput.NO_STRINGS;

/**
 * Reads a decompressed remote-write 1.0 body ({@code prometheus.WriteRequest}, WIRE.md §1) straight into
 * {@link IncomingSeries} and {@link MetricMetadata}, accepting, decoding and refusing exactly as the generated parser
 * followed by a copy into the model did ({@link WireInput} says how). Label names and values go through a per-request
 * string cache, so the names and the common values of a request are one {@code String} each.
 *
 * <p>One instance per body; not thread-safe.
 */
final class WriteRequestParser {
    private static final int WRITE_REQUEST_TIMESERIES = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int WRITE_REQUEST_METADATA = 3 << 3 | WIRETYPE_LENGTH_DELIMITED;

    private static final int TIMESERIES_LABEL = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_SAMPLE = 2 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_EXEMPLAR = 3 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int TIMESERIES_HISTOGRAM = 4 << 3 | WIRETYPE_LENGTH_DELIMITED;

    private static final int LABEL_NAME = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int LABEL_VALUE = 2 << 3 | WIRETYPE_LENGTH_DELIMITED;

    private static final int SAMPLE_VALUE = 1 << 3 | WIRETYPE_FIXED64;
    private static final int SAMPLE_TIMESTAMP = 2 << 3 | WIRETYPE_VARINT;

    private static final int EXEMPLAR_LABEL = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int EXEMPLAR_VALUE = 2 << 3 | WIRETYPE_FIXED64;
    private static final int EXEMPLAR_TIMESTAMP = 3 << 3 | WIRETYPE_VARINT;

    private static final int METADATA_TYPE = 1 << 3 | WIRETYPE_VARINT;
    private static final int METADATA_FAMILY_NAME = 2 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int METADATA_HELP = 4 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int METADATA_UNIT = 5 << 3 | WIRETYPE_LENGTH_DELIMITED;

    /** A typical series (10 labels, one sample) takes about 250 bytes; used to size the series list. */
    private static final int BYTES_PER_SERIES_LOG2 = 8;

    private final WireInput input;

    // Scratch space for the series being read, reused across series; the model gets exact-size copies.
    private String[] seriesLabels = new String[32];
    private String[] exemplarLabels = new String[8];
    private long[] timestamps = new long[8];
    private double[] values = new double[8];

    private WriteRequestParser(byte[] raw) {
        this.input = new WireInput(raw);
    }

    /**
     * Parses a whole {@code prometheus.WriteRequest}.
     *
     * @param raw the decompressed body; read, not modified, and not retained by the result
     * @throws IOException (an {@code InvalidProtocolBufferException}) where the generated parser would throw, with its
     *     message
     */
    static WriteBatch parse(byte[] raw) throws IOException {
        return new WriteRequestParser(raw).readWriteRequest(raw.length);
    }

    private WriteBatch readWriteRequest(int bodyLength) throws IOException {
        List<IncomingSeries> series = new ArrayList<>(Math.min(bodyLength >>> BYTES_PER_SERIES_LOG2, 1 << 16) + 4);
        List<MetricMetadata> metadata = new ArrayList<>(0);
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new WriteBatch(series, metadata, ProtocolVersion.V1, List.of());
                }
                case WRITE_REQUEST_TIMESERIES -> {
                    int limit = input.enterMessage();
                    series.add(readTimeSeries());
                    input.leaveMessage(limit);
                }
                case WRITE_REQUEST_METADATA -> {
                    int limit = input.enterMessage();
                    metadata.add(readMetricMetadata());
                    input.leaveMessage(limit);
                }
                default -> input.readUnknownField(tag);
            }
        }
    }

    private IncomingSeries readTimeSeries() throws IOException {
        int strings = 0;
        int invalidUtf8At = -1;
        int samples = 0;
        List<NativeHistogram> histograms = List.of();
        List<IncomingExemplar> exemplars = List.of();
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new IncomingSeries(
                            strings == 0 ? NO_STRINGS : Arrays.copyOf(seriesLabels, strings), invalidUtf8At,
                            samples == 0 ? NO_LONGS : Arrays.copyOf(timestamps, samples),
                            samples == 0 ? NO_DOUBLES : Arrays.copyOf(values, samples),
                            NO_LONGS, histograms, exemplars, SeriesMetadata.NONE);
                }
                case TIMESERIES_LABEL -> {
                    if (strings + 2 > seriesLabels.length) {
                        seriesLabels = Arrays.copyOf(seriesLabels, seriesLabels.length * 2);
                    }
                    int invalid = input.readCompactLabel(seriesLabels, strings);
                    if (invalid == WireInput.NOT_COMPACT) {
                        int limit = input.enterMessage();
                        invalid = readLabel(seriesLabels, strings);
                        input.leaveMessage(limit);
                    }
                    if (invalidUtf8At < 0 && invalid >= 0) {
                        invalidUtf8At = strings + invalid;
                    }
                    strings += 2;
                }
                case TIMESERIES_SAMPLE -> {
                    if (samples == timestamps.length) {
                        timestamps = Arrays.copyOf(timestamps, samples * 2);
                        values = Arrays.copyOf(values, samples * 2);
                    }
                    if (!input.readCompactSample(timestamps, values, samples)) {
                        int limit = input.enterMessage();
                        readSample(samples);
                        input.leaveMessage(limit);
                    }
                    samples++;
                }
                case TIMESERIES_EXEMPLAR -> {
                    if (exemplars.isEmpty()) {
                        exemplars = new ArrayList<>(2);
                    }
                    int limit = input.enterMessage();
                    exemplars.add(readExemplar());
                    input.leaveMessage(limit);
                }
                case TIMESERIES_HISTOGRAM -> {
                    if (histograms.isEmpty()) {
                        histograms = new ArrayList<>(2);
                    }
                    int limit = input.enterMessage();
                    histograms.add(input.readHistogram(false));
                    input.leaveMessage(limit);
                }
                default -> input.readUnknownField(tag);
            }
        }
    }

    /**
     * Stores the label's name and value (each "" when absent) at {@code out[at]} and {@code out[at + 1]}; returns 0
     * when the name is not UTF-8, else 1 when the value is not, else -1.
     */
    private int readLabel(String[] out, int at) throws IOException {
        String name = "";
        String value = "";
        boolean nameValid = true;
        boolean valueValid = true;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    out[at] = name;
                    out[at + 1] = value;
                    return !nameValid ? 0 : !valueValid ? 1 : -1;
                }
                case LABEL_NAME -> {
                    name = input.readString();
                    nameValid = input.lastStringWasValidUtf8();
                }
                case LABEL_VALUE -> {
                    value = input.readString();
                    valueValid = input.lastStringWasValidUtf8();
                }
                default -> input.readUnknownField(tag);
            }
        }
    }

    private void readSample(int index) throws IOException {
        double value = 0;
        long timestamp = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    timestamps[index] = timestamp;
                    values[index] = value;
                    return;
                }
                case SAMPLE_VALUE -> value = input.readDouble();
                case SAMPLE_TIMESTAMP -> timestamp = input.readInt64();
                default -> input.readUnknownField(tag);
            }
        }
    }

    private IncomingExemplar readExemplar() throws IOException {
        int strings = 0;
        int invalidUtf8At = -1;
        double value = 0;
        long timestamp = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new IncomingExemplar(strings == 0 ? NO_STRINGS : Arrays.copyOf(exemplarLabels, strings),
                            invalidUtf8At, value, timestamp);
                }
                case EXEMPLAR_LABEL -> {
                    if (strings + 2 > exemplarLabels.length) {
                        exemplarLabels = Arrays.copyOf(exemplarLabels, exemplarLabels.length * 2);
                    }
                    int limit = input.enterMessage();
                    int invalid = readLabel(exemplarLabels, strings);
                    input.leaveMessage(limit);
                    if (invalidUtf8At < 0 && invalid >= 0) {
                        invalidUtf8At = strings + invalid;
                    }
                    strings += 2;
                }
                case EXEMPLAR_VALUE -> value = input.readDouble();
                case EXEMPLAR_TIMESTAMP -> timestamp = input.readInt64();
                default -> input.readUnknownField(tag);
            }
        }
    }

    private MetricMetadata readMetricMetadata() throws IOException {
        int type = 0;
        String familyName = "";
        String help = "";
        String unit = "";
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new MetricMetadata(familyName, MetricType.fromWireNumber(type), help, unit);
                }
                case METADATA_TYPE -> type = input.readEnum();
                case METADATA_FAMILY_NAME -> familyName = input.readUniqueString();
                case METADATA_HELP -> help = input.readUniqueString();
                case METADATA_UNIT -> unit = input.readString();
                default -> input.readUnknownField(tag);
            }
        }
    }
}
