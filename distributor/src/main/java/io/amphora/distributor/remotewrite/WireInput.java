package io.amphora.distributor.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.google.protobuf.WireFormat.WIRETYPE_FIXED32;
import static com.google.protobuf.WireFormat.WIRETYPE_FIXED64;
import static com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED;
import static com.google.protobuf.WireFormat.WIRETYPE_VARINT;

/**
 * The reading side shared by {@link WriteRequestParser} (1.0) and {@link V2RequestParser} (2.0), which read a
 * decompressed body field by field straight into the model instead of building the generated protobuf messages first:
 * decoding is a per-sample hot path, and the generated objects (builders, messages, {@code ByteString} copies, growing
 * lists) cost more than the model they are then copied into.
 *
 * <p>The parsers accept exactly what the generated parsers ({@code parseFrom(CodedInputStream)}) accept, decode it to
 * the same values, and refuse the rest with the same {@code InvalidProtocolBufferException} message; the tests check
 * this on thousands of random and mutated bodies. How:
 * <ul>
 *   <li>Every primitive is read with the {@link CodedInputStream} method the generated code calls for it (tags,
 *       lengths, varints, zig-zag, fixed, packed runs, limits), so the same bytes give the same value or the same
 *       exception. Three fast paths read well-formed data directly from the body instead: a 1.0 label or a sample in
 *       the compact form every encoder writes ({@link #readCompactLabel}, {@link #readCompactSample}), and a packed
 *       run of 2.0 references ({@link #readPackedUInt32}). Each accepts only bytes that the general path reads to the
 *       same values, and leaves everything else, invalid data included, to the general path.</li>
 *   <li>The parsers switch over whole tags as the generated code does: a known field number with an unexpected wire
 *       type is an unknown field, and repeated numeric fields accept the packed and the unpacked form in any mixture.
 *       A scalar field that occurs twice keeps its last value, and the last member seen of a oneof decides.</li>
 *   <li>Unknown fields are read, not merely skipped, the way {@code UnknownFieldSet} reads them: a varint with
 *       {@code readInt64}, which accepts some overlong varints that {@code CodedInputStream.skipField} refuses; groups,
 *       stray end-group tags and undefined wire types by {@code UnknownFieldSet} itself.</li>
 *   <li>Strings are not checked while parsing (the proto files turn UTF-8 validation off); {@link CachingUtf8Decoder}
 *       decodes them as {@code ByteString.toStringUtf8()} does and reports what {@code isValidUtf8()} would.</li>
 * </ul>
 * The generated {@code readMessage} also checks the recursion limit when entering a message, and after leaving one
 * that the last tag was 0 and that no bytes remain before its limit. Those checks cannot fail here: remote-write
 * messages nest at most four deep, far under the limit of 100, and a message loop only ends on tag 0, which is read
 * exactly at the limit (an end-group tag outside a group throws instead).
 *
 * <p>One instance per body; not thread-safe.
 */
final class WireInput {
    private static final int HISTOGRAM_COUNT_INT = 1 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_COUNT_FLOAT = 2 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_SUM = 3 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_SCHEMA = 4 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_ZERO_THRESHOLD = 5 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_ZERO_COUNT_INT = 6 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_ZERO_COUNT_FLOAT = 7 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_NEGATIVE_SPAN = 8 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int HISTOGRAM_NEGATIVE_DELTA = 9 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_NEGATIVE_DELTAS_PACKED = 9 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int HISTOGRAM_NEGATIVE_COUNT = 10 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_NEGATIVE_COUNTS_PACKED = 10 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int HISTOGRAM_POSITIVE_SPAN = 11 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int HISTOGRAM_POSITIVE_DELTA = 12 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_POSITIVE_DELTAS_PACKED = 12 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int HISTOGRAM_POSITIVE_COUNT = 13 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_POSITIVE_COUNTS_PACKED = 13 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final int HISTOGRAM_RESET_HINT = 14 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_TIMESTAMP = 15 << 3 | WIRETYPE_VARINT;
    private static final int HISTOGRAM_CUSTOM_VALUE = 16 << 3 | WIRETYPE_FIXED64;
    private static final int HISTOGRAM_CUSTOM_VALUES_PACKED = 16 << 3 | WIRETYPE_LENGTH_DELIMITED;
    /** 2.0 only; in 1.0 this tag is an unknown field. */
    private static final int HISTOGRAM_START_TIMESTAMP = 17 << 3 | WIRETYPE_VARINT;

    private static final int SPAN_OFFSET = 1 << 3 | WIRETYPE_VARINT;
    private static final int SPAN_LENGTH = 2 << 3 | WIRETYPE_VARINT;

    /** Which member of a histogram oneof was seen last. */
    private static final int UNSET = 0;
    private static final int INT_MEMBER = 1;
    private static final int FLOAT_MEMBER = 2;

    static final String[] NO_STRINGS = new String[0];
    static final long[] NO_LONGS = new long[0];
    static final double[] NO_DOUBLES = new double[0];

    private static final int MAX_VARINT_BYTES = 10;
    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] body;
    private final CodedInputStream input;
    private final CachingUtf8Decoder strings;
    /** How many messages enclose the current field, not counting the body's top-level message. */
    private int depth;

    WireInput(byte[] body) {
        this.body = body;
        this.input = CodedInputStream.newInstance(body);
        this.strings = new CachingUtf8Decoder(body);
    }

    // ---- primitives, named after the CodedInputStream calls the generated code makes ----------------------------

    /** The next tag, or 0 at the end of the current message. */
    int readTag() throws IOException {
        return input.readTag();
    }

    double readDouble() throws IOException {
        return input.readDouble();
    }

    long readInt64() throws IOException {
        return input.readInt64();
    }

    int readUInt32() throws IOException {
        return input.readUInt32();
    }

    int readEnum() throws IOException {
        return input.readEnum();
    }

    /**
     * Appends the elements of a packed {@code uint32} run (2.0 label references, the bulk of a 2.0 body). A run that
     * lies within the current message and the body and holds only varints that end inside it, within 10 bytes, is
     * decoded here in one loop. Any other run is invalid: it is then read again as the generated code reads it, only
     * to throw the exception that code throws.
     */
    void readPackedUInt32(IntList into) throws IOException {
        int length = input.readRawVarint32();
        int start = input.getTotalBytesRead();
        int untilLimit = input.getBytesUntilLimit();
        if (length >= 0 && (untilLimit < 0 || length <= untilLimit) && length <= body.length - start
                && decodeUInt32Run(start, start + length, into)) {
            input.skipRawBytes(length);
            return;
        }
        int limit = input.pushLimit(length);
        while (input.getBytesUntilLimit() > 0) {
            into.add(input.readUInt32());
        }
        input.popLimit(limit);
    }

    /**
     * Appends the varints of {@code body[from, to)} as uint32 (the low 32 bits, as {@code readUInt32} keeps); false
     * when a varint runs past {@code to} or beyond the 10 bytes a varint may take, after appending some elements (the
     * caller then throws, so they do not matter).
     */
    private boolean decodeUInt32Run(int from, int to, IntList into) {
        int p = from;
        while (p < to) {
            int b = body[p++];
            if (b >= 0) {
                into.add(b);
                continue;
            }
            int value = b & 0x7f;
            int shift = 7;
            boolean ended = false;
            for (int k = 1; k < MAX_VARINT_BYTES && p < to; k++) {
                b = body[p++];
                if (shift < Integer.SIZE) {
                    value |= (b & 0x7f) << shift;
                }
                shift += 7;
                if (b >= 0) {
                    ended = true;
                    break;
                }
            }
            if (!ended) {
                return false;
            }
            into.add(value);
        }
        return true;
    }

    /**
     * A string field's value: the length read and checked as {@code readBytes} does, the bytes decoded by
     * {@link CachingUtf8Decoder#decode}; {@link #lastStringWasValidUtf8()} tells whether they were UTF-8.
     */
    String readString() throws IOException {
        int length = input.readUInt32();
        int offset = input.getTotalBytesRead(); // the stream starts at index 0 of the body
        input.skipRawBytes(length);
        return strings.decode(offset, length);
    }

    /** Like {@link #readString()} for strings that are not expected to repeat (2.0 symbols): no cache lookup. */
    String readUniqueString() throws IOException {
        int length = input.readUInt32();
        int offset = input.getTotalBytesRead();
        input.skipRawBytes(length);
        return strings.decodeUncached(offset, length);
    }

    boolean lastStringWasValidUtf8() {
        return strings.lastWasValidUtf8();
    }

    // ---- the compact forms every encoder writes ---------------------------------------------------------------

    /** What {@link #readCompactLabel} returns when the label is not in the compact form; nothing was read. */
    static final int NOT_COMPACT = -2;

    private static final byte LABEL_NAME_TAG = 1 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final byte LABEL_VALUE_TAG = 2 << 3 | WIRETYPE_LENGTH_DELIMITED;
    private static final byte SAMPLE_VALUE_TAG = 1 << 3 | WIRETYPE_FIXED64;
    private static final byte SAMPLE_TIMESTAMP_TAG = 2 << 3 | WIRETYPE_VARINT;

    /**
     * Reads a {@code Label} message (1.0) in the form every encoder writes it, without the per-field calls of the
     * general path: a one-byte length, then name (tag, one-byte length, bytes) and value (likewise), nothing else.
     * The message, positioned at its length, must lie within the current message and the body. Parsed the general
     * way, such bytes give exactly this name and value, so the result is the same; anything else (empty value,
     * longer strings, other fields or order) is left to the general path.
     *
     * @return {@link #NOT_COMPACT} without reading anything; otherwise, having stored name and value at
     *     {@code out[at]} and {@code out[at + 1]}: 0 when the name is not UTF-8, else 1 when the value is not, else -1
     */
    int readCompactLabel(String[] out, int at) throws IOException {
        int pos = input.getTotalBytesRead();
        int available = available(pos);
        if (available <= 0) {
            return NOT_COMPACT;
        }
        int length = body[pos];
        if (length < 4 || length >= available || body[pos + 1] != LABEL_NAME_TAG) {
            return NOT_COMPACT;
        }
        int nameLength = body[pos + 2];
        int valueTag = pos + 3 + nameLength;
        if (nameLength < 0 || nameLength > length - 4 || body[valueTag] != LABEL_VALUE_TAG
                || body[valueTag + 1] != length - 4 - nameLength) {
            return NOT_COMPACT;
        }
        out[at] = strings.decode(pos + 3, nameLength);
        boolean nameValid = strings.lastWasValidUtf8();
        out[at + 1] = strings.decode(valueTag + 2, length - 4 - nameLength);
        boolean valueValid = strings.lastWasValidUtf8();
        input.skipRawBytes(1 + length);
        return !nameValid ? 0 : !valueValid ? 1 : -1;
    }

    /**
     * Reads a {@code Sample} message (1.0 or 2.0 without a start timestamp) in the form every encoder writes it: a
     * one-byte length, then the value (tag, eight bytes; absent when 0.0) and the timestamp (tag and a varint that
     * ends exactly with the message, within ten bytes; absent when 0), nothing else. As for {@link #readCompactLabel},
     * such bytes parse the general way to the same value and timestamp; anything else is left to the general path.
     *
     * @return false, without reading anything, when the sample is not in this form
     */
    boolean readCompactSample(long[] timestamps, double[] values, int index) throws IOException {
        int pos = input.getTotalBytesRead();
        int available = available(pos);
        if (available <= 0) {
            return false;
        }
        int length = body[pos];
        if (length < 0 || length >= available) {
            return false;
        }
        int p = pos + 1;
        int end = p + length;
        double value = 0;
        if (p < end && body[p] == SAMPLE_VALUE_TAG) {
            if (end - p < 1 + Long.BYTES) {
                return false;
            }
            value = Double.longBitsToDouble((long) LITTLE_ENDIAN_LONGS.get(body, p + 1));
            p += 1 + Long.BYTES;
        }
        long timestamp = 0;
        if (p < end) {
            int varintBytes = end - p - 1;
            if (body[p] != SAMPLE_TIMESTAMP_TAG || varintBytes < 1 || varintBytes > MAX_VARINT_BYTES) {
                return false;
            }
            // Every byte but the last must continue the varint, and the last must end it: readInt64's lenient reading
            // of a tenth byte that does not end the varint never comes into play.
            for (int i = p + 1, shift = 0; i < end; i++, shift += 7) {
                int b = body[i];
                if ((b < 0) == (i == end - 1)) {
                    return false;
                }
                timestamp |= (long) (b & 0x7f) << shift;
            }
        }
        timestamps[index] = timestamp;
        values[index] = value;
        input.skipRawBytes(1 + length);
        return true;
    }

    /** The bytes readable from {@code pos}: to the end of the current message, or of the body if that comes first. */
    private int available(int pos) {
        int untilLimit = input.getBytesUntilLimit();
        int inBody = body.length - pos;
        return untilLimit < 0 ? inBody : Math.min(untilLimit, inBody);
    }

    /** Reads an embedded message's length and limits the input to it, as {@code readMessage} does. */
    int enterMessage() throws IOException {
        int length = input.readUInt32();
        int oldLimit = input.pushLimit(length);
        depth++;
        return oldLimit;
    }

    /** @param oldLimit what the matching {@link #enterMessage()} returned */
    void leaveMessage(int oldLimit) {
        depth--;
        input.popLimit(oldLimit);
    }

    /** Consumes a field the schema does not know, or knows with another wire type, as {@code UnknownFieldSet} does. */
    void readUnknownField(int tag) throws IOException {
        switch (WireFormat.getTagWireType(tag)) {
            case WIRETYPE_VARINT -> input.readInt64();
            case WIRETYPE_FIXED64 -> input.readFixed64();
            case WIRETYPE_LENGTH_DELIMITED -> input.skipRawBytes(input.readUInt32());
            case WIRETYPE_FIXED32 -> input.readFixed32();
            default -> readRareUnknownField(tag);
        }
    }

    /**
     * Groups (deprecated, and sent by no remote-write client), a stray end-group tag and the undefined wire types 6
     * and 7: left to {@code UnknownFieldSet}, which makes exactly the generated parser's decision. Its recursion check
     * counts only the groups it opens itself, so the limit is lowered by the messages around this field, which the
     * generated parser's {@code readMessage} calls would have counted.
     */
    private void readRareUnknownField(int tag) throws IOException {
        int recursionLimit = input.setRecursionLimit(0);
        input.setRecursionLimit(Math.max(0, recursionLimit - depth));
        try {
            if (!UnknownFieldSet.newBuilder().mergeFieldFrom(tag, input)) {
                // mergeFieldFrom answers false only for an end-group tag inside a group it opened itself; outside any
                // group it throws InvalidProtocolBufferException instead.
                throw new IllegalStateException("end-group tag " + tag + " outside of any group was not refused");
            }
        } finally {
            input.setRecursionLimit(recursionLimit);
        }
    }

    // ---- Histogram and BucketSpan, the same in 1.0 and 2.0 (but for start_timestamp) -----------------------------

    /**
     * Reads a {@code Histogram} message after {@link #enterMessage()}.
     *
     * @param withStartTimestamp whether field 17 ({@code start_timestamp}, 2.0) is known; when false it is an
     *     unknown field and the start timestamp is 0
     */
    NativeHistogram readHistogram(boolean withStartTimestamp) throws IOException {
        int countMember = UNSET;
        long countInt = 0;
        double countFloat = 0;
        double sum = 0;
        int schema = 0;
        double zeroThreshold = 0;
        int zeroCountMember = UNSET;
        long zeroCountInt = 0;
        double zeroCountFloat = 0;
        List<BucketSpan> negativeSpans = List.of();
        List<BucketSpan> positiveSpans = List.of();
        LongList negativeDeltas = null;
        DoubleList negativeCounts = null;
        LongList positiveDeltas = null;
        DoubleList positiveCounts = null;
        DoubleList customValues = null;
        int resetHint = 0;
        long timestamp = 0;
        long startTimestamp = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new NativeHistogram(timestamp, startTimestamp, countMember == FLOAT_MEMBER,
                            countMember == INT_MEMBER ? countInt : 0, countMember == FLOAT_MEMBER ? countFloat : 0,
                            sum, schema, zeroThreshold,
                            zeroCountMember == INT_MEMBER ? zeroCountInt : 0,
                            zeroCountMember == FLOAT_MEMBER ? zeroCountFloat : 0,
                            negativeSpans, LongList.toArray(negativeDeltas), DoubleList.toArray(negativeCounts),
                            positiveSpans, LongList.toArray(positiveDeltas), DoubleList.toArray(positiveCounts),
                            ResetHint.fromWireNumber(resetHint), DoubleList.toArray(customValues));
                }
                case HISTOGRAM_COUNT_INT -> {
                    countInt = input.readUInt64();
                    countMember = INT_MEMBER;
                }
                case HISTOGRAM_COUNT_FLOAT -> {
                    countFloat = input.readDouble();
                    countMember = FLOAT_MEMBER;
                }
                case HISTOGRAM_SUM -> sum = input.readDouble();
                case HISTOGRAM_SCHEMA -> schema = input.readSInt32();
                case HISTOGRAM_ZERO_THRESHOLD -> zeroThreshold = input.readDouble();
                case HISTOGRAM_ZERO_COUNT_INT -> {
                    zeroCountInt = input.readUInt64();
                    zeroCountMember = INT_MEMBER;
                }
                case HISTOGRAM_ZERO_COUNT_FLOAT -> {
                    zeroCountFloat = input.readDouble();
                    zeroCountMember = FLOAT_MEMBER;
                }
                case HISTOGRAM_NEGATIVE_SPAN -> negativeSpans = addSpan(negativeSpans);
                case HISTOGRAM_POSITIVE_SPAN -> positiveSpans = addSpan(positiveSpans);
                case HISTOGRAM_NEGATIVE_DELTA -> (negativeDeltas = LongList.orNew(negativeDeltas))
                        .add(input.readSInt64());
                case HISTOGRAM_NEGATIVE_DELTAS_PACKED -> negativeDeltas = readPackedSInt64(negativeDeltas);
                case HISTOGRAM_POSITIVE_DELTA -> (positiveDeltas = LongList.orNew(positiveDeltas))
                        .add(input.readSInt64());
                case HISTOGRAM_POSITIVE_DELTAS_PACKED -> positiveDeltas = readPackedSInt64(positiveDeltas);
                case HISTOGRAM_NEGATIVE_COUNT -> (negativeCounts = DoubleList.orNew(negativeCounts))
                        .add(input.readDouble());
                case HISTOGRAM_NEGATIVE_COUNTS_PACKED -> negativeCounts = readPackedDoubles(negativeCounts);
                case HISTOGRAM_POSITIVE_COUNT -> (positiveCounts = DoubleList.orNew(positiveCounts))
                        .add(input.readDouble());
                case HISTOGRAM_POSITIVE_COUNTS_PACKED -> positiveCounts = readPackedDoubles(positiveCounts);
                case HISTOGRAM_CUSTOM_VALUE -> (customValues = DoubleList.orNew(customValues))
                        .add(input.readDouble());
                case HISTOGRAM_CUSTOM_VALUES_PACKED -> customValues = readPackedDoubles(customValues);
                case HISTOGRAM_RESET_HINT -> resetHint = input.readEnum();
                case HISTOGRAM_TIMESTAMP -> timestamp = input.readInt64();
                case HISTOGRAM_START_TIMESTAMP -> {
                    if (withStartTimestamp) {
                        startTimestamp = input.readInt64();
                    } else {
                        readUnknownField(tag);
                    }
                }
                default -> readUnknownField(tag);
            }
        }
    }

    private List<BucketSpan> addSpan(List<BucketSpan> spans) throws IOException {
        List<BucketSpan> to = spans.isEmpty() ? new ArrayList<>(4) : spans;
        int limit = enterMessage();
        to.add(readBucketSpan());
        leaveMessage(limit);
        return to;
    }

    private BucketSpan readBucketSpan() throws IOException {
        int offset = 0;
        int length = 0;
        while (true) {
            int tag = input.readTag();
            switch (tag) {
                case 0 -> {
                    return new BucketSpan(offset, Integer.toUnsignedLong(length));
                }
                case SPAN_OFFSET -> offset = input.readSInt32();
                case SPAN_LENGTH -> length = input.readUInt32();
                default -> readUnknownField(tag);
            }
        }
    }

    private LongList readPackedSInt64(LongList into) throws IOException {
        LongList list = LongList.orNew(into);
        int limit = input.pushLimit(input.readRawVarint32());
        while (input.getBytesUntilLimit() > 0) {
            list.add(input.readSInt64());
        }
        input.popLimit(limit);
        return list;
    }

    private DoubleList readPackedDoubles(DoubleList into) throws IOException {
        DoubleList list = DoubleList.orNew(into);
        int limit = input.pushLimit(input.readRawVarint32());
        while (input.getBytesUntilLimit() > 0) {
            list.add(input.readDouble());
        }
        input.popLimit(limit);
        return list;
    }

    /** A growable {@code int[]}, reused by a parser for the references of one series or exemplar at a time. */
    static final class IntList {
        private int[] elements = new int[32];
        private int size;

        void add(int element) {
            if (size == elements.length) {
                elements = Arrays.copyOf(elements, size * 2);
            }
            elements[size++] = element;
        }

        int get(int index) {
            return elements[index];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }
    }

    /** A growable {@code long[]} for the repeated numeric histogram fields. */
    private static final class LongList {
        private long[] elements = new long[8];
        private int size;

        static LongList orNew(LongList list) {
            return list != null ? list : new LongList();
        }

        static long[] toArray(LongList list) {
            return list == null ? NO_LONGS : Arrays.copyOf(list.elements, list.size);
        }

        void add(long element) {
            if (size == elements.length) {
                elements = Arrays.copyOf(elements, size * 2);
            }
            elements[size++] = element;
        }
    }

    /** A growable {@code double[]} for the repeated numeric histogram fields. */
    private static final class DoubleList {
        private double[] elements = new double[8];
        private int size;

        static DoubleList orNew(DoubleList list) {
            return list != null ? list : new DoubleList();
        }

        static double[] toArray(DoubleList list) {
            return list == null ? NO_DOUBLES : Arrays.copyOf(list.elements, list.size);
        }

        void add(double element) {
            if (size == elements.length) {
                elements = Arrays.copyOf(elements, size * 2);
            }
            elements[size++] = element;
        }
    }
}
