package io.amphora.promql.ast;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number and duration formatting exactly as Prometheus's Go code prints them. */
public final class GoFormat {
    private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;
    private static final long[] UNIT_MILLIS = {365 * MILLIS_PER_DAY, 7 * MILLIS_PER_DAY, MILLIS_PER_DAY, 3_600_000L,
            60_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private GoFormat() {}

    /**
     * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that reads back as {@code v}, never in
     * exponent form ({@code 1e+100} prints all its digits); {@code +Inf}, {@code -Inf}, {@code NaN}, {@code -0}.
     */
    public static String formatShortest(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /**
     * Go's {@code %v} for a float ({@code %g} with the shortest precision): the shortest digits, in exponent form
     * ({@code 1e+06}, {@code 1.5e-05}) when the decimal exponent is below -4 or at least 6; {@code +Inf}, {@code NaN}.
     */
    public static String formatGeneral(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = Integer.toString(Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
        }
        return sign + shortest.abs().toPlainString();
    }

    /** Go's {@code %.Nf}: the exact binary value rounded half-to-even to {@code decimals} places; {@code +Inf}, {@code NaN}. */
    public static String formatFixed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return v < 0 || (v == 0 && 1 / v < 0) ? (s.startsWith("-") ? s : "-" + s) : s;
    }

    /**
     * Prometheus's {@code model.Duration} notation of a number of milliseconds: {@code 1h30m}, {@code 90d} (years and
     * weeks only when they divide exactly), {@code 0s}, {@code -5m}.
     */
    public static String formatDuration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long unit = UNIT_MILLIS[i];
            boolean exactOnly = i < 2;
            if (exactOnly && ms % unit != 0) {
                continue;
            }
            long count = ms / unit;
            if (count > 0) {
                sb.append(count).append(UNIT_NAMES[i]);
                ms -= count * unit;
            }
        }
        return sb.toString();
    }

    /** Go's {@code math.Round}: half away from zero, exact for every double. */
    public static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double magnitude = Math.abs(v);
        double whole = Math.floor(magnitude);
        if (magnitude - whole >= 0.5) {
            whole += 1;
        }
        return Math.copySign(whole, v);
    }

    /**
     * Milliseconds of a number of seconds the way Prometheus turns a duration literal into time: rounded to whole
     * nanoseconds, then truncated toward zero to milliseconds. Saturates outside the {@code long} range.
     */
    public static long secondsToMillis(double seconds) {
        long nanos = (long) round(seconds * 1e9);
        return nanos / 1_000_000;
    }
}
