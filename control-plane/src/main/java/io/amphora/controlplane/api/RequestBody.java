package io.amphora.controlplane.api;

import io.amphora.controlplane.ControlPlaneException;
import io.amphora.controlplane.ValidationReason;
import io.amphora.controlplane.json.JsonParseException;
import io.amphora.controlplane.json.JsonParser;
import io.amphora.controlplane.json.JsonValue;
import io.amphora.controlplane.json.JsonValue.JsonArray;
import io.amphora.controlplane.json.JsonValue.JsonNull;
import io.amphora.controlplane.json.JsonValue.JsonNumber;
import io.amphora.controlplane.json.JsonValue.JsonObject;
import io.amphora.controlplane.json.JsonValue.JsonString;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The JSON members of a request, read strictly: the body must be one JSON object whose members are all known to the
 * operation, each of the type the API model gives it. Anything else is a ValidationException that names the member,
 * never a server error. A JSON {@code null} reads as an absent member, as the AWS JSON protocols define it.
 */
final class RequestBody {
    private final JsonObject object;
    private final String path;

    private RequestBody(JsonObject object, String path) {
        this.object = object;
        this.path = path;
    }

    /**
     * @param members the members the operation accepts
     * @throws ControlPlaneException a ValidationException when the bytes are not such an object
     */
    static RequestBody parse(byte[] bytes, Set<String> members) {
        if (bytes.length == 0) {
            return new RequestBody(new JsonObject(Map.of()), "");
        }
        JsonValue value;
        try {
            value = JsonParser.parse(bytes);
        } catch (JsonParseException e) {
            throw ControlPlaneException.validation(ValidationReason.CANNOT_PARSE,
                    "The request body is not valid JSON: " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw ControlPlaneException.validation(ValidationReason.CANNOT_PARSE,
                    "The request body must be a JSON object, got " + value.typeName());
        }
        RequestBody body = new RequestBody(object, "");
        body.onlyMembers(members);
        return body;
    }

    Optional<String> string(String name) {
        return member(name).map(value -> {
            if (value instanceof JsonString string) {
                return string.value();
            }
            throw wrongType(name, "a string", value);
        });
    }

    Optional<Integer> integer(String name) {
        return member(name).map(value -> {
            if (value instanceof JsonNumber number) {
                try {
                    return number.value().intValueExact();
                } catch (ArithmeticException e) {
                    throw ControlPlaneException.cannotParse(field(name),
                            "Member '" + field(name) + "' must be a whole number within the 32-bit range, got "
                                    + number.value());
                }
            }
            throw wrongType(name, "a number", value);
        });
    }

    Optional<Long> longValue(String name) {
        return member(name).map(value -> {
            if (value instanceof JsonNumber number) {
                try {
                    return number.value().longValueExact();
                } catch (ArithmeticException e) {
                    throw ControlPlaneException.cannotParse(field(name),
                            "Member '" + field(name) + "' must be a whole number within the 64-bit range, got "
                                    + number.value());
                }
            }
            throw wrongType(name, "a number", value);
        });
    }

    /** A string-to-string map member, in document order; absent reads as empty. */
    Map<String, String> stringMap(String name) {
        Map<String, String> map = new LinkedHashMap<>();
        member(name).ifPresent(value -> {
            if (!(value instanceof JsonObject members)) {
                throw wrongType(name, "an object of strings", value);
            }
            members.members().forEach((key, element) -> {
                if (!(element instanceof JsonString string)) {
                    throw wrongType(name + "." + key, "a string", element);
                }
                map.put(key, string.value());
            });
        });
        return map;
    }

    boolean has(String name) {
        return member(name).isPresent();
    }

    /** A blob member: base64 text in JSON, decoded. */
    Optional<byte[]> blob(String name) {
        return string(name).map(text -> {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw ControlPlaneException.cannotParse(field(name),
                        "Member '" + field(name) + "' must be base64-encoded: " + e.getMessage());
            }
        });
    }

    /** The objects of a list member, each read with the members it may have. */
    Optional<List<RequestBody>> objects(String name, Set<String> members) {
        return member(name).map(value -> {
            if (!(value instanceof JsonArray array)) {
                throw wrongType(name, "a list", value);
            }
            List<JsonValue> elements = array.elements();
            return IntStream.range(0, elements.size()).mapToObj(i -> {
                JsonValue element = elements.get(i);
                String elementPath = field(name) + "." + (i + 1);
                if (!(element instanceof JsonObject object)) {
                    throw ControlPlaneException.cannotParse(elementPath,
                            "Member '" + elementPath + "' must be an object, got " + element.typeName());
                }
                RequestBody nested = new RequestBody(object, elementPath + ".");
                nested.onlyMembers(members);
                return nested;
            }).toList();
        });
    }

    /** An object member, read with the members it may have. */
    Optional<RequestBody> object(String name, Set<String> members) {
        return member(name).map(value -> {
            if (!(value instanceof JsonObject nestedObject)) {
                throw wrongType(name, "an object", value);
            }
            RequestBody nested = new RequestBody(nestedObject, field(name) + ".");
            nested.onlyMembers(members);
            return nested;
        });
    }

    String field(String name) {
        return path + name;
    }

    private Optional<JsonValue> member(String name) {
        JsonValue value = object.members().get(name);
        return value == null || value instanceof JsonNull ? Optional.empty() : Optional.of(value);
    }

    private void onlyMembers(Set<String> members) {
        for (String name : object.members().keySet()) {
            if (!members.contains(name)) {
                String accepted = members.isEmpty() ? "none" : String.join(", ", new TreeSet<>(members));
                throw ControlPlaneException.cannotParse(field(name),
                        "Unknown member '" + field(name) + "'; the members accepted here are: " + accepted);
            }
        }
    }

    private ControlPlaneException wrongType(String name, String expected, JsonValue value) {
        return ControlPlaneException.cannotParse(field(name),
                "Member '" + field(name) + "' must be " + expected + ", got " + value.typeName());
    }
}
