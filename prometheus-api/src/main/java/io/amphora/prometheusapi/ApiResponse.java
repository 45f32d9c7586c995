package io.amphora.prometheusapi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A complete answer of the API: an HTTP status and a body written on demand, so that large results stream to the
 * client without being held as bytes or as a tree of objects. The web adapter sets the status and
 * {@link #CONTENT_TYPE} (unless the status is 204), then calls {@link #writeTo} once.
 */
public interface ApiResponse {
    /** The {@code Content-Type} of every body, success or error. */
    String CONTENT_TYPE = "application/json";

    /** 200 for success, 204 for an empty answer, the error type's status for errors. */
    int httpStatus();

    /** Writes the body (nothing for 204) and flushes {@code out}; does not close it. */
    void writeTo(OutputStream out) throws IOException;
}
