package io.amphora.gateway.authn;

import java.util.Locale;

/**
 * Why a request was not authenticated. Each reason has the error type the managed service answers with; every
 * authentication failure is HTTP 403. The lower-case name is the {@code reason} label of
 * {@code amphora_gateway_authentication_failures_total}.
 */
public enum FailureReason {
    /** No {@code Authorization} header and no presigned query, or an authorization scheme Amphora does not know. */
    MISSING_AUTHENTICATION("MissingAuthenticationTokenException"),
    /** An HTTP Basic {@code Authorization} header while Basic authentication is disabled. */
    BASIC_AUTH_DISABLED("MissingAuthenticationTokenException"),
    /** The signature's parameters are missing, unparsable or unsupported. */
    MALFORMED("IncompleteSignatureException"),
    /** {@code X-Amz-Security-Token}: temporary (STS) credentials, which Amphora does not issue or accept. */
    TEMPORARY_CREDENTIALS_UNSUPPORTED("UnrecognizedClientException"),
    /** No principal has the access key id. */
    UNKNOWN_ACCESS_KEY("UnrecognizedClientException"),
    /** The signature (or, for HTTP Basic, the password) does not match the secret. */
    SIGNATURE_MISMATCH("InvalidSignatureException"),
    /** The request time is further in the past than the allowed clock skew. */
    SIGNATURE_EXPIRED("InvalidSignatureException"),
    /** The request time is further in the future than the allowed clock skew. */
    SIGNATURE_NOT_YET_CURRENT("InvalidSignatureException"),
    /** A presigned URL used after {@code X-Amz-Date + X-Amz-Expires}. */
    PRESIGNED_URL_EXPIRED("InvalidSignatureException"),
    /** The credential scope names another region than the gateway's. */
    WRONG_REGION("InvalidSignatureException"),
    /** The credential scope names another service than {@code aps}. */
    WRONG_SERVICE("InvalidSignatureException"),
    /** The credential scope does not end in {@code aws4_request}. */
    WRONG_TERMINATOR("InvalidSignatureException"),
    /** The credential scope's date is not the day of the request time. */
    SCOPE_DATE_MISMATCH("InvalidSignatureException"),
    /** {@code host} is not among the signed headers. */
    HOST_NOT_SIGNED("InvalidSignatureException"),
    /** {@code x-amz-content-sha256} differs from the SHA-256 of the body received. */
    PAYLOAD_HASH_MISMATCH("InvalidSignatureException");

    private final String errorType;

    FailureReason(String errorType) {
        this.errorType = errorType;
    }

    /** The error type clients know from the managed service, e.g. {@code InvalidSignatureException}. */
    public String errorType() {
        return errorType;
    }

    /** The metric label: the lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
