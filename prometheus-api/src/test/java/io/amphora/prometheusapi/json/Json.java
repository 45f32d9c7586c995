package io.amphora.prometheusapi.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Renders JSON written to a {@link JsonOutput} for assertions. */
public final class Json {
    private Json() {}

    public static byte[] bytes(Consumer<JsonOutput> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // A small buffer so that tests also cover writes that span buffer flushes.
        JsonOutput out = new JsonOutput(bytes, 2 * GoFloatFormat.MAX_LENGTH);
        writer.accept(out);
        out.flush();
        return bytes.toByteArray();
    }

    public static String render(Consumer<JsonOutput> writer) {
        return new String(bytes(writer), StandardCharsets.UTF_8);
    }
}
