package io.amphora.prometheusapi.json;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.AppendFloat(buf, v, fmt, -1, 64)} for the two formats Prometheus's JSON uses: {@code 'f'}
 * (no exponent: {@code 0.0000001}, {@code 100000000000000000000}) and {@code 'e'} ({@code 1e-07},
 * {@code 1.2345678e-67}, {@code 1e+21}), each with the shortest digits that read back as {@code v};
 * {@code NaN}, {@code +Inf}, {@code -Inf} and {@code -0} as Go spells them. Holds scratch state: one instance per
 * thread.
 */
public final class GoFloatFormat {
    /** Longest output: {@code -0.} then 323 zeros and 17 digits for the smallest subnormals in 'f' format. */
    public static final int MAX_LENGTH = 350;
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;
    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] POSITIVE_INFINITY = {'+', 'I', 'n', 'f'};
    private static final byte[] NEGATIVE_INFINITY = {'-', 'I', 'n', 'f'};

    private final ShortestDecimal decimal = new ShortestDecimal();

    /** {@code strconv.FormatFloat(v, fmt, -1, 64)} as a string; {@code fmt} is {@code 'f'} or {@code 'e'}. */
    public static String format(double v, char fmt) {
        byte[] buffer = new byte[MAX_LENGTH];
        int length = new GoFloatFormat().append(buffer, 0, v, fmt);
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }

    /**
     * The text of a sample value in Prometheus's API ({@code jsonutil.MarshalFloat} without the quotes): 'e'
     * format when {@code 0 < |v| < 1e-6} or {@code |v| >= 1e21}, 'f' format otherwise.
     */
    public static String formatSampleValue(double v) {
        return format(v, sampleValueFormat(v));
    }

    static char sampleValueFormat(double v) {
        double abs = Math.abs(v);
        return abs != 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f';
    }

    /**
     * Writes {@code v} into {@code buffer} at {@code position} and returns the position after it; the buffer must
     * have {@link #MAX_LENGTH} bytes free there.
     */
    public int append(byte[] buffer, int position, double v, char fmt) {
        if (fmt != 'f' && fmt != 'e') {
            throw new IllegalArgumentException("unsupported format " + fmt);
        }
        if (Double.isNaN(v)) {
            return copy(NAN, buffer, position);
        }
        if (Double.isInfinite(v)) {
            return copy(v > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY, buffer, position);
        }
        int pos = position;
        boolean negative = Double.doubleToRawLongBits(v) < 0;
        if (negative) {
            buffer[pos++] = '-';
        }
        double abs = Math.abs(v);
        if (abs == 0) {
            buffer[pos++] = '0';
            if (fmt == 'e') {
                buffer[pos++] = 'e';
                buffer[pos++] = '+';
                buffer[pos++] = '0';
                buffer[pos++] = '0';
            }
            return pos;
        }
        if (fmt == 'f' && abs < EXACT_INTEGER_LIMIT && abs == Math.rint(abs)) {
            // Below 2^53 every integer is a double, so its own digits are the shortest that read back.
            return appendLong(buffer, pos, (long) abs);
        }
        decimal.set(abs);
        return fmt == 'f' ? appendPlain(buffer, pos) : appendExponent(buffer, pos);
    }

    private int appendPlain(byte[] buffer, int position) {
        int pos = position;
        byte[] digits = decimal.digits;
        int count = decimal.count;
        int point = decimal.point;
        if (point > 0) {
            for (int i = 0; i < point; i++) {
                buffer[pos++] = i < count ? digits[i] : (byte) '0';
            }
        } else {
            buffer[pos++] = '0';
        }
        int fraction = Math.max(count - point, 0);
        if (fraction > 0) {
            buffer[pos++] = '.';
            for (int i = 0; i < fraction; i++) {
                int index = point + i;
                buffer[pos++] = index >= 0 && index < count ? digits[index] : (byte) '0';
            }
        }
        return pos;
    }

    private int appendExponent(byte[] buffer, int position) {
        int pos = position;
        byte[] digits = decimal.digits;
        int count = decimal.count;
        buffer[pos++] = digits[0];
        if (count > 1) {
            buffer[pos++] = '.';
            for (int i = 1; i < count; i++) {
                buffer[pos++] = digits[i];
            }
        }
        int exponent = decimal.point - 1;
        buffer[pos++] = 'e';
        if (exponent < 0) {
            buffer[pos++] = '-';
            exponent = -exponent;
        } else {
            buffer[pos++] = '+';
        }
        if (exponent < 10) {
            buffer[pos++] = '0';
            buffer[pos++] = (byte) ('0' + exponent);
        } else if (exponent < 100) {
            buffer[pos++] = (byte) ('0' + exponent / 10);
            buffer[pos++] = (byte) ('0' + exponent % 10);
        } else {
            buffer[pos++] = (byte) ('0' + exponent / 100);
            buffer[pos++] = (byte) ('0' + exponent / 10 % 10);
            buffer[pos++] = (byte) ('0' + exponent % 10);
        }
        return pos;
    }

    /** Decimal digits of a non-negative {@code value}. */
    static int appendLong(byte[] buffer, int position, long value) {
        if (value == 0) {
            buffer[position] = '0';
            return position + 1;
        }
        int length = 0;
        for (long v = value; v > 0; v /= 10) {
            length++;
        }
        int end = position + length;
        int pos = end;
        for (long v = value; v > 0; v /= 10) {
            buffer[--pos] = (byte) ('0' + v % 10);
        }
        return end;
    }

    private static int copy(byte[] text, byte[] buffer, int position) {
        System.arraycopy(text, 0, buffer, position, text.length);
        return position + text.length;
    }
}
