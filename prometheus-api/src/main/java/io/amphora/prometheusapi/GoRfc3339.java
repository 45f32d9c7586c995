package io.amphora.prometheusapi;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * Go's {@code time.Parse(time.RFC3339Nano, s)}, which accepts somewhat more than RFC 3339: a one-digit hour
 * ({@code T7:00:00Z}), a comma before the fraction, any number of fraction digits (the first nine count), and zone
 * offsets up to {@code ±24:60}. Years have exactly four digits; a zone ({@code Z} or {@code ±hh:mm}) is required.
 */
final class GoRfc3339 {
    private GoRfc3339() {}

    static Optional<ApiTime> parse(String s) {
        Cursor c = new Cursor(s);
        if (!c.hasDigitAt(0) || s.length() < 4) {
            return Optional.empty();
        }
        int year = c.fixedDigits(4);
        if (year < 0 || !c.skip('-')) {
            return Optional.empty();
        }
        int month = c.number(true);
        if (month < 1 || month > 12 || !c.skip('-')) {
            return Optional.empty();
        }
        int day = c.number(true);
        if (day < 0 || !c.skip('T')) {
            return Optional.empty();
        }
        int hour = c.number(false);
        if (hour < 0 || hour >= 24 || !c.skip(':')) {
            return Optional.empty();
        }
        int minute = c.number(true);
        if (minute < 0 || minute >= 60 || !c.skip(':')) {
            return Optional.empty();
        }
        int second = c.number(true);
        if (second < 0 || second >= 60) {
            return Optional.empty();
        }
        int nanos = 0;
        if (c.remaining() >= 2 && (c.peek() == '.' || c.peek() == ',') && c.hasDigitAt(1)) {
            c.advance(1);
            int digits = 0;
            long value = 0;
            while (c.hasDigitAt(0)) {
                if (digits < 9) {
                    value = value * 10 + (c.peek() - '0');
                    digits++;
                }
                c.advance(1);
            }
            for (int i = digits; i < 9; i++) {
                value *= 10;
            }
            nanos = (int) value;
        }
        int offsetSeconds;
        if (c.remaining() >= 1 && c.peek() == 'Z') {
            c.advance(1);
            offsetSeconds = 0;
        } else {
            if (c.remaining() < 6 || c.charAt(3) != ':') {
                return Optional.empty();
            }
            char sign = c.peek();
            c.advance(1);
            int offsetHours = c.number(true);
            c.advance(1);
            int offsetMinutes = c.number(true);
            if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 24 || offsetMinutes > 60) {
                return Optional.empty();
            }
            offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60;
            if (sign == '-') {
                offsetSeconds = -offsetSeconds;
            } else if (sign != '+') {
                return Optional.empty();
            }
        }
        if (c.remaining() != 0) {
            return Optional.empty();
        }
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return Optional.empty();
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
        return Optional.of(new ApiTime(seconds, nanos));
    }

    /** {@link ApiTime#MIN} and {@link ApiTime#MAX} as Prometheus formats them, the only longer years it accepts. */
    static final String MIN_TIME_TEXT = ApiTime.MIN.toString();
    static final String MAX_TIME_TEXT = ApiTime.MAX.toString();

    private static final class Cursor {
        private final String s;
        private int position;

        Cursor(String s) {
            this.s = s;
        }

        int remaining() {
            return s.length() - position;
        }

        char peek() {
            return s.charAt(position);
        }

        char charAt(int offset) {
            return s.charAt(position + offset);
        }

        void advance(int n) {
            position += n;
        }

        boolean hasDigitAt(int offset) {
            int index = position + offset;
            return index < s.length() && GoStrconv.isDigit(s.charAt(index));
        }

        boolean skip(char expected) {
            if (position < s.length() && s.charAt(position) == expected) {
                position++;
                return true;
            }
            return false;
        }

        /** Exactly {@code n} digits, or -1. */
        int fixedDigits(int n) {
            if (remaining() < n) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < n; i++) {
                if (!hasDigitAt(i)) {
                    return -1;
                }
                value = value * 10 + (charAt(i) - '0');
            }
            position += n;
            return value;
        }

        /** Go's {@code getnum}: two digits, or one when not {@code fixed} and no second digit follows; else -1. */
        int number(boolean fixed) {
            if (!hasDigitAt(0)) {
                return -1;
            }
            if (!hasDigitAt(1)) {
                if (fixed) {
                    return -1;
                }
                return s.charAt(position++) - '0';
            }
            int value = (charAt(0) - '0') * 10 + (charAt(1) - '0');
            position += 2;
            return value;
        }
    }
}
