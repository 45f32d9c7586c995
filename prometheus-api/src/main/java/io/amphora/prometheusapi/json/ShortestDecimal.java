package io.amphora.prometheusapi.json;

import java.math.BigDecimal;

/**
 * The shortest decimal that reads back as a given double, chosen as Go's {@code strconv} chooses it (Ryū: fewest
 * significant digits, then the one closest to the exact binary value). A reusable scratch holder: {@link #set}
 * overwrites the previous value. Not thread-safe.
 *
 * <p>Java's {@link Double#toString(double)} (JDK 19 and later) already picks the shortest closest digits, with one
 * documented exception: when a single digit would do, it may prefer a closer two-digit decimal ({@code 4.9E-324}
 * where Go writes {@code 5e-324}). {@link #set} corrects exactly that case.
 */
final class ShortestDecimal {
    /** Significant digits as ASCII, no leading or trailing zeros; at most 17. */
    final byte[] digits = new byte[24];
    /** How many of {@link #digits} are set. */
    int count;
    /** Where the decimal point goes: the value is {@code 0.d1d2... × 10^point}. */
    int point;

    /** Sets the digits of {@code abs}, which must be finite and greater than zero. */
    void set(double abs) {
        String text = Double.toString(abs);
        int length = text.length();
        int exponentAt = text.indexOf('E');
        int mantissaEnd = exponentAt < 0 ? length : exponentAt;
        int exponent = exponentAt < 0 ? 0 : Integer.parseInt(text, exponentAt + 1, length, 10);
        count = 0;
        int integerDigits = 0;
        boolean afterDot = false;
        for (int i = 0; i < mantissaEnd; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                afterDot = true;
                continue;
            }
            if (!afterDot) {
                integerDigits++;
            }
            digits[count++] = (byte) c;
        }
        point = integerDigits + exponent;
        int leading = 0;
        while (leading < count - 1 && digits[leading] == '0') {
            leading++;
        }
        if (leading > 0) {
            System.arraycopy(digits, leading, digits, 0, count - leading);
            count -= leading;
            point -= leading;
        }
        while (count > 1 && digits[count - 1] == '0') {
            count--;
        }
        if (count == 2) {
            preferSingleDigit(abs);
        }
    }

    /**
     * Java chose two digits; Go keeps one whenever a one-digit decimal rounds to the same double. The candidates
     * are the first digit rounded down and rounded up at the same magnitude.
     */
    private void preferSingleDigit(double abs) {
        int first = digits[0] - '0';
        int exponent = point - 1;
        double down = Double.parseDouble(first + "E" + exponent);
        int upDigit = first + 1;
        int upExponent = exponent;
        if (upDigit == 10) {
            upDigit = 1;
            upExponent++;
        }
        double up = Double.parseDouble(upDigit + "E" + upExponent);
        boolean downFits = down == abs;
        boolean upFits = up == abs;
        if (!downFits && !upFits) {
            return;
        }
        boolean useUp;
        if (downFits && upFits) {
            BigDecimal exact = new BigDecimal(abs);
            BigDecimal downDistance = exact.subtract(new BigDecimal(first).scaleByPowerOfTen(exponent)).abs();
            BigDecimal upDistance = new BigDecimal(upDigit).scaleByPowerOfTen(upExponent).subtract(exact).abs();
            int comparison = upDistance.compareTo(downDistance);
            useUp = comparison < 0 || (comparison == 0 && upDigit % 2 == 0);
        } else {
            useUp = upFits;
        }
        count = 1;
        if (useUp) {
            digits[0] = (byte) ('0' + upDigit);
            point = upExponent + 1;
        } else {
            digits[0] = (byte) ('0' + first);
        }
    }
}
