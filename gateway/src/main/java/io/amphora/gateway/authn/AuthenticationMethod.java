package io.amphora.gateway.authn;

/** How a request proved who it acts as. */
public enum AuthenticationMethod {
    /** SigV4 in the {@code Authorization} header. */
    SIGV4_HEADER,
    /** SigV4 in the query string (a presigned URL). */
    SIGV4_PRESIGNED,
    /** HTTP Basic: the access key id as user, the secret as password (only when enabled). */
    HTTP_BASIC
}
