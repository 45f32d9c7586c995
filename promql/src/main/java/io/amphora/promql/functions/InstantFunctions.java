package io.amphora.promql.functions;

/**
 * The float kernels of PromQL's instant-vector functions ({@code abs(v)}, {@code round(v, 5)}, {@code hour(v)}, …):
 * one input value in, one output value out, with the results Go's {@code math} and {@code time} packages give
 * Prometheus. Histogram samples never reach these methods (Prometheus skips them).
 *
 * <p>Where Java's library differs from Go's at the edges, Go wins: {@link #log2} is exact for powers of two as in
 * Go, {@link #log10} multiplies by Go's {@code 1/Ln10}, {@link #maxOf}/{@link #minOf} (and the clamps) let an
 * infinity beat NaN, and the date functions convert out-of-range values the way Go on amd64 does. Transcendental
 * functions use {@link StrictMath} (fdlibm): for finite arguments they can differ from Go's own algorithms in the
 * last bit, never in the special values (±0, ±Inf, NaN), which are pinned by the tests.
 */
public final class InstantFunctions {
    /** Go's {@code 1/Ln2} rounded to float64. */
    private static final double INV_LN2 = 1.4426950408889634;
    /** Go's {@code 1/Ln10} rounded to float64. */
    private static final double INV_LN10 = 0.4342944819032518;
    private static final double TWO_POW_M28 = 0x1p-28;
    private static final double TWO_POW_28 = 0x1p28;
    private static final double LN2 = 0.6931471805599453;

    /** Seconds from the Unix epoch to March 1 of year {@link #ABSOLUTE_YEAR_ZERO}, modulo 2^64 as in Go. */
    private static final long UNIX_TO_ABSOLUTE = 9_223_372_028_741_760_000L;
    /** Go's absolute epoch: March 1 of this (400-divisible) year; it was a Wednesday. */
    private static final long ABSOLUTE_YEAR_ZERO = -292_277_022_400L;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long DAYS_PER_400_YEARS = 146_097;
    private static final int WEDNESDAY = 3;

    private InstantFunctions() {}

    // ---------------------------------------------------------------------------------------------------------
    // Arithmetic and rounding

    /** {@code abs}. */
    public static double abs(double v) {
        return Math.abs(v);
    }

    /** {@code ceil}; keeps −0 and rounds −0.5 to −0. */
    public static double ceil(double v) {
        return Math.ceil(v);
    }

    /** {@code floor}. */
    public static double floor(double v) {
        return Math.floor(v);
    }

    /** {@code sqrt} (correctly rounded in both Go and Java). */
    public static double sqrt(double v) {
        return Math.sqrt(v);
    }

    /** {@code exp}. */
    public static double exp(double v) {
        return StrictMath.exp(v);
    }

    /** {@code ln}: NaN below 0, −Inf at ±0. */
    public static double ln(double v) {
        return StrictMath.log(v);
    }

    /**
     * {@code log2} as Go computes it: {@code v = frac·2^exp} with {@code frac} in [0.5, 1), exactly {@code exp − 1}
     * when {@code frac} is 0.5 (powers of two, exact), else {@code ln(frac)·(1/ln 2) + exp} — for 10 that is
     * {@code ln(0.625)·(1/ln 2) + 4}, not {@code ln(10)/ln(2)}.
     */
    public static double log2(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return StrictMath.log(v) * INV_LN2;
        }
        int exp = frexpExponent(v);
        double frac = Math.scalb(v, -exp);
        if (frac == 0.5) {
            return exp - 1;
        }
        return StrictMath.log(frac) * INV_LN2 + exp;
    }

    /** {@code log10} as Go computes it, {@code ln(v)·(1/ln 10)} (so {@code log10(10)} is exactly 1). */
    public static double log10(double v) {
        return StrictMath.log(v) * INV_LN10;
    }

    /**
     * {@code round(v, toNearest)}: rounds to the nearest multiple of {@code toNearest}, ties up (towards +Inf):
     * {@code floor(v·(1/toNearest) + 0.5) / (1/toNearest)}. {@code round(-0)} is +0 and {@code round(-2.5)} is −2,
     * unlike Java's {@link Math#round} and Go's {@code math.Round}.
     */
    public static double round(double v, double toNearest) {
        double inverse = 1.0 / toNearest;
        return Math.floor(v * inverse + 0.5) / inverse;
    }

    /** {@code round(v)}: {@link #round(double, double)} to the nearest integer. */
    public static double round(double v) {
        return round(v, 1);
    }

    /** {@code sgn}: −1, 1, or the value itself for ±0 and NaN. */
    public static double sgn(double v) {
        if (v < 0) {
            return -1;
        }
        if (v > 0) {
            return 1;
        }
        return v;
    }

    /**
     * {@code clamp(v, min, max)}: {@code maxOf(min, minOf(max, v))}. Precondition: not {@link #clampIsEmpty} (then
     * Prometheus returns an empty vector). With a NaN bound the result is NaN, except that an infinite value
     * stays infinite where Go's {@code math.Max}/{@code math.Min} let the infinity win.
     */
    public static double clamp(double v, double min, double max) {
        return maxOf(min, minOf(max, v));
    }

    /** Whether {@code clamp(v, min, max)} returns nothing at all: {@code max < min} (false when either is NaN). */
    public static boolean clampIsEmpty(double min, double max) {
        return max < min;
    }

    /** {@code clamp_min(v, min)}: {@code clamp(v, min, +Inf)}. */
    public static double clampMin(double v, double min) {
        return clamp(v, min, Double.POSITIVE_INFINITY);
    }

    /** {@code clamp_max(v, max)}: {@code clamp(v, -Inf, max)}. */
    public static double clampMax(double v, double max) {
        return clamp(v, Double.NEGATIVE_INFINITY, max);
    }

    /**
     * {@code max_of(a, b)}, Go's {@code math.Max}: +Inf if either is +Inf (even against NaN), else NaN if either is
     * NaN, else the larger, with +0 larger than −0.
     */
    public static double maxOf(double a, double b) {
        if (a == Double.POSITIVE_INFINITY || b == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(a, b);
    }

    /** {@code min_of(a, b)}, Go's {@code math.Min}: −Inf if either is −Inf, else NaN if either is NaN, else the smaller. */
    public static double minOf(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY || b == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.min(a, b);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Trigonometry

    /** {@code sin}. */
    public static double sin(double v) {
        return StrictMath.sin(v);
    }

    /** {@code cos}. */
    public static double cos(double v) {
        return StrictMath.cos(v);
    }

    /** {@code tan}. */
    public static double tan(double v) {
        return StrictMath.tan(v);
    }

    /** {@code asin}: NaN outside [−1, 1]. */
    public static double asin(double v) {
        return StrictMath.asin(v);
    }

    /** {@code acos}: NaN outside [−1, 1]. */
    public static double acos(double v) {
        return StrictMath.acos(v);
    }

    /** {@code atan}. */
    public static double atan(double v) {
        return StrictMath.atan(v);
    }

    /** {@code sinh}. */
    public static double sinh(double v) {
        return StrictMath.sinh(v);
    }

    /** {@code cosh}. */
    public static double cosh(double v) {
        return StrictMath.cosh(v);
    }

    /** {@code tanh}. */
    public static double tanh(double v) {
        return StrictMath.tanh(v);
    }

    /** {@code asinh}: odd, exact for ±0, ±Inf for ±Inf. */
    public static double asinh(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double a = Math.abs(v);
        double r;
        if (a < TWO_POW_M28) {
            return v;
        } else if (a > TWO_POW_28) {
            r = StrictMath.log(a) + LN2;
        } else if (a > 2) {
            // ln(2a + 1/(√(a²+1) + a)) avoids cancellation in ln(a + √(a²+1)).
            r = StrictMath.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else {
            // ln(1 + a + a²/(1 + √(1+a²))), the same quantity written for small a.
            double a2 = a * a;
            r = StrictMath.log1p(a + a2 / (1 + Math.sqrt(1 + a2)));
        }
        return v < 0 ? -r : r;
    }

    /** {@code acosh}: NaN below 1, 0 at 1, +Inf at +Inf. */
    public static double acosh(double v) {
        if (v < 1 || Double.isNaN(v)) {
            return Double.NaN;
        }
        if (v == 1) {
            return 0;
        }
        if (v >= TWO_POW_28) {
            return Double.isInfinite(v) ? v : StrictMath.log(v) + LN2;
        }
        if (v > 2) {
            return StrictMath.log(2 * v - 1 / (v + Math.sqrt(v * v - 1)));
        }
        double t = v - 1;
        return StrictMath.log1p(t + Math.sqrt(2 * t + t * t));
    }

    /** {@code atanh}: NaN outside [−1, 1], ±Inf at ±1, odd. */
    public static double atanh(double v) {
        if (Double.isNaN(v) || v < -1 || v > 1) {
            return Double.NaN;
        }
        if (v == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (v == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        double a = Math.abs(v);
        if (a < TWO_POW_M28) {
            return v;
        }
        double r;
        if (a < 0.5) {
            // ½·ln((1+a)/(1−a)) = ½·log1p(2a + 2a²/(1−a)).
            double twoA = a + a;
            r = 0.5 * StrictMath.log1p(twoA + twoA * a / (1 - a));
        } else {
            r = 0.5 * StrictMath.log1p((a + a) / (1 - a));
        }
        return v < 0 ? -r : r;
    }

    /** {@code rad}: {@code v·π/180}, multiplied first as Prometheus does. */
    public static double rad(double v) {
        return v * Math.PI / 180;
    }

    /** {@code deg}: {@code v·180/π}, multiplied first as Prometheus does. */
    public static double deg(double v) {
        return v * 180 / Math.PI;
    }

    /** {@code pi()}. */
    public static double pi() {
        return Math.PI;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dates (UTC), from a sample value in seconds since the epoch

    /**
     * The argument of the date functions when they are called without one ({@code hour()}): Prometheus's
     * evaluation time in whole seconds, {@code enh.Ts / 1000} truncated toward zero.
     */
    public static double evaluationTimeSeconds(long evalTimestampMillis) {
        return (double) (evalTimestampMillis / 1000);
    }

    /** {@code minute(v)}: 0–59 of the UTC time {@code v} seconds after the epoch (fraction truncated). */
    public static double minute(double seconds) {
        return (int) (secondOfDay(seconds) % 3600 / 60);
    }

    /** {@code hour(v)}: 0–23. */
    public static double hour(double seconds) {
        return (int) (secondOfDay(seconds) / 3600);
    }

    /** {@code day_of_week(v)}: 0 (Sunday) – 6 (Saturday). */
    public static double dayOfWeek(double seconds) {
        return (int) ((absoluteDays(seconds) + WEDNESDAY) % 7);
    }

    /** {@code day_of_month(v)}: 1–31. */
    public static double dayOfMonth(double seconds) {
        long doy = marchDayOfYear(absoluteDays(seconds));
        long mp = (5 * doy + 2) / 153;
        return doy - (153 * mp + 2) / 5 + 1;
    }

    /** {@code day_of_year(v)}: 1–365, or 366 in leap years. */
    public static double dayOfYear(double seconds) {
        long days = absoluteDays(seconds);
        long doy = marchDayOfYear(days);
        if (doy >= 306) {
            return doy - 306 + 1;
        }
        long year = year(days, doy);
        return doy + 59 + (isLeap(year) ? 1 : 0) + 1;
    }

    /** {@code days_in_month(v)}: 28–31. */
    public static double daysInMonth(double seconds) {
        long days = absoluteDays(seconds);
        long doy = marchDayOfYear(days);
        int month = month(doy);
        return switch (month) {
            case 2 -> isLeap(year(days, doy)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** {@code month(v)}: 1–12. */
    public static double month(double seconds) {
        return month(marchDayOfYear(absoluteDays(seconds)));
    }

    /** {@code year(v)}: the proleptic Gregorian year. */
    public static double year(double seconds) {
        long days = absoluteDays(seconds);
        return year(days, marchDayOfYear(days));
    }

    /**
     * Go's {@code int64(f)} on amd64: truncation toward zero, and {@code Long.MIN_VALUE} for NaN and for values
     * outside the {@code long} range (where Java would give 0 or saturate).
     */
    public static long goFloatToInt64(double f) {
        if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) f;
    }

    /**
     * Seconds since Go's absolute epoch, as an unsigned number: Unix seconds shifted with wrap-around, exactly as
     * Go's {@code time} package does, so that values beyond Go's representable range land on the same dates.
     */
    private static long absoluteSeconds(double seconds) {
        return goFloatToInt64(seconds) + UNIX_TO_ABSOLUTE;
    }

    private static long secondOfDay(double seconds) {
        return Long.remainderUnsigned(absoluteSeconds(seconds), SECONDS_PER_DAY);
    }

    private static long absoluteDays(double seconds) {
        return Long.divideUnsigned(absoluteSeconds(seconds), SECONDS_PER_DAY);
    }

    /** Day within the March-based year (0 = March 1, 305 = Dec 31, 306 = Jan 1) of an absolute day. */
    private static long marchDayOfYear(long days) {
        long doe = days % DAYS_PER_400_YEARS;
        long yoe = yearOfEra(doe);
        return doe - (365 * yoe + yoe / 4 - yoe / 100);
    }

    /** The March-based year within a 400-year era (0–399) of a day of the era. */
    private static long yearOfEra(long doe) {
        return (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    }

    private static int month(long marchDayOfYear) {
        long mp = (5 * marchDayOfYear + 2) / 153;
        return (int) (mp < 10 ? mp + 3 : mp - 9);
    }

    private static long year(long days, long marchDayOfYear) {
        long era = days / DAYS_PER_400_YEARS;
        long yoe = yearOfEra(days % DAYS_PER_400_YEARS);
        return ABSOLUTE_YEAR_ZERO + era * 400 + yoe + (marchDayOfYear >= 306 ? 1 : 0);
    }

    private static boolean isLeap(long year) {
        return Math.floorMod(year, 4) == 0 && (Math.floorMod(year, 100) != 0 || Math.floorMod(year, 400) == 0);
    }

    /** The binary exponent {@code e} with {@code |v| = frac·2^e}, {@code frac} in [0.5, 1); v finite and non-zero. */
    static int frexpExponent(double v) {
        int e = Math.getExponent(v);
        if (e == Double.MIN_EXPONENT - 1) {
            // Subnormal: normalise first.
            return Math.getExponent(v * 0x1p54) - 54 + 1;
        }
        return e + 1;
    }
}
