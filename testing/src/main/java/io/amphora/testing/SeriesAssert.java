package io.amphora.testing;

import io.amphora.model.StaleMarker;
import io.amphora.model.Labels;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;

/** Assertions on the samples of one series, taken from a {@link SeriesSetAssert}. Values compare bit for bit. */
public final class SeriesAssert extends AbstractAssert<SeriesAssert, Labels> {

    private final Snapshot snapshot;
    private final SeriesSetAssert parent;

    SeriesAssert(Snapshot snapshot, SeriesSetAssert parent) {
        super(snapshot.labels(), SeriesAssert.class);
        this.snapshot = snapshot;
        this.parent = parent;
    }

    /**
     * Asserts the series has exactly these samples, given as alternating timestamps and values:
     * {@code withSamples(1000L, 1.0, 2000L, 0.5)}. Timestamps must be whole numbers.
     */
    public SeriesAssert withSamples(Number... timestampsAndValues) {
        if (timestampsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected pairs of timestamp and value, got "
                    + timestampsAndValues.length + " numbers");
        }
        int n = timestampsAndValues.length / 2;
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            timestamps[i] = timestamp(timestampsAndValues[2 * i]);
            values[i] = timestampsAndValues[2 * i + 1].doubleValue();
        }
        if (!Arrays.equals(timestamps, snapshot.timestamps()) || !sameBits(values, snapshot.values())) {
            fail("samples", format(timestamps, values), format(snapshot.timestamps(), snapshot.values()),
                    firstDifference(timestamps, values));
        }
        return this;
    }

    /** Asserts the series' values, in order, ignoring timestamps. */
    public SeriesAssert withValues(double... values) {
        if (!sameBits(values, snapshot.values())) {
            fail("values", formatValues(values), formatValues(snapshot.values()), "");
        }
        return this;
    }

    /** Asserts the series' timestamps, in order, ignoring values. */
    public SeriesAssert withTimestamps(long... timestamps) {
        if (!Arrays.equals(timestamps, snapshot.timestamps())) {
            fail("timestamps", Arrays.toString(timestamps), Arrays.toString(snapshot.timestamps()), "");
        }
        return this;
    }

    public SeriesAssert withSampleCount(int expected) {
        if (snapshot.timestamps().length != expected) {
            failWithMessage("%s", "Expecting " + actual + " to have " + expected + " samples but it had "
                    + snapshot.timestamps().length + ":\n  " + format(snapshot.timestamps(), snapshot.values()));
        }
        return this;
    }

    public SeriesAssert withNoSamples() {
        return withSampleCount(0);
    }

    /** Back to the series set, to assert on another series. */
    public SeriesSetAssert and() {
        return parent;
    }

    private void fail(String what, String expected, String actualText, String detail) {
        failWithMessage("%s", "Expecting " + actual + " to have " + what + ":\n  " + expected + "\nbut had:\n  "
                + actualText + (detail.isEmpty() ? "" : "\n" + detail));
    }

    private String firstDifference(long[] timestamps, double[] values) {
        long[] actualTimestamps = snapshot.timestamps();
        double[] actualValues = snapshot.values();
        int n = Math.min(timestamps.length, actualTimestamps.length);
        for (int i = 0; i < n; i++) {
            if (timestamps[i] != actualTimestamps[i]
                    || Double.doubleToRawLongBits(values[i]) != Double.doubleToRawLongBits(actualValues[i])) {
                return "first difference at index " + i + ": expected " + sample(timestamps[i], values[i])
                        + " but was " + sample(actualTimestamps[i], actualValues[i]);
            }
        }
        return timestamps.length < actualTimestamps.length
                ? "unexpected extra samples from index " + n
                : "missing samples from index " + n;
    }

    private static long timestamp(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        double d = number.doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 0x1p53) {
            throw new IllegalArgumentException("timestamp " + number + " is not a whole number of milliseconds");
        }
        return (long) d;
    }

    private static boolean sameBits(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    static String format(long[] timestamps, double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < timestamps.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(sample(timestamps[i], values[i]));
        }
        return sb.append(']').toString();
    }

    private static String formatValues(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(value(values[i]));
        }
        return sb.append(']').toString();
    }

    private static String sample(long timestamp, double value) {
        return timestamp + ": " + value(value);
    }

    /** Like {@link Double#toString} but tells NaNs apart: the stale marker and unusual payloads are named. */
    static String value(double value) {
        if (!Double.isNaN(value)) {
            return Double.toString(value);
        }
        long bits = Double.doubleToRawLongBits(value);
        if (bits == StaleMarker.BITS) {
            return "StaleNaN";
        }
        if (bits == Double.doubleToRawLongBits(Double.NaN)) {
            return "NaN";
        }
        return "NaN(0x" + Long.toHexString(bits) + ")";
    }

    /** A series read into memory. */
    record Snapshot(Labels labels, long[] timestamps, double[] values) {
        static Snapshot read(Labels labels, SampleIterator iterator) {
            long[] timestamps = new long[16];
            double[] values = new double[16];
            int n = 0;
            ValueType type;
            while ((type = iterator.next()) != ValueType.NONE) {
                SeriesSetAssert.checkFloat(type, labels);
                if (n == timestamps.length) {
                    timestamps = Arrays.copyOf(timestamps, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                timestamps[n] = iterator.atT();
                values[n] = iterator.atValue();
                n++;
            }
            return new Snapshot(labels, Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n));
        }
    }
}
