package io.amphora.gateway.wiring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.RequestHeaders;
import io.amphora.gateway.RequestPayload;
import io.amphora.gateway.admission.Admission;
import io.amphora.gateway.admission.RequestAdmission;
import io.amphora.gateway.ratelimit.WorkspaceRateLimiter;
import io.amphora.gateway.route.Destination;
import io.amphora.model.TenantId;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's checks, in front of every HTTP request the process serves: {@link RequestAdmission} (classify,
 * authenticate, authorise, rate-limit), then, for data-plane requests, that the workspace exists and is ACTIVE. Only
 * admitted requests go on, with their body buffered (its hash was checked) and, for data-plane requests, with
 * {@code X-Scope-OrgID} set to the admitted workspace. Refusals use the managed service's error shape: the type in
 * {@code x-amzn-ErrorType} and {@code {"message": ...}}.
 *
 * <p>Runs on the container's REQUEST dispatch only: the in-process routes forward admitted requests, and a forward is
 * not checked again.
 */
final class GatewayFilter implements Filter {
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private final RequestAdmission admission;
    private final WorkspaceDirectory directory;
    private final WorkspaceRateLimiter rateLimiter;
    private final int maxRequestBodyBytes;

    GatewayFilter(RequestAdmission admission, WorkspaceDirectory directory, WorkspaceRateLimiter rateLimiter,
            int maxRequestBodyBytes) {
        this.admission = requireNonNull(admission, "admission is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter is null");
        if (maxRequestBodyBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be positive, got " + maxRequestBodyBytes);
        }
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        byte[] body;
        try {
            body = BufferedRequest.readBody(request, maxRequestBodyBytes);
        } catch (BufferedRequest.BodyTooLargeException e) {
            refuse(response, new Admission.Refused(413, "ValidationException", e.getMessage() + "."));
            return;
        }
        ReceivedRequest received = new ReceivedRequest(request.getMethod(), request.getRequestURI(),
                request.getQueryString() == null ? "" : request.getQueryString(), headers(request),
                RequestPayload.ofBytes(body));
        HttpServletRequest buffered = new BufferedRequest(request, body);
        switch (admission.admit(received)) {
            case Admission.Open open -> chain.doFilter(buffered, response);
            case Admission.Refused refused -> refuse(response, refused);
            case Admission.Admitted admitted -> {
                Optional<TenantId> workspace = admitted.workspaceId();
                if (workspace.isEmpty()) {
                    chain.doFilter(buffered, response);
                    return;
                }
                if (admitted.operation().action().destination() != Destination.CONTROL_PLANE) {
                    Optional<Admission.Refused> unavailable = unavailable(workspace.get());
                    if (unavailable.isPresent()) {
                        refuse(response, unavailable.get());
                        return;
                    }
                }
                chain.doFilter(new TenantRequest(buffered, workspace.get().value()), response);
            }
        }
    }

    /** Why the workspace cannot take data-plane requests now, if it cannot. */
    private Optional<Admission.Refused> unavailable(TenantId workspace) {
        Optional<WorkspaceDirectory.State> state = directory.state(workspace);
        if (state.isEmpty() || state.get() == WorkspaceDirectory.State.DELETING) {
            // Admission took a permit from this id's limiter: drop it, so that ids of workspaces that do not (or no
            // longer) exist do not pile up limiters.
            rateLimiter.remove(workspace);
            return Optional.of(new Admission.Refused(404, "ResourceNotFoundException",
                    "Workspace " + workspace.value() + " not found."));
        }
        return switch (state.get()) {
            case ACTIVE, UPDATING -> Optional.empty();
            default -> Optional.of(new Admission.Refused(409, "ConflictException",
                    "Workspace " + workspace.value() + " is " + state.get() + ", not ACTIVE."));
        };
    }

    private static RequestHeaders headers(HttpServletRequest request) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            fields.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return RequestHeaders.of(fields);
    }

    private static void refuse(HttpServletResponse response, Admission.Refused refused) throws IOException {
        response.setStatus(refused.httpStatus());
        response.setHeader(ERROR_TYPE_HEADER, refused.errorType());
        if (!refused.allowedMethods().isEmpty()) {
            response.setHeader("Allow", String.join(", ", refused.allowedMethods().stream().sorted().toList()));
        }
        response.setContentType("application/json");
        byte[] body = ("{\"message\":" + jsonString(refused.message()) + "}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String jsonString(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
