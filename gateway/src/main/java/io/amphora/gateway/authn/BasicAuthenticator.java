package io.amphora.gateway.authn;

import io.amphora.gateway.credentials.Credential;
import io.amphora.gateway.credentials.IdentityStore;
import io.amphora.gateway.credentials.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * HTTP Basic authentication with an access key: the access key id as user name, the secret as password. For clients
 * that cannot sign (promtool, amtool, Debian's Prometheus build); only used when enabled, since the secret then
 * travels with every request (use TLS).
 *
 * <p>An unknown user and a wrong password get the same answer ({@code UnrecognizedClientException}), and the password
 * is compared in constant time, against a dummy secret when the user is unknown, so neither the answer nor its timing
 * tells which access key ids exist. The metric reason still tells them apart. Thread-safe.
 */
public final class BasicAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthenticator.class);
    private static final Secret DUMMY = Secret.of("amphora-basic-auth-placeholder");

    private final IdentityStore identities;

    public BasicAuthenticator(IdentityStore identities) {
        this.identities = requireNonNull(identities, "identities is null");
    }

    /** Verifies the credentials of a {@code Basic} authorization value; {@code encoded} is the part after the scheme. */
    public AuthenticationResult verify(String encoded) {
        requireNonNull(encoded, "encoded is null");
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return malformed();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return malformed();
        }
        String accessKeyId = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Optional<Credential> found = identities.findByAccessKeyId(accessKeyId);
        Secret secret = found.map(credential -> credential.accessKey().secret()).orElse(DUMMY);
        boolean matches = secret.matches(password);
        if (found.isEmpty()) {
            LOG.debug("HTTP Basic request with unknown access key id {}", accessKeyId);
            return rejected(FailureReason.UNKNOWN_ACCESS_KEY);
        }
        if (!matches) {
            LOG.debug("HTTP Basic request with a wrong secret for access key id {}", accessKeyId);
            return rejected(FailureReason.SIGNATURE_MISMATCH);
        }
        return new AuthenticationResult.Authenticated(found.get().identity(), accessKeyId, AuthenticationMethod.HTTP_BASIC);
    }

    private static AuthenticationResult rejected(FailureReason reason) {
        return new AuthenticationResult.Rejected(new AuthenticationFailure(reason,
                FailureReason.UNKNOWN_ACCESS_KEY.errorType(), AuthenticationFailure.INVALID_TOKEN_MESSAGE));
    }

    private static AuthenticationResult malformed() {
        return new AuthenticationResult.Rejected(AuthenticationFailure.of(FailureReason.MALFORMED,
                "Malformed HTTP Basic credentials: expected base64 of '<access key id>:<secret access key>'."));
    }

    @Override
    public String toString() {
        return "BasicAuthenticator";
    }
}
