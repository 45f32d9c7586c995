package io.amphora.gateway.route;

import io.amphora.model.TenantId;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** What a request is, judged by its method, path and {@code X-Scope-OrgID} alone. */
public sealed interface RouteClassification {
    /**
     * An Amphora operation: authenticate the request, then authorise {@code action} on {@code resourceArn}.
     *
     * @param action the IAM action
     * @param resourceArn the resource the action is authorised on: a workspace or rule groups namespace ARN, the
     *     ARN named by a tagging request, {@code arn:aws:aps:<region>:<account>:workspace/*} for CreateWorkspace, or
     *     {@code *} for ListWorkspaces
     * @param workspaceId the workspace the request acts in (the {@code X-Scope-OrgID} to send downstream and the
     *     key of its rate limit); empty for operations outside any workspace
     */
    record Operation(ApsAction action, String resourceArn, Optional<TenantId> workspaceId) implements RouteClassification {
        public Operation {
            requireNonNull(action, "action is null");
            requireNonNull(resourceArn, "resourceArn is null");
            requireNonNull(workspaceId, "workspaceId is null");
        }
    }

    /** An operational endpoint ({@code /ready}, {@code /metrics}, {@code /health}): served without authentication. */
    record Unauthenticated(String endpoint) implements RouteClassification {
        public Unauthenticated {
            requireNonNull(endpoint, "endpoint is null");
        }
    }

    /** No Amphora endpoint has this path: answer 404. */
    record NotFound(String method, String rawPath) implements RouteClassification {
        public NotFound {
            requireNonNull(method, "method is null");
            requireNonNull(rawPath, "rawPath is null");
        }
    }

    /** The path exists but not for this method: answer 405 with {@code Allow: allowedMethods}. */
    record MethodNotAllowed(Set<String> allowedMethods) implements RouteClassification {
        public MethodNotAllowed {
            allowedMethods = Set.copyOf(requireNonNull(allowedMethods, "allowedMethods is null"));
        }
    }

    /**
     * The path exists but the request cannot name a valid workspace or resource: answer 400 with
     * {@code ValidationException} and {@code message}.
     */
    record InvalidRequest(String message) implements RouteClassification {
        public static final String ERROR_TYPE = "ValidationException";

        public InvalidRequest {
            requireNonNull(message, "message is null");
        }
    }
}
