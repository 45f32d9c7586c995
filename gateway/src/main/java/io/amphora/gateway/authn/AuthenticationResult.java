package io.amphora.gateway.authn;

import io.amphora.gateway.credentials.Identity;

import static java.util.Objects.requireNonNull;

/** The outcome of authenticating one request. */
public sealed interface AuthenticationResult {
    /**
     * The request is signed with a known key.
     *
     * @param identity who the request acts as
     * @param accessKeyId the key it was signed with
     * @param method how it proved it
     */
    record Authenticated(Identity identity, String accessKeyId, AuthenticationMethod method)
            implements AuthenticationResult {
        public Authenticated {
            requireNonNull(identity, "identity is null");
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(method, "method is null");
        }
    }

    /** The request is refused. */
    record Rejected(AuthenticationFailure failure) implements AuthenticationResult {
        public Rejected {
            requireNonNull(failure, "failure is null");
        }
    }
}
