package io.amphora.gateway.authn;

import io.amphora.gateway.GatewayConfig;
import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.credentials.IdentityStore;
import io.amphora.gateway.sigv4.PercentEncoding;
import io.amphora.gateway.sigv4.SigningKeyCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Authenticates requests: SigV4 in the {@code Authorization} header, SigV4 presigned in the query string, or (when
 * enabled) HTTP Basic. The one entry point the gateway calls for every request that needs a principal.
 *
 * <p>Counts each failure in {@code amphora_gateway_authentication_failures_total{reason}} (reason: the lower-case
 * {@link FailureReason}). Thread-safe.
 */
public final class RequestAuthenticator {
    public static final String FAILURES_METRIC = "amphora_gateway_authentication_failures";

    private final SigV4Verifier sigV4;
    private final BasicAuthenticator basic;
    private final boolean basicAuthEnabled;
    private final Map<FailureReason, Counter> failures = new EnumMap<>(FailureReason.class);

    /**
     * @param config region, allowed clock skew and whether HTTP Basic is enabled
     * @param identities where access keys are looked up
     * @param clock the time signatures are checked against
     * @param registry where the failure counter is registered
     */
    public RequestAuthenticator(GatewayConfig config, IdentityStore identities, InstantSource clock, MeterRegistry registry) {
        requireNonNull(config, "config is null");
        requireNonNull(identities, "identities is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(registry, "registry is null");
        this.sigV4 = new SigV4Verifier(config.region(), config.allowedClockSkew(), identities, clock, new SigningKeyCache());
        this.basic = new BasicAuthenticator(identities);
        this.basicAuthEnabled = config.basicAuthEnabled();
        for (FailureReason reason : FailureReason.values()) {
            failures.put(reason, Counter.builder(FAILURES_METRIC)
                    .description("Requests refused because they could not be authenticated, by reason.")
                    .tag("reason", reason.label())
                    .register(registry));
        }
    }

    /** Who {@code request} acts as, or why it is refused (HTTP 403). */
    public AuthenticationResult authenticate(ReceivedRequest request) {
        requireNonNull(request, "request is null");
        AuthenticationResult result = dispatch(request);
        if (result instanceof AuthenticationResult.Rejected rejected) {
            failures.get(rejected.failure().reason()).increment();
        }
        return result;
    }

    private AuthenticationResult dispatch(ReceivedRequest request) {
        List<String> authorization = request.headers().values("Authorization");
        Map<String, List<String>> query = request.rawQuery().contains(SigV4Verifier.X_AMZ_ALGORITHM)
                ? queryParameters(request.rawQuery())
                : Map.of();
        boolean presigned = query.containsKey(SigV4Verifier.X_AMZ_ALGORITHM);
        if (authorization.size() > 1) {
            return rejected(FailureReason.MALFORMED, "The request has more than one Authorization header.");
        }
        if (authorization.isEmpty()) {
            return presigned ? sigV4.verifyPresigned(request, query)
                    : rejected(FailureReason.MISSING_AUTHENTICATION, AuthenticationFailure.MISSING_TOKEN_MESSAGE);
        }
        if (presigned) {
            return rejected(FailureReason.MALFORMED,
                    "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        }
        String value = authorization.getFirst().strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (scheme.startsWith("AWS4-")) {
            return sigV4.verifyHeader(request, value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            if (!basicAuthEnabled) {
                return rejected(FailureReason.BASIC_AUTH_DISABLED, "HTTP Basic authentication is disabled on this"
                        + " Amphora; sign requests with AWS Signature Version 4 (service 'aps').");
            }
            return basic.verify(space < 0 ? "" : value.substring(space + 1));
        }
        return rejected(FailureReason.MISSING_AUTHENTICATION, AuthenticationFailure.MISSING_TOKEN_MESSAGE);
    }

    /** The query's parameters, names and values decoded; repeated names keep every value in order. */
    static Map<String, List<String>> queryParameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String component : rawQuery.split("&")) {
            if (component.isEmpty()) {
                continue;
            }
            int equals = component.indexOf('=');
            String name = decode(equals < 0 ? component : component.substring(0, equals));
            String value = equals < 0 ? "" : decode(component.substring(equals + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String raw) {
        return new String(PercentEncoding.decode(raw, true), StandardCharsets.UTF_8);
    }

    private static AuthenticationResult rejected(FailureReason reason, String message) {
        return new AuthenticationResult.Rejected(AuthenticationFailure.of(reason, message));
    }

    @Override
    public String toString() {
        return "RequestAuthenticator[" + sigV4 + ", basic=" + (basicAuthEnabled ? "enabled" : "disabled") + "]";
    }
}
