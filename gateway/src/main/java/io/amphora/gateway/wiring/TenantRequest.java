package io.amphora.gateway.wiring;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import static java.util.Objects.requireNonNull;

/**
 * A request as the gateway hands it downstream: {@code X-Scope-OrgID} is exactly the workspace the gateway routed it
 * to, whatever the client sent in that header.
 */
final class TenantRequest extends HttpServletRequestWrapper {
    static final String TENANT_HEADER = "X-Scope-OrgID";

    private final String tenant;

    TenantRequest(HttpServletRequest request, String tenant) {
        super(request);
        this.tenant = requireNonNull(tenant, "tenant is null");
    }

    @Override
    public String getHeader(String name) {
        return TENANT_HEADER.equalsIgnoreCase(name) ? tenant : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return TENANT_HEADER.equalsIgnoreCase(name)
                ? Collections.enumeration(List.of(tenant))
                : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
            String name = e.nextElement();
            if (!TENANT_HEADER.equalsIgnoreCase(name)) {
                names.add(name);
            }
        }
        names.add(TENANT_HEADER);
        return Collections.enumeration(names);
    }
}
