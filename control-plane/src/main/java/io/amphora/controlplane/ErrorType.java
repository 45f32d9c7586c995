package io.amphora.controlplane;

/**
 * The managed service's error types: the {@code x-amzn-ErrorType} name the AWS SDKs and CLI map to their typed
 * exceptions, and the HTTP status of each.
 */
public enum ErrorType {
    VALIDATION("ValidationException", 400),
    /** Raised by whoever authorises a request before the control plane sees it (the gateway); rendered the same way. */
    ACCESS_DENIED("AccessDeniedException", 403),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    CONFLICT("ConflictException", 409),
    SERVICE_QUOTA_EXCEEDED("ServiceQuotaExceededException", 402),
    INTERNAL("InternalServerException", 500);

    private final String errorName;
    private final int httpStatus;

    ErrorType(String errorName, int httpStatus) {
        this.errorName = errorName;
        this.httpStatus = httpStatus;
    }

    /** The shape name of the error, e.g. {@code ConflictException}. */
    public String errorName() {
        return errorName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
