package io.amphora.distributor.remotewrite;

import io.amphora.model.Labels;

import java.util.Arrays;

/**
 * Renders raw label pairs and strings the way Prometheus and Cortex print them in error messages, so that Amphora's
 * messages read (and can be searched for) like theirs. Quoting follows Go's {@code strconv.Quote}: {@code \a \b \f
 * \n \r \t \v \\ \"} escapes, {@code \xHH} for other ASCII control characters, {@code \\uHHHH}/{@code \UHHHHHHHH}
 * for other non-printable code points, everything printable kept as is.
 */
public final class LabelText {
    /** Go's {@code %.200q}: the precision Cortex uses for every label, value and series in its messages. */
    public static final int CORTEX_PRECISION = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LabelText() {}

    /** {@code s} in double quotes, escaped like Go's {@code %q}. */
    public static String quote(String s) {
        return quote(s, Integer.MAX_VALUE);
    }

    /** Go's {@code %.Nq}: the first {@code maxCodePoints} code points of {@code s}, quoted. */
    public static String quote(String s, int maxCodePoints) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), maxCodePoints) + 2);
        appendQuoted(sb, s, maxCodePoints);
        return sb.toString();
    }

    /**
     * Cortex's rendering of a raw series: the first non-empty {@code __name__} value, then the other pairs in wire
     * order (duplicates kept) as {@code name="value"} in braces; just the name when there are no other pairs, and
     * {@code {}} for nothing at all. Example: {@code up{job="api", instance="a:9090"}}.
     */
    public static String cortexSeries(String[] namesAndValues) {
        String metricName = null;
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            if (metricName == null && Labels.METRIC_NAME.equals(name) && !value.isEmpty()) {
                metricName = value;
                continue;
            }
            if (!rest.isEmpty()) {
                rest.append(", ");
            }
            rest.append(name).append('=');
            appendQuoted(rest, value, Integer.MAX_VALUE);
        }
        if (rest.isEmpty()) {
            return metricName != null ? metricName : "{}";
        }
        return (metricName != null ? metricName : "") + "{" + rest + "}";
    }

    /**
     * Prometheus's rendering of a metric (Go {@code model.Metric.String()}): the {@code __name__} value, then the
     * other pairs sorted, in braces. Cortex prints the series this way in its "too many labels" message.
     */
    public static String sortedMetric(String[] namesAndValues) {
        String metricName = "";
        String[] pairs = new String[namesAndValues.length / 2];
        int n = 0;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (Labels.METRIC_NAME.equals(namesAndValues[i])) {
                metricName = namesAndValues[i + 1];
                continue;
            }
            pairs[n++] = namesAndValues[i] + "=" + quote(namesAndValues[i + 1]);
        }
        if (n == 0) {
            return metricName.isEmpty() ? "{}" : metricName;
        }
        String[] sorted = Arrays.copyOf(pairs, n);
        Arrays.sort(sorted, Labels::compareStrings); // Go sorts strings by their UTF-8 bytes
        return metricName + "{" + String.join(", ", sorted) + "}";
    }

    /**
     * Prometheus's rendering of a label set ({@code labels.Labels.String()}), for raw pairs in wire order:
     * {@code {__name__="up", job="api"}}; names that are not legacy names are quoted too.
     */
    public static String braces(String[] namesAndValues) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = namesAndValues[i];
            if (isLegacyLabelName(name)) {
                sb.append(name);
            } else {
                appendQuoted(sb, name, Integer.MAX_VALUE);
            }
            sb.append('=');
            appendQuoted(sb, namesAndValues[i + 1], Integer.MAX_VALUE);
        }
        return sb.append('}').toString();
    }

    private static boolean isLegacyLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void appendQuoted(StringBuilder sb, String s, int maxCodePoints) {
        sb.append('"');
        int count = 0;
        for (int i = 0; i < s.length() && count < maxCodePoints; count++) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> appendRune(sb, cp);
            }
        }
        sb.append('"');
    }

    private static void appendRune(StringBuilder sb, int cp) {
        if (cp < 0x20 || cp == 0x7f) {
            sb.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
        } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            // A lone surrogate cannot come from UTF-8; Go would print the replacement character's escape.
            sb.append("\\ufffd");
        } else if (isGoPrintable(cp)) {
            sb.appendCodePoint(cp);
        } else if (cp < 0x10000) {
            sb.append("\\u");
            appendHex(sb, cp, 4);
        } else {
            sb.append("\\U");
            appendHex(sb, cp, 8);
        }
    }

    private static void appendHex(StringBuilder sb, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[(value >> shift) & 0xf]);
        }
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isGoPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
