package io.amphora.gateway.wiring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers 415 to a request whose {@code Content-Type} has a wildcard type or subtype ({@code *}/{@code *}): such a
 * header names no format a body can be in, and Spring's functional routing (the gateway's routes) cannot even
 * represent it, failing with a 500 before any handler runs. Runs first, whether or not authentication is on.
 */
final class WildcardContentTypeFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String contentType = ((HttpServletRequest) request).getContentType();
        if (contentType != null && hasWildcard(contentType)) {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
            http.setContentType("text/plain;charset=utf-8");
            http.getOutputStream().write(("unsupported Content-Type " + contentType
                    + ": a wildcard names no body format\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean hasWildcard(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        if (slash < 0) {
            return mediaType.equals("*");
        }
        return mediaType.substring(0, slash).strip().equals("*") || mediaType.substring(slash + 1).strip().equals("*");
    }
}
