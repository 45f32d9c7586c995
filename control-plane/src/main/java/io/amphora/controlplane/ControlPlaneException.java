package io.amphora.controlplane;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A request the control plane refuses, carrying everything the managed service's error shapes report: the
 * {@link ErrorType}, a message, and per type the affected resource, the validation reason and fields, or the quota.
 */
public final class ControlPlaneException extends RuntimeException {
    /** The Service Quotas code of the service, reported with every ServiceQuotaExceededException. */
    public static final String SERVICE_CODE = "aps";

    private final ErrorType type;
    private final Optional<String> resourceId;
    private final Optional<ResourceType> resourceType;
    private final Optional<ValidationReason> reason;
    private final List<FieldError> fields;
    private final Optional<String> quotaCode;

    private ControlPlaneException(ErrorType type, String message, Optional<String> resourceId,
            Optional<ResourceType> resourceType, Optional<ValidationReason> reason, List<FieldError> fields,
            Optional<String> quotaCode, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.type = requireNonNull(type, "type is null");
        this.resourceId = requireNonNull(resourceId, "resourceId is null");
        this.resourceType = requireNonNull(resourceType, "resourceType is null");
        this.reason = requireNonNull(reason, "reason is null");
        this.fields = List.copyOf(requireNonNull(fields, "fields is null"));
        this.quotaCode = requireNonNull(quotaCode, "quotaCode is null");
    }

    /** A ValidationException whose message stands alone, with no field named. */
    public static ControlPlaneException validation(ValidationReason reason, String message) {
        return new ControlPlaneException(ErrorType.VALIDATION, message, Optional.empty(), Optional.empty(),
                Optional.of(reason), List.of(), Optional.empty(), null);
    }

    /**
     * A ValidationException for one member that breaks a constraint, worded as AWS services word it:
     * {@code 1 validation error detected: Value at 'alias' failed to satisfy constraint: Member must ...}.
     */
    public static ControlPlaneException invalidField(String field, String constraint) {
        return new ControlPlaneException(ErrorType.VALIDATION,
                "1 validation error detected: Value at '" + field + "' failed to satisfy constraint: " + constraint,
                Optional.empty(), Optional.empty(), Optional.of(ValidationReason.FIELD_VALIDATION_FAILED),
                List.of(new FieldError(field, constraint)), Optional.empty(), null);
    }

    /** A ValidationException for a member whose content (a definition, a page token) is not acceptable. */
    public static ControlPlaneException invalidContent(String field, String message) {
        return new ControlPlaneException(ErrorType.VALIDATION, message, Optional.empty(), Optional.empty(),
                Optional.of(ValidationReason.FIELD_VALIDATION_FAILED), List.of(new FieldError(field, message)),
                Optional.empty(), null);
    }

    /** A ValidationException for a body or member that cannot be read at all (wrong type, bad base64, ...). */
    public static ControlPlaneException cannotParse(String field, String message) {
        return new ControlPlaneException(ErrorType.VALIDATION, message, Optional.empty(), Optional.empty(),
                Optional.of(ValidationReason.CANNOT_PARSE), List.of(new FieldError(field, message)),
                Optional.empty(), null);
    }

    public static ControlPlaneException notFound(ResourceType type, String resourceId, String message) {
        return new ControlPlaneException(ErrorType.RESOURCE_NOT_FOUND, message, Optional.of(resourceId),
                Optional.of(type), Optional.empty(), List.of(), Optional.empty(), null);
    }

    public static ControlPlaneException conflict(ResourceType type, String resourceId, String message) {
        return new ControlPlaneException(ErrorType.CONFLICT, message, Optional.of(resourceId), Optional.of(type),
                Optional.empty(), List.of(), Optional.empty(), null);
    }

    /**
     * A ServiceQuotaExceededException.
     *
     * @param resourceId the resource that would have been created beyond the quota, or that holds the quota
     */
    public static ControlPlaneException quotaExceeded(ResourceType type, String resourceId, String quotaCode,
            String message) {
        return new ControlPlaneException(ErrorType.SERVICE_QUOTA_EXCEEDED, message, Optional.of(resourceId),
                Optional.of(type), Optional.empty(), List.of(), Optional.of(quotaCode), null);
    }

    public static ControlPlaneException accessDenied(String message) {
        return new ControlPlaneException(ErrorType.ACCESS_DENIED, message, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), null);
    }

    /** A failure of the control plane itself (its store); the cause is kept for the log, not sent to the client. */
    public static ControlPlaneException internal(String message, Throwable cause) {
        return new ControlPlaneException(ErrorType.INTERNAL, message, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), cause);
    }

    public ErrorType type() {
        return type;
    }

    public Optional<String> resourceId() {
        return resourceId;
    }

    public Optional<ResourceType> resourceType() {
        return resourceType;
    }

    /** Present for {@link ErrorType#VALIDATION} only. */
    public Optional<ValidationReason> reason() {
        return reason;
    }

    /** The members at fault; empty unless {@link ErrorType#VALIDATION}. */
    public List<FieldError> fields() {
        return fields;
    }

    /** Present for {@link ErrorType#SERVICE_QUOTA_EXCEEDED} only. */
    public Optional<String> quotaCode() {
        return quotaCode;
    }
}
