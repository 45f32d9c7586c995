package io.amphora.controlplane;

import io.amphora.controlplane.json.JsonParseException;
import io.amphora.controlplane.json.JsonParser;
import io.amphora.controlplane.json.JsonValue;
import io.amphora.controlplane.json.JsonValue.JsonArray;
import io.amphora.controlplane.json.JsonValue.JsonObject;
import io.amphora.controlplane.json.JsonValue.JsonString;
import io.amphora.controlplane.json.JsonWriter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code nextToken}s: where a listing stopped, and for which listing, signed so that a client can neither forge a
 * position nor use a token with other filters than the ones it was issued for. Opaque to clients (base64url of a
 * small JSON document, a dot, and an HMAC-SHA256 tag truncated to 128 bits). Thread-safe.
 */
final class PageTokens {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int TAG_BYTES = 16;
    static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    PageTokens(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a page token key has " + KEY_BYTES + " bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * A token that resumes a listing after {@code position}.
     *
     * @param scope what identifies the listing: its kind and every filter of the request
     */
    String issue(List<String> scope, List<String> position) {
        JsonWriter json = new JsonWriter().beginObject().name("s").beginArray();
        scope.forEach(json::value);
        json.endArray().name("p").beginArray();
        position.forEach(json::value);
        byte[] payload = json.endArray().endObject().toBytes();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString(payload) + "." + base64.encodeToString(tag(payload));
    }

    /**
     * The position a token resumes after.
     *
     * @throws ControlPlaneException a ValidationException when the token was not issued by this deployment, was
     *     altered, or was issued for another listing or other filters
     */
    List<String> open(String token, List<String> scope) {
        requireNonNull(token, "token is null");
        int dot = token.lastIndexOf('.');
        byte[] payload;
        byte[] tag;
        try {
            if (dot < 0) {
                throw new IllegalArgumentException("no tag");
            }
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            tag = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(tag, tag(payload))) {
            throw invalid();
        }
        try {
            JsonObject document = (JsonObject) JsonParser.parse(payload);
            if (!strings(document.members().get("s")).equals(scope)) {
                throw ControlPlaneException.invalidContent("nextToken",
                        "Invalid nextToken: it was issued for a request with other parameters; "
                                + "repeat the parameters of the request that returned it");
            }
            return strings(document.members().get("p"));
        } catch (JsonParseException | ClassCastException e) {
            throw invalid();
        }
    }

    private static List<String> strings(JsonValue value) {
        List<String> out = new ArrayList<>();
        for (JsonValue element : ((JsonArray) value).elements()) {
            out.add(((JsonString) element).value());
        }
        return out;
    }

    private byte[] tag(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] full = mac.doFinal(payload);
            byte[] truncated = new byte[TAG_BYTES];
            System.arraycopy(full, 0, truncated, 0, TAG_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static ControlPlaneException invalid() {
        return ControlPlaneException.invalidContent("nextToken", "Invalid nextToken: it was not issued by this service "
                + "or was altered");
    }
}
