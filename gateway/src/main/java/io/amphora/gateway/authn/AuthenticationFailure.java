package io.amphora.gateway.authn;

import static java.util.Objects.requireNonNull;

/**
 * A refused authentication, as the client is told: HTTP 403 with the error type and message (as the managed
 * service words them). Neither ever contains a secret or a signature.
 *
 * @param reason the reason, for metrics and logs
 * @param errorType the error type, usually {@code reason.errorType()}
 * @param message the message
 */
public record AuthenticationFailure(FailureReason reason, String errorType, String message) {
    public static final int HTTP_STATUS = 403;

    /** {@code MissingAuthenticationTokenException}'s message. */
    public static final String MISSING_TOKEN_MESSAGE = "Missing Authentication Token";
    /** {@code UnrecognizedClientException}'s message. */
    public static final String INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";
    /** {@code InvalidSignatureException}'s message for a signature that does not match. */
    public static final String SIGNATURE_MISMATCH_MESSAGE = "The request signature we calculated does not match the"
            + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
            + " documentation for details.";

    public AuthenticationFailure {
        requireNonNull(reason, "reason is null");
        requireNonNull(errorType, "errorType is null");
        requireNonNull(message, "message is null");
    }

    /** A failure with the reason's own error type. */
    public static AuthenticationFailure of(FailureReason reason, String message) {
        return new AuthenticationFailure(reason, reason.errorType(), message);
    }

    public int httpStatus() {
        return HTTP_STATUS;
    }
}
