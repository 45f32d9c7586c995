package io.amphora.prometheusapi;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A point in time as Prometheus's HTTP API holds a parsed {@code time}, {@code start} or {@code end} parameter (a
 * Go {@code time.Time}): whole Unix seconds and nanoseconds, with Go's arithmetic so that comparisons and the
 * conversions to milliseconds come out as Prometheus's do, including at its {@link #MIN}/{@link #MAX} sentinels
 * and for absurd inputs whose Go arithmetic wraps around.
 *
 * @param unixSeconds seconds since 1970-01-01T00:00:00Z, any long
 * @param nanos nanoseconds within the second, {@code 0 <= nanos < 1e9}
 */
public record ApiTime(long unixSeconds, int nanos) implements Comparable<ApiTime> {
    /** Seconds from Go's internal epoch (year 1) to the Unix epoch. */
    private static final long UNIX_TO_INTERNAL = 62_135_596_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int NANOS_PER_SECOND_INT = 1_000_000_000;

    /**
     * Prometheus's {@code MinTime}, the default start of optional ranges ({@code /series}, {@code /labels}, ...):
     * {@code -292273086-05-16T16:47:06Z}, {@link #toMillis()} {@code -9223309901257974000}.
     */
    public static final ApiTime MIN = new ApiTime(Long.MIN_VALUE / 1000 + 62_135_596_801L, 0);
    /**
     * Prometheus's {@code MaxTime}, the default end of optional ranges: {@code 292277025-08-18T07:12:54.999999999Z},
     * {@link #toMillis()} {@code 9223309901257974999}.
     */
    public static final ApiTime MAX = new ApiTime(Long.MAX_VALUE / 1000 - 62_135_596_801L, 999_999_999);

    public ApiTime {
        if (nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
    }

    /** Go's {@code time.Unix(seconds, nanos)}: nanoseconds outside {@code [0, 1e9)} carry into the seconds. */
    public static ApiTime unix(long seconds, long nanos) {
        long sec = seconds;
        long nsec = nanos;
        if (nsec < 0 || nsec >= NANOS_PER_SECOND) {
            long carry = nsec / NANOS_PER_SECOND;
            sec += carry;
            nsec -= carry * NANOS_PER_SECOND;
            if (nsec < 0) {
                nsec += NANOS_PER_SECOND;
                sec--;
            }
        }
        return new ApiTime(sec, (int) nsec);
    }

    public static ApiTime of(Instant instant) {
        return new ApiTime(instant.getEpochSecond(), instant.getNano());
    }

    /** Unix milliseconds as Prometheus's {@code timestamp.FromTime} computes them (series, labels, exemplars). */
    public long toMillis() {
        return unixSeconds * 1000 + nanos / 1_000_000;
    }

    /**
     * Unix milliseconds as Prometheus's query engine computes them ({@code t.UnixNano() / 1e6}): truncated toward
     * zero, and, as in Prometheus, wrapped around for times outside the years 1678 to 2262 that nanoseconds cannot
     * count.
     */
    public long engineMillis() {
        return (unixSeconds * NANOS_PER_SECOND + nanos) / 1_000_000;
    }

    /** Go's {@code t.Before(u)}. */
    public boolean isBefore(ApiTime other) {
        return compareTo(other) < 0;
    }

    /**
     * Go's {@code t.Sub(u)} ({@code this - earlier}) in nanoseconds, saturated at the range of a Go
     * {@code time.Duration} like Go does.
     */
    public long nanosSince(ApiTime earlier) {
        long d = (internalSeconds() - earlier.internalSeconds()) * NANOS_PER_SECOND + (nanos - earlier.nanos);
        if (earlier.plusNanos(d).equals(this)) {
            return d;
        }
        return isBefore(earlier) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /** Go's {@code t.Add(d)}: the seconds saturate instead of overflowing. */
    private ApiTime plusNanos(long d) {
        long dsec = d / NANOS_PER_SECOND;
        long nsec = nanos + d % NANOS_PER_SECOND;
        if (nsec >= NANOS_PER_SECOND) {
            dsec++;
            nsec -= NANOS_PER_SECOND;
        } else if (nsec < 0) {
            dsec--;
            nsec += NANOS_PER_SECOND;
        }
        long internal = internalSeconds();
        long sum = internal + dsec;
        if ((sum > internal) != (dsec > 0)) {
            sum = dsec > 0 ? Long.MAX_VALUE : -Long.MAX_VALUE;
        }
        return new ApiTime(sum - UNIX_TO_INTERNAL, (int) nsec);
    }

    /** The same instant as a Java {@link Instant}; fails for times outside Java's range (years ±1e9). */
    public Instant toInstant() {
        return Instant.ofEpochSecond(unixSeconds, nanos);
    }

    /** {@code this} plus {@code duration}, saturating like Go's {@code Time.Add}. */
    public ApiTime plus(Duration duration) {
        long d;
        try {
            d = duration.toNanos();
        } catch (ArithmeticException e) {
            d = duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return plusNanos(d);
    }

    /** Go orders times by its internal seconds (year 1 based), which is what {@link #isBefore} compares. */
    @Override
    public int compareTo(ApiTime other) {
        int bySeconds = Long.compare(internalSeconds(), other.internalSeconds());
        return bySeconds != 0 ? bySeconds : Integer.compare(nanos, other.nanos);
    }

    private long internalSeconds() {
        return unixSeconds + UNIX_TO_INTERNAL;
    }

    /**
     * RFC 3339 with nanoseconds as Go's {@code time.RFC3339Nano} prints a UTC time: trailing zeros of the fraction
     * dropped, years beyond four digits as they are ({@code -292273086-05-16T16:47:06Z}).
     */
    @Override
    public String toString() {
        LocalDateTime t;
        try {
            t = LocalDateTime.ofEpochSecond(unixSeconds, nanos, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return "ApiTime[unixSeconds=" + unixSeconds + ", nanos=" + nanos + "]";
        }
        StringBuilder sb = new StringBuilder();
        int year = t.getYear();
        if (year < 0) {
            sb.append('-');
        }
        String digits = Integer.toString(Math.abs(year));
        sb.append("0".repeat(Math.max(0, 4 - digits.length()))).append(digits);
        sb.append('-').append(twoDigits(t.getMonthValue())).append('-').append(twoDigits(t.getDayOfMonth()));
        sb.append('T').append(twoDigits(t.getHour())).append(':').append(twoDigits(t.getMinute()))
                .append(':').append(twoDigits(t.getSecond()));
        if (nanos != 0) {
            String fraction = Integer.toString(NANOS_PER_SECOND_INT + nanos).substring(1);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }
}
