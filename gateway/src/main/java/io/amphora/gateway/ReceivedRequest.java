package io.amphora.gateway;

import static java.util.Objects.requireNonNull;

/**
 * An HTTP request as the gateway received it, before anything decoded or normalised it: what SigV4 verification
 * and request classification need.
 *
 * @param method the request method as sent ({@code GET}, {@code POST}, ...)
 * @param rawPath the path exactly as on the request line, still percent-encoded (servlet: {@code getRequestURI()}),
 *     without the query
 * @param rawQuery the query exactly as on the request line, without the {@code ?}; empty when there is none
 *     (servlet: {@code getQueryString()}, or {@code ""} for {@code null})
 * @param headers the header fields as received
 * @param payload the body, or its digest
 */
public record ReceivedRequest(String method, String rawPath, String rawQuery, RequestHeaders headers,
                              RequestPayload payload) {
    public ReceivedRequest {
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(payload, "payload is null");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method is empty");
        }
        if (!rawPath.startsWith("/")) {
            throw new IllegalArgumentException("rawPath must start with '/': " + rawPath);
        }
    }
}
