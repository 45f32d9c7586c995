package io.amphora.controlplane.api;

import java.util.Map;
import java.util.TreeMap;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * A response of the control-plane API, ready for any HTTP server to send.
 *
 * @param headers header names to values, besides those the server adds itself
 * @param body the bytes to send; empty for responses without a body
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String ERROR_TYPE = "x-amzn-ErrorType";
    public static final String JSON = "application/json";

    public ApiResponse {
        headers = unmodifiableMap(new TreeMap<>(requireNonNull(headers, "headers is null")));
        requireNonNull(body, "body is null");
    }

    static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, Map.of(CONTENT_TYPE, JSON), body);
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, Map.of(), new byte[0]);
    }
}
