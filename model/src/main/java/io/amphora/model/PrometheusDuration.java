package io.amphora.model;

import java.time.Duration;

/**
 * Durations as Prometheus writes them: one or more {@code <integer><unit>} terms with units {@code y w d h m s ms},
 * largest first, e.g. {@code 90s}, {@code 1h30m}, {@code 0}. A year is 365 days.
 */
public final class PrometheusDuration {
    private PrometheusDuration() {}

    /** @throws IllegalArgumentException for anything else, with the input in the message */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long totalMillis = 0;
        int i = 0;
        int lastRank = Integer.MAX_VALUE;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
            }
            long amount;
            try {
                amount = Long.parseLong(text, start, i, 10);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
            }
            int unitStart = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            String unit = text.substring(unitStart, i);
            long unitMillis;
            int rank;
            switch (unit) {
                case "y" -> { unitMillis = 365L * 86_400_000L; rank = 7; }
                case "w" -> { unitMillis = 7L * 86_400_000L; rank = 6; }
                case "d" -> { unitMillis = 86_400_000L; rank = 5; }
                case "h" -> { unitMillis = 3_600_000L; rank = 4; }
                case "m" -> { unitMillis = 60_000L; rank = 3; }
                case "s" -> { unitMillis = 1_000L; rank = 2; }
                case "ms" -> { unitMillis = 1L; rank = 1; }
                default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            }
            if (rank >= lastRank) {
                throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
            }
            lastRank = rank;
            try {
                totalMillis = Math.addExact(totalMillis, Math.multiplyExact(amount, unitMillis));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration out of range: \"" + text + "\"");
            }
        }
        return Duration.ofMillis(totalMillis);
    }

    /** The shortest Prometheus notation of a whole number of milliseconds, e.g. {@code 1h30m}, {@code 0s}. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        long[] units = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }
}
