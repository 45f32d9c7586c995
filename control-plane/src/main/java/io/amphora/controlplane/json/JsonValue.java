package io.amphora.controlplane.json;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A parsed JSON value. Immutable. */
public sealed interface JsonValue {
    /** The JSON type as a request validation message names it: {@code object}, {@code string}, ... */
    String typeName();

    /** An object; members keep the order of the document and names are unique. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            requireNonNull(members, "members is null");
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        @Override
        public String typeName() {
            return "object";
        }
    }

    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(requireNonNull(elements, "elements is null"));
        }

        @Override
        public String typeName() {
            return "array";
        }
    }

    record JsonString(String value) implements JsonValue {
        public JsonString {
            requireNonNull(value, "value is null");
        }

        @Override
        public String typeName() {
            return "string";
        }
    }

    /** A number, exactly as written (no rounding through {@code double}). */
    record JsonNumber(BigDecimal value) implements JsonValue {
        public JsonNumber {
            requireNonNull(value, "value is null");
        }

        @Override
        public String typeName() {
            return "number";
        }
    }

    record JsonBoolean(boolean value) implements JsonValue {
        @Override
        public String typeName() {
            return "boolean";
        }
    }

    record JsonNull() implements JsonValue {
        @Override
        public String typeName() {
            return "null";
        }
    }
}
