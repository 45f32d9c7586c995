package io.amphora.prometheusapi;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

import io.amphora.promql.ast.GoFormat;
import io.amphora.promql.ast.GoStrings;

/**
 * The value syntaxes of Prometheus's HTTP API parameters, parsed exactly as Prometheus 3 parses them. Each method
 * throws {@link IllegalArgumentException} with Prometheus's text for the failure (the cause part of an
 * {@code invalid parameter "x": <cause>} message).
 */
public final class ApiParameters {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ApiParameters() {}

    /**
     * A time: Unix seconds with an optional fraction (rounded to milliseconds, in float arithmetic as Prometheus does
     * it), RFC 3339 with an optional fraction and a zone ({@code Z} or an offset), or one of Prometheus's
     * {@link ApiTime#MIN}/{@link ApiTime#MAX} sentinels in their RFC 3339 form.
     *
     * @throws IllegalArgumentException {@code cannot parse "<s>" to a valid timestamp}
     */
    public static ApiTime parseTime(String s) {
        OptionalDouble number = GoStrconv.parseFloat(s);
        if (number.isPresent()) {
            double t = number.getAsDouble();
            double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
            double fraction = Double.isInfinite(t) ? Double.NaN : t - whole;
            fraction = GoFormat.round(fraction * 1000) / 1000;
            return ApiTime.unix(GoStrconv.floatToInt64(whole), GoStrconv.floatToInt64(fraction * NANOS_PER_SECOND));
        }
        Optional<ApiTime> rfc3339 = GoRfc3339.parse(s);
        if (rfc3339.isPresent()) {
            return rfc3339.get();
        }
        if (s.equals(GoRfc3339.MIN_TIME_TEXT)) {
            return ApiTime.MIN;
        }
        if (s.equals(GoRfc3339.MAX_TIME_TEXT)) {
            return ApiTime.MAX;
        }
        throw new IllegalArgumentException("cannot parse " + GoStrings.quote(s) + " to a valid timestamp");
    }

    /**
     * A duration: float seconds ({@code 15}, {@code 0.5}, {@code -1}, which may be negative) or Prometheus duration
     * notation ({@code 5m}, {@code 1h30m}, {@code 1y}), at nanosecond resolution. Float seconds are truncated to whole
     * nanoseconds as Go converts them ({@code NaN} ends up as the most negative duration).
     *
     * @throws IllegalArgumentException {@code cannot parse "<s>" to a valid duration} or
     *     {@code cannot parse "<s>" to a valid duration. It overflows int64}
     */
    public static Duration parseDuration(String s) {
        OptionalDouble number = GoStrconv.parseFloat(s);
        if (number.isPresent()) {
            double nanos = number.getAsDouble() * NANOS_PER_SECOND;
            if (nanos > 0x1p63 || nanos < -0x1p63) {
                throw new IllegalArgumentException(
                        "cannot parse " + GoStrings.quote(s) + " to a valid duration. It overflows int64");
            }
            return Duration.ofNanos(GoStrconv.floatToInt64(nanos));
        }
        long nanos = parsePrometheusDuration(s);
        if (nanos >= 0) {
            return Duration.ofNanos(nanos);
        }
        throw new IllegalArgumentException("cannot parse " + GoStrings.quote(s) + " to a valid duration");
    }

    /**
     * The {@code limit} of the query, series and label endpoints: empty means 0 (no limit).
     *
     * @throws IllegalArgumentException Go's {@code strconv.Atoi} error, or {@code limit must be non-negative}
     */
    public static long parseLimit(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        long limit;
        try {
            limit = GoStrconv.atoi(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be non-negative");
        }
        return limit;
    }

    /**
     * The label name in {@code /api/v1/label/<name>/values}: a name starting with {@code U__} is decoded from
     * Prometheus's value-encoding escape ({@code U__} then {@code _} for {@code _} doubled, {@code _<hex>_} for any
     * code point, e.g. {@code U__http_2e_method} for {@code http.method}); a malformed escape leaves the name as it
     * is. Any non-empty valid UTF-8 name is then accepted, as Prometheus 3 validates UTF-8 names.
     *
     * @throws IllegalArgumentException {@code invalid label name: "<name>"}
     */
    public static String parseLabelName(String pathSegment) {
        String name = pathSegment.startsWith("U__") ? unescapeValueEncoding(pathSegment) : pathSegment;
        if (name.isEmpty() || !GoStrings.isValidUtf8(name)) {
            throw new IllegalArgumentException("invalid label name: " + GoStrings.quote(name));
        }
        return name;
    }

    /** Prometheus's {@code model.UnescapeName(name, ValueEncodingEscaping)} for a name starting with {@code U__}. */
    static String unescapeValueEncoding(String name) {
        String escaped = name.substring(3);
        StringBuilder out = new StringBuilder(escaped.length());
        int length = escaped.length();
        for (int i = 0; i < length; i++) {
            char c = escaped.charAt(i);
            if (c != '_') {
                out.append(c);
                continue;
            }
            i++;
            if (i >= length) {
                return name;
            }
            if (escaped.charAt(i) == '_') {
                out.append('_');
                continue;
            }
            int codePoint = 0;
            boolean closed = false;
            for (int digits = 0; i < length; digits++) {
                if (digits >= 6) {
                    return name;
                }
                char d = escaped.charAt(i);
                if (d == '_') {
                    closed = true;
                    break;
                }
                // Go lower-cases with c | 0x20, which also turns the control bytes 0x10..0x19 into digits.
                int lowered = d < 0x80 ? d | 0x20 : -1;
                int value;
                if (lowered >= '0' && lowered <= '9') {
                    value = lowered - '0';
                } else if (lowered >= 'a' && lowered <= 'f') {
                    value = lowered - 'a' + 10;
                } else {
                    return name;
                }
                codePoint = codePoint * 16 + value;
                i++;
            }
            if (!closed) {
                return name;
            }
            if (codePoint > Character.MAX_CODE_POINT
                    || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                return name;
            }
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    /**
     * Prometheus's {@code model.ParseDuration} in nanoseconds: {@code 0}, or {@code <digits><unit>} terms with
     * units {@code y w d h m s ms} from largest to smallest, each at most once, the total within a Go duration
     * (about 292 years). Returns -1 for anything else.
     */
    static long parsePrometheusDuration(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            return -1;
        }
        long total = 0;
        int lastRank = 0;
        int i = 0;
        int length = s.length();
        while (i < length) {
            if (!GoStrconv.isDigit(s.charAt(i))) {
                return -1;
            }
            int start = i;
            while (i < length && GoStrconv.isDigit(s.charAt(i))) {
                i++;
            }
            long amount;
            try {
                amount = Long.parseUnsignedLong(s, start, i, 10);
            } catch (NumberFormatException e) {
                return -1;
            }
            int unitStart = i;
            while (i < length && !GoStrconv.isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                return -1;
            }
            String unit = s.substring(unitStart, i);
            int rank;
            long unitNanos;
            switch (unit) {
                case "y" -> { rank = 1; unitNanos = 365 * 24 * 3_600 * NANOS_PER_SECOND; }
                case "w" -> { rank = 2; unitNanos = 7 * 24 * 3_600 * NANOS_PER_SECOND; }
                case "d" -> { rank = 3; unitNanos = 24 * 3_600 * NANOS_PER_SECOND; }
                case "h" -> { rank = 4; unitNanos = 3_600 * NANOS_PER_SECOND; }
                case "m" -> { rank = 5; unitNanos = 60 * NANOS_PER_SECOND; }
                case "s" -> { rank = 6; unitNanos = NANOS_PER_SECOND; }
                case "ms" -> { rank = 7; unitNanos = NANOS_PER_MILLI; }
                default -> {
                    return -1;
                }
            }
            if (rank <= lastRank) {
                return -1;
            }
            lastRank = rank;
            // Go checks v > 2^63 / unit in unsigned arithmetic, then that the running total stays below 2^63.
            if (Long.compareUnsigned(amount, Long.divideUnsigned(Long.MIN_VALUE, unitNanos)) > 0) {
                return -1;
            }
            total += amount * unitNanos;
            if (total < 0) {
                return -1;
            }
        }
        return total;
    }
}
