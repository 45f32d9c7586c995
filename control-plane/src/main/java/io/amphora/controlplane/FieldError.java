package io.amphora.controlplane;

import static java.util.Objects.requireNonNull;

/**
 * One member of a request that failed validation: an entry of a ValidationException's {@code fieldList}.
 *
 * @param name the member as the request names it, e.g. {@code alias} or {@code tags.team}
 */
public record FieldError(String name, String message) {
    public FieldError {
        requireNonNull(name, "name is null");
        requireNonNull(message, "message is null");
    }
}
