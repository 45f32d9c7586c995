package io.amphora.controlplane;

/** Why a request failed validation: the {@code reason} member of a ValidationException. */
public enum ValidationReason {
    UNKNOWN_OPERATION,
    /** The body is not JSON, has members of the wrong type or unknown members, or a blob is not base64. */
    CANNOT_PARSE,
    /** A member breaks a constraint: length, pattern, range, or the content of a definition. */
    FIELD_VALIDATION_FAILED,
    OTHER
}
