package io.amphora.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses Prometheus HTTP API answers (floats as exact decimals) and compares the {@code data} of two of them the way
 * a client reads them: object keys in any order, numbers and numeric strings (sample values, timestamps) equal
 * within a relative tolerance, and optionally arrays of objects in any order (vector and matrix elements, series,
 * where Prometheus defines no order).
 */
final class PrometheusJson {
    static final double RELATIVE_TOLERANCE = 1e-9;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private PrometheusJson() {}

    static JsonNode parse(String body) {
        return MAPPER.readTree(body);
    }

    /**
     * The differences between {@code expected} and {@code actual}, one line each naming the JSON path; empty when
     * they are equivalent.
     *
     * @param ordered whether arrays of objects must be in the same order (for {@code sort()} results and the like)
     */
    static List<String> differences(JsonNode expected, JsonNode actual, boolean ordered) {
        List<String> out = new ArrayList<>();
        compare("$", expected, actual, ordered, out);
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, boolean ordered, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>(expected.propertyNames());
            TreeSet<String> actualKeys = new TreeSet<>(actual.propertyNames());
            if (!keys.equals(actualKeys)) {
                out.add(path + ": keys " + keys + " vs " + actualKeys);
                return;
            }
            for (String key : keys) {
                compare(path + "." + key, expected.get(key), actual.get(key), ordered, out);
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(path + ": " + expected.size() + " elements vs " + actual.size() + ": " + expected + " vs "
                        + actual);
                return;
            }
            List<JsonNode> e = elements(expected);
            List<JsonNode> a = elements(actual);
            // Only arrays of objects (vector and matrix elements, series) have an order Prometheus leaves open;
            // [time, value] pairs, a series' values and name lists are ordered by the API.
            if (!ordered && e.stream().allMatch(JsonNode::isObject)) {
                e.sort(Comparator.comparing(PrometheusJson::sortKey));
                a.sort(Comparator.comparing(PrometheusJson::sortKey));
            }
            for (int i = 0; i < e.size(); i++) {
                compare(path + "[" + i + "]", e.get(i), a.get(i), ordered, out);
            }
        } else if (!scalarsEqual(expected, actual)) {
            out.add(path + ": " + expected + " vs " + actual);
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> elements = new ArrayList<>();
        array.forEach(elements::add);
        return elements;
    }

    /**
     * Elements of vectors and matrices sort by their labels, so that a tolerated difference in a value does not
     * change which elements are paired; everything else by its canonical text.
     */
    private static String sortKey(JsonNode node) {
        if (node.isObject() && node.has("metric")) {
            return canonical(node.get("metric"));
        }
        return canonical(node);
    }

    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            new TreeSet<>(node.propertyNames()).forEach(key -> sb.append(key).append('=')
                    .append(canonical(node.get(key))).append(','));
            return sb.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            node.forEach(element -> sb.append(canonical(element)).append(','));
            return sb.append(']').toString();
        }
        return node.toString();
    }

    private static boolean scalarsEqual(JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return true;
        }
        Double e = number(expected);
        Double a = number(actual);
        if (e == null || a == null || expected.isString() != actual.isString()) {
            return false;
        }
        if (e.isNaN() || a.isNaN() || e.isInfinite() || a.isInfinite()) {
            return e.equals(a);
        }
        return Math.abs(e - a) <= RELATIVE_TOLERANCE * Math.max(Math.abs(e), Math.abs(a));
    }

    private static Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isString()) {
            String text = node.stringValue();
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "+Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(text);
                    } catch (NumberFormatException notANumber) {
                        return null;
                    }
            }
        }
        return null;
    }
}
