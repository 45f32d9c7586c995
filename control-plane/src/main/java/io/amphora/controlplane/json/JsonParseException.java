package io.amphora.controlplane.json;

/** A document that is not well-formed JSON; the message names the problem and its character offset. */
public final class JsonParseException extends Exception {
    public JsonParseException(String message) {
        super(message);
    }
}
