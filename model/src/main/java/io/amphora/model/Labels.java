package io.amphora.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * An immutable set of label pairs sorted by name, with unique names and non-empty values.
 *
 * <p>Contract: equality and {@link #compareTo} follow Prometheus ({@code labels.Compare}): pairwise by name,
 * then value, then by length. Strings compare in Unicode code point order (see {@link #compareStrings}), which is
 * the byte order of their UTF-8 encoding: the order Prometheus, a RocksDB key scan and an index block all use.
 * {@link #stableHash()} is a 64-bit hash of the names and values that is the same in every process and version
 * (series hashing onto the ring depends on it); {@link #hashCode()} is derived from it. Instances are thread-safe.
 */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";

    private static final Labels EMPTY = new Labels(new String[0]);

    /** Names at even indexes, values at odd indexes; sorted by name, names unique, values non-empty. */
    private final String[] pairs;
    private final long hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
        this.hash = computeHash(pairs);
    }

    public static Labels empty() {
        return EMPTY;
    }

    /**
     * Labels from alternating names and values, in any order. Empty values are dropped, as Prometheus treats an
     * empty value as an absent label.
     *
     * @throws IllegalArgumentException for an odd argument count or a repeated name
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label names and values: " + namesAndValues.length);
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    public static Labels fromMap(Map<String, String> map) {
        Builder builder = builder();
        map.forEach(builder::add);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with these labels, to set or remove some of them. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        for (int i = 0; i < pairs.length; i += 2) {
            builder.add(pairs[i], pairs[i + 1]);
        }
        return builder;
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    public String name(int index) {
        return pairs[index * 2];
    }

    public String value(int index) {
        return pairs[index * 2 + 1];
    }

    /** The value of {@code name}, or {@code ""} when absent (Prometheus semantics). */
    public String get(String name) {
        int index = indexOf(name);
        return index < 0 ? "" : pairs[index * 2 + 1];
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The value of {@code __name__}, or {@code ""}. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    public void forEach(BiConsumer<String, String> consumer) {
        for (int i = 0; i < pairs.length; i += 2) {
            consumer.accept(pairs[i], pairs[i + 1]);
        }
    }

    private int indexOf(String name) {
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = compareStrings(pairs[mid * 2], name);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Stable 64-bit hash (FNV-1a over the UTF-16 code units with separators, then a murmur3 finaliser). */
    public long stableHash() {
        return hash;
    }

    private static long computeHash(String[] pairs) {
        long h = 0xcbf29ce484222325L;
        for (String s : pairs) {
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= 0xffff; // separator: not a valid UTF-16 unit on its own, keeps ("ab","c") != ("a","bc")
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Labels other && hash == other.hash && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int compareTo(Labels other) {
        int n = Math.min(pairs.length, other.pairs.length);
        for (int i = 0; i < n; i += 2) {
            int cmp = compareStrings(pairs[i], other.pairs[i]);
            if (cmp != 0) {
                return cmp;
            }
            cmp = compareStrings(pairs[i + 1], other.pairs[i + 1]);
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(pairs.length, other.pairs.length);
    }

    /**
     * Compares two strings in Unicode code point order, which equals the unsigned byte order of their UTF-8
     * encodings (Go's string order). {@link String#compareTo} differs: it orders UTF-16 code units, so it puts
     * supplementary characters (surrogate pairs) before U+E000..U+FFFF. Label names and values must be sorted with
     * this method wherever the order has to agree with Prometheus or with UTF-8 keyed storage. Allocation-free.
     */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (ca >= Character.MIN_SURROGATE && cb >= Character.MIN_SURROGATE) {
                    return codePointOrderKey(ca) - codePointOrderKey(cb);
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF so that UTF-16 units order like the code points they encode. */
    private static int codePointOrderKey(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /**
     * Prometheus notation: {@code {__name__="up", job="api"}}. Values are quoted and escaped like Go's
     * {@code strconv.Quote} for ASCII ({@code \\ \" \n \t \r}, other control characters as {@code \xHH});
     * names that are not legacy Prometheus names ({@code [a-zA-Z_][a-zA-Z0-9_]*}) are quoted the same way,
     * as Prometheus 3 prints UTF-8 names.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = pairs[i];
            if (isLegacyName(name)) {
                sb.append(name);
            } else {
                quote(name, sb);
            }
            sb.append('=');
            quote(pairs[i + 1], sb);
        }
        return sb.append('}').toString();
    }

    private static boolean isLegacyName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void quote(String value, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Accumulates pairs in any order; the last value set for a name wins; empty values remove the name. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a pair, rejecting a repeated name (use {@link #set} to overwrite).
         *
         * @throws IllegalArgumentException for a name already added
         */
        public Builder add(String name, String value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            if (names.contains(name)) {
                throw new IllegalArgumentException("duplicate label name: " + name);
            }
            names.add(name);
            values.add(value);
            return this;
        }

        /** Sets {@code name} to {@code value}, replacing any earlier value; an empty value removes it. */
        public Builder set(String name, String value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            int index = names.indexOf(name);
            if (index >= 0) {
                values.set(index, value);
            } else {
                names.add(name);
                values.add(value);
            }
            return this;
        }

        public Builder remove(String name) {
            int index = names.indexOf(name);
            if (index >= 0) {
                names.remove(index);
                values.remove(index);
            }
            return this;
        }

        public Labels build() {
            int n = names.size();
            String[] pairs = new String[n * 2];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                String value = values.get(i);
                if (value.isEmpty()) {
                    continue;
                }
                // Insertion sort: label sets are small, and this keeps the builder free of boxing.
                String name = names.get(i);
                int j = kept;
                while (j > 0 && compareStrings(pairs[(j - 1) * 2], name) > 0) {
                    pairs[j * 2] = pairs[(j - 1) * 2];
                    pairs[j * 2 + 1] = pairs[(j - 1) * 2 + 1];
                    j--;
                }
                pairs[j * 2] = name;
                pairs[j * 2 + 1] = value;
                kept++;
            }
            if (kept == 0) {
                return EMPTY;
            }
            return new Labels(kept == n ? pairs : Arrays.copyOf(pairs, kept * 2));
        }
    }

    /**
     * Labels from pairs already sorted by name with unique names and non-empty values, without copying.
     * For decoders of trusted storage formats; the caller must not modify the array afterwards.
     *
     * @throws IllegalArgumentException when the pairs are not sorted, unique and non-empty
     */
    public static Labels ofSortedPairs(String[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label names and values: " + pairs.length);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            requireNonNull(pairs[i], "label name is null");
            requireNonNull(pairs[i + 1], "label value is null");
            if (pairs[i + 1].isEmpty()) {
                throw new IllegalArgumentException("empty value for label " + pairs[i]);
            }
            if (i > 0 && compareStrings(pairs[i - 2], pairs[i]) >= 0) {
                throw new IllegalArgumentException("labels not sorted or not unique at " + pairs[i]);
            }
        }
        return pairs.length == 0 ? EMPTY : new Labels(pairs);
    }
}
