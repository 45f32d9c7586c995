package io.amphora.gateway.admission;

import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.authn.AuthenticationResult;
import io.amphora.gateway.authn.RequestAuthenticator;
import io.amphora.gateway.policy.AccessDecision;
import io.amphora.gateway.policy.PolicyEvaluator;
import io.amphora.gateway.ratelimit.WorkspaceRateLimiter;
import io.amphora.gateway.route.ApsAction;
import io.amphora.gateway.route.Destination;
import io.amphora.gateway.route.RequestClassifier;
import io.amphora.gateway.route.RouteClassification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Decides what the gateway does with a request, in order: classify it (unknown path 404, wrong method 405, invalid
 * or missing workspace 400, operational endpoint open), authenticate it (403), authorise the operation against the
 * principal's policies (403 {@code AccessDeniedException}), and, for data-plane requests, take a permit from the
 * workspace's rate limit (429 {@code ThrottlingException}). The wiring calls {@link #admit} once per request and
 * forwards or answers accordingly.
 *
 * <p>Counts denials in {@code amphora_gateway_access_denied_requests_total{action}}. Thread-safe.
 */
public final class RequestAdmission {
    public static final String NOT_FOUND_ERROR_TYPE = "UnknownOperationException";
    public static final String METHOD_NOT_ALLOWED_ERROR_TYPE = "MethodNotAllowedException";

    private static final Logger LOG = LoggerFactory.getLogger(RequestAdmission.class);

    private final RequestClassifier classifier;
    private final RequestAuthenticator authenticator;
    private final WorkspaceRateLimiter rateLimiter;
    private final Map<ApsAction, Counter> denied = new EnumMap<>(ApsAction.class);

    public RequestAdmission(RequestClassifier classifier, RequestAuthenticator authenticator,
                            WorkspaceRateLimiter rateLimiter, MeterRegistry registry) {
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        requireNonNull(registry, "registry is null");
        for (ApsAction action : ApsAction.values()) {
            denied.put(action, Counter.builder("amphora_gateway_access_denied_requests")
                    .description("Authenticated requests refused because no policy allows them or one denies them.")
                    .tag("action", action.iamAction())
                    .register(registry));
        }
    }

    public Admission admit(ReceivedRequest request) {
        requireNonNull(request, "request is null");
        RouteClassification route = classifier.classify(request.method(), request.rawPath(),
                request.headers().first(RequestClassifier.SCOPE_ORG_ID_HEADER));
        return switch (route) {
            case RouteClassification.NotFound notFound -> new Admission.Refused(404, NOT_FOUND_ERROR_TYPE,
                    "No Amphora operation is served at " + notFound.method() + " " + notFound.rawPath() + ".");
            case RouteClassification.MethodNotAllowed notAllowed -> new Admission.Refused(405,
                    METHOD_NOT_ALLOWED_ERROR_TYPE, "The path " + request.rawPath() + " does not accept "
                    + request.method() + "; it accepts " + notAllowed.allowedMethods().stream().sorted().toList() + ".",
                    notAllowed.allowedMethods());
            case RouteClassification.InvalidRequest invalid -> new Admission.Refused(400,
                    RouteClassification.InvalidRequest.ERROR_TYPE, invalid.message());
            case RouteClassification.Unauthenticated open -> new Admission.Open(open.endpoint());
            case RouteClassification.Operation operation -> admit(request, operation);
        };
    }

    private Admission admit(ReceivedRequest request, RouteClassification.Operation operation) {
        return switch (authenticator.authenticate(request)) {
            case AuthenticationResult.Rejected rejected -> new Admission.Refused(rejected.failure().httpStatus(),
                    rejected.failure().errorType(), rejected.failure().message());
            case AuthenticationResult.Authenticated authenticated -> {
                String action = operation.action().iamAction();
                AccessDecision decision = PolicyEvaluator.evaluate(authenticated.identity().policies(), action,
                        operation.resourceArn());
                if (!decision.allowed()) {
                    denied.get(operation.action()).increment();
                    String principal = authenticated.identity().principal().arn();
                    LOG.debug("{} denied {} on {} ({}{})", principal, action, operation.resourceArn(), decision.outcome(),
                            decision.policyName().map(name -> ", policy " + name).orElse(""));
                    yield new Admission.Refused(403, AccessDecision.ERROR_TYPE,
                            decision.denialMessage(principal, action, operation.resourceArn()));
                }
                // Per-workspace limits guard the data plane; control-plane calls on a workspace (describe, waiters
                // polling for ACTIVE) do not use up its remote-write and query budget.
                if (operation.workspaceId().isPresent() && operation.action().destination() != Destination.CONTROL_PLANE
                        && !rateLimiter.tryAcquire(operation.workspaceId().get())) {
                    yield new Admission.Refused(WorkspaceRateLimiter.THROTTLED_HTTP_STATUS,
                            WorkspaceRateLimiter.THROTTLED_ERROR_TYPE, WorkspaceRateLimiter.THROTTLED_MESSAGE);
                }
                yield new Admission.Admitted(operation, authenticated.identity(), authenticated.method());
            }
        };
    }

    @Override
    public String toString() {
        return "RequestAdmission[" + authenticator + ", " + rateLimiter + "]";
    }
}
