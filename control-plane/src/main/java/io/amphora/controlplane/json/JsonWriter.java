package io.amphora.controlplane.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Writes compact JSON into memory. Commas are placed by the writer; callers only open, name and close. Strings are
 * escaped as RFC 8259 requires ({@code "}, {@code \}, control characters) and everything else is written as UTF-8.
 * Not thread-safe.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** One entry per open object or array, innermost first. */
    private final Deque<Frame> open = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new Frame('}'));
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new Frame(']'));
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    /** The name of the next member of the open object. */
    public JsonWriter name(String name) {
        requireNonNull(name, "name is null");
        if (open.isEmpty() || open.peek().closing != '}' || afterName) {
            throw new IllegalStateException("a member name needs an open object and a value for the previous name");
        }
        separate();
        quote(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        requireNonNull(value, "value is null");
        beforeValue();
        quote(value);
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A number in plain notation (no exponent), e.g. epoch seconds with a fraction: {@code 1735689600.123}. */
    public JsonWriter value(BigDecimal value) {
        requireNonNull(value, "value is null");
        beforeValue();
        out.append(value.toPlainString());
        return this;
    }

    /** An object of string members, in the map's iteration order. */
    public JsonWriter stringMap(Map<String, String> map) {
        beginObject();
        map.forEach((key, value) -> name(key).value(value));
        return endObject();
    }

    /** The document, which must be complete. */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        if (!open.isEmpty() || afterName) {
            throw new IllegalStateException("the JSON document is not complete");
        }
        return out.toString();
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!open.isEmpty()) {
            if (open.peek().closing == '}') {
                throw new IllegalStateException("a value inside an object needs a member name first");
            }
            separate();
        } else if (!out.isEmpty()) {
            throw new IllegalStateException("a JSON document has one top-level value");
        }
    }

    private void separate() {
        Frame frame = open.peek();
        if (frame.empty) {
            frame.empty = false;
        } else {
            out.append(',');
        }
    }

    private void close(char bracket) {
        if (open.isEmpty() || afterName || open.peek().closing != bracket) {
            throw new IllegalStateException("nothing to close with '" + bracket + "'");
        }
        open.pop();
        out.append(bracket);
    }

    private static final class Frame {
        final char closing;
        boolean empty = true;

        Frame(char closing) {
            this.closing = closing;
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
