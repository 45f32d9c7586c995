package io.amphora.gateway.authn;

import io.amphora.gateway.ReceivedRequest;
import io.amphora.gateway.credentials.Credential;
import io.amphora.gateway.credentials.IdentityStore;
import io.amphora.gateway.sigv4.CanonicalRequest;
import io.amphora.gateway.sigv4.SigV4;
import io.amphora.gateway.sigv4.SigningKeyCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) for service {@code aps}, in the {@code Authorization}
 * header and in presigned query strings.
 *
 * <p>The checks run in the managed service's order, so a client sees the error it would see there: parameters
 * present, request time readable, time within the allowed skew (or, presigned, not past {@code X-Amz-Expires}),
 * {@code host} signed, algorithm, credential shape, credential scope (region, service {@code aps}, terminator, the
 * day of the request time), no {@code X-Amz-Security-Token}, known access key, {@code x-amz-content-sha256} equal to
 * the body's digest, and finally the signature, compared in constant time.
 *
 * <p>The canonical request is built as the AWS SDKs build it for services other than S3
 * ({@link CanonicalRequest}). Some signers build it differently, and a request is accepted when its signature
 * matches one of these forms of the same request:
 * <ul>
 *   <li>path: the SDKs' normalised, doubly encoded path; or the path exactly as on the request line, which curl
 *       before 8.x signs (it neither normalises nor re-encodes);
 *   <li>query (header signatures): the SDKs' decoded, re-encoded and sorted pairs; or the query exactly as on the
 *       request line, which curl before 8.x signs (it does not sort);
 *   <li>payload (presigned URLs that declare no {@code X-Amz-Content-Sha256}): the body's SHA-256, or
 *       {@code UNSIGNED-PAYLOAD}, which the SDKs sign into a URL presigned with payload signing off without saying so.
 *       (A header signature declares an unsigned payload in {@code x-amz-content-sha256}.)
 * </ul>
 * Every form is computed from the bytes actually received, so a signature still binds the method, path, query,
 * signed headers and payload of the request that carries it. Two different requests can share a form only when one
 * path is the other with its escapes encoded once more ({@code a%20b} and {@code a%2520b}) or one query is the other
 * reordered; such a request is still authorised on its own path, so accepting it grants nothing the signer's policies
 * do not already grant.
 *
 * <p>Thread-safe. Nothing it logs or returns contains a secret or a signature.
 */
public final class SigV4Verifier {
    static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
    static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
    static final String X_AMZ_DATE = "X-Amz-Date";
    static final String X_AMZ_EXPIRES = "X-Amz-Expires";
    static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";
    static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    static final String X_AMZ_CONTENT_SHA256 = "X-Amz-Content-Sha256";
    /** The longest validity of a presigned URL: seven days, as AWS allows. */
    public static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final Logger LOG = LoggerFactory.getLogger(SigV4Verifier.class);
    private static final List<String> PRESIGNED_REQUIRED = List.of(X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE,
            X_AMZ_SIGNED_HEADERS, X_AMZ_DATE);

    private final String region;
    private final Duration allowedClockSkew;
    private final IdentityStore identities;
    private final InstantSource clock;
    private final SigningKeyCache signingKeys;

    public SigV4Verifier(String region, Duration allowedClockSkew, IdentityStore identities, InstantSource clock,
                         SigningKeyCache signingKeys) {
        this.region = requireNonNull(region, "region is null");
        this.allowedClockSkew = requireNonNull(allowedClockSkew, "allowedClockSkew is null");
        this.identities = requireNonNull(identities, "identities is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.signingKeys = requireNonNull(signingKeys, "signingKeys is null");
    }

    /** Verifies a request signed in its {@code Authorization} header, whose value is {@code authorization}. */
    public AuthenticationResult verifyHeader(ReceivedRequest request, String authorization) {
        requireNonNull(request, "request is null");
        requireNonNull(authorization, "authorization is null");
        String value = authorization.strip();
        int space = indexOfWhitespace(value);
        String algorithm = space < 0 ? value : value.substring(0, space);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (space >= 0) {
            // Pairs are separated by commas (the SDKs add a space); none of the values contains either.
            for (String piece : value.substring(space + 1).split("[,\\s]+")) {
                String pair = piece.strip();
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    return malformed("Invalid key=value pair (missing equal-sign) in Authorization header");
                }
                String key = pair.substring(0, equals).strip();
                if (parameters.put(key, pair.substring(equals + 1).strip()) != null) {
                    return malformed("Authorization header has more than one '" + key + "' parameter.");
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parameters.containsKey(name)) {
                missing.add("Authorization header requires '" + name + "' parameter.");
            }
        }
        Optional<String> amzDate = request.headers().first(X_AMZ_DATE);
        Optional<String> httpDate = request.headers().first("Date");
        if (amzDate.isEmpty() && httpDate.isEmpty()) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (!missing.isEmpty()) {
            return malformed(String.join(" ", missing));
        }
        Optional<Instant> time;
        String dateTime;
        if (amzDate.isPresent()) {
            dateTime = amzDate.get().strip();
            time = SigV4.parseDateTime(dateTime);
        } else {
            time = parseHttpDate(httpDate.get().strip());
            dateTime = time.map(SigV4::formatDateTime).orElse(httpDate.get().strip());
        }
        if (time.isEmpty()) {
            return malformed("Date must be in ISO-8601 'basic format'. Got '" + dateTime
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        Signed signed = new Signed(algorithm, parameters.get("Credential"), parameters.get("SignedHeaders"),
                parameters.get("Signature"), dateTime, time.get(), OptionalLong.empty(),
                request.headers().first(X_AMZ_SECURITY_TOKEN).isPresent(),
                request.headers().first(X_AMZ_CONTENT_SHA256).map(String::strip));
        return verify(request, signed, AuthenticationMethod.SIGV4_HEADER);
    }

    /**
     * Verifies a presigned request. {@code parameters} are its decoded query parameters (a name may repeat); the
     * caller found {@code X-Amz-Algorithm} among them.
     */
    public AuthenticationResult verifyPresigned(ReceivedRequest request, Map<String, List<String>> parameters) {
        requireNonNull(request, "request is null");
        requireNonNull(parameters, "parameters is null");
        StringBuilder missing = new StringBuilder();
        for (String name : PRESIGNED_REQUIRED) {
            List<String> values = parameters.getOrDefault(name, List.of());
            if (values.isEmpty() || values.getFirst().isEmpty()) {
                missing.append("AWS query-string parameters must include '").append(name).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            return malformed(missing + "Re-examine the query-string parameters.");
        }
        for (String name : List.of(X_AMZ_ALGORITHM, X_AMZ_CREDENTIAL, X_AMZ_SIGNATURE, X_AMZ_SIGNED_HEADERS, X_AMZ_DATE,
                X_AMZ_EXPIRES)) {
            if (parameters.getOrDefault(name, List.of()).size() > 1) {
                return malformed("The query-string parameter '" + name + "' appears more than once.");
            }
        }
        String dateTime = parameters.get(X_AMZ_DATE).getFirst();
        Optional<Instant> time = SigV4.parseDateTime(dateTime);
        if (time.isEmpty()) {
            return malformed("Date must be in ISO-8601 'basic format'. Got '" + dateTime
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        OptionalLong expires = OptionalLong.empty();
        List<String> expiresValues = parameters.getOrDefault(X_AMZ_EXPIRES, List.of());
        if (!expiresValues.isEmpty()) {
            long seconds;
            try {
                seconds = Long.parseLong(expiresValues.getFirst());
            } catch (NumberFormatException e) {
                return malformed("X-Amz-Expires should be a number");
            }
            if (seconds < 1) {
                return malformed("X-Amz-Expires must be at least 1 second");
            }
            if (seconds > MAX_EXPIRES_SECONDS) {
                return malformed("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires"
                        + " must be less than " + MAX_EXPIRES_SECONDS + " seconds");
            }
            expires = OptionalLong.of(seconds);
        }
        Optional<String> contentSha256 = first(parameters, X_AMZ_CONTENT_SHA256)
                .or(() -> request.headers().first(X_AMZ_CONTENT_SHA256)).map(String::strip);
        boolean securityToken = parameters.containsKey(X_AMZ_SECURITY_TOKEN)
                || request.headers().contains(X_AMZ_SECURITY_TOKEN);
        Signed signed = new Signed(parameters.get(X_AMZ_ALGORITHM).getFirst(), parameters.get(X_AMZ_CREDENTIAL).getFirst(),
                parameters.get(X_AMZ_SIGNED_HEADERS).getFirst(), parameters.get(X_AMZ_SIGNATURE).getFirst(), dateTime,
                time.get(), expires, securityToken, contentSha256);
        return verify(request, signed, AuthenticationMethod.SIGV4_PRESIGNED);
    }

    private AuthenticationResult verify(ReceivedRequest request, Signed signed, AuthenticationMethod method) {
        Instant now = clock.instant();
        Optional<AuthenticationFailure> timing = checkTime(signed, now);
        if (timing.isPresent()) {
            return new AuthenticationResult.Rejected(timing.get());
        }
        // Header names sign in lower case, whatever case the client listed them in.
        List<String> signedHeaderNames = Arrays.stream(signed.signedHeaders().split(";", -1))
                .map(name -> name.toLowerCase(Locale.ROOT)).toList();
        String signedHeaders = String.join(";", signedHeaderNames);
        if (!signedHeaderNames.contains("host")) {
            return rejected(FailureReason.HOST_NOT_SIGNED,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!SigV4.ALGORITHM.equals(signed.algorithm())) {
            return malformed("Unsupported AWS 'algorithm': '" + signed.algorithm() + "' (only " + SigV4.ALGORITHM
                    + " for now).");
        }
        String[] credential = signed.credential().split("/", -1);
        if (credential.length != 5) {
            return malformed("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got '" + signed.credential() + "'");
        }
        String accessKeyId = credential[0];
        String scopeDate = credential[1];
        Optional<AuthenticationFailure> scope = checkScope(credential, signed);
        if (scope.isPresent()) {
            return new AuthenticationResult.Rejected(scope.get());
        }
        if (signed.securityToken()) {
            return rejected(FailureReason.TEMPORARY_CREDENTIALS_UNSUPPORTED, AuthenticationFailure.INVALID_TOKEN_MESSAGE
                    + " Amphora does not accept temporary credentials (X-Amz-Security-Token); sign with a long-term"
                    + " access key from its credentials file.");
        }
        Optional<Credential> found = identities.findByAccessKeyId(accessKeyId);
        if (found.isEmpty()) {
            LOG.debug("SigV4 request with unknown access key id {}", accessKeyId);
            return rejected(FailureReason.UNKNOWN_ACCESS_KEY, AuthenticationFailure.INVALID_TOKEN_MESSAGE);
        }
        List<String> payloadHashes;
        if (signed.contentSha256().isPresent()) {
            String declared = signed.contentSha256().get();
            if (declared.equals(SigV4.UNSIGNED_PAYLOAD)) {
                payloadHashes = List.of(declared);
            } else if (declared.startsWith("STREAMING-")) {
                return malformed("x-amz-content-sha256 '" + declared + "' (chunked payload signing) is not supported;"
                        + " sign the whole payload, or send UNSIGNED-PAYLOAD.");
            } else if (declared.length() == 64 && declared.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                if (!declared.equalsIgnoreCase(request.payload().sha256Hex())) {
                    return rejected(FailureReason.PAYLOAD_HASH_MISMATCH,
                            "The provided 'x-amz-content-sha256' header does not match what was computed.");
                }
                payloadHashes = List.of(declared);
            } else {
                return malformed("x-amz-content-sha256 must be the hex SHA-256 of the payload or UNSIGNED-PAYLOAD.");
            }
        } else if (method == AuthenticationMethod.SIGV4_PRESIGNED) {
            // A presigned URL does not say whether its payload is signed: the SDKs sign UNSIGNED-PAYLOAD into it when
            // payload signing is off, and add nothing to the URL.
            payloadHashes = List.of(request.payload().sha256Hex(), SigV4.UNSIGNED_PAYLOAD);
        } else {
            payloadHashes = List.of(request.payload().sha256Hex());
        }
        byte[] signingKey = signingKeys.signingKey(found.get().accessKey().secret().reveal(), scopeDate, region,
                SigV4.SERVICE);
        String credentialScope = SigV4.credentialScope(scopeDate, region, SigV4.SERVICE);
        String canonicalHeaders = CanonicalRequest.canonicalHeaders(signedHeaderNames, request.headers());
        byte[] given = signed.signature().getBytes(StandardCharsets.US_ASCII);
        boolean presigned = method == AuthenticationMethod.SIGV4_PRESIGNED;
        List<String> uris = distinct(CanonicalRequest.canonicalUri(request.rawPath()), request.rawPath());
        List<String> queries = presigned
                ? List.of(CanonicalRequest.canonicalQuery(request.rawQuery(), Set.of(X_AMZ_SIGNATURE)))
                : distinct(CanonicalRequest.canonicalQuery(request.rawQuery(), Set.of()), request.rawQuery());
        boolean matched = false;
        for (String uri : uris) {
            for (String query : queries) {
                for (String payloadHash : payloadHashes) {
                    CanonicalRequest canonical = new CanonicalRequest(request.method(), uri, query, canonicalHeaders,
                            signedHeaders, payloadHash);
                    String expected = SigV4.signature(signingKey,
                            SigV4.stringToSign(signed.dateTime(), credentialScope, canonical.sha256Hex()));
                    // Every form is compared, whatever the outcome, so the time taken does not tell which matched.
                    matched |= MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given);
                }
            }
        }
        if (!matched) {
            LOG.debug("SigV4 signature mismatch for access key id {} on {} {}", accessKeyId, request.method(),
                    request.rawPath());
            return rejected(FailureReason.SIGNATURE_MISMATCH, AuthenticationFailure.SIGNATURE_MISMATCH_MESSAGE);
        }
        return new AuthenticationResult.Authenticated(found.get().identity(), accessKeyId, method);
    }

    private Optional<AuthenticationFailure> checkTime(Signed signed, Instant now) {
        Instant time = signed.time();
        Instant latest = now.plus(allowedClockSkew);
        if (time.isAfter(latest)) {
            return Optional.of(AuthenticationFailure.of(FailureReason.SIGNATURE_NOT_YET_CURRENT,
                    "Signature not yet current: " + signed.dateTime() + " is still later than "
                            + SigV4.formatDateTime(latest) + " (" + SigV4.formatDateTime(now) + " + "
                            + describe(allowedClockSkew) + ".)"));
        }
        if (signed.expiresSeconds().isPresent()) {
            Duration validity = Duration.ofSeconds(signed.expiresSeconds().getAsLong());
            if (now.isAfter(time.plus(validity))) {
                return Optional.of(AuthenticationFailure.of(FailureReason.PRESIGNED_URL_EXPIRED,
                        "Signature expired: " + signed.dateTime() + " is now earlier than "
                                + SigV4.formatDateTime(now.minus(validity)) + " (" + SigV4.formatDateTime(now) + " - "
                                + describe(validity) + ".)"));
            }
            return Optional.empty();
        }
        Instant earliest = now.minus(allowedClockSkew);
        if (time.isBefore(earliest)) {
            return Optional.of(AuthenticationFailure.of(FailureReason.SIGNATURE_EXPIRED,
                    "Signature expired: " + signed.dateTime() + " is now earlier than " + SigV4.formatDateTime(earliest)
                            + " (" + SigV4.formatDateTime(now) + " - " + describe(allowedClockSkew) + ".)"));
        }
        return Optional.empty();
    }

    /** All scope errors in one message, as AWS words them; the reason is the first. */
    private Optional<AuthenticationFailure> checkScope(String[] credential, Signed signed) {
        FailureReason reason = null;
        List<String> messages = new ArrayList<>();
        if (!credential[2].equals(region)) {
            reason = FailureReason.WRONG_REGION;
            messages.add("Credential should be scoped to a valid region.");
        }
        if (!credential[3].equals(SigV4.SERVICE)) {
            reason = reason == null ? FailureReason.WRONG_SERVICE : reason;
            messages.add("Credential should be scoped to correct service: '" + SigV4.SERVICE + "'.");
        }
        if (!credential[4].equals(SigV4.TERMINATOR)) {
            reason = reason == null ? FailureReason.WRONG_TERMINATOR : reason;
            messages.add("Credential should be scoped with a valid terminator: '" + SigV4.TERMINATOR + "', not '"
                    + credential[4] + "'.");
        }
        String requestDay = SigV4.formatDateTime(signed.time()).substring(0, 8);
        if (!credential[1].equals(requestDay)) {
            reason = reason == null ? FailureReason.SCOPE_DATE_MISMATCH : reason;
            messages.add("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + credential[1] + "' != '" + requestDay + "', from '" + signed.dateTime() + "'.");
        }
        return reason == null ? Optional.empty()
                : Optional.of(AuthenticationFailure.of(reason, String.join(" ", messages)));
    }

    private static Optional<Instant> parseHttpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code 15 min} for whole minutes, else {@code 90 sec}. */
    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " sec";
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private static List<String> distinct(String first, String second) {
        return first.equals(second) ? List.of(first) : List.of(first, second);
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static AuthenticationResult malformed(String message) {
        return rejected(FailureReason.MALFORMED, message);
    }

    private static AuthenticationResult rejected(FailureReason reason, String message) {
        return new AuthenticationResult.Rejected(AuthenticationFailure.of(reason, message));
    }

    @Override
    public String toString() {
        return "SigV4Verifier[region=" + region + ", service=" + SigV4.SERVICE + ", skew=" + allowedClockSkew + "]";
    }

    /** The signature parameters of one request; {@link #toString()} leaves the signature out. */
    private record Signed(String algorithm, String credential, String signedHeaders, String signature, String dateTime,
                          Instant time, OptionalLong expiresSeconds, boolean securityToken,
                          Optional<String> contentSha256) {
        @Override
        public String toString() {
            return "Signed[" + algorithm + ", " + credential + ", " + signedHeaders + ", " + dateTime + "]";
        }
    }
}
