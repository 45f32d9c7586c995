package io.amphora.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The header fields of a request as received: names compare case-insensitively, and a name may carry several
 * values, kept in the order they arrived (one per header line, as the servlet API's {@code getHeaders(name)} returns
 * them). Values are kept exactly as received; nothing here trims or splits them on commas.
 *
 * <p>Immutable and thread-safe. {@link #toString()} lists the header names only: values such as {@code
 * Authorization} carry credentials.
 */
public final class RequestHeaders {
    private static final RequestHeaders EMPTY = new RequestHeaders(Map.of());

    /** Lower-cased name to values, in arrival order. */
    private final Map<String, List<String>> values;

    private RequestHeaders(Map<String, List<String>> values) {
        this.values = values;
    }

    public static RequestHeaders empty() {
        return EMPTY;
    }

    /** The headers of {@code fields}, whose keys may use any case; keys differing only in case are merged in order. */
    public static RequestHeaders of(Map<String, ? extends List<String>> fields) {
        requireNonNull(fields, "fields is null");
        Builder builder = builder();
        fields.forEach((name, list) -> {
            requireNonNull(list, "values of " + name + " are null");
            list.forEach(value -> builder.add(name, value));
        });
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value of {@code name}, in arrival order; empty when the header is absent. */
    public List<String> values(String name) {
        return values.getOrDefault(lowerCase(name), List.of());
    }

    /** The first value of {@code name}, if present. */
    public Optional<String> first(String name) {
        List<String> list = values(name);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    public boolean contains(String name) {
        return values.containsKey(lowerCase(name));
    }

    /** The lower-cased names present, in first-arrival order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestHeaders other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "RequestHeaders" + values.keySet();
    }

    private static String lowerCase(String name) {
        return requireNonNull(name, "name is null").toLowerCase(Locale.ROOT);
    }

    /** Collects header lines; not thread-safe. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {}

        /** Adds one header line; {@code name} may use any case. */
        public Builder add(String name, String value) {
            requireNonNull(value, "value is null");
            String key = lowerCase(name);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            return this;
        }

        public RequestHeaders build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
            return new RequestHeaders(Collections.unmodifiableMap(copy));
        }
    }
}
