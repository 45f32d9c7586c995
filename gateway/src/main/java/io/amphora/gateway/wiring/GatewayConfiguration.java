package io.amphora.gateway.wiring;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;

import io.amphora.gateway.GatewayConfig;
import io.amphora.gateway.admission.RequestAdmission;
import io.amphora.gateway.authn.RequestAuthenticator;
import io.amphora.gateway.credentials.AdminKey;
import io.amphora.gateway.credentials.AdminKeyBootstrap;
import io.amphora.gateway.credentials.CredentialsFile;
import io.amphora.gateway.credentials.IdentitySnapshot;
import io.amphora.gateway.credentials.ReloadableIdentityStore;
import io.amphora.gateway.credentials.WelcomeText;
import io.amphora.gateway.ratelimit.RateLimit;
import io.amphora.gateway.ratelimit.WorkspaceRateLimiter;
import io.amphora.gateway.route.RequestClassifier;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.handler.GatewayServerResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;

/**
 * Spring wiring of the gateway target: the admission filter in front of every request (unless
 * {@code amphora.gateway.auth-enabled=false}) and the Spring Cloud Gateway routes of the data plane, which forward
 * a workspace's requests in-process to the distributor ({@code /api/v1/push}) and the querier
 * ({@code /prometheus/api/v1/...}) with {@code X-Scope-OrgID} set to the workspace. Expects a
 * {@link WorkspaceDirectory} and a {@link MeterRegistry} bean from the executable.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    static final String WORKSPACE_API = "/workspaces/{workspaceId}/api/v1";

    /**
     * The gateway's settings. Its region and account must be those of the ARNs the control plane hands out, or
     * policies naming those ARNs would never match: unset, they follow {@code amphora.control-plane.region} and
     * {@code amphora.control-plane.account-id}; set differently from those, the process does not start.
     */
    @Bean
    GatewayConfig gatewayConfig(GatewayProperties properties,
            @Value("${amphora.control-plane.region:}") String controlPlaneRegion,
            @Value("${amphora.control-plane.account-id:}") String controlPlaneAccountId) {
        GatewayProperties resolved = properties.withDefaults(controlPlaneRegion, controlPlaneAccountId);
        GatewayConfig config = resolved.toConfig();
        requireSame("amphora.gateway.region", config.region(), "amphora.control-plane.region", controlPlaneRegion);
        requireSame("amphora.gateway.account-id", config.accountId(), "amphora.control-plane.account-id",
                controlPlaneAccountId);
        return config;
    }

    private static void requireSame(String name, String value, String otherName, String other) {
        if (!other.isEmpty() && !other.equals(value)) {
            throw new IllegalArgumentException(name + "=" + value + " differs from " + otherName + "=" + other
                    + ": the gateway authorises on the ARNs the control plane creates, so they must be equal");
        }
    }

    /**
     * The credentials file's identities, or else the admin key (from the environment, stored under the data dir, or
     * created there on the first start, when the text telling the user how to use it is logged once).
     */
    @Bean
    ReloadableIdentityStore gatewayIdentities(GatewayConfig config, GatewayProperties properties,
            @Value("${amphora.data-dir:./data}") Path dataDir, @Value("${server.port:8080}") int port) {
        if (config.credentialsFile().isPresent()) {
            Path file = config.credentialsFile().get();
            IdentitySnapshot snapshot = CredentialsFile.load(file, config.accountId());
            LOG.info("gateway: {} access keys from {}", snapshot.size(), file);
            return new ReloadableIdentityStore(snapshot);
        }
        AdminKeyBootstrap bootstrap = new AdminKeyBootstrap(dataDir, new SecureRandom());
        AdminKey admin = bootstrap.obtain(System.getenv());
        LOG.info("gateway: no credentials file configured; admin access key {} ({})",
                admin.accessKey().accessKeyId(), admin.origin());
        URI endpoint = URI.create(properties.publicUrl() != null ? properties.publicUrl() : "http://localhost:" + port);
        WelcomeText.forFirstStart(admin, endpoint, config.region(), config.accountId())
                .ifPresent(text -> LOG.warn("\n{}", text));
        return new ReloadableIdentityStore(IdentitySnapshot.ofAdmin(admin.accessKey(), config.accountId()));
    }

    /** Follows changes of the credentials file, when there is one; stopped with the process. */
    @Bean(destroyMethod = "close")
    AutoCloseable credentialsFileReloader(GatewayConfig config, GatewayProperties properties,
            ReloadableIdentityStore gatewayIdentities) {
        if (config.credentialsFile().isEmpty()) {
            return () -> { };
        }
        return new CredentialsFileReloader(config.credentialsFile().get(), config.accountId(), gatewayIdentities,
                properties.credentialsReloadPeriod());
    }

    @Bean
    WorkspaceRateLimiter workspaceRateLimiter(GatewayConfig config, MeterRegistry registry) {
        return new WorkspaceRateLimiter(new RateLimit(config.requestsPerSecond(), config.requestBurst()),
                workspace -> Optional.empty(), registry);
    }

    @Bean
    RequestAdmission requestAdmission(GatewayConfig config, ReloadableIdentityStore gatewayIdentities,
            WorkspaceRateLimiter workspaceRateLimiter, MeterRegistry registry) {
        return new RequestAdmission(new RequestClassifier(config.region(), config.accountId()),
                new RequestAuthenticator(config, gatewayIdentities, InstantSource.system(), registry),
                workspaceRateLimiter, registry);
    }

    @Bean
    FilterRegistrationBean<WildcardContentTypeFilter> wildcardContentTypeFilter() {
        FilterRegistrationBean<WildcardContentTypeFilter> registration =
                new FilterRegistrationBean<>(new WildcardContentTypeFilter());
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<GatewayFilter> gatewayFilter(GatewayProperties properties, RequestAdmission requestAdmission,
            WorkspaceDirectory directory, WorkspaceRateLimiter workspaceRateLimiter) {
        FilterRegistrationBean<GatewayFilter> registration = new FilterRegistrationBean<>(new GatewayFilter(
                requestAdmission, directory, workspaceRateLimiter, properties.maxRequestBodyBytes()));
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        registration.setEnabled(properties.isAuthEnabled());
        if (!properties.isAuthEnabled()) {
            LOG.warn("gateway: amphora.gateway.auth-enabled=false: requests are NOT authenticated or authorised");
        }
        return registration;
    }

    /**
     * The data plane under {@code /workspaces/{id}}: remote write to the distributor's {@code /api/v1/push}, the rest
     * of {@code /api/v1/...} to the querier's {@code /prometheus/api/v1/...}.
     */
    @Bean
    RouterFunction<ServerResponse> gatewayDataPlaneRoutes() {
        return route("remote-write")
                .route(RequestPredicates.POST(WORKSPACE_API + "/remote_write"),
                        forwardInProcess(request -> "/api/v1/push"))
                .build()
                .and(route("prometheus-api")
                        .route(RequestPredicates.path(WORKSPACE_API + "/**"),
                                forwardInProcess(GatewayConfiguration::querierPath))
                        .build());
    }

    /** {@code /workspaces/<id>/api/v1/<rest>} as the querier serves it: {@code /prometheus/api/v1/<rest>}. */
    static String querierPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int apiStart = uri.indexOf("/api/v1/", "/workspaces/".length());
        return "/prometheus" + uri.substring(apiStart);
    }

    /**
     * Forwards to {@code target} inside this process, with {@code X-Scope-OrgID} set to the path's workspace and the
     * query string kept.
     */
    private static HandlerFunction<ServerResponse> forwardInProcess(
            java.util.function.Function<HttpServletRequest, String> target) {
        return request -> {
            String workspace = request.pathVariable("workspaceId");
            return GatewayServerResponse.ok().build((servletRequest, servletResponse) -> {
                String path = target.apply(servletRequest);
                String query = servletRequest.getQueryString();
                servletRequest.getRequestDispatcher(query == null ? path : path + "?" + query)
                        .forward(new TenantRequest(servletRequest, workspace), servletResponse);
                return null;
            });
        };
    }
}
