package io.amphora.prometheusapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The parameters of one API request, as Go's {@code http.Request.Form} holds them: the URL query merged with a
 * form-encoded body, body values first (so that for a repeated name, {@link #first} is the body's value). The web
 * adapter builds it; this module only reads it.
 */
public final class RequestParameters {
    private final Map<String, List<String>> values;

    private RequestParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** @param values each name's values in order; the lists are copied */
    public static RequestParameters of(Map<String, List<String>> values) {
        requireNonNull(values, "values is null");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> copy.put(requireNonNull(name, "name is null"),
                List.copyOf(requireNonNull(list, "values of " + name + " is null"))));
        return new RequestParameters(copy);
    }

    /** Single-valued parameters, for tests and simple callers: {@code of("query", "up", "time", "1")}. */
    public static RequestParameters of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.computeIfAbsent(namesAndValues[i], _ -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return of(map);
    }

    /** Go's {@code r.FormValue(name)}: the first value, or {@code ""} when the parameter is absent. */
    public String first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? "" : list.getFirst();
    }

    /** Every value of a repeated parameter ({@code match[]}), in order; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
