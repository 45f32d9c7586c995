package io.amphora.querier.wiring;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.amphora.model.TenantId;
import io.amphora.prometheusapi.ApiErrorType;
import io.amphora.prometheusapi.ApiResponse;
import io.amphora.prometheusapi.ApiResponses;
import io.amphora.prometheusapi.RequestParameters;
import io.amphora.querier.api.QueryApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import static java.util.Objects.requireNonNull;

/**
 * The Prometheus HTTP API v1 at {@code /prometheus/api/v1/...}, the workspace named by {@code X-Scope-OrgID} (as
 * Cortex and Mimir). The gateway routes the managed service's {@code /workspaces/{workspaceId}/api/v1/...} here with
 * that header set. Moves bytes only: {@link QueryApi} does the work.
 */
@RestController
class PrometheusApiController {
    private static final String PROMETHEUS = "/prometheus/api/v1";
    private static final String ORG_ID = "X-Scope-OrgID";

    private final QueryApi api;

    PrometheusApiController(QueryApi api) {
        this.api = requireNonNull(api, "api is null");
    }

    @RequestMapping(path = PROMETHEUS + "/query", method = {RequestMethod.GET, RequestMethod.POST})
    void query(@RequestHeader(name = ORG_ID, required = false) String orgId,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId tenant = tenant(orgId, response);
        if (tenant != null) {
            write(api.instantQuery(tenant, parameters(request), () -> false), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/query_range", method = {RequestMethod.GET, RequestMethod.POST})
    void queryRange(@RequestHeader(name = ORG_ID, required = false) String orgId,
                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId tenant = tenant(orgId, response);
        if (tenant != null) {
            write(api.rangeQuery(tenant, parameters(request), () -> false), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/labels", method = {RequestMethod.GET, RequestMethod.POST})
    void labels(@RequestHeader(name = ORG_ID, required = false) String orgId,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId tenant = tenant(orgId, response);
        if (tenant != null) {
            write(api.labelNames(tenant, parameters(request)), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/label/{name}/values", method = RequestMethod.GET)
    void labelValues(@RequestHeader(name = ORG_ID, required = false) String orgId,
                     @PathVariable String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId tenant = tenant(orgId, response);
        if (tenant != null) {
            write(api.labelValues(tenant, name, parameters(request)), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/series", method = {RequestMethod.GET, RequestMethod.POST})
    void series(@RequestHeader(name = ORG_ID, required = false) String orgId,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId tenant = tenant(orgId, response);
        if (tenant != null) {
            write(api.series(tenant, parameters(request)), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/metadata", method = RequestMethod.GET)
    void metadata(@RequestHeader(name = ORG_ID, required = false) String orgId,
                  HttpServletRequest request, HttpServletResponse response) throws IOException {
        TenantId tenant = tenant(orgId, response);
        if (tenant != null) {
            write(api.metadata(tenant, parameters(request)), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/query_exemplars", method = {RequestMethod.GET, RequestMethod.POST})
    void exemplars(@RequestHeader(name = ORG_ID, required = false) String orgId,
                   HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (tenant(orgId, response) != null) {
            write(api.exemplars(parameters(request)), response);
        }
    }

    @RequestMapping(path = PROMETHEUS + "/format_query", method = {RequestMethod.GET, RequestMethod.POST})
    void formatQuery(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(api.formatQuery(parameters(request)), response);
    }

    @RequestMapping(path = PROMETHEUS + "/parse_query", method = {RequestMethod.GET, RequestMethod.POST})
    void parseQuery(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(api.parseQuery(parameters(request)), response);
    }

    @RequestMapping(path = PROMETHEUS + "/status/buildinfo", method = RequestMethod.GET)
    void buildInfo(HttpServletResponse response) throws IOException {
        write(api.buildInfo(), response);
    }

    @RequestMapping(path = PROMETHEUS + "/status/flags", method = RequestMethod.GET)
    void flags(HttpServletResponse response) throws IOException {
        write(api.flags(), response);
    }

    @RequestMapping(path = PROMETHEUS + "/status/runtimeinfo", method = RequestMethod.GET)
    void runtimeInfo(HttpServletResponse response) throws IOException {
        write(api.runtimeInfo(), response);
    }

    @RequestMapping(path = PROMETHEUS + "/status/config", method = RequestMethod.GET)
    void config(HttpServletResponse response) throws IOException {
        write(api.config(), response);
    }

    /**
     * The workspace from the header; null after answering as the remote-write endpoint does: 401 {@code no org id}
     * when missing, 400 when it is not a valid workspace id.
     */
    private static TenantId tenant(String value, HttpServletResponse response) throws IOException {
        if (value == null || value.isBlank()) {
            return refuse(HttpServletResponse.SC_UNAUTHORIZED, "no org id", response);
        }
        try {
            return new TenantId(value);
        } catch (IllegalArgumentException e) {
            return refuse(HttpServletResponse.SC_BAD_REQUEST, "invalid workspace id: " + e.getMessage(), response);
        }
    }

    private static TenantId refuse(int status, String message, HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType(ApiResponse.CONTENT_TYPE);
        ApiResponses.error(ApiErrorType.BAD_DATA, message).writeTo(response.getOutputStream());
        return null;
    }

    /** Go's {@code r.Form}: URL query and form body values, each name's values in order. */
    private static RequestParameters parameters(HttpServletRequest request) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, list) -> values.put(name, Arrays.asList(list)));
        return RequestParameters.of(values);
    }

    private static void write(ApiResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.httpStatus());
        if (answer.httpStatus() != HttpServletResponse.SC_NO_CONTENT) {
            response.setContentType(ApiResponse.CONTENT_TYPE);
        }
        answer.writeTo(response.getOutputStream());
    }
}
