package io.amphora.controlplane.wiring;

import io.amphora.controlplane.api.ApiResponse;
import io.amphora.controlplane.api.ControlPlaneApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * The control-plane API's paths. Moves bytes only: {@link ControlPlaneApi} decodes, dispatches and encodes. The
 * path is passed still percent-encoded, so that an ARN in {@code /tags/{resourceArn}} keeps its {@code %2F} inside
 * its segment.
 */
@RestController
class ControlPlaneController {
    private final ControlPlaneApi api;

    ControlPlaneController(ControlPlaneApi api) {
        this.api = requireNonNull(api, "api is null");
    }

    @RequestMapping(path = {
            "/workspaces",
            "/workspaces/{workspaceId}",
            "/workspaces/{workspaceId}/alias",
            "/workspaces/{workspaceId}/configuration",
            "/workspaces/{workspaceId}/rulegroupsnamespaces",
            "/workspaces/{workspaceId}/rulegroupsnamespaces/{name}",
            "/workspaces/{workspaceId}/alertmanager/definition",
            "/tags/{resourceArn}"})
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        ApiResponse answer = api.handle(request.getMethod(), path, request.getQueryString(), request.getInputStream());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        if (answer.body().length > 0) {
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        }
    }
}
