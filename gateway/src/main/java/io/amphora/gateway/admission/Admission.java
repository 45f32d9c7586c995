package io.amphora.gateway.admission;

import io.amphora.gateway.authn.AuthenticationMethod;
import io.amphora.gateway.credentials.Identity;
import io.amphora.gateway.route.RouteClassification;
import io.amphora.model.TenantId;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** What the gateway does with one request. */
public sealed interface Admission {
    /**
     * Forward the request: it is authenticated, authorised and within its workspace's rate limit.
     *
     * @param operation the operation, with the workspace to name in {@code X-Scope-OrgID} downstream
     * @param identity who it acts as
     * @param method how it authenticated
     */
    record Admitted(RouteClassification.Operation operation, Identity identity, AuthenticationMethod method)
            implements Admission {
        public Admitted {
            requireNonNull(operation, "operation is null");
            requireNonNull(identity, "identity is null");
            requireNonNull(method, "method is null");
        }

        /** The workspace the request acts in, if any. */
        public Optional<TenantId> workspaceId() {
            return operation.workspaceId();
        }
    }

    /** Serve an operational endpoint ({@code /ready}, {@code /metrics}, {@code /health}) without authentication. */
    record Open(String endpoint) implements Admission {
        public Open {
            requireNonNull(endpoint, "endpoint is null");
        }
    }

    /**
     * Answer the client with an error: {@code httpStatus}, and a JSON body naming {@code errorType} and
     * {@code message} (the managed service answers {@code {"message": ...}} with the type in the
     * {@code x-amzn-ErrorType} header).
     *
     * @param allowedMethods for 405, the methods the path accepts ({@code Allow} header); else empty
     */
    record Refused(int httpStatus, String errorType, String message, Set<String> allowedMethods) implements Admission {
        public Refused {
            requireNonNull(errorType, "errorType is null");
            requireNonNull(message, "message is null");
            allowedMethods = Set.copyOf(requireNonNull(allowedMethods, "allowedMethods is null"));
            if (httpStatus < 400 || httpStatus > 599) {
                throw new IllegalArgumentException("not an error status: " + httpStatus);
            }
        }

        public Refused(int httpStatus, String errorType, String message) {
            this(httpStatus, errorType, message, Set.of());
        }
    }
}
