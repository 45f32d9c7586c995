package io.amphora.prometheusapi.json;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import static java.util.Objects.requireNonNull;

/**
 * A buffered UTF-8 JSON writer that reproduces, byte for byte, the three ways Prometheus's Go code writes strings
 * and its number formats. No validation of structure: callers write well-formed JSON. Not thread-safe.
 *
 * <p>String modes, all with lower-case <code>&#92;u00XX</code> hex:
 * <ul>
 *   <li>{@link #rawString}: json-iterator's {@code Stream.WriteString}, used for label names and values: escapes
 *       {@code "}, {@code \}, {@code \n}, {@code \r}, {@code \t} and other control characters; writes everything
 *       else as is (no HTML escaping, bytes that are not UTF-8 pass through).</li>
 *   <li>{@link #htmlString}: json-iterator's standard-library-compatible string encoder, used for every other
 *       string (messages, label name lists, AST values): also escapes {@code < > &}, writes
 *       <code>&#92;ufffd</code> for bytes that are not UTF-8 and escapes U+2028 and U+2029.</li>
 *   <li>{@link #goJsonString}: Go's own {@code encoding/json} (Go 1.22 and later), used where Prometheus
 *       marshals with it (string results): like {@link #htmlString} but {@code \b} and {@code \f} get short
 *       escapes.</li>
 * </ul>
 *
 * <p>A Java string cannot hold bytes that are not UTF-8; like PromQL's string handling ({@code GoStrings}), a lone
 * surrogate {@code U+DC80..U+DCFF} stands for the byte {@code 0x80..0xFF}. Any other lone surrogate is treated as an
 * invalid byte sequence.
 */
public final class JsonOutput {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    private static final int ESCAPED_BYTE_BASE = 0xDC00;
    private static final int RAW = 0;
    private static final int HTML = 1;
    private static final int GO_JSON = 2;

    private final OutputStream out;
    private final byte[] buffer;
    private final GoFloatFormat floats = new GoFloatFormat();
    private int position;

    public JsonOutput(OutputStream out) {
        this(out, 16 * 1024);
    }

    JsonOutput(OutputStream out, int bufferSize) {
        this.out = requireNonNull(out, "out is null");
        if (bufferSize < 2 * GoFloatFormat.MAX_LENGTH) {
            throw new IllegalArgumentException("buffer too small: " + bufferSize);
        }
        this.buffer = new byte[bufferSize];
    }

    /** Writes out what is buffered and flushes the stream. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonOutput raw(char c) {
        ensure(1);
        buffer[position++] = (byte) c;
        return this;
    }

    /** Appends ASCII text as it is (structure, field names known to need no escaping). */
    public JsonOutput raw(String ascii) {
        int length = ascii.length();
        int done = 0;
        while (done < length) {
            ensure(1);
            int chunk = Math.min(length - done, buffer.length - position);
            for (int i = 0; i < chunk; i++) {
                buffer[position++] = (byte) ascii.charAt(done + i);
            }
            done += chunk;
        }
        return this;
    }

    /** {@code "name":} for a field name of plain ASCII letters. */
    public JsonOutput field(String name) {
        raw('"').raw(name).raw('"').raw(':');
        return this;
    }

    public JsonOutput rawString(String s) {
        writeString(s, RAW);
        return this;
    }

    public JsonOutput htmlString(String s) {
        writeString(s, HTML);
        return this;
    }

    public JsonOutput goJsonString(String s) {
        writeString(s, GO_JSON);
        return this;
    }

    public JsonOutput longValue(long value) {
        ensure(20);
        if (value < 0) {
            buffer[position++] = '-';
            if (value == Long.MIN_VALUE) {
                raw("9223372036854775808");
                return this;
            }
            value = -value;
        }
        position = GoFloatFormat.appendLong(buffer, position, value);
        return this;
    }

    public JsonOutput bool(boolean value) {
        return raw(value ? "true" : "false");
    }

    public JsonOutput nullValue() {
        return raw("null");
    }

    /**
     * A sample value as {@code jsonutil.MarshalFloat} writes it: a quoted string, exponent notation only below
     * {@code 1e-6} and from {@code 1e21}.
     */
    public JsonOutput sampleValue(double v) {
        ensure(GoFloatFormat.MAX_LENGTH + 2);
        buffer[position++] = '"';
        position = floats.append(buffer, position, v, GoFloatFormat.sampleValueFormat(v));
        buffer[position++] = '"';
        return this;
    }

    /** {@code strconv.FormatFloat(v, 'f', -1, 64)} as a quoted string: never exponent notation. */
    public JsonOutput plainFloatString(double v) {
        ensure(GoFloatFormat.MAX_LENGTH + 2);
        buffer[position++] = '"';
        position = floats.append(buffer, position, v, 'f');
        buffer[position++] = '"';
        return this;
    }

    /**
     * A millisecond timestamp as seconds, as {@code jsonutil.MarshalTimestamp} writes it: the fraction, when not
     * zero, always has three digits ({@code 1.100}, {@code 0.010}).
     */
    public JsonOutput timestamp(long millis) {
        ensure(24);
        long t = millis;
        if (t < 0) {
            buffer[position++] = '-';
            t = -t;
        }
        position = GoFloatFormat.appendLong(buffer, position, Math.abs(t / 1000));
        long fraction = Math.abs(t % 1000);
        if (fraction != 0) {
            buffer[position++] = '.';
            buffer[position++] = (byte) ('0' + fraction / 100);
            buffer[position++] = (byte) ('0' + fraction / 10 % 10);
            buffer[position++] = (byte) ('0' + fraction % 10);
        }
        return this;
    }

    /**
     * A float64 as Go's {@code encoding/json} writes a number: shortest digits, exponent notation below
     * {@code 1e-6} and from {@code 1e21} with a one-digit exponent kept short ({@code 1e-7}).
     *
     * @throws IllegalArgumentException for NaN and infinities, which JSON numbers cannot express
     */
    public JsonOutput goJsonNumber(double v) {
        return number(v, true);
    }

    /**
     * A float64 as json-iterator's {@code WriteFloat64} writes a number: like {@link #goJsonNumber} but the exponent
     * keeps two digits ({@code 1e-07}).
     *
     * @throws IllegalArgumentException for NaN and infinities
     */
    public JsonOutput jsoniterNumber(double v) {
        return number(v, false);
    }

    private JsonOutput number(double v, boolean shortExponent) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("unsupported value: " + v);
        }
        ensure(GoFloatFormat.MAX_LENGTH);
        char fmt = GoFloatFormat.sampleValueFormat(v);
        int start = position;
        position = floats.append(buffer, position, v, fmt);
        if (fmt == 'e' && shortExponent) {
            int n = position - start;
            if (n >= 4 && buffer[position - 4] == 'e' && buffer[position - 3] == '-' && buffer[position - 2] == '0') {
                buffer[position - 2] = buffer[position - 1];
                position--;
            }
        }
        return this;
    }

    private void writeString(String s, int mode) {
        ensure(1);
        buffer[position++] = '"';
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                writeAscii(c, mode);
            } else if (c < 0x800) {
                ensure(2);
                buffer[position++] = (byte) (0xC0 | (c >> 6));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buffer[position++] = (byte) (0xF0 | (cp >> 18));
                buffer[position++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                writeInvalid(c, mode);
            } else if ((c == 0x2028 || c == 0x2029) && mode != RAW) {
                ensure(6);
                buffer[position++] = '\\';
                buffer[position++] = 'u';
                buffer[position++] = '2';
                buffer[position++] = '0';
                buffer[position++] = '2';
                buffer[position++] = HEX[c & 0xF];
            } else {
                ensure(3);
                buffer[position++] = (byte) (0xE0 | (c >> 12));
                buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        buffer[position++] = '"';
    }

    private void writeAscii(char c, int mode) {
        ensure(6);
        switch (c) {
            case '"', '\\' -> {
                buffer[position++] = '\\';
                buffer[position++] = (byte) c;
            }
            case '\n' -> shortEscape('n');
            case '\r' -> shortEscape('r');
            case '\t' -> shortEscape('t');
            case '\b' -> {
                if (mode == GO_JSON) {
                    shortEscape('b');
                } else {
                    hexEscape(c);
                }
            }
            case '\f' -> {
                if (mode == GO_JSON) {
                    shortEscape('f');
                } else {
                    hexEscape(c);
                }
            }
            case '<', '>', '&' -> {
                if (mode == RAW) {
                    buffer[position++] = (byte) c;
                } else {
                    hexEscape(c);
                }
            }
            default -> {
                if (c < 0x20) {
                    hexEscape(c);
                } else {
                    buffer[position++] = (byte) c;
                }
            }
        }
    }

    private void writeInvalid(char c, int mode) {
        if (mode == RAW) {
            ensure(3);
            if (c >= ESCAPED_BYTE_BASE + 0x80 && c <= ESCAPED_BYTE_BASE + 0xFF) {
                buffer[position++] = (byte) (c - ESCAPED_BYTE_BASE);
            } else {
                buffer[position++] = (byte) 0xEF;
                buffer[position++] = (byte) 0xBF;
                buffer[position++] = (byte) 0xBD;
            }
            return;
        }
        raw("\\ufffd");
    }

    private void shortEscape(char c) {
        buffer[position++] = '\\';
        buffer[position++] = (byte) c;
    }

    private void hexEscape(char c) {
        buffer[position++] = '\\';
        buffer[position++] = 'u';
        buffer[position++] = '0';
        buffer[position++] = '0';
        buffer[position++] = HEX[c >> 4];
        buffer[position++] = HEX[c & 0xF];
    }

    private void ensure(int bytes) {
        if (buffer.length - position < bytes) {
            drain();
        }
    }

    private void drain() {
        if (position == 0) {
            return;
        }
        try {
            out.write(buffer, 0, position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position = 0;
    }
}
